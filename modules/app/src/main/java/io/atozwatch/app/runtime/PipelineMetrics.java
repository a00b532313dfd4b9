package io.atozwatch.app.runtime;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.topology.PipelineListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline's own counters, next to Kafka Streams' metrics on /metrics: records processed,
 * verdicts by condition and status, breaches by deadline, notifications, dead letters, duplicates,
 * and the end-to-end delay from the instant a fact is about (its detection or due instant) to its
 * emission.
 */
public final class PipelineMetrics implements PipelineListener {
    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicLong verdicts = new AtomicLong();
    private final AtomicLong breaches = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    public PipelineMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public void recordProcessed(String topic, Instant occurredAt) {
        processed.incrementAndGet();
        Counter.builder("atoz.records.processed").description("Input events folded into order cases")
                .tag("topic", topic).register(registry).increment();
    }

    @Override
    public void duplicateIgnored(String topic) {
        duplicates.incrementAndGet();
        Counter.builder("atoz.records.duplicates").description("Input events ignored as repeats of an eventId")
                .tag("topic", topic).register(registry).increment();
    }

    @Override
    public void verdictEmitted(ClaimEligibility v, Instant streamTime) {
        verdicts.incrementAndGet();
        Counter.builder("atoz.verdicts").description("Claim-eligibility verdicts emitted")
                .tag("condition", v.getCondition().name()).tag("status", v.getStatus().name())
                .register(registry).increment();
        delay("claim-eligibility", v.getDetectedAt());
    }

    @Override
    public void breachEmitted(DeadlineBreach b, Instant streamTime) {
        breaches.incrementAndGet();
        Counter.builder("atoz.breaches").description("Deadline breaches emitted")
                .tag("deadline", b.getDeadline().name()).tag("status", b.getStatus().name())
                .register(registry).increment();
        delay("deadline-breaches", b.getDueAt());
    }

    @Override
    public void notificationEmitted(MerchantNotification n) {
        Counter.builder("atoz.notifications").description("Merchant notifications emitted")
                .tag("kind", n.getKind().name()).register(registry).increment();
    }

    @Override
    public void deadLettered(DeadLetter d) {
        deadLetters.incrementAndGet();
        Counter.builder("atoz.dead.letters").description("Records set aside on the dead-letter topic")
                .tag("source_topic", d.getSourceTopic()).register(registry).increment();
    }

    private void delay(String output, Instant about) {
        Duration d = Duration.between(about, clock.instant());
        Timer.builder("atoz.emission.delay").description("From the instant a fact is about to its emission")
                .tag("output", output).publishPercentileHistogram().register(registry)
                .record(d.isNegative() ? Duration.ZERO : d);
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
}
