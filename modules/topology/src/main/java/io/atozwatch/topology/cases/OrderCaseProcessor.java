package io.atozwatch.topology.cases;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.EligibilityStatus;
import io.atozwatch.events.BreachStatus;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.state.CaseEvent;
import io.atozwatch.state.MerchantFacts;
import io.atozwatch.state.OrderCase;
import io.atozwatch.topology.PipelineListener;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.input.DeadLetters;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.time.PipelineClock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds each order's events into its case and emits what the case now says. Time-based facts are
 * found by two punctuators, on stream time (replay, tests) and on wall-clock time (production, so
 * that a deadline passes even when no event arrives); both read only the due index up to "now".
 */
public final class OrderCaseProcessor implements Processor<String, SpecificRecord, String, Object> {

    /** Where each kind of output goes. */
    public record Children(String verdicts, String breaches, String notifications, String deadLetters,
                           String merchantFacts) {}

    private final PipelineConfig config;
    private final Names names;
    private final Children children;
    private final PipelineListener listener;
    private final Function<CaseEvent, byte[]> reserialize;
    private final LongUnaryOperator eventTimeAtWallClock;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, OrderCase> cases;
    private DueIndex dueIndex;
    private CaseReconciler reconciler;
    private PipelineClock clock;

    /** Store names. */
    public record Names(String cases, String dueIndex, String policies) {}

    /**
     * @param reserialize          the event's bytes as on its source topic, for dead letters
     * @param eventTimeAtWallClock the event time that a wall-clock instant stands for: the identity in
     *                             production; a compressed clock in the demo
     */
    public OrderCaseProcessor(PipelineConfig config, Names names, Children children, PipelineListener listener,
                              Function<CaseEvent, byte[]> reserialize, LongUnaryOperator eventTimeAtWallClock) {
        this.config = config;
        this.names = names;
        this.children = children;
        this.listener = listener;
        this.reserialize = reserialize;
        this.eventTimeAtWallClock = eventTimeAtWallClock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.cases = context.getStateStore(names.cases());
        this.dueIndex = new DueIndex(context.getStateStore(names.dueIndex()));
        KeyValueStore<String, MerchantPolicy> policies = context.getStateStore(names.policies());
        this.reconciler = new CaseReconciler(config, merchantId -> PolicyUpdater.policyFor(policies, merchantId, config));
        this.clock = new PipelineClock(context, eventTimeAtWallClock, config.punctuation().wallClockGrace());
        clock.schedule(config.punctuation().interval(), this::fireDue);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        String topic = meta.map(RecordMetadata::topic).orElse("unknown");
        CaseEvent event = CaseEvent.newBuilder()
                .setSourceTopic(topic)
                .setSourcePartition(meta.map(RecordMetadata::partition).orElse(null))
                .setSourceOffset(meta.map(RecordMetadata::offset).orElse(null))
                .setEvent(record.value())
                .build();
        Instant now = clock.now();
        OrderCase c = cases.get(record.key());
        Instant previousWake = c == null ? null : c.getNextWakeAt();
        if (c == null) {
            c = CaseReconciler.newCase(record.key(), now);
        }
        if (!CaseReconciler.add(c, event)) {
            listener.duplicateIgnored(topic);
            return;
        }
        listener.recordProcessed(topic, OrderView.occurredAt(record.value()));
        settle(c, previousWake, now);
    }

    /** Looks again at every case due by now, earliest first, up to the configured batch. */
    private void fireDue() {
        Instant now = clock.now();
        for (DueIndex.Due due : dueIndex.due(now, config.punctuation().maxDuePerRun())) {
            OrderCase c = cases.get(due.orderId());
            if (c == null || !due.at().equals(c.getNextWakeAt())) {
                dueIndex.remove(due); // stale entry
                continue;
            }
            settle(c, due.at(), now);
        }
    }

    private void settle(OrderCase c, Instant previousWake, Instant now) {
        CaseReconciler.Result r = reconciler.reconcile(c, now);
        String orderId = c.getOrderId();
        for (ClaimEligibility v : r.verdicts()) {
            Instant at = v.getStatus() == EligibilityStatus.ELIGIBLE ? v.getDetectedAt() : now;
            context.forward(new Record<>(orderId, (Object) v, at.toEpochMilli()), children.verdicts());
            listener.verdictEmitted(v, now);
        }
        for (DeadlineBreach b : r.breaches()) {
            Instant at = b.getStatus() == BreachStatus.BREACHED ? b.getDueAt() : now;
            context.forward(new Record<>(orderId, (Object) b, at.toEpochMilli()), children.breaches());
            listener.breachEmitted(b, now);
        }
        for (MerchantNotification n : r.notifications()) {
            context.forward(new Record<>(n.getMerchantId(), (Object) n, n.getAt().toEpochMilli()), children.notifications());
            listener.notificationEmitted(n);
        }
        for (CaseReconciler.Rejected x : r.rejected()) {
            CaseEvent e = x.event();
            DeadLetter d = DeadLetters.of(x.reason(), e.getSourceTopic(), e.getSourcePartition(), e.getSourceOffset(),
                    orderId, reserialize.apply(e), now);
            context.forward(new Record<>(orderId, (Object) d, now.toEpochMilli(), DeadLetters.headers(d)),
                    children.deadLetters());
            listener.deadLettered(d);
        }
        if (r.merchantFacts() != null) {
            MerchantFacts f = r.merchantFacts();
            context.forward(new Record<>(f.getMerchantId(), (Object) f, now.toEpochMilli()), children.merchantFacts());
        }
        dueIndex.reschedule(orderId, previousWake, r.delete() ? null : r.nextWakeAt());
        if (r.delete()) {
            cases.delete(orderId);
        } else {
            cases.put(orderId, c);
        }
    }
}
