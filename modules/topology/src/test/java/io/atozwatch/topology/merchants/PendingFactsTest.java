package io.atozwatch.topology.merchants;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.state.MerchantFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The facts waiting for the merchants' clock: in the order they are applied, and kept across a restart. */
class PendingFactsTest {
    private static final Serde<MerchantFacts> FACTS = Serdes.serdeFrom(
            (topic, f) -> {
                try {
                    ByteBuffer b = f.toByteBuffer();
                    byte[] bytes = new byte[b.remaining()];
                    b.get(bytes);
                    return bytes;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            },
            (topic, bytes) -> {
                try {
                    return MerchantFacts.fromByteBuffer(ByteBuffer.wrap(bytes));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

    private final KeyValueStore<String, MerchantFacts> store = store();

    private static KeyValueStore<String, MerchantFacts> store() {
        KeyValueStore<String, MerchantFacts> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("pending"), Serdes.String(), FACTS)
                .withLoggingDisabled()
                .build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    private static MerchantFacts fact(String merchant, String order, String at, long sequence) {
        return MerchantFacts.newBuilder()
                .setMerchantId(merchant)
                .setOrderId(order)
                .setAt(Instant.parse(at))
                .setSequence(sequence)
                .setSourcePartition(0)
                .setSourcePartitions(1)
                .setSourceWatermark(Instant.parse(at))
                .setSourceIdle(false)
                .build();
    }

    private static java.util.List<String> orders(PendingFacts.Scan scan) {
        return scan.facts().stream().map(kv -> kv.value.getOrderId()).toList();
    }

    @Test
    void aScanGivesWhatIsDueInTheOrderItIsAppliedAndWhenTheNextFalls() {
        PendingFacts pending = new PendingFacts(store);
        pending.put(fact("m-2", "o-3", "2026-03-02T00:00:00Z", 1));
        pending.put(fact("m-1", "o-1", "2026-03-01T00:00:00Z", 2));
        pending.put(fact("m-1", "o-1", "2026-03-01T00:00:00Z", 1));
        pending.put(fact("m-1", "o-2", "2026-03-01T12:00:00Z", 1));
        assertThat(pending.earliest()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));

        PendingFacts.Scan due = pending.scan(Instant.EPOCH, Instant.parse("2026-03-01T12:00:00Z"), 10);
        assertThat(orders(due)).containsExactly("o-1", "o-1", "o-2");
        assertThat(due.facts()).extracting(kv -> kv.value.getSequence()).containsExactly(1L, 2L, 1L);
        assertThat(due.next()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));

        PendingFacts.Scan limited = pending.scan(Instant.EPOCH, Instant.parse("2026-03-03T00:00:00Z"), 2);
        assertThat(orders(limited)).containsExactly("o-1", "o-1");
        assertThat(limited.next()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));

        PendingFacts.Scan later =
                pending.scan(Instant.parse("2026-03-01T12:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"), 10);
        assertThat(orders(later)).containsExactly("o-2", "o-3");
        assertThat(later.next()).isNull();
    }

    @Test
    void aFactAppliedLeavesTheBufferAndTheStore() {
        PendingFacts pending = new PendingFacts(store);
        pending.put(fact("m-1", "o-1", "2026-03-01T00:00:00Z", 1));
        pending.put(fact("m-1", "o-2", "2026-03-02T00:00:00Z", 1));
        KeyValue<String, MerchantFacts> first = pending.scan(Instant.EPOCH, Instant.parse("2026-03-01T00:00:00Z"), 10)
                .facts()
                .get(0);
        pending.delete(first.key);
        assertThat(store.get(first.key)).isNull();
        assertThat(pending.earliest()).isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(store.approximateNumEntries()).isEqualTo(1);
    }

    @Test
    void aRestartedTaskFindsWhatWasWaiting() {
        PendingFacts before = new PendingFacts(store);
        before.put(fact("m-1", "o-2", "2026-03-02T00:00:00Z", 1));
        before.put(fact("m-1", "o-1", "2026-03-01T00:00:00Z", 1));

        PendingFacts after = new PendingFacts(store);
        assertThat(after.earliest()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(orders(after.scan(Instant.EPOCH, Instant.parse("2026-03-05T00:00:00Z"), 10)))
                .containsExactly("o-1", "o-2");
    }
}
