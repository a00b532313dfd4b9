package io.atozwatch.app.runtime;

import io.atozwatch.events.BreachStatus;
import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.DeadlineKind;
import io.atozwatch.events.EligibilityStatus;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.NotificationKind;
import io.atozwatch.topology.PipelineListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The pipeline's own counters, next to Kafka Streams' metrics on /metrics: records processed,
 * verdicts by condition and status, breaches by deadline, notifications, dead letters, duplicates;
 * the delay from the instant a fact is about (its detection or due instant) to its emission, and how
 * far behind its input the pipeline is (records not yet read; the event time between the wall clock
 * and the clock the pipeline judges by), all measured on the pipeline's own time line: the event time
 * the wall clock stands for (the identity in production; the demo compresses time).
 */
public final class PipelineMetrics implements PipelineListener {
    /** A task not heard from for this long is no longer counted (it moved to another instance). */
    private static final long TASK_REPORT_TTL_MILLIS = 10_000;

    private final MeterRegistry registry;
    private final LongSupplier eventTimeNow;
    private final Map<String, TaskClockReport> tasks = new ConcurrentHashMap<>();
    private volatile LongSupplier recordsBehind = () -> 0;

    private record TaskClockReport(Instant watermark, Instant wallClock, long reportedAtMillis) {}

    private final AtomicLong verdicts = new AtomicLong();
    private final AtomicLong breaches = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong warnings = new AtomicLong();
    /** Meters by name and tag values: each is registered once, not looked up in the registry per record. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    private final Map<String, Timer> delays = new ConcurrentHashMap<>();

    /** @param eventTimeNow the event time the wall clock stands for now, in epoch milliseconds */
    public PipelineMetrics(MeterRegistry registry, LongSupplier eventTimeNow) {
        this.registry = registry;
        this.eventTimeNow = eventTimeNow;
        Gauge.builder("atoz.input.lag.records", () -> recordsBehind.getAsLong())
                .description(
                        "Input records not yet processed and committed by the application (every instance); -1 until measured")
                .register(registry);
        Gauge.builder("atoz.input.lag.seconds", this::secondsBehind)
                .description(
                        "Event time between the wall clock and the clock the pipeline judges by, for the task furthest behind")
                .register(registry);
        // served from start-up, as the counters are, so that the dashboard's delay panel has its series
        delayTimer("claim-eligibility");
        delayTimer("deadline-breaches");
    }

    /** Where {@code atoz_input_lag_records} comes from. */
    public void recordsBehindFrom(LongSupplier source) {
        this.recordsBehind = source;
    }

    @Override
    public void watermark(String task, Instant watermark, Instant wallClock) {
        tasks.put(task, new TaskClockReport(watermark, wallClock, System.currentTimeMillis()));
    }

    /** Event-time seconds the task furthest behind has still to catch up; 0 when none has reported. */
    public double secondsBehind() {
        long now = System.currentTimeMillis();
        double worst = 0;
        for (TaskClockReport r : tasks.values()) {
            if (r.watermark() == null || now - r.reportedAtMillis() > TASK_REPORT_TTL_MILLIS) {
                continue;
            }
            worst = Math.max(
                    worst, Duration.between(r.watermark(), r.wallClock()).toMillis() / 1000.0);
        }
        return worst;
    }

    /** Each task's clock as it last reported it (tasks not heard from lately left out; null: nothing read yet). */
    public Map<String, Instant> watermarks() {
        long now = System.currentTimeMillis();
        Map<String, Instant> out = new java.util.TreeMap<>();
        tasks.forEach((task, r) -> {
            if (now - r.reportedAtMillis() <= TASK_REPORT_TTL_MILLIS) {
                out.put(task, r.watermark());
            }
        });
        return out;
    }

    public long recordsBehind() {
        return recordsBehind.getAsLong();
    }

    /**
     * Registers, at zero, every counter an alert may watch, for every value its tags can take (the input
     * topics given), so that each series exists from start-up: an alert on {@code atoz_dead_letters_total} or
     * {@code atoz_breaches_total} then sees a rise from 0, not a series appearing from nowhere, which
     * {@code rate()} and {@code increase()} cannot see.
     *
     * @param inputTopics the topics whose records are folded into cases (processed, duplicates)
     * @param deadLetterSources the topics a dead letter can come from
     */
    public PipelineMetrics startAtZero(Collection<String> inputTopics, Collection<String> deadLetterSources) {
        for (CoverageCondition c : CoverageCondition.values()) {
            for (EligibilityStatus s : EligibilityStatus.values()) {
                verdictCounter(c.name(), s.name());
            }
        }
        for (DeadlineKind k : DeadlineKind.values()) {
            for (BreachStatus s : BreachStatus.values()) {
                breachCounter(k.name(), s.name());
            }
        }
        for (NotificationKind k : NotificationKind.values()) {
            notificationCounter(k.name());
        }
        inputTopics.forEach(t -> {
            processedCounter(t);
            duplicateCounter(t);
        });
        deadLetterSources.forEach(this::deadLetterCounter);
        return this;
    }

    @Override
    public void recordProcessed(String topic, Instant occurredAt) {
        processed.incrementAndGet();
        processedCounter(topic).increment();
    }

    @Override
    public void duplicateIgnored(String topic) {
        duplicates.incrementAndGet();
        duplicateCounter(topic).increment();
    }

    @Override
    public void verdictEmitted(ClaimEligibility v, Instant watermark) {
        verdicts.incrementAndGet();
        verdictCounter(v.getCondition().name(), v.getStatus().name()).increment();
        delay("claim-eligibility", v.getDetectedAt());
    }

    @Override
    public void breachEmitted(DeadlineBreach b, Instant watermark) {
        breaches.incrementAndGet();
        breachCounter(b.getDeadline().name(), b.getStatus().name()).increment();
        delay("deadline-breaches", b.getDueAt());
    }

    @Override
    public void notificationEmitted(MerchantNotification n) {
        notificationCounter(n.getKind().name()).increment();
        if (n.getKind() == NotificationKind.AT_RISK) {
            warnings.incrementAndGet();
        }
    }

    @Override
    public void deadLettered(DeadLetter d) {
        deadLetters.incrementAndGet();
        deadLetterCounter(d.getSourceTopic()).increment();
    }

    private Counter processedCounter(String topic) {
        return counter("atoz.records.processed", "Input events folded into order cases", "topic", topic);
    }

    private Counter duplicateCounter(String topic) {
        return counter("atoz.records.duplicates", "Input events ignored as repeats of an eventId", "topic", topic);
    }

    private Counter verdictCounter(String condition, String status) {
        return counter("atoz.verdicts", "Claim-eligibility verdicts emitted", "condition", condition, "status", status);
    }

    private Counter breachCounter(String deadline, String status) {
        return counter("atoz.breaches", "Deadline breaches emitted", "deadline", deadline, "status", status);
    }

    private Counter notificationCounter(String kind) {
        return counter("atoz.notifications", "Merchant notifications emitted", "kind", kind);
    }

    private Counter deadLetterCounter(String sourceTopic) {
        return counter("atoz.dead.letters", "Records set aside on the dead-letter topic", "source_topic", sourceTopic);
    }

    private void delay(String output, Instant about) {
        Duration d = Duration.ofMillis(eventTimeNow.getAsLong() - about.toEpochMilli());
        delayTimer(output).record(d.isNegative() ? Duration.ZERO : d);
    }

    private Timer delayTimer(String output) {
        return delays.computeIfAbsent(
                output,
                o -> Timer.builder("atoz.emission.delay")
                        .description("From the instant a fact is about to its emission")
                        .tag("output", o)
                        .publishPercentileHistogram()
                        .register(registry));
    }

    /** The counter of that name and tags (key, value, ...), registered on first use. */
    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(
                name + '|' + String.join("|", tags),
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    public long verdicts() {
        return verdicts.get();
    }

    public long breaches() {
        return breaches.get();
    }

    public long deadLetters() {
        return deadLetters.get();
    }

    public long processed() {
        return processed.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    /** At-risk warnings sent to merchants. */
    public long warnings() {
        return warnings.get();
    }
}
