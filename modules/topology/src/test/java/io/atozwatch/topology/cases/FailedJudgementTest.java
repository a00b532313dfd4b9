package io.atozwatch.topology.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atozwatch.events.MerchantNotification;
import io.atozwatch.state.OrderCase;
import io.atozwatch.topology.Ev;
import io.atozwatch.topology.PipelineListener;
import io.atozwatch.topology.PipelineRuntime;
import io.atozwatch.topology.PipelineTopology;
import io.atozwatch.topology.TestStores;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.input.InputEvent;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.stores.ObjectCachingStore;
import io.atozwatch.topology.stores.RecordCopy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An order whose judgement fails half-way (a bug, an output that cannot be written) goes back to what it was
 * before that record, including what earlier records changed since the last commit: their outputs go out with
 * that commit, so the case must keep saying they were sent. (Under the test driver every record is committed at
 * once; here, as in production, nothing is committed between records.)
 */
class FailedJudgementTest {
    private final PipelineConfig config = PipelineConfig.from(Map.of("clock.grace", "PT0S"));
    private final Topics topics =
            new Topics(config.topics(), Map.of("schema.registry.url", "mock://" + UUID.randomUUID()));
    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    /** Fails the judgement of the next event read, once. */
    private boolean failNext;
    /** Fails the next notice sent, once: after the judgement has changed the case. */
    private boolean failNextNotice;

    private KeyValueStore<String, OrderCase> cases;
    private OrderCaseProcessor processor;

    @BeforeEach
    void start() {
        context.setCurrentSystemTimeMs(Instant.parse("2026-03-01T00:00:00Z").toEpochMilli());
        cases = TestStores.cases(topics, 100);
        for (KeyValueStore<String, ?> s : List.of(
                cases,
                TestStores.inMemory(PipelineTopology.CASES_CLOCK_STORE, Serdes.Long()),
                TestStores.inMemory(PipelineTopology.POLICIES_STORE, topics.merchantPolicies.valueSerde()))) {
            s.init(context.getStateStoreContext(), s);
            context.addStateStore(s);
        }
        processor = newProcessor();
        processor.init(context);
    }

    /** The processor of a task that starts over the stores as they are. */
    private OrderCaseProcessor newProcessor() {
        PipelineListener failing = new PipelineListener() {
            @Override
            public void recordProcessed(String topic, Instant occurredAt) {
                if (failNext) {
                    failNext = false;
                    throw new IllegalStateException("a bug while judging");
                }
            }

            @Override
            public void notificationEmitted(MerchantNotification notification) {
                if (failNextNotice) {
                    failNextNotice = false;
                    throw new IllegalStateException("a notice that cannot be written");
                }
            }
        };
        return new OrderCaseProcessor(
                config,
                new OrderCaseProcessor.Names(
                        PipelineTopology.CASES_STORE,
                        PipelineTopology.CASES_CLOCK_STORE,
                        PipelineTopology.POLICIES_STORE),
                new OrderCaseProcessor.Children("verdicts", "breaches", "notifications", "dead-letters", "facts"),
                PipelineRuntime.inProcess(
                                () -> Instant.parse("2026-03-01T00:00:00Z").toEpochMilli())
                        .withListener(failing),
                List.of(config.topics().orders(), config.topics().shipments()));
    }

    /** The task commits, stops, and starts again over its stores. */
    private void restart() {
        ((ObjectCachingStore<String, OrderCase>) cases).flushCache();
        processor = newProcessor();
        processor.init(context);
        context.resetForwards();
    }

    /** Another order's events on both inputs move the task's clock to {@code at}. */
    private void clockTo(String at, long offset) {
        String other = "o-clock-" + offset;
        read(config.topics().orders(), offset, other, Ev.placed(other, at, 5_000, null));
        read(config.topics().shipments(), offset, other, Ev.shipped(other, "s-" + offset, at));
    }

    private List<String> forwardedTo(String child, String orderId) {
        return context.forwarded().stream()
                .filter(f -> f.childName().orElse("").equals(child))
                .map(f -> f.record().value().toString())
                .filter(v -> v.contains(orderId))
                .toList();
    }

    @Test
    void aRestartedTaskFilesEveryStoredCaseAtTheInstantItsHeadSays() {
        read(
                config.topics().orders(),
                0,
                "o-1",
                Ev.placed("o-1", "2026-03-01T10:00:00Z", 5_000, "2026-03-06T18:00:00Z"));
        restart();

        clockTo("2026-03-05T00:00:00Z", 1); // past the reminder of the delivery promise, 48 hours before it

        assertThat(forwardedTo("notifications", "o-1")).hasSize(1);
    }

    @Test
    void aCaseSetAsideWhenDueIsNotJudgedAgainAfterARestart() {
        read(
                config.topics().orders(),
                0,
                "o-1",
                Ev.placed("o-1", "2026-03-01T10:00:00Z", 5_000, "2026-03-06T18:00:00Z"));
        failNextNotice = true;
        clockTo("2026-03-05T00:00:00Z", 1);
        assertThat(forwardedTo("dead-letters", "o-1")).hasSize(1);
        restart();

        clockTo("2026-03-05T12:00:00Z", 2);

        assertThat(forwardedTo("notifications", "o-1"))
                .as("waits for its next event")
                .isEmpty();
        assertThat(forwardedTo("dead-letters", "o-1")).isEmpty();
    }

    private void read(String topic, long offset, String orderId, SpecificRecord event) {
        read(topic, offset, orderId, event, null);
    }

    /** As the record {@code raw}, read from {@code topic}. */
    private void read(String topic, long offset, String orderId, SpecificRecord event, byte[] raw) {
        context.setRecordMetadata(topic, 0, offset);
        processor.process(new Record<>(
                orderId, new InputEvent(event, raw), OrderView.occurredAt(event).toEpochMilli()));
    }

    @Test
    void aFailureKeepsWhatEarlierRecordsChangedSinceTheLastCommit() throws Exception {
        read(
                config.topics().orders(),
                0,
                "o-1",
                Ev.placed("o-1", "2026-03-01T10:00:00Z", 5_000, "2026-03-06T18:00:00Z"));
        OrderCase placed = RecordCopy.of(cases.get("o-1"));
        assertThat(ObjectCachingStore.isUncommitted(cases, "o-1"))
                .as("not committed yet")
                .isTrue();

        failNext = true;
        assertThatThrownBy(() ->
                        read(config.topics().shipments(), 0, "o-1", Ev.shipped("o-1", "s-1", "2026-03-02T10:00:00Z")))
                .hasMessage("a bug while judging");

        assertThat(cases.get("o-1")).as("not lost").isNotNull();
        assertThat(bytes(cases.get("o-1")))
                .as("the case as the PLACED left it, not half-changed")
                .isEqualTo(bytes(placed));
        read(config.topics().shipments(), 1, "o-1", Ev.shipped("o-1", "s-2", "2026-03-02T11:00:00Z"));
        assertThat(cases.get("o-1").getEvents()).hasSize(2);
        assertThat(context.forwarded()).noneMatch(f -> f.childName().orElse("").equals("dead-letters"));
    }

    /**
     * The copy put back shares the case's events with it: the judgement that failed had added the PLACED and, as
     * the case has its PLACED now, dropped the bytes kept of the event read before it; neither shows in the copy.
     */
    @Test
    void theCasePutBackKeepsItsEventsAsTheyWere() throws Exception {
        read(
                config.topics().shipments(),
                0,
                "o-3",
                Ev.shipped("o-3", "s-1", "2026-03-01T09:00:00Z"),
                "the shipment as received".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        OrderCase waiting = RecordCopy.of(cases.get("o-3"));
        assertThat(waiting.getEvents().get(0).getRaw())
                .as("kept until its PLACED")
                .isNotNull();
        assertThat(ObjectCachingStore.isUncommitted(cases, "o-3")).isTrue();

        failNextNotice = true;
        assertThatThrownBy(() -> read(
                        config.topics().orders(),
                        0,
                        "o-3",
                        Ev.placed("o-3", "2026-03-01T10:00:00Z", 5_000, "2026-03-06T18:00:00Z")))
                .hasMessage("a notice that cannot be written");

        assertThat(bytes(cases.get("o-3")))
                .as("the case as the shipment left it, its bytes kept")
                .isEqualTo(bytes(waiting));
    }

    @Test
    void aFailureOnACommittedCaseReadsItAgainFromTheStore() throws Exception {
        read(
                config.topics().orders(),
                0,
                "o-2",
                Ev.placed("o-2", "2026-03-01T10:00:00Z", 5_000, "2026-03-06T18:00:00Z"));
        ((ObjectCachingStore<String, OrderCase>) cases).flushCache(); // the commit
        OrderCase committed = RecordCopy.of(cases.get("o-2"));
        assertThat(ObjectCachingStore.isUncommitted(cases, "o-2")).isFalse();

        failNext = true;
        assertThatThrownBy(() ->
                        read(config.topics().shipments(), 0, "o-2", Ev.shipped("o-2", "s-1", "2026-03-02T10:00:00Z")))
                .hasMessage("a bug while judging");

        assertThat(bytes(cases.get("o-2"))).isEqualTo(bytes(committed));
    }

    /** Avro's equals cannot compare a timestamp in a union; the encodings can. */
    private static byte[] bytes(OrderCase c) throws Exception {
        java.nio.ByteBuffer b = c.toByteBuffer();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
