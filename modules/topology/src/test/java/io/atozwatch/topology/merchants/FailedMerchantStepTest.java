package io.atozwatch.topology.merchants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atozwatch.state.FigureEntry;
import io.atozwatch.state.MerchantFacts;
import io.atozwatch.state.MerchantState;
import io.atozwatch.state.OrderFigures;
import io.atozwatch.state.PerformanceMetric;
import io.atozwatch.topology.PipelineRuntime;
import io.atozwatch.topology.PipelineTopology;
import io.atozwatch.topology.TestStores;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.stores.ObjectCachingStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.InMemoryKeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A merchant whose step fails half-way (a bug, a store that cannot be written) goes back to what it was before
 * that fact, including what earlier facts changed since the last commit: their outputs go out with that commit.
 * (Nothing is committed between records here, as in production.)
 */
class FailedMerchantStepTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private final PipelineConfig config = PipelineConfig.defaults();
    private final Topics topics =
            new Topics(config.topics(), Map.of("schema.registry.url", "mock://" + UUID.randomUUID()));
    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    /** Fails the next write of a merchant's figures for the API, once. */
    private boolean failNext;

    private KeyValueStore<String, MerchantState> states;
    private MerchantPerformanceProcessor processor;

    @BeforeEach
    void start() {
        states = new ObjectCachingStore<>(
                TestStores.inMemory(PipelineTopology.MERCHANT_STATE_STORE, topics.merchantStateSerde), 100);
        KeyValueBytesStoreSupplier failingViews = new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return PipelineTopology.MERCHANT_VIEW_STORE;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return new InMemoryKeyValueStore(name()) {
                    @Override
                    public void put(Bytes key, byte[] value) {
                        if (failNext) {
                            failNext = false;
                            throw new IllegalStateException("a store that cannot be written");
                        }
                        super.put(key, value);
                    }
                };
            }

            @Override
            public String metricsScope() {
                return "in-memory";
            }
        };
        for (KeyValueStore<String, ?> s : List.of(
                states,
                Stores.keyValueStoreBuilder(failingViews, Serdes.String(), topics.merchantPerformance.valueSerde())
                        .withLoggingDisabled()
                        .build(),
                TestStores.inMemory(PipelineTopology.MERCHANT_PENDING_STORE, topics.merchantFacts.valueSerde()),
                TestStores.inMemory(PipelineTopology.MERCHANT_CLOCK_STORE, Serdes.Long()))) {
            s.init(context.getStateStoreContext(), s);
            context.addStateStore(s);
        }
        processor = newProcessor();
        processor.init(context);
    }

    /** The processor of a task that starts over the stores as they are. */
    private MerchantPerformanceProcessor newProcessor() {
        return new MerchantPerformanceProcessor(
                config,
                new MerchantPerformanceProcessor.Stores(
                        PipelineTopology.MERCHANT_STATE_STORE,
                        PipelineTopology.MERCHANT_VIEW_STORE,
                        PipelineTopology.MERCHANT_PENDING_STORE,
                        PipelineTopology.MERCHANT_CLOCK_STORE),
                new MerchantPerformanceProcessor.Children("performance", "decisions", "notifications"),
                PipelineRuntime.inProcess(T::toEpochMilli));
    }

    /** The order side says it is done up to {@code at}, with no fact. */
    private void heartbeat(Instant at) {
        MerchantFacts h = MerchantFacts.newBuilder()
                .setMerchantId(null)
                .setOrderId(null)
                .setAt(null)
                .setSourcePartition(0)
                .setSourcePartitions(1)
                .setSourceWatermark(at)
                .setSourceIdle(false)
                .setPrevious(null)
                .setCurrent(null)
                .build();
        processor.process(new Record<>(null, h, at.toEpochMilli()));
    }

    /** A new order of {@code amount} for merchant m-1, placed at {@code at}; the order side is done up to then. */
    private void placed(String orderId, long sequence, Instant at, long amount) {
        int day = (int) at.getEpochSecond() / 86_400;
        OrderFigures figures = OrderFigures.newBuilder()
                .setCurrency("USD")
                .setPlacedAt(at)
                .setUnresolvedDisputeMinor(0)
                .setEntries(List.of(
                        new FigureEntry(PerformanceMetric.ORDERS, day, 1L),
                        new FigureEntry(PerformanceMetric.SALES, day, amount)))
                .build();
        MerchantFacts f = MerchantFacts.newBuilder()
                .setMerchantId("m-1")
                .setOrderId(orderId)
                .setAt(at)
                .setSequence(sequence)
                .setSourcePartition(0)
                .setSourcePartitions(1)
                .setSourceWatermark(at)
                .setSourceIdle(false)
                .setPrevious(null)
                .setCurrent(figures)
                .setMarketplace("US")
                .build();
        processor.process(new Record<>("m-1", f, at.toEpochMilli()));
    }

    private static byte[] bytes(MerchantState s) throws Exception {
        var b = s.toByteBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void aFailureKeepsWhatEarlierFactsChangedSinceTheLastCommit() throws Exception {
        placed("o-1", 1, T, 5_000);
        assertThat(ObjectCachingStore.isUncommitted(states, "m-1"))
                .as("not committed yet")
                .isTrue();
        byte[] afterFirst = bytes(states.get("m-1"));

        failNext = true;
        assertThatThrownBy(() -> placed("o-2", 1, T.plusSeconds(60), 7_000))
                .hasMessage("a store that cannot be written");

        assertThat(states.get("m-1")).as("not lost").isNotNull();
        assertThat(bytes(states.get("m-1")))
                .as("the state as the first fact left it, not half-changed")
                .isEqualTo(afterFirst);
        placed("o-3", 1, T.plusSeconds(120), 3_000);
        assertThat(states.get("m-1").getMarketplaceOrders()).containsEntry("US", 2L);
    }

    @Test
    void aRestartedTaskFilesEveryMerchantAtTheInstantItsStateSays() {
        placed("o-1", 1, T, 5_000);
        Instant wake = states.get("m-1").getNextWakeAt();
        assertThat(wake).isAfter(T);
        ((ObjectCachingStore<String, MerchantState>) states).flushCache(); // the commit
        processor = newProcessor();
        processor.init(context);
        context.resetForwards();

        heartbeat(wake);

        assertThat(context.forwarded())
                .as("the merchant looked at again when due")
                .anyMatch(f -> f.childName().orElse("").equals("performance"));
        assertThat(states.get("m-1").getNextWakeAt()).isAfter(wake);
    }
}
