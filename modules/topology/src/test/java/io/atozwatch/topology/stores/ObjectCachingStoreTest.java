package io.atozwatch.topology.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The decoded-value cache in front of a store: what a processor reads and writes stays decoded, is written
 * down once per commit, and queries from other threads see what was committed.
 */
class ObjectCachingStoreTest {
    private static final String APP = "object-cache-test";
    private static final String STORE = "lists";

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Serde<ArrayList<String>> LISTS = (Serde) Serdes.ListSerde(ArrayList.class, Serdes.String());

    /** What the test's processor does with each record: the record's key and value, and the store. */
    private BiConsumer<Record<String, String>, KeyValueStore<String, ArrayList<String>>> step;

    private TopologyTestDriver driver;
    private TestInputTopic<String, String> input;
    private TestOutputTopic<String, ArrayList<String>> changelog;

    private void start(int maxEntries) {
        Topology t = new Topology();
        t.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "input");
        t.addProcessor(
                "p",
                () -> new Processor<String, String, Void, Void>() {
                    private KeyValueStore<String, ArrayList<String>> store;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        store = context.getStateStore(STORE);
                    }

                    @Override
                    public void process(Record<String, String> record) {
                        step.accept(record, store);
                    }
                },
                "in");
        t.addStateStore(
                new ObjectCachingStoreBuilder<>(
                        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), LISTS)
                                .withCachingDisabled(),
                        maxEntries,
                        CacheBudget.NONE),
                "p"); // what is coalesced here is this cache's doing
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        driver = new TopologyTestDriver(t, props);
        input = driver.createInputTopic(
                "input", Serdes.String().serializer(), Serdes.String().serializer());
        changelog = driver.createOutputTopic(
                APP + "-" + STORE + "-changelog", Serdes.String().deserializer(), LISTS.deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Appends the record's value to its key's list, as a processor changes the case it read. */
    private static void append(Record<String, String> r, KeyValueStore<String, ArrayList<String>> store) {
        ArrayList<String> list = store.get(r.key());
        if (list == null) {
            list = new ArrayList<>();
        }
        list.add(r.value());
        store.put(r.key(), list);
    }

    @Test
    void aValueReadAgainIsTheSameObjectNotDecodedAgain() {
        List<Object> seen = new ArrayList<>();
        step = (r, store) -> {
            append(r, store);
            seen.add(store.get(r.key()));
        };
        start(10);

        input.pipeInput("o-1", "a");
        input.pipeInput("o-1", "b");

        assertThat(seen.get(0)).isSameAs(seen.get(1));
        assertThat(seen.get(1)).isEqualTo(List.of("a", "b"));
    }

    @Test
    void changesAreWrittenDownOncePerCommitNotAtEveryPut() {
        step = (r, store) -> {
            for (String v : r.value().split(",")) {
                append(new Record<>(r.key(), v, r.timestamp()), store);
            }
        };
        start(10);

        input.pipeInput("o-1", "a,b,c"); // three puts of one key within one commit (the driver commits per record)
        input.pipeInput("o-2", "x");

        assertThat(changelog.readKeyValuesToList())
                .containsExactly(
                        KeyValue.pair("o-1", new ArrayList<>(List.of("a", "b", "c"))),
                        KeyValue.pair("o-2", new ArrayList<>(List.of("x"))));
    }

    @Test
    void aFullCacheWritesItsLeastRecentlyUsedChangeDownAtOnce() {
        step = (r, store) -> {
            for (String k : r.value().split(",")) {
                append(new Record<>(k, r.key(), r.timestamp()), store);
            }
        };
        start(2);

        input.pipeInput("v", "o-1,o-2,o-1,o-3"); // o-2 is the least recently used when o-3 comes in

        List<KeyValue<String, ArrayList<String>>> written = changelog.readKeyValuesToList();
        assertThat(written.get(0)).isEqualTo(KeyValue.pair("o-2", new ArrayList<>(List.of("v"))));
        assertThat(written.subList(1, 3))
                .containsExactlyInAnyOrder(
                        KeyValue.pair("o-1", new ArrayList<>(List.of("v", "v"))),
                        KeyValue.pair("o-3", new ArrayList<>(List.of("v"))));
    }

    @Test
    void aDeletionIsSeenAtOnceAndWrittenDownAsATombstone() {
        AtomicReference<Object> afterDelete = new AtomicReference<>("unset");
        step = (r, store) -> {
            if (r.value().equals("delete")) {
                store.delete(r.key());
                afterDelete.set(store.get(r.key()));
            } else {
                append(r, store);
            }
        };
        start(10);

        input.pipeInput("o-1", "a");
        input.pipeInput("o-1", "delete");

        assertThat(afterDelete.get()).isNull();
        List<KeyValue<String, ArrayList<String>>> written = changelog.readKeyValuesToList();
        assertThat(written).hasSize(2);
        assertThat(written.get(1)).isEqualTo(KeyValue.pair("o-1", null));
    }

    /** The cache's metric {@code name}, as the driver's metrics have it. */
    private double metric(String name) {
        return driver.metrics().entrySet().stream()
                .filter(m -> m.getKey().group().equals(ObjectCachingStore.METRICS_GROUP)
                        && m.getKey().name().equals(name)
                        && m.getKey().tags().get("object-cache-id").equals(STORE)
                        && m.getKey().tags().get("task-id").equals("0_0"))
                .map(m -> (Double) m.getValue().metricValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    @Test
    void theCacheCountsItsHitsItsMissesAndWhatItHolds() {
        step = (r, store) -> {
            for (String k : r.value().split(",")) {
                append(new Record<>(k, r.key(), r.timestamp()), store);
            }
        };
        start(2);

        input.pipeInput("v", "o-1,o-1,o-2"); // absent (new), a hit, absent (new)
        assertThat(metric("hit-total")).isEqualTo(1.0);
        assertThat(metric("miss-total")).isZero();
        assertThat(metric("absent-total")).isEqualTo(2.0);
        assertThat(metric("entries")).isEqualTo(2.0);

        input.pipeInput("v", "o-3,o-1,o-2"); // o-3 (new) pushes o-1 out, read back from the store: it pushes o-2 out
        assertThat(metric("hit-total")).isEqualTo(1.0);
        assertThat(metric("miss-total")).isEqualTo(2.0);
        assertThat(metric("absent-total")).isEqualTo(3.0);
        assertThat(metric("entries")).isEqualTo(2.0);

        driver.close(); // the task's stores close: their caches' metrics go with them
        assertThat(driver.metrics().keySet()).noneMatch(m -> m.group().equals(ObjectCachingStore.METRICS_GROUP));
        driver = null;
    }

    @Test
    void scansSeeWhatWasWrittenBeforeTheCommit() {
        List<String> scanned = new ArrayList<>();
        step = (r, store) -> {
            append(r, store);
            try (KeyValueIterator<String, ArrayList<String>> it = store.all()) {
                it.forEachRemaining(kv -> scanned.add(kv.key + "=" + kv.value));
            }
        };
        start(10);

        input.pipeInput("o-1", "a");

        assertThat(scanned).containsExactly("o-1=[a]");
    }

    @Test
    void aProcessorThatGivesUpHalfWayEvictsAndReadsTheStoredValueAgain() {
        List<Object> seen = new ArrayList<>();
        step = (r, store) -> {
            if (r.value().equals("fail")) {
                store.get(r.key()).add("half-done"); // changed in place, never put back
                ObjectCachingStore.evict(store, r.key());
            } else {
                seen.add(store.get(r.key()) == null ? null : new ArrayList<>(store.get(r.key())));
                append(r, store);
            }
        };
        start(10);

        input.pipeInput("o-1", "a");
        input.pipeInput("o-1", "fail");
        input.pipeInput("o-1", "b");

        assertThat(seen.get(1)).isEqualTo(List.of("a"));
    }

    @Test
    void queriesFromAnotherThreadReadWhatWasCommittedNotTheCachedObject() throws Exception {
        AtomicReference<ArrayList<String>> queried = new AtomicReference<>();
        AtomicReference<Object> cached = new AtomicReference<>();
        step = (r, store) -> {
            append(r, store);
            cached.set(store.get(r.key()));
        };
        start(10);
        input.pipeInput("o-1", "a");
        KeyValueStore<String, ArrayList<String>> store = driver.getKeyValueStore(STORE);

        Thread query = new Thread(() -> queried.set(store.get("o-1")));
        query.start();
        query.join();

        assertThat(queried.get()).isEqualTo(List.of("a")).isNotSameAs(cached.get());
    }
}
