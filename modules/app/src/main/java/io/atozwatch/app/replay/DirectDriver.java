package io.atozwatch.app.replay;

import io.atozwatch.topology.stores.LayeredStoreBuilder;
import io.atozwatch.topology.stores.ObjectCachingStore;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.FailOnInvalidTimestamp;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link RecordedTopology}'s own processors, in one thread, without Kafka Streams' task machinery: what
 * {@code TopologyTestDriver} does for a record, less what it costs beyond the processors (a topic looked up by
 * regular expression, a commit with its store flush and checkpoint file, RocksDB, metrics) per record.
 *
 * <p>It keeps the test driver's semantics, which {@code DirectDriverTest} (on a small topology) and
 * {@code EnginesAgreeTest} (on the pipeline) hold it to: one task
 * ({@code 0_0}) with partition 0 of every topic; a piped record is processed at once, to the end, and what the
 * topology writes to a topic it reads itself (an internal topic) is queued and processed in the order written,
 * until nothing is left; records are serialized into a sink and deserialized out of a source, as over Kafka;
 * each topic's offsets count from 0; a source's timestamp extractor sees its partition's time; the wall clock
 * moves only when told to ({@link #advanceWallClockTime}), and then fires the wall-clock punctuations that are
 * due, once each, as Kafka Streams' punctuation queue does. A processor sees the record metadata (topic,
 * partition, offset) of the record it is handling, and during a punctuation none (topic null, partition and offset
 * -1), as in Kafka Streams. Stores are kept in memory (see {@link #inMemory}), and commits are all but left out
 * (see {@link #commit}).
 *
 * <p>Not supported (refused with an exception rather than run differently): stream-time punctuations, stores
 * other than key-value ones, sinks choosing their topic per record, sources by pattern.
 */
final class DirectDriver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DirectDriver.class);
    private static final TaskId TASK = new TaskId(0, 0);
    private static final int PARTITION = 0;
    /** Kafka Streams' "no partition time yet". */
    private static final long UNKNOWN = -1L;

    private static final RecordMetadata PUNCTUATION = new Metadata(null, -1, -1L);

    private final StreamsConfig config;
    private final String applicationId;
    private long wallClockMs;
    private long streamTimeMs = UNKNOWN;

    private final Map<String, SourceNode> sourcesByTopic = new HashMap<>();
    private final Map<String, Long> partitionTimes = new HashMap<>();
    private final Map<String, long[]> nextOffsets = new HashMap<>();
    private final Map<String, SourceNode> globalSourcesByTopic = new HashMap<>();
    private final Map<String, KeyValueStore<?, ?>> stores = new LinkedHashMap<>();
    private final Map<String, MemoryKeyValueStore<?, ?>> globalStores = new LinkedHashMap<>();
    private final List<ProcessorNode> processors = new ArrayList<>();
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> queue = new ArrayDeque<>();
    private final Map<String, ArrayDeque<ProducerRecord<byte[], byte[]>>> outputs = new HashMap<>();
    /** Kafka Streams' punctuation queue: a priority queue by next instant (ties as its heap leaves them). */
    private final PriorityQueue<Schedule> wallClockSchedules = new PriorityQueue<>(Comparator.comparingLong(s -> s.at));
    /** The record being processed, as its processors see it. */
    private RecordMetadata current;
    /** The caches of decoded values in front of stores (see {@link #commit}). */
    private final List<CacheInFront> caches = new ArrayList<>();

    private record CacheInFront(ObjectCachingStore<?, ?> cache, MemoryKeyValueStore<?, ?> inner) {}

    /** Records between two hand-downs of the caches (see {@link #commit}): about 100 ms of a deployment's work. */
    static final int COMMIT_EVERY = 500;

    private int sinceCommit;

    /**
     * @param config                 the application's configuration ({@code application.id} at least)
     * @param initialWallClockTimeMs where the wall clock starts
     */
    DirectDriver(RecordedTopology topology, Properties config, long initialWallClockTimeMs) {
        Properties props = new Properties();
        props.putAll(config);
        props.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        this.config = new StreamsConfig(props);
        this.applicationId = this.config.getString(StreamsConfig.APPLICATION_ID_CONFIG);
        this.wallClockMs = initialWallClockTimeMs;
        RecordedTopology.Wiring wiring = topology.wiring();

        // Global stores first, and their processors initialized before the task's, as Kafka Streams does.
        for (RecordedTopology.GlobalStore g : wiring.globalStores()) {
            String topic = g.source().topics().get(0);
            MemoryKeyValueStore<?, ?> store = MemoryKeyValueStore.of(g.store(), topic);
            globalStores.put(store.name(), store);
            SourceNode source = new SourceNode(g.source());
            ProcessorNode processor = new ProcessorNode(
                    g.processor().name(), g.processor().supplier().get(), Map.of(store.name(), store), true);
            source.children.add(processor);
            globalSourcesByTopic.put(topic, source);
            nextOffsets.put(topic, new long[1]);
            processor.init();
        }
        for (Map.Entry<String, ? extends StoreBuilder<?>> e : wiring.stores().entrySet()) {
            stores.put(e.getKey(), inMemory(e.getValue(), changelog(e.getKey())));
        }
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (RecordedTopology.Node n : wiring.nodes()) {
            Node node;
            if (n instanceof RecordedTopology.Source s) {
                SourceNode source = new SourceNode(s);
                for (String topic : s.topics()) {
                    sourcesByTopic.put(topic, source);
                    nextOffsets.put(topic, new long[1]);
                }
                node = source;
            } else if (n instanceof RecordedTopology.Sink s) {
                node = new SinkNode(s);
            } else {
                Map<String, StateStore> connected = new HashMap<>();
                for (String name : wiring.storesByProcessor().getOrDefault(n.name(), Set.of())) {
                    StateStore store = stores.get(name);
                    if (store == null) {
                        throw new IllegalStateException("processor " + n.name() + " is connected to store " + name
                                + ", which the topology does not build");
                    }
                    connected.put(name, store);
                }
                ProcessorNode p = new ProcessorNode(
                        n.name(), ((RecordedTopology.Processor) n).supplier().get(), connected, false);
                processors.add(p);
                node = p;
            }
            for (String parent : n.parents()) {
                nodes.get(parent).children.add(node); // parents come first: Topology refuses them otherwise
            }
            nodes.put(n.name(), node);
        }
        for (ProcessorNode p : processors) {
            p.init();
        }
    }

    private String changelog(String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /**
     * The store a builder describes, in memory: a {@link MemoryKeyValueStore}, with the layers the topology puts over
     * it ({@link LayeredStoreBuilder}), such as the cache of decoded values in front of it ({@link ObjectCachingStore};
     * see {@link #commit} for when it hands its values down).
     */
    private KeyValueStore<?, ?> inMemory(StoreBuilder<?> builder, String changelog) {
        KeyValueStore<?, ?> store = layered(builder, changelog);
        if (store instanceof ObjectCachingStore<?, ?> cache) {
            store.init(null, store); // no context to register with; the cache belongs to this thread
            caches.add(new CacheInFront(cache, bottom(cache)));
        }
        return store;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static KeyValueStore<?, ?> layered(StoreBuilder<?> builder, String changelog) {
        if (builder instanceof LayeredStoreBuilder layer) {
            KeyValueStore<?, ?> below = layered(layer.inner(), changelog);
            if (below instanceof ObjectCachingStore<?, ?>) {
                throw new IllegalStateException(
                        "store " + builder.name() + " has a layer over its cache of decoded values");
            }
            return layer.over(below, changelog);
        }
        return MemoryKeyValueStore.of(builder, changelog);
    }

    /** The store at the bottom of {@code store}'s layers. */
    private static MemoryKeyValueStore<?, ?> bottom(StateStore store) {
        StateStore s = store;
        while (s instanceof WrappedStateStore<?, ?, ?> wrapped) {
            s = wrapped.wrapped();
        }
        return (MemoryKeyValueStore<?, ?>) s;
    }

    /** Pipes one record to a topic the topology reads, and processes it and all that follows from it. */
    void pipe(String topic, byte[] key, byte[] value, long timestamp, Headers headers) {
        SourceNode source = sourcesByTopic.get(topic);
        SourceNode global = globalSourcesByTopic.get(topic);
        if (source == null && global == null) {
            throw new IllegalArgumentException("Unknown topic: " + topic);
        }
        if (source != null) {
            queue.add(consumerRecord(topic, key, value, timestamp, headers));
            processQueue();
        }
        if (global != null) {
            processGlobal(global, consumerRecord(topic, key, value, timestamp, headers));
        }
    }

    private ConsumerRecord<byte[], byte[]> consumerRecord(
            String topic, byte[] key, byte[] value, long timestamp, Headers headers) {
        long offset = nextOffsets.get(topic)[0]++;
        return new ConsumerRecord<>(
                topic,
                PARTITION,
                offset,
                timestamp,
                TimestampType.CREATE_TIME,
                key == null ? ConsumerRecord.NULL_SIZE : key.length,
                value == null ? ConsumerRecord.NULL_SIZE : value.length,
                key,
                value,
                headers,
                Optional.empty());
    }

    /**
     * Moves the wall clock on, fires the wall-clock punctuations due by then (each once, however many intervals
     * passed), then processes what they wrote to internal topics.
     */
    void advanceWallClockTime(Duration advance) {
        wallClockMs += advance.toMillis();
        Schedule top = wallClockSchedules.peek();
        while (top != null && top.at <= wallClockMs) {
            wallClockSchedules.poll();
            if (!top.cancelled) {
                current = PUNCTUATION;
                try {
                    top.node.punctuate(top.punctuator, wallClockMs);
                } finally {
                    current = null;
                }
                if (!top.cancelled) {
                    top.next(wallClockMs);
                    wallClockSchedules.add(top);
                }
            }
            top = wallClockSchedules.peek();
        }
        commit();
        processQueue();
    }

    /** Everything written to {@code topic} since the last read, in the order written; the topic is then empty. */
    List<ProducerRecord<byte[], byte[]>> readOutput(String topic) {
        ArrayDeque<ProducerRecord<byte[], byte[]>> q = outputs.get(topic);
        if (q == null || q.isEmpty()) {
            return List.of();
        }
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(q);
        q.clear();
        return out;
    }

    /** A store of the topology (task or global), as a test driver hands it out: read and write. */
    @SuppressWarnings("unchecked")
    <K, V> KeyValueStore<K, V> keyValueStore(String name) {
        KeyValueStore<?, ?> s = stores.get(name);
        if (s == null) {
            s = globalStores.get(name);
        }
        return (KeyValueStore<K, V>) s;
    }

    private void processQueue() {
        ConsumerRecord<byte[], byte[]> raw;
        while ((raw = queue.poll()) != null) {
            process(raw);
            commit();
        }
    }

    /**
     * Where the test driver commits (after every record it processes, and after the punctuations), a cache of decoded
     * values that has not written to its store yet hands down what changed, as a commit makes it. That first write is
     * where the store's serde registers the value's schema with the schema registry, and the order schemas are
     * registered in decides their ids, which show in dead letters' payloads: replay gives them the ids the test driver
     * gives them. From then on, a cache hands down what changed every {@link #COMMIT_EVERY} records, as a deployment
     * commits every 100 ms: between two, a case changed again is copied before it is judged (see
     * {@code OrderCaseProcessor}), and a case never handed down would be copied at every judgement. What a processor
     * reads is the same either way. (A value its serde cannot write, a bug, fails the test driver's commit after the
     * record that put it; here, when it is handed down.)
     */
    private void commit() {
        boolean due = ++sinceCommit >= COMMIT_EVERY;
        if (due) {
            sinceCommit = 0;
        }
        for (CacheInFront c : caches) {
            if (due || !c.inner.hasWritten()) {
                c.cache.flushCache();
            }
        }
    }

    private void process(ConsumerRecord<byte[], byte[]> raw) {
        SourceNode source = sourcesByTopic.get(raw.topic());
        ConsumerRecord<Object, Object> record = source.deserialize(raw);
        long partitionTime = partitionTimes.getOrDefault(raw.topic(), UNKNOWN);
        long timestamp = source.extractor.extract(record, partitionTime);
        if (timestamp < 0) {
            log.warn(
                    "Skipping record from {} at offset {}: its timestamp extractor gave {}",
                    raw.topic(),
                    raw.offset(),
                    timestamp);
            return;
        }
        partitionTimes.put(raw.topic(), Math.max(partitionTime, timestamp));
        streamTimeMs = Math.max(streamTimeMs, timestamp);
        current = new Metadata(raw.topic(), raw.partition(), raw.offset());
        try {
            source.process(new Record<>(record.key(), record.value(), timestamp, record.headers()));
        } finally {
            current = null;
        }
    }

    private void processGlobal(SourceNode source, ConsumerRecord<byte[], byte[]> raw) {
        ConsumerRecord<Object, Object> record = source.deserialize(raw);
        current = new Metadata(raw.topic(), raw.partition(), raw.offset());
        try {
            source.process(new Record<>(record.key(), record.value(), record.timestamp(), record.headers()));
        } finally {
            current = null;
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (ProcessorNode p : processors) {
            try {
                p.processor.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        stores.values().forEach(KeyValueStore::close);
        globalStores.values().forEach(MemoryKeyValueStore::close);
        if (failure != null) {
            throw failure;
        }
    }

    private record Metadata(String topic, int partition, long offset) implements RecordMetadata {}

    private abstract static class Node {
        final String name;
        final List<Node> children = new ArrayList<>();

        Node(String name) {
            this.name = name;
        }

        abstract void process(Record<Object, Object> record);
    }

    private static final class SourceNode extends Node {
        final String[] topics;
        final TimestampExtractor extractor;
        final Deserializer<Object> keys;
        final Deserializer<Object> values;

        @SuppressWarnings("unchecked")
        SourceNode(RecordedTopology.Source s) {
            super(s.name());
            if (s.keys() == null || s.values() == null) {
                throw new IllegalStateException("source " + s.name() + " has no deserializers of its own "
                        + "(default serdes are not supported by replay's engine)");
            }
            this.topics = s.topics().toArray(String[]::new);
            // Kafka Streams' default extractor, as the pipeline's configuration leaves it.
            this.extractor = s.extractor() != null ? s.extractor() : new FailOnInvalidTimestamp();
            this.keys = (Deserializer<Object>) s.keys();
            this.values = (Deserializer<Object>) s.values();
        }

        ConsumerRecord<Object, Object> deserialize(ConsumerRecord<byte[], byte[]> raw) {
            Object key = keys.deserialize(raw.topic(), raw.headers(), raw.key());
            Object value = values.deserialize(raw.topic(), raw.headers(), raw.value());
            return new ConsumerRecord<>(
                    raw.topic(),
                    raw.partition(),
                    raw.offset(),
                    raw.timestamp(),
                    raw.timestampType(),
                    raw.serializedKeySize(),
                    raw.serializedValueSize(),
                    key,
                    value,
                    raw.headers(),
                    raw.leaderEpoch());
        }

        @Override
        void process(Record<Object, Object> record) {
            for (Node child : children) {
                child.process(record);
            }
        }
    }

    private final class SinkNode extends Node {
        final String topic;
        final Serializer<Object> keys;
        final Serializer<Object> values;
        final StreamPartitioner<Object, Object> partitioner;

        @SuppressWarnings("unchecked")
        SinkNode(RecordedTopology.Sink s) {
            super(s.name());
            if (s.keys() == null || s.values() == null) {
                throw new IllegalStateException("sink " + s.name() + " has no serializers of its own "
                        + "(default serdes are not supported by replay's engine)");
            }
            this.topic = s.topic();
            this.keys = (Serializer<Object>) s.keys();
            this.values = (Serializer<Object>) s.values();
            this.partitioner = (StreamPartitioner<Object, Object>) s.partitioner();
        }

        @Override
        void process(Record<Object, Object> record) {
            if (partitioner == null) {
                send(record);
                return;
            }
            // One partition per topic: the default partitioning, or every partition the partitioner names, sends it
            // once.
            Optional<Set<Integer>> multicast = partitioner.partitions(topic, record.key(), record.value(), 1);
            if (multicast.isEmpty()) {
                send(record);
            } else if (multicast.get().isEmpty()) {
                log.warn("Skipping record as partitioner returned empty partitions. topic=[{}]", topic);
            } else {
                for (int p : multicast.get()) {
                    if (p != PARTITION) {
                        throw new StreamsException("partitioner of sink " + name + " chose partition " + p
                                + " of topic " + topic + ", which has one partition");
                    }
                    send(record);
                }
            }
        }

        private void send(Record<Object, Object> record) {
            Headers headers = record.headers();
            byte[] key = keys.serialize(topic, headers, record.key());
            byte[] value = values.serialize(topic, headers, record.value());
            ProducerRecord<byte[], byte[]> written =
                    new ProducerRecord<>(topic, PARTITION, record.timestamp(), key, value, headers);
            if (sourcesByTopic.containsKey(topic)) {
                queue.add(consumerRecord(topic, key, value, record.timestamp(), written.headers()));
            } else if (globalSourcesByTopic.containsKey(topic)) {
                processGlobal(
                        globalSourcesByTopic.get(topic),
                        consumerRecord(topic, key, value, record.timestamp(), written.headers()));
            } else {
                outputs.computeIfAbsent(topic, t -> new ArrayDeque<>()).add(written);
            }
        }
    }

    private final class ProcessorNode extends Node implements ProcessorContext<Object, Object> {
        final Processor<Object, Object, Object, Object> processor;
        final Map<String, StateStore> connected;
        final boolean global;
        Map<String, Node> byName;

        @SuppressWarnings("unchecked")
        ProcessorNode(String name, Processor<?, ?, ?, ?> processor, Map<String, StateStore> connected, boolean global) {
            super(name);
            this.processor = (Processor<Object, Object, Object, Object>) processor;
            this.connected = connected;
            this.global = global;
        }

        void init() {
            byName = new HashMap<>();
            for (Node child : children) {
                byName.put(child.name, child);
            }
            processor.init(this);
        }

        @Override
        void process(Record<Object, Object> record) {
            processor.process(record);
        }

        void punctuate(Punctuator punctuator, long timestamp) {
            punctuator.punctuate(timestamp);
        }

        @Override
        public <K, V> void forward(Record<K, V> record) {
            checkMayForward();
            for (Node child : children) {
                forwardTo(child, record);
            }
        }

        @Override
        public <K, V> void forward(Record<K, V> record, String childName) {
            checkMayForward();
            if (childName == null) {
                forward(record);
                return;
            }
            Node child = byName.get(childName);
            if (child == null) {
                throw new StreamsException("Unknown downstream node: " + childName
                        + " either does not exist or is not connected to this processor.");
            }
            forwardTo(child, record);
        }

        @SuppressWarnings("unchecked")
        private void forwardTo(Node child, Record<?, ?> record) {
            child.process((Record<Object, Object>) record);
        }

        private void checkMayForward() {
            if (global) {
                throw new StreamsException(
                        "ProcessorContext#forward() is not supported from within a global processor");
            }
        }

        @Override
        public String applicationId() {
            return applicationId;
        }

        @Override
        public TaskId taskId() {
            return TASK;
        }

        @Override
        public Optional<RecordMetadata> recordMetadata() {
            return Optional.ofNullable(current);
        }

        @Override
        public Serde<?> keySerde() {
            return config.defaultKeySerde();
        }

        @Override
        public Serde<?> valueSerde() {
            return config.defaultValueSerde();
        }

        @Override
        public java.io.File stateDir() {
            throw new UnsupportedOperationException("replay's engine keeps no state directory");
        }

        @Override
        public StreamsMetrics metrics() {
            throw new UnsupportedOperationException("replay's engine keeps no Kafka Streams metrics");
        }

        @Override
        @SuppressWarnings("unchecked")
        public <S extends StateStore> S getStateStore(String name) {
            StateStore s = connected.get(name);
            if (s != null) {
                return (S) s;
            }
            MemoryKeyValueStore<?, ?> g = globalStores.get(name);
            if (g != null) {
                return (S) g.readOnly();
            }
            throw new StreamsException("Processor " + this.name + " has no access to StateStore " + name
                    + " as the store is not connected to the processor.");
        }

        @Override
        public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
            long intervalMs = interval.toMillis();
            if (intervalMs < 1) {
                throw new IllegalArgumentException("The minimum supported scheduling interval is 1 millisecond.");
            }
            if (type != PunctuationType.WALL_CLOCK_TIME || global) {
                throw new UnsupportedOperationException(
                        "replay's engine runs a stream task's wall-clock punctuations only (" + name + " asked for "
                                + type + ")");
            }
            Schedule s = new Schedule(this, wallClockMs + intervalMs, intervalMs, callback);
            wallClockSchedules.add(s);
            return () -> s.cancelled = true;
        }

        @Override
        public Cancellable schedule(
                java.time.Instant startTime, Duration interval, PunctuationType type, Punctuator callback) {
            throw new UnsupportedOperationException("replay's engine does not run punctuations with a start time");
        }

        @Override
        public void commit() {
            // Nothing to commit: no offsets, no changelogs.
        }

        @Override
        public Map<String, Object> appConfigs() {
            Map<String, Object> combined = new HashMap<>(config.originals());
            combined.putAll(config.values());
            return combined;
        }

        @Override
        public Map<String, Object> appConfigsWithPrefix(String prefix) {
            return config.originalsWithPrefix(prefix);
        }

        @Override
        public long currentSystemTimeMs() {
            return wallClockMs;
        }

        @Override
        public long currentStreamTimeMs() {
            return streamTimeMs;
        }
    }

    /** A wall-clock punctuation: its next instant, moved on as Kafka Streams' PunctuationSchedule does. */
    private static final class Schedule {
        final ProcessorNode node;
        final long interval;
        final Punctuator punctuator;
        long at;
        boolean cancelled;

        Schedule(ProcessorNode node, long at, long interval, Punctuator punctuator) {
            this.node = node;
            this.at = at;
            this.interval = interval;
            this.punctuator = punctuator;
        }

        void next(long now) {
            long next = at + interval;
            if (now >= next) {
                next = at + ((now - at) / interval + 1) * interval; // missed ones are not caught up
            }
            at = next;
        }
    }
}
