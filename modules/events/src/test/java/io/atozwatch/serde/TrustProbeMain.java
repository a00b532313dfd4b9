package io.atozwatch.serde;

import io.atozwatch.events.RefundEvent;
import io.atozwatch.state.OrderCase;
import java.util.Map;
import org.apache.avro.specific.SpecificData;

/**
 * Run by {@link AvroTrustedPackagesTest} in a fresh JVM without
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES}: shows that plain Avro refuses our classes there
 * and that the serde still reads them. Prints one line per finding; exit code 0 when all hold.
 */
public final class TrustProbeMain {

    private TrustProbeMain() {}

    public static void main(String[] args) {
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") != null) {
            System.out.println("SETUP property is set: " + System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES"));
            System.exit(2);
        }
        try {
            new SpecificData().getClass(RefundEvent.getClassSchema());
            System.out.println("CONTROL plain Avro loaded RefundEvent");
            System.exit(3);
        } catch (SecurityException expected) {
            System.out.println("CONTROL plain Avro refuses RefundEvent");
        }
        Map<String, Object> configs = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://trust-probe");
        SpecificAvroSerde<OrderCase> serde = new SpecificAvroSerde<>();
        serde.configure(configs, false);
        OrderCase original = TestRecords.orderCase();
        OrderCase back = serde.deserializer()
                .deserialize("order-cases", serde.serializer().serialize("order-cases", original));
        System.out.println("SERDE read " + back.getClass().getName() + " holding "
                + back.getEvents().get(1).getEvent().getClass().getName() + ", equal: " + original.equals(back));
        System.exit(original.equals(back) ? 0 : 4);
    }
}
