package io.atozwatch.topology.merchants;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.state.MerchantFacts;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The merchants' side's clock: the lowest of what the order side's tasks say. */
class SourceWatermarksTest {

    private static KeyValueStore<String, Long> store() {
        KeyValueStore<String, Long> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("clock"), Serdes.String(), Serdes.Long())
                .withLoggingDisabled()
                .build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static MerchantFacts heartbeat(int source, int sources, String upTo, boolean idle) {
        return MerchantFacts.newBuilder()
                .setSourcePartition(source)
                .setSourcePartitions(sources)
                .setSourceWatermark(upTo == null ? null : Instant.parse(upTo))
                .setSourceIdle(idle)
                .build();
    }

    @Test
    void movesToTheLowestOnceEveryTaskHasBeenHeardFrom() {
        SourceWatermarks w = new SourceWatermarks(store());
        assertThat(w.heard(heartbeat(0, 3, "2026-03-05T00:00:00Z", false))).isFalse();
        assertThat(w.heard(heartbeat(2, 3, "2026-03-04T00:00:00Z", false))).isFalse();
        assertThat(w.now()).isNull(); // task 1 not heard from: it holds everyone back
        assertThat(w.heard(heartbeat(1, 3, "2026-03-06T00:00:00Z", false))).isTrue();
        assertThat(w.now()).isEqualTo(Instant.parse("2026-03-04T00:00:00Z"));
        assertThat(w.heard(heartbeat(2, 3, "2026-03-07T00:00:00Z", false))).isTrue();
        assertThat(w.now()).isEqualTo(Instant.parse("2026-03-05T00:00:00Z"));
    }

    @Test
    void aTaskWithNoTimeYetHoldsEveryoneBackAndAnIdleOneNobody() {
        SourceWatermarks w = new SourceWatermarks(store());
        w.heard(heartbeat(0, 2, "2026-03-05T00:00:00Z", false));
        w.heard(heartbeat(1, 2, null, false));
        assertThat(w.now()).isNull();
        assertThat(w.heard(heartbeat(1, 2, null, true))).isTrue(); // an empty partition, read to its end
        assertThat(w.now()).isEqualTo(Instant.parse("2026-03-05T00:00:00Z"));
    }

    @Test
    void neverGoesBackAndSurvivesARestart() {
        KeyValueStore<String, Long> store = store();
        SourceWatermarks w = new SourceWatermarks(store);
        w.heard(heartbeat(0, 2, "2026-03-05T00:00:00Z", false));
        w.heard(heartbeat(1, 2, null, true));
        // The idle task reads its first event, an old one: the clock stays where it was.
        assertThat(w.heard(heartbeat(1, 2, "2026-03-01T00:00:00Z", false))).isFalse();
        assertThat(w.now()).isEqualTo(Instant.parse("2026-03-05T00:00:00Z"));
        assertThat(new SourceWatermarks(store).now()).isEqualTo(Instant.parse("2026-03-05T00:00:00Z"));
    }

    @Test
    void heartbeatsGoToEveryPartitionAndFactsToTheirMerchants() {
        MerchantFactsPartitioner p = new MerchantFactsPartitioner();
        assertThat(p.partitions("merchant-facts", null, heartbeat(0, 1, null, false), 4))
                .contains(Set.of(0, 1, 2, 3));
        MerchantFacts fact = MerchantFacts.newBuilder()
                .setMerchantId("m-1")
                .setOrderId("o-1")
                .setAt(Instant.parse("2026-03-01T00:00:00Z"))
                .build();
        assertThat(p.partitions("merchant-facts", "m-1", fact, 4)).isEqualTo(Optional.empty());
    }
}
