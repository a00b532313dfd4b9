package io.atozwatch.app.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.atozwatch.events.DeadLetter;
import io.atozwatch.serde.MockSchemaRegistry;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Replay's store keeps Avro values as Kafka Streams' store would: copied, read back as the serde reads them. */
class MemoryKeyValueStoreTest {
    private static final String CHANGELOG = "atoz-replay-letters-changelog";
    private final String scope = "store-test-" + UUID.randomUUID();
    private final Serde<DeadLetter> serde = new Topics(
                    PipelineConfig.defaults().topics(), Map.of("schema.registry.url", "mock://" + scope))
            .deadLetters.valueSerde();
    private final MemoryKeyValueStore<String, DeadLetter> store =
            new MemoryKeyValueStore<>("letters", CHANGELOG, Serdes.String(), serde);

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope(scope);
    }

    private static DeadLetter letter(String reason) {
        return DeadLetter.newBuilder()
                .setReason(reason)
                .setSourceTopic("orders")
                .setSourcePartition(0)
                .setSourceOffset(7L)
                .setKey("o-1")
                .setPayload(ByteBuffer.wrap(new byte[] {9, 1, 2, 3}, 1, 2))
                .setDeadAt(Instant.parse("2026-03-01T10:00:00.123456789Z"))
                .build();
    }

    /** What Kafka Streams' store would hand back: the serde's round trip. */
    private DeadLetter roundTrip(DeadLetter d) {
        return serde.deserializer().deserialize(CHANGELOG, serde.serializer().serialize(CHANGELOG, d));
    }

    @Test
    void aValueIsWrittenByTheSerdeSoThatItsSchemaIsRegisteredThen() {
        assertThat(MockSchemaRegistry.getClientForScope(scope).getAllSubjects()).isEmpty();

        store.put("a", letter("first"));

        assertThat(MockSchemaRegistry.getClientForScope(scope).getAllSubjects()).containsExactly(CHANGELOG + "-value");
    }

    @Test
    void valuesAreCopiedInAndOutAndReadBackAsTheSerdeReadsThem() {
        store.put("a", letter("first"));
        DeadLetter second = letter("second");
        store.put("b", second);
        second.setReason("changed after the put");
        store.get("b").setReason("changed after the get");

        for (String key : new String[] {"a", "b"}) {
            DeadLetter read = store.get(key);
            DeadLetter expected = roundTrip(letter(key.equals("a") ? "first" : "second"));
            assertThat(read).isEqualTo(expected);
            assertThat(read.getDeadAt())
                    .isEqualTo(Instant.parse("2026-03-01T10:00:00.123Z")); // millis, as the schema keeps
            assertThat(read.getPayload()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
            assertThat(read.toString()).isEqualTo(expected.toString());
        }
        assertThat(store.delete("b")).isEqualTo(roundTrip(letter("second")));
        assertThat(store.get("b")).isNull();
    }

    @Test
    void aValueTheSerdeCannotWriteFailsThePutAsTheSerdeFailsAndChangesNothing() {
        store.put("a", letter("first"));
        store.put("b", letter("second"));
        DeadLetter invalid = letter("third");
        invalid.setReason(null); // a required field

        Throwable fromSerde = catchThrowable(() -> serde.serializer().serialize(CHANGELOG, invalid));
        Throwable fromStore = catchThrowable(() -> store.put("b", invalid));

        assertThat(fromSerde).isNotNull();
        assertThat(fromStore).isInstanceOf(fromSerde.getClass()).hasMessage(fromSerde.getMessage());
        assertThat(store.get("b").getReason()).isEqualTo("second");
    }
}
