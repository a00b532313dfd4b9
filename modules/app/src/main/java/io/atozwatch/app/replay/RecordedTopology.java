package io.atozwatch.app.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A {@link Topology} that keeps what it is built from: the processor suppliers, deserializers, serializers,
 * timestamp extractors, partitioners and store builders, which a Topology does not hand back. It is built by
 * the same code as production's ({@code PipelineTopology.build(..., into)}), so {@link DirectDriver} runs
 * exactly that wiring, with no second description of it to keep in step.
 *
 * <p>Only the ways of adding nodes that the pipeline uses are recorded (sources and sinks by topic name with
 * their own serdes, processors, key-value stores, global stores); {@link #wiring()} checks the record against
 * {@link #describe()}, so a node added any other way is refused by name instead of being silently left out.
 */
final class RecordedTopology extends Topology {

    /** A node of the recorded wiring, in the order it was added. */
    sealed interface Node permits Source, Processor, Sink {
        String name();

        List<String> parents();
    }

    /** A source: its records are deserialized and stamped (null extractor: the default one) and go to every child. */
    record Source(
            String name,
            List<String> topics,
            TimestampExtractor extractor,
            Deserializer<?> keys,
            Deserializer<?> values)
            implements Node {
        @Override
        public List<String> parents() {
            return List.of();
        }
    }

    record Processor(String name, ProcessorSupplier<?, ?, ?, ?> supplier, List<String> parents) implements Node {}

    /** A sink: records are serialized and written to {@code topic}, to the partitions the partitioner (if any) says. */
    record Sink(
            String name,
            String topic,
            Serializer<?> keys,
            Serializer<?> values,
            StreamPartitioner<?, ?> partitioner,
            List<String> parents)
            implements Node {}

    /** A global store: its topic is read into it by its own processor, and every other processor may read it. */
    record GlobalStore(StoreBuilder<?> store, Source source, Processor processor) {}

    /** What was recorded, checked against the topology's own description. */
    record Wiring(
            List<Node> nodes,
            Map<String, StoreBuilder<?>> stores,
            Map<String, Set<String>> storesByProcessor,
            List<GlobalStore> globalStores) {}

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, StoreBuilder<?>> stores = new LinkedHashMap<>();
    private final Map<String, Set<String>> storesByProcessor = new LinkedHashMap<>();
    private final List<GlobalStore> globalStores = new ArrayList<>();

    @Override
    public synchronized <K, V> Topology addSource(
            String name, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer, String... topics) {
        super.addSource(name, keyDeserializer, valueDeserializer, topics);
        nodes.put(name, new Source(name, List.of(topics), null, keyDeserializer, valueDeserializer));
        return this;
    }

    // The offset reset spelled in full: within a subclass of Topology, AutoOffsetReset names its deprecated nested
    // type.
    @Override
    public synchronized <K, V> Topology addSource(
            org.apache.kafka.streams.AutoOffsetReset offsetReset,
            String name,
            Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer,
            String... topics) {
        super.addSource(offsetReset, name, keyDeserializer, valueDeserializer, topics);
        nodes.put(name, new Source(name, List.of(topics), null, keyDeserializer, valueDeserializer));
        return this;
    }

    @Override
    public synchronized <K, V> Topology addSource(
            org.apache.kafka.streams.AutoOffsetReset offsetReset,
            String name,
            TimestampExtractor timestampExtractor,
            Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer,
            String... topics) {
        super.addSource(offsetReset, name, timestampExtractor, keyDeserializer, valueDeserializer, topics);
        nodes.put(name, new Source(name, List.of(topics), timestampExtractor, keyDeserializer, valueDeserializer));
        return this;
    }

    @Override
    public synchronized <KIn, VIn, KOut, VOut> Topology addProcessor(
            String name, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier, String... parentNames) {
        super.addProcessor(name, supplier, parentNames);
        nodes.put(name, new Processor(name, supplier, List.of(parentNames)));
        Set<StoreBuilder<?>> own = supplier.stores();
        if (own != null) {
            own.forEach(b -> connect(b, name));
        }
        return this;
    }

    @Override
    public synchronized <S extends StateStore> Topology addStateStore(
            StoreBuilder<S> storeBuilder, String... processorNames) {
        super.addStateStore(storeBuilder, processorNames);
        stores.put(storeBuilder.name(), storeBuilder);
        for (String p : processorNames) {
            connect(storeBuilder, p);
        }
        return this;
    }

    private void connect(StoreBuilder<?> builder, String processor) {
        stores.put(builder.name(), builder);
        storesByProcessor.computeIfAbsent(processor, p -> new LinkedHashSet<>()).add(builder.name());
    }

    @Override
    public synchronized Topology connectProcessorAndStateStores(String processorName, String... stateStoreNames) {
        super.connectProcessorAndStateStores(processorName, stateStoreNames);
        storesByProcessor
                .computeIfAbsent(processorName, p -> new LinkedHashSet<>())
                .addAll(Arrays.asList(stateStoreNames));
        return this;
    }

    @Override
    public synchronized <K, V> Topology addSink(
            String name,
            String topic,
            Serializer<K> keySerializer,
            Serializer<V> valueSerializer,
            String... parentNames) {
        super.addSink(name, topic, keySerializer, valueSerializer, parentNames);
        nodes.put(name, new Sink(name, topic, keySerializer, valueSerializer, null, List.of(parentNames)));
        return this;
    }

    @Override
    public synchronized <K, V> Topology addSink(
            String name,
            String topic,
            Serializer<K> keySerializer,
            Serializer<V> valueSerializer,
            StreamPartitioner<? super K, ? super V> partitioner,
            String... parentNames) {
        super.addSink(name, topic, keySerializer, valueSerializer, partitioner, parentNames);
        nodes.put(name, new Sink(name, topic, keySerializer, valueSerializer, partitioner, List.of(parentNames)));
        return this;
    }

    @Override
    public synchronized <K, V, S extends StateStore> Topology addGlobalStore(
            StoreBuilder<S> storeBuilder,
            String sourceName,
            Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer,
            String topic,
            String processorName,
            ProcessorSupplier<K, V, Void, Void> stateUpdateSupplier) {
        super.addGlobalStore(
                storeBuilder,
                sourceName,
                keyDeserializer,
                valueDeserializer,
                topic,
                processorName,
                stateUpdateSupplier);
        globalStores.add(new GlobalStore(
                storeBuilder,
                new Source(sourceName, List.of(topic), null, keyDeserializer, valueDeserializer),
                new Processor(processorName, stateUpdateSupplier, List.of(sourceName))));
        return this;
    }

    @Override
    public synchronized <K, V, S extends StateStore> Topology addGlobalStore(
            StoreBuilder<S> storeBuilder,
            String sourceName,
            TimestampExtractor timestampExtractor,
            Deserializer<K> keyDeserializer,
            Deserializer<V> valueDeserializer,
            String topic,
            String processorName,
            ProcessorSupplier<K, V, Void, Void> stateUpdateSupplier) {
        super.addGlobalStore(
                storeBuilder,
                sourceName,
                timestampExtractor,
                keyDeserializer,
                valueDeserializer,
                topic,
                processorName,
                stateUpdateSupplier);
        globalStores.add(new GlobalStore(
                storeBuilder,
                new Source(sourceName, List.of(topic), timestampExtractor, keyDeserializer, valueDeserializer),
                new Processor(processorName, stateUpdateSupplier, List.of(sourceName))));
        return this;
    }

    /**
     * The recorded wiring, once checked against {@link #describe()}: the same nodes, each with the same
     * successors, topics and stores.
     *
     * @throws IllegalStateException if the topology holds what was not recorded (added in a way replay's engine
     *                               does not run)
     */
    synchronized Wiring wiring() {
        Map<String, String> described = new LinkedHashMap<>();
        TopologyDescription d = describe();
        for (TopologyDescription.Subtopology s : d.subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                described.put(n.name(), shape(n));
            }
        }
        for (TopologyDescription.GlobalStore g : d.globalStores()) {
            described.put(g.source().name(), shape(g.source()));
            described.put(g.processor().name(), shape(g.processor()));
        }
        Map<String, String> recorded = new LinkedHashMap<>();
        for (Node n : nodes.values()) {
            recorded.put(n.name(), shape(n, children(n.name())));
        }
        for (GlobalStore g : globalStores) {
            recorded.put(
                    g.source().name(), shape(g.source(), Set.of(g.processor().name())));
            recorded.put(
                    g.processor().name(),
                    "processor stores=" + new TreeSet<>(Set.of(g.store().name())) + " ->[]");
        }
        if (!described.equals(recorded)) {
            Set<String> differ = new TreeSet<>(described.keySet());
            differ.addAll(recorded.keySet());
            differ.removeIf(k -> Objects.equals(described.get(k), recorded.get(k)));
            throw new IllegalStateException("replay's engine cannot run this topology: nodes "
                    + differ.stream()
                            .map(k -> k + " (topology: " + described.get(k) + "; recorded: " + recorded.get(k) + ")")
                            .collect(Collectors.joining(", "))
                    + ". Add nodes with the Topology methods RecordedTopology records, or teach it the one used.");
        }
        Map<String, Set<String>> byProcessor = new LinkedHashMap<>();
        storesByProcessor.forEach((p, s) -> byProcessor.put(p, Set.copyOf(s)));
        return new Wiring(
                List.copyOf(nodes.values()), Map.copyOf(stores), Map.copyOf(byProcessor), List.copyOf(globalStores));
    }

    private Set<String> children(String name) {
        return nodes.values().stream()
                .filter(n -> n.parents().contains(name))
                .map(Node::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String shape(TopologyDescription.Node n) {
        Set<String> successors = n.successors().stream()
                .map(TopologyDescription.Node::name)
                .collect(Collectors.toCollection(TreeSet::new));
        if (n instanceof TopologyDescription.Source s) {
            return s.topicSet() == null
                    ? "source pattern=" + s.topicPattern() + " ->" + successors
                    : "source topics=" + new TreeSet<>(s.topicSet()) + " ->" + successors;
        }
        if (n instanceof TopologyDescription.Sink s) {
            return "sink topic=" + s.topic() + " ->" + successors;
        }
        if (n instanceof TopologyDescription.Processor p) {
            return "processor stores=" + new TreeSet<>(p.stores()) + " ->" + successors;
        }
        return n.getClass().getSimpleName();
    }

    private String shape(Node n, Set<String> children) {
        Set<String> successors = new TreeSet<>(children);
        if (n instanceof Source s) {
            return "source topics=" + new TreeSet<>(s.topics()) + " ->" + successors;
        }
        if (n instanceof Sink s) {
            return "sink topic=" + s.topic() + " ->" + successors;
        }
        return "processor stores=" + new TreeSet<>(storesByProcessor.getOrDefault(n.name(), Set.of())) + " ->"
                + successors;
    }
}
