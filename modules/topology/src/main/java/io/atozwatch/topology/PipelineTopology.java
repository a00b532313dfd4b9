package io.atozwatch.topology;

import io.atozwatch.state.OrderCase;
import io.atozwatch.topology.cases.CaseStoreBuilder;
import io.atozwatch.topology.cases.OrderCaseProcessor;
import io.atozwatch.topology.cases.PolicyUpdater;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.input.EventValidator;
import io.atozwatch.topology.input.InputDecoder;
import io.atozwatch.topology.input.PolicyValidator;
import io.atozwatch.topology.input.SaneTimestampExtractor;
import io.atozwatch.topology.merchants.MerchantFactsPartitioner;
import io.atozwatch.topology.merchants.MerchantPerformanceProcessor;
import io.atozwatch.topology.stores.CacheBudget;
import io.atozwatch.topology.stores.ObjectCachingStore;
import io.atozwatch.topology.stores.ObjectCachingStoreBuilder;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The pipeline, as the product describes it: the order-keyed input streams are decoded (bad records
 * to the dead-letter topic) and joined per order into a case; each case emits claim-eligibility
 * verdicts, deadline breaches and merchant notifications, reading merchant policies from a global
 * store fed by the compacted policies topic. Each case also sends what it adds to its merchant's
 * figures, re-keyed by merchant, to the merchants' side, which keeps the performance metrics, decides
 * the reserve tier, and publishes snapshots and reserve decisions. The two sides are separate
 * sub-topologies: each has its own tasks and its own clock.
 */
public final class PipelineTopology {
    public static final String CASES_STORE = "order-cases";
    /** Each order task's clock (see {@code TaskClock}). */
    public static final String CASES_CLOCK_STORE = "order-cases-clock";

    public static final String POLICIES_STORE = "merchant-policies-store";
    public static final String CASES_PROCESSOR = "order-cases";
    public static final String MERCHANT_STATE_STORE = "merchant-state";
    /** Each merchant's current figures, tier and reserve, for queries. */
    public static final String MERCHANT_VIEW_STORE = "merchant-performance-view";

    /** Facts waiting for the merchants' clock to pass the instant they are about. */
    public static final String MERCHANT_PENDING_STORE = "merchant-facts-pending";
    /** How far each order task has got, as the merchants' side heard it. */
    public static final String MERCHANT_CLOCK_STORE = "merchant-clock";

    public static final String MERCHANTS_PROCESSOR = "merchant-performance";

    private static final String ELIGIBILITY_SINK = "claim-eligibility-sink";
    private static final String BREACHES_SINK = "deadline-breaches-sink";
    private static final String ORDER_NOTIFICATIONS_SINK = "order-notifications-sink";
    private static final String MERCHANT_NOTIFICATIONS_SINK = "merchant-notifications-sink";
    private static final String DEAD_LETTERS_SINK = "dead-letters-sink";
    private static final String MERCHANT_FACTS_SINK = "merchant-facts-sink";
    private static final String PERFORMANCE_SINK = "merchant-performance-sink";
    private static final String DECISIONS_SINK = "reserve-decisions-sink";
    private static final String POLICY_VALIDATOR = "merchant-policies-validator";

    private PipelineTopology() {}

    public static Topology build(PipelineConfig config, Topics topics, PipelineRuntime runtime) {
        return build(config, topics, runtime, new Topology());
    }

    /** Wires the pipeline into {@code t}, a fresh topology (replay's engine passes one that records the wiring). */
    public static <T extends Topology> T build(PipelineConfig config, Topics topics, PipelineRuntime runtime, T t) {
        CacheBudget decodedValues = config.objectCacheEntries().isPresent()
                ? CacheBudget.NONE
                : CacheBudget.ofHeap(config.objectCacheHeapShare());

        // Merchant policies: a global store (fully read before any order is judged), so that every case sees
        // every merchant's policy; an invalid one is not applied (the audit below dead-letters it).
        t.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(POLICIES_STORE),
                                Serdes.String(),
                                topics.merchantPolicies.valueSerde())
                        .withLoggingDisabled(),
                "merchant-policies-source",
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(),
                topics.merchantPolicies.name(),
                "merchant-policies-updater",
                () -> new PolicyUpdater(
                        topics.merchantPolicies, POLICIES_STORE, config.limits().maxIdLength()));

        // The order side: order-keyed inputs, each decoded and checked on its own, then one case per order.
        SaneTimestampExtractor timestamps = new SaneTimestampExtractor(
                runtime.eventTimeNow(), config.clock().futureTolerance());
        String[] decoders = topics.orderInputs().stream()
                .map(in -> addInput(t, in, config, runtime, timestamps))
                .toArray(String[]::new);
        List<String> inputNames = topics.orderInputs().stream().map(Topic::name).toList();
        t.addProcessor(
                CASES_PROCESSOR,
                () -> new OrderCaseProcessor(
                        config,
                        new OrderCaseProcessor.Names(CASES_STORE, CASES_CLOCK_STORE, POLICIES_STORE),
                        new OrderCaseProcessor.Children(
                                ELIGIBILITY_SINK,
                                BREACHES_SINK,
                                ORDER_NOTIFICATIONS_SINK,
                                DEAD_LETTERS_SINK,
                                MERCHANT_FACTS_SINK),
                        runtime,
                        inputNames),
                decoders);
        t.addStateStore(decoded(caseStore(topics), config, decodedValues), CASES_PROCESSOR);
        t.addStateStore(cached(CASES_CLOCK_STORE, Serdes.Long()), CASES_PROCESSOR);
        addSink(t, ELIGIBILITY_SINK, topics.claimEligibility, CASES_PROCESSOR);
        addSink(t, BREACHES_SINK, topics.deadlineBreaches, CASES_PROCESSOR);
        addSink(t, ORDER_NOTIFICATIONS_SINK, topics.merchantNotifications, CASES_PROCESSOR);
        String[] deadLetterParents = new String[decoders.length + 1];
        System.arraycopy(decoders, 0, deadLetterParents, 0, decoders.length);
        deadLetterParents[decoders.length] = CASES_PROCESSOR;
        addSink(t, DEAD_LETTERS_SINK, topics.deadLetters, deadLetterParents);
        // What each order adds to its merchant's figures, re-keyed by merchant; heartbeats to every partition.
        t.addSink(
                MERCHANT_FACTS_SINK,
                topics.merchantFacts.name(),
                Serdes.String().serializer(),
                topics.merchantFacts.valueSerde().serializer(),
                new MerchantFactsPartitioner(),
                CASES_PROCESSOR);

        // The merchants' side: its own sub-topology behind the merchant-facts topic, partitioned by merchant.
        t.addSource(
                "merchant-facts-source",
                Serdes.String().deserializer(),
                topics.merchantFacts.valueSerde().deserializer(),
                topics.merchantFacts.name());
        t.addProcessor(
                MERCHANTS_PROCESSOR,
                () -> new MerchantPerformanceProcessor(
                        config,
                        new MerchantPerformanceProcessor.Stores(
                                MERCHANT_STATE_STORE,
                                MERCHANT_VIEW_STORE,
                                MERCHANT_PENDING_STORE,
                                MERCHANT_CLOCK_STORE),
                        new MerchantPerformanceProcessor.Children(
                                PERFORMANCE_SINK, DECISIONS_SINK, MERCHANT_NOTIFICATIONS_SINK),
                        runtime),
                "merchant-facts-source");
        t.addStateStore(
                decoded(uncached(MERCHANT_STATE_STORE, topics.merchantStateSerde), config, decodedValues),
                MERCHANTS_PROCESSOR);
        t.addStateStore(
                decoded(uncached(MERCHANT_VIEW_STORE, topics.merchantPerformance.valueSerde()), config, decodedValues),
                MERCHANTS_PROCESSOR);
        t.addStateStore(cached(MERCHANT_PENDING_STORE, topics.merchantFacts.valueSerde()), MERCHANTS_PROCESSOR);
        t.addStateStore(cached(MERCHANT_CLOCK_STORE, Serdes.Long()), MERCHANTS_PROCESSOR);
        addSink(t, PERFORMANCE_SINK, topics.merchantPerformance, MERCHANTS_PROCESSOR);
        addSink(t, DECISIONS_SINK, topics.reserveDecisions, MERCHANTS_PROCESSOR);
        addSink(t, MERCHANT_NOTIFICATIONS_SINK, topics.merchantNotifications, MERCHANTS_PROCESSOR);
        return t;
    }

    /**
     * The policy audit: merchant policies are input like any other, and an invalid one goes to the
     * dead-letter topic. A topology of its own (run as a second application, {@code <application.id>-policy-audit}),
     * because the policies topic already feeds the global store, and a topic may have one source only.
     */
    public static Topology buildPolicyAudit(PipelineConfig config, Topics topics, PipelineRuntime runtime) {
        return buildPolicyAudit(config, topics, runtime, new Topology());
    }

    /** Wires the policy audit into {@code t}, a fresh topology. */
    public static <T extends Topology> T buildPolicyAudit(
            PipelineConfig config, Topics topics, PipelineRuntime runtime, T t) {
        t.addSource(
                (org.apache.kafka.streams.AutoOffsetReset) null,
                "merchant-policies-audit-source",
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(),
                topics.merchantPolicies.name());
        t.addProcessor(
                POLICY_VALIDATOR,
                () -> new PolicyValidator(
                        topics.merchantPolicies,
                        DEAD_LETTERS_SINK,
                        runtime.listener(),
                        runtime.eventTimeNow(),
                        config.limits().maxIdLength()),
                "merchant-policies-audit-source");
        addSink(t, DEAD_LETTERS_SINK, topics.deadLetters, POLICY_VALIDATOR);
        return t;
    }

    /** A store read by key: the record cache saves reads and coalesces writes to the changelog. */
    private static <V> StoreBuilder<KeyValueStore<String, V>> cached(String name, Serde<V> values) {
        return uncached(name, values).withCachingEnabled();
    }

    /**
     * A store to put behind a cache of decoded values ({@link #decoded}), without Kafka Streams' record cache: the
     * decoded cache hands a value down once per commit already, and a record cache below it would only copy and sort
     * what passes through at every commit (bench, exactly-once, A B B A: 3,136 and 3,463 events/s with it, 3,634 and
     * 4,388 without; docs/performance.md).
     */
    private static <V> StoreBuilder<KeyValueStore<String, V>> uncached(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }

    /**
     * The order cases, each kept as a head and the parts it adds to ({@link CaseStore}), to put behind the cache of decoded
     * cases: without Kafka Streams' record cache, as {@link #uncached}.
     */
    public static StoreBuilder<KeyValueStore<String, OrderCase>> caseStore(Topics topics) {
        return new CaseStoreBuilder(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(CASES_STORE), Serdes.Bytes(), Serdes.ByteArray()),
                topics.orderCaseSerdes);
    }

    /**
     * A store whose values are read and rewritten at every record: they stay decoded in front of it, and are
     * written down once per commit (see {@link ObjectCachingStore}).
     */
    private static <V> StoreBuilder<KeyValueStore<String, V>> decoded(
            StoreBuilder<KeyValueStore<String, V>> store, PipelineConfig config, CacheBudget budget) {
        return new ObjectCachingStoreBuilder<>(
                store, config.objectCacheEntries().orElse(Integer.MAX_VALUE), budget);
    }

    private static <V extends SpecificRecord> String addInput(
            Topology t,
            Topic<String, V> in,
            PipelineConfig config,
            PipelineRuntime runtime,
            SaneTimestampExtractor timestamps) {
        String source = in.name() + "-source";
        String decoder = in.name() + "-decoder";
        // No reset policy of its own: the application's auto.offset.reset (earliest) applies.
        t.addSource(
                (org.apache.kafka.streams.AutoOffsetReset) null,
                source,
                timestamps,
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(),
                in.name());
        t.addProcessor(
                decoder,
                () -> new InputDecoder<>(
                        in,
                        CASES_PROCESSOR,
                        DEAD_LETTERS_SINK,
                        runtime.listener(),
                        runtime.eventTimeNow(),
                        config.clock().futureTolerance(),
                        EventValidator.of(config.limits())),
                source);
        return decoder;
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> void addSink(
            Topology t, String name, Topic<String, V> topic, String... parents) {
        Serializer<Object> values =
                (Serializer<Object>) (Serializer<?>) topic.valueSerde().serializer();
        t.addSink(name, topic.name(), Serdes.String().serializer(), values, parents);
    }
}
