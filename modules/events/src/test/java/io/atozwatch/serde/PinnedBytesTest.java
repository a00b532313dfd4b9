package io.atozwatch.serde;

import static io.atozwatch.serde.TestRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.events.ShipmentEventType;
import java.util.HexFormat;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes on the wire, worked out by hand from the Avro spec rather than by running the
 * code: a change of framing, byte order or encoding must break these.
 *
 * <p>Avro binary: a long/int is zig-zag encoded (n >= 0 becomes 2n) then written as a varint,
 * 7 bits per byte, least significant group first, high bit set on all but the last byte. A
 * string is its UTF-8 length as a long, then the bytes. An enum is its symbol index as an int. A
 * union is the branch index as an int, then the value (nothing for null). Record fields follow
 * one another in schema order with no separators.
 *
 * <p>occurredAt = 2026-03-01T10:00:00Z: 1970..2025 is 56 years with 14 leap days (1972..2024),
 * so 56*365 + 14 = 20454 days; + 31 (Jan) + 28 (Feb 2026) = 20513 days;
 * 20513 * 86_400_000 + 10 * 3_600_000 = 1_772_359_200_000 ms. Zig-zag: 3_544_718_400_000.
 * Repeated division by 128: 3_544_718_400_000 = 27_693_112_500*128 + 0;
 * 27_693_112_500 = 216_352_441*128 + 52; 216_352_441 = 1_690_253*128 + 57;
 * 1_690_253 = 13_205*128 + 13; 13_205 = 103*128 + 21; 103 < 128.
 * Groups 0, 52, 57, 13, 21, 103 = 0x00 0x34 0x39 0x0d 0x15 0x67, continuation bit on all but the
 * last: 80 b4 b9 8d 95 67.
 */
class PinnedBytesTest {

    private static final String OCCURRED_AT = "80b4b98d9567";

    private final String scope = TestRecords.freshScope();
    private final KafkaAvroSerializer serializer = new KafkaAvroSerializer();

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void refundEventBytesAreMagicByteSchemaIdAndAvroBody() {
        serializer.configure(TestRecords.configs(scope), false);

        byte[] bytes = serializer.serialize("refunds", TestRecords.refund());

        String expected = "00" // magic byte
                + "00000001" // schema id 1, big-endian: the first schema in a fresh scope
                + "04" + "6531" // eventId "e1": length 2 -> zig-zag 4, 'e' 0x65, '1' 0x31
                + "04" + "6f31" // orderId "o1"
                + "04" + "7231" // refundId "r1"
                + OCCURRED_AT // occurredAt, see class comment
                + "a614" // amountMinor 1299 -> zig-zag 2598 = 20*128 + 38: 0x26|0x80, 0x14
                + "06" + "455552"; // currency "EUR": length 3 -> 6
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(expected);
    }

    @Test
    void unionBranchesAndEnumAreIndexVarints() {
        serializer.configure(TestRecords.configs(scope), false);
        ShipmentEvent carrierOnly = ShipmentEvent.newBuilder()
                .setEventId("e2")
                .setOrderId("o1")
                .setShipmentId("s1")
                .setType(ShipmentEventType.DELIVERED)
                .setOccurredAt(T0)
                .setCarrier("DHL")
                .setTrackingId(null)
                .build();
        ShipmentEvent trackingOnly = ShipmentEvent.newBuilder(carrierOnly)
                .setType(ShipmentEventType.SHIPPED)
                .setCarrier(null)
                .setTrackingId("T9")
                .build();

        String header = "00" + "00000001";
        String ids = "04" + "6532" + "04" + "6f31" + "04" + "7331"; // "e2", "o1", "s1"
        assertThat(HexFormat.of().formatHex(serializer.serialize("shipments", carrierOnly)))
                .isEqualTo(header + ids
                        + "02" // type DELIVERED: symbol index 1 -> zig-zag 2
                        + OCCURRED_AT
                        + "02" + "06" + "44484c" // carrier: union branch 1 (string) -> 2, then "DHL"
                        + "00"); // trackingId: union branch 0 (null), no value
        assertThat(HexFormat.of().formatHex(serializer.serialize("shipments", trackingOnly)))
                .isEqualTo(header + ids
                        + "00" // type SHIPPED: index 0
                        + OCCURRED_AT
                        + "00" // carrier null
                        + "02" + "04" + "5439"); // trackingId "T9"
    }

    @Test
    void schemaIdIsWrittenBigEndian() {
        MockSchemaRegistry registry = MockSchemaRegistry.getClientForScope(scope);
        for (int i = 1; i <= 299; i++) {
            registry.register("filler-value", Schema.createFixed("Filler" + i, null, "test.filler", 1));
        }
        serializer.configure(TestRecords.configs(scope), false);

        byte[] bytes = serializer.serialize("refunds", TestRecords.refund());

        // id 300 = 0x0000012c: most significant byte first
        assertThat(HexFormat.of().formatHex(bytes, 0, 5)).isEqualTo("000000012c");
    }
}
