package io.atozwatch.topology.cases;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.state.CaseEvent;
import io.atozwatch.state.MerchantFacts;
import io.atozwatch.state.OrderCase;
import io.atozwatch.state.PolicySnapshot;
import io.atozwatch.topology.PipelineRuntime;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.input.DeadLetters;
import io.atozwatch.topology.input.InputEvent;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.stores.ObjectCachingStore;
import io.atozwatch.topology.time.TaskClock;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds each order's events into its case and emits what the case says, judged by the task's
 * watermark ({@link TaskClock}): an event is judged once the watermark has passed the instant it
 * occurred at, and a case is looked at again, through the due index, when the watermark passes the
 * next instant it asked for. Tells the merchants' side how far it has got: every fact it sends, and a
 * heartbeat to every merchant partition when nothing else did, carries the instant up to which this
 * task has sent all its facts.
 */
public final class OrderCaseProcessor implements Processor<String, InputEvent, String, Object> {
    private static final Logger log = LoggerFactory.getLogger(OrderCaseProcessor.class);

    /** Where each kind of output goes. */
    public record Children(
            String verdicts, String breaches, String notifications, String deadLetters, String merchantFacts) {}

    /** Store names. */
    public record Names(String cases, String clock, String policies) {}

    private final PipelineConfig config;
    private final Names names;
    private final Children children;
    private final PipelineRuntime runtime;
    private final List<String> inputTopics;
    private final CaseLimits limits;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, OrderCase> cases;
    private DueIndex dueIndex;
    private CaseReconciler reconciler;
    private TaskClock clock;
    private int sourcePartitions;
    /**
     * The index holds nothing before this instant (what was due before it was handled), and nothing before
     * {@link #nextDue}: no check needs to read it until the clock reaches that (null: the index is empty).
     */
    private Instant drainedUpTo = Instant.EPOCH;

    private Instant nextDue;
    /** Every fact up to this instant has been sent (null: nothing yet). */
    private Instant sentUpTo;
    /**
     * What the last heartbeat told every merchant partition, so that an unchanged one is not repeated (a fact
     * tells only its own merchant's partition).
     */
    private Instant heartbeatSentUpTo;

    private Boolean heartbeatIdle;
    /** Facts of the current step, forwarded together at its end so that only the last one may move the merchants' clock. */
    private final List<MerchantFacts> pendingFacts = new ArrayList<>();

    /**
     * @param inputTopics the order-keyed inputs this processor reads (their partition of this task is what
     *                    must be read to the end for the wall clock to count)
     */
    public OrderCaseProcessor(
            PipelineConfig config, Names names, Children children, PipelineRuntime runtime, List<String> inputTopics) {
        this.config = config;
        this.names = names;
        this.children = children;
        this.runtime = runtime;
        this.inputTopics = List.copyOf(inputTopics);
        this.limits = new CaseLimits(config.limits());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.cases = context.getStateStore(names.cases());
        this.dueIndex = new DueIndex();
        fileEveryCase();
        KeyValueStore<String, MerchantPolicy> policies = context.getStateStore(names.policies());
        this.reconciler = new CaseReconciler(config, new CaseReconciler.Policies() {
            @Override
            public PolicySnapshot current(String merchantId) {
                return PolicyUpdater.policyFor(policies, merchantId, config);
            }

            @Override
            public PolicySnapshot publishedBy(String merchantId, Instant instant) {
                return PolicyUpdater.publishedBy(policies, merchantId, instant);
            }
        });
        this.clock = new TaskClock(context, context.getStateStore(names.clock()), config.clock(), runtime, inputTopics);
        this.nextDue = dueIndex.earliest();
        this.sentUpTo = clock.now();
        this.sourcePartitions = runtime.inputPartitions();
        context.schedule(config.punctuation().interval(), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    /**
     * Files every stored case at the instant it asked to be looked at, as its head says: the due index is kept in
     * memory only (see {@link DueIndex}). Reads every case's head once (not its events); with no case stored, costs
     * nothing.
     */
    private void fileEveryCase() {
        long start = System.nanoTime();
        int filed;
        try (KeyValueIterator<String, OrderCase> heads = CaseStore.heads(cases)) {
            filed = dueIndex.fileEach(heads, OrderCase::getNextWakeAt);
        }
        if (filed > 0) {
            log.info(
                    "Task {}: filed {} stored cases in the due index in {} ms",
                    context.taskId(),
                    filed,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Override
    public void process(Record<String, InputEvent> record) {
        String orderId = record.key();
        OrderCase before = ObjectCachingStore.uncommittedCopy(cases, orderId, CaseReconciler::snapshot);
        int factsBefore = pendingFacts.size();
        try {
            fold(record);
        } catch (RuntimeException e) {
            Instant wake = putBack(orderId, before, factsBefore);
            if (wake != null && (nextDue == null || wake.isBefore(nextDue))) {
                nextDue = wake;
            }
            throw e;
        }
    }

    /**
     * Judging an order failed half-way (a bug, a record that cannot be written): its case goes back to what it was
     * before ({@code before}, or as stored), filed in the due index where it says, and the facts of the failed
     * step are not sent.
     *
     * @return the instant the case is filed at (null: none)
     */
    private Instant putBack(String orderId, OrderCase before, int factsBefore) {
        OrderCase c = ObjectCachingStore.putBack(cases, orderId, before);
        Instant wake = c == null ? null : c.getNextWakeAt();
        dueIndex.refile(orderId, wake);
        pendingFacts.subList(factsBefore, pendingFacts.size()).clear();
        return wake;
    }

    private void fold(Record<String, InputEvent> record) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        String topic = meta.map(RecordMetadata::topic).orElse("unknown");
        byte[] raw = record.value().raw();
        CaseEvent event = CaseEvent.newBuilder()
                .setSourceTopic(topic)
                .setSourcePartition(meta.map(RecordMetadata::partition).orElse(null))
                .setSourceOffset(meta.map(RecordMetadata::offset).orElse(null))
                .setEvent(record.value().event())
                .setRaw(raw == null ? null : ByteBuffer.wrap(raw))
                .build();
        Instant occurredAt = OrderView.occurredAt(record.value().event());
        clock.read(topic, occurredAt);
        OrderCase c = cases.get(record.key());
        Instant previousWake = c == null ? null : c.getNextWakeAt();
        if (c == null) {
            c = CaseReconciler.newCase(record.key());
        }
        int size = raw == null ? 0 : raw.length;
        Optional<String> refusal;
        if (CaseReconciler.contains(c, event)) {
            runtime.listener().duplicateIgnored(topic);
        } else if ((refusal = limits.refusal(c, event, size)).isPresent()) {
            deadLetter(event, record.key(), refusal.get(), Instant.ofEpochMilli(record.timestamp()));
        } else {
            if (c.getPolicy() != null) {
                event.setRaw(null); // the case has its PLACED: it will not set this event aside
            }
            SharedStrings.share(event, c.getOrderId());
            CaseReconciler.insert(c, event);
            CaseLimits.taken(c, size);
            runtime.listener().recordProcessed(topic, occurredAt);
            settle(c, previousWake, clock.now());
        }
        fireDue(); // what the clock, if it moved, made due; and what a batch left over
        flushFacts();
    }

    /** Every punctuation interval of wall-clock time: the clock may move on; the merchants' side hears how far this task got. */
    private void onWallClock(long wallClockMs) {
        clock.tick(wallClockMs);
        fireDue(); // also what a batch left over
        flushFacts();
        heartbeat(clock.idle(wallClockMs));
        runtime.listener().watermark(context.taskId().toString(), clock.now(), clock.wallClock(wallClockMs));
    }

    /** Looks again at every case due by now, earliest first, up to the configured batch. */
    private void fireDue() {
        Instant now = clock.now();
        if (now == null) {
            return;
        }
        if (nextDue != null && !nextDue.isAfter(now)) {
            DueIndex.Scan scan =
                    dueIndex.scan(drainedUpTo, now, config.punctuation().maxDuePerRun());
            nextDue = scan.next(); // cases settled below file themselves later than now, and lower it if earlier
            for (DueIndex.Due due : scan.due()) {
                OrderCase c = cases.get(due.orderId());
                if (c == null || !due.at().equals(c.getNextWakeAt())) {
                    dueIndex.remove(due); // stale entry
                    continue;
                }
                OrderCase before = ObjectCachingStore.uncommittedCopy(cases, due.orderId(), CaseReconciler::snapshot);
                int factsBefore = pendingFacts.size();
                try {
                    settle(c, due.at(), now);
                } catch (RuntimeException e) {
                    quarantine(c.getOrderId(), due, e, now, before, factsBefore);
                }
            }
            drainedUpTo = nextDue != null && !nextDue.isAfter(now) ? nextDue : now;
        }
        // Everything due by now is done, unless the batch ran out first.
        sentUpTo = nextDue != null && !nextDue.isAfter(now) ? nextDue.minusMillis(1) : now;
    }

    /**
     * A case that cannot be judged when it is due (a bug, a store error) must not stop the check of every
     * other case, nor be tried again at every check: it leaves the due index, stays as it was stored, is
     * judged again when its next event arrives, and a dead letter says what happened.
     */
    private void quarantine(
            String orderId, DueIndex.Due due, RuntimeException e, Instant now, OrderCase before, int factsBefore) {
        log.error("Judging order {} (due at {}) failed; it waits for its next event", orderId, due.at(), e);
        putBack(orderId, before, factsBefore); // as it was, not as the failed judgement left it
        dueIndex.remove(due);
        OrderCase kept = cases.get(orderId);
        if (kept != null && due.at().equals(kept.getNextWakeAt())) {
            kept.setNextWakeAt(null); // nor filed again when its task restarts (the index is made from the heads)
            cases.put(orderId, kept);
        }
        setAside(DeadLetters.of(
                "judging order " + orderId + " (due at " + due.at() + ") failed: " + e
                        + "; the case waits for its next event",
                "punctuation:" + context.taskId(),
                null,
                null,
                orderId,
                null,
                now));
    }

    private void settle(OrderCase c, Instant previousWake, Instant now) {
        CaseReconciler.Result r = reconciler.reconcile(c, now);
        String orderId = c.getOrderId();
        for (CaseReconciler.Stamped<ClaimEligibility> v : r.verdicts()) {
            context.forward(new Record<>(orderId, (Object) v.value(), v.at().toEpochMilli()), children.verdicts());
            runtime.listener().verdictEmitted(v.value(), now);
        }
        for (CaseReconciler.Stamped<DeadlineBreach> b : r.breaches()) {
            context.forward(new Record<>(orderId, (Object) b.value(), b.at().toEpochMilli()), children.breaches());
            runtime.listener().breachEmitted(b.value(), now);
        }
        for (MerchantNotification n : r.notifications()) {
            context.forward(
                    new Record<>(n.getMerchantId(), (Object) n, n.getAt().toEpochMilli()), children.notifications());
            runtime.listener().notificationEmitted(n);
        }
        for (CaseReconciler.Rejected x : r.rejected()) {
            deadLetter(x.event(), orderId, x.reason(), now);
        }
        pendingFacts.addAll(r.merchantFacts());
        store(c, previousWake, r.nextWakeAt(), r.delete());
    }

    /** Sets an event aside, with its record's bytes as received when the case still has them. */
    private void deadLetter(CaseEvent e, String orderId, String reason, Instant at) {
        ByteBuffer raw = e.getRaw();
        byte[] payload = null;
        if (raw != null) {
            payload = new byte[raw.remaining()];
            raw.duplicate().get(payload);
        }
        setAside(DeadLetters.of(
                reason, e.getSourceTopic(), e.getSourcePartition(), e.getSourceOffset(), orderId, payload, at));
    }

    private void setAside(DeadLetter d) {
        context.forward(DeadLetters.record(d), children.deadLetters());
        runtime.listener().deadLettered(d);
    }

    private void store(OrderCase c, Instant previousWake, Instant nextWake, boolean delete) {
        String orderId = c.getOrderId();
        c.setNextWakeAt(delete ? null : nextWake);
        dueIndex.reschedule(orderId, previousWake, c.getNextWakeAt());
        if (c.getNextWakeAt() != null && (nextDue == null || c.getNextWakeAt().isBefore(nextDue))) {
            nextDue = c.getNextWakeAt();
        }
        if (delete) {
            cases.delete(orderId);
        } else {
            cases.put(orderId, c);
        }
    }

    /**
     * Sends the facts of this step to the merchants' side. Each carries how far this task has sent all its
     * facts; only the last one may say "up to now", as the ones before it are still to be applied.
     */
    private void flushFacts() {
        for (int i = 0; i < pendingFacts.size(); i++) {
            MerchantFacts f = pendingFacts.get(i);
            boolean last = i == pendingFacts.size() - 1;
            stampSource(f, last ? sentUpTo : heartbeatSentUpTo);
            // Stamped with the wall clock: the topic's retention must count from when it was written, not from
            // the (possibly months-old) instant the fact is about, which the value carries.
            context.forward(
                    new Record<>(f.getMerchantId(), (Object) f, context.currentSystemTimeMs()),
                    children.merchantFacts());
        }
        pendingFacts.clear();
    }

    /** Tells every merchant partition how far this task has got, if that changed since it last said. */
    private void heartbeat(boolean idle) {
        if (Objects.equals(heartbeatSentUpTo, sentUpTo) && Boolean.valueOf(idle).equals(heartbeatIdle)) {
            return;
        }
        MerchantFacts h = MerchantFacts.newBuilder()
                .setMerchantId(null)
                .setOrderId(null)
                .setAt(null)
                .setPrevious(null)
                .setCurrent(null)
                .build();
        stampSource(h, sentUpTo);
        h.setSourceIdle(idle);
        context.forward(new Record<>(null, (Object) h, context.currentSystemTimeMs()), children.merchantFacts());
        heartbeatSentUpTo = sentUpTo;
        heartbeatIdle = idle;
    }

    private void stampSource(MerchantFacts f, Instant upTo) {
        f.setSourcePartition(context.taskId().partition());
        f.setSourcePartitions(sourcePartitions);
        f.setSourceWatermark(upTo);
        f.setSourceIdle(false);
    }
}
