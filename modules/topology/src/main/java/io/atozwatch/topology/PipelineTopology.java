package io.atozwatch.topology;

import io.atozwatch.state.CaseEvent;
import io.atozwatch.topology.cases.OrderCaseProcessor;
import io.atozwatch.topology.cases.PolicyUpdater;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.input.InputDecoder;
import io.atozwatch.topology.merchants.MerchantPerformanceProcessor;
import java.util.function.LongUnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The pipeline, as the product describes it: the order-keyed input streams are decoded (bad records
 * to the dead-letter topic) and joined per order into a case; each case emits claim-eligibility
 * verdicts, deadline breaches and merchant notifications, reading merchant policies from a global
 * store fed by the compacted policies topic. Each case also sends what it adds to its merchant's
 * figures, re-keyed by merchant, to the merchants' side, which keeps the performance metrics, decides
 * the reserve tier, and publishes snapshots and reserve decisions.
 */
public final class PipelineTopology {
    public static final String CASES_STORE = "order-cases";
    public static final String DUE_INDEX_STORE = "order-cases-due";
    public static final String POLICIES_STORE = "merchant-policies-store";
    public static final String CASES_PROCESSOR = "order-cases";
    public static final String MERCHANT_STATE_STORE = "merchant-state";
    /** Each merchant's current figures, tier and reserve, for queries. */
    public static final String MERCHANT_VIEW_STORE = "merchant-performance-view";
    public static final String MERCHANT_DUE_STORE = "merchant-performance-due";
    public static final String MERCHANTS_PROCESSOR = "merchant-performance";

    private static final String ELIGIBILITY_SINK = "claim-eligibility-sink";
    private static final String BREACHES_SINK = "deadline-breaches-sink";
    private static final String NOTIFICATIONS_SINK = "merchant-notifications-sink";
    private static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    private static final String MERCHANT_FACTS_SINK = "merchant-facts-sink";
    private static final String PERFORMANCE_SINK = "merchant-performance-sink";
    private static final String DECISIONS_SINK = "reserve-decisions-sink";

    private PipelineTopology() {}

    public static Topology build(PipelineConfig config, Topics topics) {
        return build(config, topics, PipelineListener.NONE);
    }

    public static Topology build(PipelineConfig config, Topics topics, PipelineListener listener) {
        return build(config, topics, listener, LongUnaryOperator.identity());
    }

    /**
     * @param eventTimeAtWallClock the event time a wall-clock instant stands for (identity in
     *                             production; the demo compresses time)
     */
    public static Topology build(PipelineConfig config, Topics topics, PipelineListener listener,
                                 LongUnaryOperator eventTimeAtWallClock) {
        Topology t = new Topology();

        // Merchant policies: a global store, so every case sees every merchant's policy.
        t.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(POLICIES_STORE), Serdes.String(),
                        topics.merchantPolicies.valueSerde()).withLoggingDisabled(),
                "merchant-policies-source", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topics.merchantPolicies.name(), "merchant-policies-updater",
                () -> new PolicyUpdater(topics.merchantPolicies, POLICIES_STORE));

        // Order-keyed inputs, each decoded and checked on its own.
        String[] decoders = topics.orderInputs().stream().map(in -> addInput(t, in, listener)).toArray(String[]::new);

        // One case per order.
        t.addProcessor(CASES_PROCESSOR, () -> new OrderCaseProcessor(config,
                new OrderCaseProcessor.Names(CASES_STORE, DUE_INDEX_STORE, POLICIES_STORE),
                new OrderCaseProcessor.Children(ELIGIBILITY_SINK, BREACHES_SINK, NOTIFICATIONS_SINK, DEAD_LETTERS_SINK,
                        MERCHANT_FACTS_SINK),
                listener, e -> reserialize(topics, e), eventTimeAtWallClock), decoders);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CASES_STORE), Serdes.String(),
                topics.orderCaseSerde), CASES_PROCESSOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DUE_INDEX_STORE), Serdes.String(),
                Serdes.String()), CASES_PROCESSOR);

        addSink(t, ELIGIBILITY_SINK, topics.claimEligibility, CASES_PROCESSOR);
        addSink(t, BREACHES_SINK, topics.deadlineBreaches, CASES_PROCESSOR);
        addSink(t, MERCHANT_FACTS_SINK, topics.merchantFacts, CASES_PROCESSOR);

        // The merchants' side, partitioned by merchant id.
        t.addSource("merchant-facts-source", Serdes.String().deserializer(), topics.merchantFacts.valueSerde().deserializer(),
                topics.merchantFacts.name());
        t.addProcessor(MERCHANTS_PROCESSOR, () -> new MerchantPerformanceProcessor(config,
                new MerchantPerformanceProcessor.Stores(MERCHANT_STATE_STORE, MERCHANT_VIEW_STORE, MERCHANT_DUE_STORE),
                new MerchantPerformanceProcessor.Children(PERFORMANCE_SINK, DECISIONS_SINK, NOTIFICATIONS_SINK),
                eventTimeAtWallClock), "merchant-facts-source");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MERCHANT_STATE_STORE), Serdes.String(),
                topics.merchantStateSerde), MERCHANTS_PROCESSOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MERCHANT_VIEW_STORE), Serdes.String(),
                topics.merchantPerformance.valueSerde()), MERCHANTS_PROCESSOR);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MERCHANT_DUE_STORE), Serdes.String(),
                Serdes.String()), MERCHANTS_PROCESSOR);
        addSink(t, PERFORMANCE_SINK, topics.merchantPerformance, MERCHANTS_PROCESSOR);
        addSink(t, DECISIONS_SINK, topics.reserveDecisions, MERCHANTS_PROCESSOR);
        addSink(t, NOTIFICATIONS_SINK, topics.merchantNotifications, CASES_PROCESSOR, MERCHANTS_PROCESSOR);
        String[] deadLetterParents = new String[decoders.length + 1];
        System.arraycopy(decoders, 0, deadLetterParents, 0, decoders.length);
        deadLetterParents[decoders.length] = CASES_PROCESSOR;
        addSink(t, DEAD_LETTERS_SINK, topics.deadLetters, deadLetterParents);
        return t;
    }

    private static <V extends SpecificRecord> String addInput(Topology t, Topic<String, V> in, PipelineListener listener) {
        String source = in.name() + "-source";
        String decoder = in.name() + "-decoder";
        t.addSource(source, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), in.name());
        t.addProcessor(decoder, () -> new InputDecoder<>(in, CASES_PROCESSOR, DEAD_LETTERS_SINK, listener), source);
        return decoder;
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> void addSink(Topology t, String name, Topic<String, V> topic,
                                                           String... parents) {
        Serializer<Object> values = (Serializer<Object>) (Serializer<?>) topic.valueSerde().serializer();
        t.addSink(name, topic.name(), Serdes.String().serializer(), values, parents);
    }

    @SuppressWarnings("unchecked")
    private static byte[] reserialize(Topics topics, CaseEvent e) {
        Topic<String, ? extends SpecificRecord> topic = topics.orderInputs().stream()
                .filter(in -> in.name().equals(e.getSourceTopic())).findFirst().orElse(null);
        if (topic == null) {
            return null;
        }
        return ((Serializer<Object>) (Serializer<?>) topic.valueSerde().serializer()).serialize(topic.name(), e.getEvent());
    }
}
