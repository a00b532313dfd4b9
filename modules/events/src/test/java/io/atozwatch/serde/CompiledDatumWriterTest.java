package io.atozwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.DisputeEvent;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.events.ReserveDecision;
import io.atozwatch.events.ReturnEvent;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.state.CasePart;
import io.atozwatch.state.MerchantFacts;
import io.atozwatch.state.MerchantState;
import io.atozwatch.state.OrderCase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompiledDatumWriterTest {

    private static final int VALUES_PER_CLASS = 2_000;

    @ParameterizedTest
    @ValueSource(
            classes = {
                OrderEvent.class,
                ShipmentEvent.class,
                ReturnEvent.class,
                RefundEvent.class,
                DisputeEvent.class,
                MerchantPolicy.class,
                ClaimEligibility.class,
                DeadlineBreach.class,
                MerchantNotification.class,
                DeadLetter.class,
                MerchantPerformance.class,
                ReserveDecision.class,
                OrderCase.class,
                CasePart.class,
                MerchantState.class,
                MerchantFacts.class
            })
    void writesEveryGeneratedRecordAsAvrosSpecificWriterDoes(Class<? extends SpecificRecord> type) throws Exception {
        Schema schema = (Schema) type.getField("SCHEMA$").get(null);
        SpecificData model = SpecificData.getForClass(type);
        CompiledDatumWriter compiled = CompiledDatumWriter.of(schema, model);
        SpecificDatumWriter<Object> avro = new SpecificDatumWriter<>(schema, model);
        RandomValues values = new RandomValues(new Random(type.getName().hashCode()), model);

        for (int i = 0; i < VALUES_PER_CLASS; i++) {
            Object value = values.of(schema, 0);

            assertThat(bytes(compiled, value)).as("value %d: %s", i, value).isEqualTo(bytes(avro, value));
        }
    }

    @Test
    void writesGenericRecordsOfARecursiveSchemaAsAvrosGenericWriterDoes() throws Exception {
        Schema list = new Schema.Parser().parse("""
                {"type": "record", "name": "Node", "fields": [
                  {"name": "label", "type": "string"},
                  {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "next", "type": ["null", "Node"], "default": null},
                  {"name": "either", "type": ["null", "int", "string", {"type": "array", "items": "Node"}]},
                  {"name": "tags", "type": {"type": "map", "values": ["null", "bytes"]}}
                ]}""");
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
        CompiledDatumWriter compiled = CompiledDatumWriter.of(list, model);
        GenericDatumWriter<Object> avro = new GenericDatumWriter<>(list, model);
        RandomValues values = new RandomValues(new Random(7), model);

        for (int i = 0; i < VALUES_PER_CLASS; i++) {
            Object value = values.of(list, 0);

            assertThat(bytes(compiled, value)).as("value %d: %s", i, value).isEqualTo(bytes(avro, value));
        }
    }

    @Test
    void aTimestampGivenAsItsRawLongIsWrittenAsAvroWritesIt() throws Exception {
        OrderEvent placed = (OrderEvent) new RandomValues(new Random(1), SpecificData.getForClass(OrderEvent.class))
                .of(OrderEvent.getClassSchema(), 0);
        Schema schema = OrderEvent.getClassSchema();
        GenericData.Record raw = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            Object v = placed.get(f.pos());
            raw.put(f.pos(), v instanceof Instant t ? t.toEpochMilli() : v);
        }
        CompiledDatumWriter compiled = CompiledDatumWriter.of(schema, SpecificData.getForClass(OrderEvent.class));

        assertThat(bytes(compiled, raw))
                .isEqualTo(bytes(compiled, placed))
                .isEqualTo(bytes(new SpecificDatumWriter<>(schema), placed));
    }

    @Test
    void aNullInANonNullableFieldNamesTheField() {
        RefundEvent broken = new RefundEvent("e1", "o1", "r1", Instant.EPOCH, 1299L, null);
        CompiledDatumWriter compiled =
                CompiledDatumWriter.of(RefundEvent.getClassSchema(), SpecificData.getForClass(RefundEvent.class));

        assertThatThrownBy(() -> bytes(compiled, broken))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("in field currency");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheField() {
        Schema schema = new Schema.Parser().parse("""
                {"type": "record", "name": "R", "fields": [
                  {"name": "count", "type": "long"},
                  {"name": "maybe", "type": ["null", "int"]}
                ]}""");
        CompiledDatumWriter compiled = CompiledDatumWriter.of(schema, GenericData.get());
        GenericData.Record wrongCount = new GenericData.Record(schema);
        wrongCount.put("count", "seven");
        GenericData.Record wrongMaybe = new GenericData.Record(schema);
        wrongMaybe.put("count", 7L);
        wrongMaybe.put("maybe", "seven");

        GenericDatumWriter<Object> avro = new GenericDatumWriter<>(schema);

        for (GenericData.Record wrong : List.of(wrongCount, wrongMaybe)) {
            String field = wrong == wrongCount ? "count" : "maybe";
            Throwable avros = catchThrowable(() -> bytes(avro, wrong));
            assertThat(avros).as("Avro's writer").hasMessageContaining(field);

            assertThatThrownBy(() -> bytes(compiled, wrong))
                    .isExactlyInstanceOf(avros.getClass())
                    .hasMessageContaining(field);
        }
    }

    private static byte[] bytes(DatumWriter<Object> writer, Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /**
     * Values of any schema, as a generated class or Avro's generic model holds them: nulls in some optional fields,
     * empty and longer arrays and maps, strings as String or Utf8, timestamps as Instant.
     */
    private static final class RandomValues {
        private final Random random;
        private final GenericData model;

        RandomValues(Random random, GenericData model) {
            this.random = random;
            this.model = model;
        }

        Object of(Schema s, int depth) {
            if (s.getLogicalType() != null && s.getLogicalType().getName().equals("timestamp-millis")) {
                return Instant.ofEpochMilli(random.nextLong(-1L << 40, 1L << 42));
            }
            switch (s.getType()) {
                case RECORD: {
                    IndexedRecord r = (IndexedRecord) model.newRecord(null, s);
                    for (Schema.Field f : s.getFields()) {
                        r.put(f.pos(), of(f.schema(), depth + 1));
                    }
                    return r;
                }
                case UNION: {
                    List<Schema> branches = s.getTypes();
                    // Deep down, the null branch where there is one: a recursive schema ends.
                    Integer nul = s.getIndexNamed("null");
                    if (nul != null && (depth > 6 || random.nextInt(3) == 0)) {
                        return null;
                    }
                    Schema branch = branches.get(random.nextInt(branches.size()));
                    if (depth > 6 && branch.getType() == Schema.Type.ARRAY) {
                        return new ArrayList<>();
                    }
                    return of(branch, depth + 1);
                }
                case ARRAY: {
                    int n = depth > 6 ? 0 : random.nextInt(4);
                    List<Object> items = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        items.add(of(s.getElementType(), depth + 1));
                    }
                    return items;
                }
                case MAP: {
                    int n = random.nextInt(3);
                    Map<Object, Object> map = new HashMap<>();
                    for (int i = 0; i < n; i++) {
                        map.put(string(), of(s.getValueType(), depth + 1));
                    }
                    return map;
                }
                case ENUM:
                    return model.createEnum(
                            s.getEnumSymbols()
                                    .get(random.nextInt(s.getEnumSymbols().size())),
                            s);
                case STRING:
                    return string();
                case BYTES: {
                    byte[] b = new byte[random.nextInt(5)];
                    random.nextBytes(b);
                    return ByteBuffer.wrap(b);
                }
                case INT:
                    return random.nextInt();
                case LONG:
                    return random.nextLong();
                case DOUBLE:
                    return random.nextDouble();
                case FLOAT:
                    return random.nextFloat();
                case BOOLEAN:
                    return random.nextBoolean();
                case NULL:
                    return null;
                default:
                    throw new IllegalArgumentException("no values of " + s);
            }
        }

        private CharSequence string() {
            String text = switch (random.nextInt(4)) {
                case 0 -> "";
                case 1 -> "Zoë's café ✓";
                default -> Long.toString(random.nextLong(), 36);
            };
            return random.nextBoolean() ? text : new Utf8(text);
        }
    }
}
