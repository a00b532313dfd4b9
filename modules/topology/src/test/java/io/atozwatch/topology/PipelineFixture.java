package io.atozwatch.topology;

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
import io.atozwatch.serde.MockSchemaRegistry;
import io.atozwatch.state.OrderCase;
import io.atozwatch.topology.cases.CaseStore;
import io.atozwatch.topology.cases.DueIndex;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.time.InputProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The whole pipeline under {@link TopologyTestDriver}, with a private in-memory schema registry.
 * Events are piped with their occurredAt as record timestamp, as upstream systems stamp them.
 *
 * <p>Unless a test says otherwise the clock's grace is zero ({@code clock.grace=PT0S}): each event is
 * judged as soon as it is read, so that tests read like the scenarios they check. The driver processes
 * each record as it is piped, so the input is always read to its end; the wall clock (in event time)
 * moves the pipeline's clock on only when a test sets it ({@link #wallClockTo(String)}), after the quiet
 * period with no event. Events are checked against the real wall clock for lying in the future.
 */
public final class PipelineFixture implements AutoCloseable {

    public final Topics topics;
    private final PipelineConfig config;
    /** The event time the wall clock stands for, as a test sets it. */
    private final AtomicLong wallClock = new AtomicLong(Long.MIN_VALUE);

    private final String scope = "test-" + UUID.randomUUID();
    private final TopologyTestDriver driver;
    private final List<ClaimEligibility> verdicts = new ArrayList<>();
    private final List<TestRecord<String, DeadlineBreach>> breaches = new ArrayList<>();
    private final List<MerchantNotification> notifications = new ArrayList<>();
    private final List<TestRecord<String, DeadLetter>> deadLetters = new ArrayList<>();
    private final TestOutputTopic<String, ClaimEligibility> verdictTopic;
    private final TestOutputTopic<String, DeadlineBreach> breachTopic;
    private final TestOutputTopic<String, MerchantNotification> notificationTopic;
    /** The policy audit (see {@link PipelineTopology#buildPolicyAudit}), fed the policies the pipeline is fed. */
    private final TopologyTestDriver audit;

    private final TestOutputTopic<String, DeadLetter> auditDeadLetterTopic;
    private final TestOutputTopic<String, DeadLetter> deadLetterTopic;
    private final TestOutputTopic<String, MerchantPerformance> performanceTopic;
    private final TestOutputTopic<String, ReserveDecision> decisionTopic;
    private final List<TestRecord<String, MerchantPerformance>> snapshots = new ArrayList<>();
    private final List<ReserveDecision> decisions = new ArrayList<>();

    public PipelineFixture() {
        this(Map.of());
    }

    public PipelineFixture(Map<String, String> settings) {
        this(settings, InputProgress.ALWAYS_CAUGHT_UP);
    }

    /** @param progress whether the pipeline is read to the end of its input (always, under the driver, unless a test says otherwise) */
    public PipelineFixture(Map<String, String> settings, InputProgress progress) {
        this(settings, progress, null);
    }

    /** @param listener hears what the pipeline does (null: no one) */
    public PipelineFixture(Map<String, String> settings, InputProgress progress, PipelineListener listener) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("clock.grace", "PT0S"));
        all.putAll(settings);
        config = PipelineConfig.from(all);
        topics = new Topics(config.topics(), Map.of("schema.registry.url", "mock://" + scope));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fixture-" + scope);
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/kafka-streams");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(
                PipelineTopology.build(config, topics, runtime(listener).withProgress(progress)), props);
        Properties auditProps = new Properties();
        auditProps.putAll(props);
        auditProps.put(StreamsConfig.APPLICATION_ID_CONFIG, "fixture-audit-" + scope);
        audit = new TopologyTestDriver(
                PipelineTopology.buildPolicyAudit(config, topics, runtime(listener)), auditProps);
        auditDeadLetterTopic = audit.createOutputTopic(
                topics.deadLetters.name(),
                Serdes.String().deserializer(),
                topics.deadLetters.valueSerde().deserializer());
        verdictTopic = output(topics.claimEligibility);
        breachTopic = output(topics.deadlineBreaches);
        notificationTopic = output(topics.merchantNotifications);
        deadLetterTopic = output(topics.deadLetters);
        performanceTopic = output(topics.merchantPerformance);
        decisionTopic = output(topics.reserveDecisions);
    }

    private PipelineRuntime runtime(PipelineListener listener) {
        PipelineRuntime r = PipelineRuntime.inProcess(wallClock::get);
        return listener == null ? r : r.withListener(listener);
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> t) {
        return driver.createOutputTopic(
                t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer());
    }

    /** Pipes events, each to its topic, keyed by its order id, stamped with its occurredAt. */
    public PipelineFixture pipe(SpecificRecord... events) {
        for (SpecificRecord e : events) {
            pipeTo(topicOf(e), orderIdOf(e), e, OrderView.occurredAt(e));
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> void pipeTo(
            Topic<String, V> topic, String key, SpecificRecord value, Instant timestamp) {
        pipeBytes(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), (V) value), timestamp);
    }

    public void policy(MerchantPolicy p) {
        pipeTo(topics.merchantPolicies, p.getMerchantId(), p, p.getUpdatedAt());
    }

    /** Pipes raw bytes, as a misbehaving producer would. */
    public void pipeBytes(String topic, String key, byte[] value, Instant timestamp) {
        driver.createInputTopic(
                        topic, Serdes.String().serializer(), Serdes.ByteArray().serializer())
                .pipeInput(key, value, timestamp);
        if (topic.equals(topics.merchantPolicies.name())) { // read by the policy audit too
            audit.createInputTopic(
                            topic,
                            Serdes.String().serializer(),
                            Serdes.ByteArray().serializer())
                    .pipeInput(key, value, timestamp);
        }
    }

    /** Moves stream time by piping the PLACED of an unrelated order, of another merchant, at {@code at}. */
    public void streamTimeTo(String at) {
        OrderEvent tick = Ev.placed("clock-" + UUID.randomUUID(), at, 100, null);
        tick.setMerchantId("m-clock");
        pipe(tick);
    }

    /**
     * The wall clock now reads {@code at} (event time), and no event arrived for the quiet period: a
     * caught-up pipeline's clock moves to {@code at} less the grace.
     */
    public void wallClockTo(String at) {
        wallClock.set(Instant.parse(at).toEpochMilli());
        driver.advanceWallClockTime(
                config.clock().quietPeriod().plus(config.punctuation().interval()));
    }

    /** {@code d} of wall-clock time passes, with no event and the event time the wall clock stands for unchanged. */
    public void wallClockPasses(java.time.Duration d) {
        driver.advanceWallClockTime(d);
    }

    /** Time passes with no event until the pipeline's clock reaches {@code at}. */
    public void timePassesTo(String at) {
        wallClockTo(Instant.parse(at).plus(config.clock().grace()).toString());
    }

    /** The order side's clock: the instant it judges by. */
    public Instant watermark() {
        Long w = clockStore().get("watermark");
        return w == null ? null : Instant.ofEpochMilli(w);
    }

    private KeyValueStore<String, Long> clockStore() {
        return driver.getKeyValueStore(PipelineTopology.CASES_CLOCK_STORE);
    }

    public List<ClaimEligibility> verdicts() {
        verdictTopic.readValuesToList().forEach(verdicts::add);
        return List.copyOf(verdicts);
    }

    /** Verdicts, ignoring those of the clock orders used to move stream time. */
    public List<ClaimEligibility> verdictsFor(String orderId) {
        return verdicts().stream().filter(v -> v.getOrderId().equals(orderId)).toList();
    }

    public List<DeadlineBreach> breaches() {
        return breachRecords().stream().map(TestRecord::value).toList();
    }

    public List<TestRecord<String, DeadlineBreach>> breachRecords() {
        breaches.addAll(breachTopic.readRecordsToList());
        return List.copyOf(breaches);
    }

    public List<MerchantNotification> notifications() {
        notificationTopic.readValuesToList().forEach(notifications::add);
        return List.copyOf(notifications);
    }

    public List<TestRecord<String, DeadLetter>> deadLetters() {
        deadLetters.addAll(auditDeadLetterTopic.readRecordsToList());
        deadLetters.addAll(deadLetterTopic.readRecordsToList());
        return List.copyOf(deadLetters);
    }

    /** Snapshots published to merchant-performance. */
    public List<TestRecord<String, MerchantPerformance>> snapshots() {
        snapshots.addAll(performanceTopic.readRecordsToList());
        return List.copyOf(snapshots);
    }

    public List<ReserveDecision> decisions() {
        decisionTopic.readValuesToList().forEach(decisions::add);
        return List.copyOf(decisions);
    }

    /** The merchant's current figures, as the query API reads them. */
    public MerchantPerformance merchant(String merchantId) {
        KeyValueStore<String, MerchantPerformance> store =
                driver.getKeyValueStore(PipelineTopology.MERCHANT_VIEW_STORE);
        return store.get(merchantId);
    }

    /** The merchant's internal state (day buckets, running sums, latest decisions); null if none. */
    public io.atozwatch.state.MerchantState merchantState(String merchantId) {
        KeyValueStore<String, io.atozwatch.state.MerchantState> store =
                driver.getKeyValueStore(PipelineTopology.MERCHANT_STATE_STORE);
        return store.get(merchantId);
    }

    /** The private in-memory registry's URL, for tests that write with serializers of their own. */
    public String registryUrl() {
        return "mock://" + scope;
    }

    public OrderCase caseOf(String orderId) {
        KeyValueStore<String, OrderCase> store = driver.getKeyValueStore(PipelineTopology.CASES_STORE);
        return store.get(orderId);
    }

    /** The due index as a restarted task files it, from the stored cases' heads, each entry as "instant|order id". */
    public List<String> dueIndexKeys() {
        KeyValueStore<String, OrderCase> store = driver.getKeyValueStore(PipelineTopology.CASES_STORE);
        DueIndex index = new DueIndex();
        try (KeyValueIterator<String, OrderCase> heads = CaseStore.heads(store)) {
            index.fileEach(heads, OrderCase::getNextWakeAt);
        }
        return index.keys();
    }

    private Topic<String, ? extends SpecificRecord> topicOf(SpecificRecord e) {
        if (e instanceof OrderEvent) {
            return topics.orders;
        } else if (e instanceof ShipmentEvent) {
            return topics.shipments;
        } else if (e instanceof ReturnEvent) {
            return topics.returns;
        } else if (e instanceof RefundEvent) {
            return topics.refunds;
        } else if (e instanceof DisputeEvent) {
            return topics.disputes;
        }
        throw new IllegalArgumentException("not an order event: " + e);
    }

    private static String orderIdOf(SpecificRecord e) {
        return (String) e.get(e.getSchema().getField("orderId").pos());
    }

    @Override
    public void close() {
        driver.close();
        audit.close();
        MockSchemaRegistry.dropScope(scope);
    }
}
