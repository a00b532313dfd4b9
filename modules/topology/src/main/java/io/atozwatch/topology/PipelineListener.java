package io.atozwatch.topology;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.MerchantNotification;
import java.time.Instant;

/**
 * What the topology reports as it works, for metrics. The topology itself stays free of any metrics
 * library: the app plugs in an implementation. Every method must be cheap and must not throw.
 *
 * <p>{@code watermark} is the instant the pipeline judged by when it emitted the record (see
 * {@code io.atozwatch.topology.time.Watermark}).
 */
public interface PipelineListener {

    PipelineListener NONE = new PipelineListener() {};

    /** Tells {@code first}, then {@code second}, everything. */
    static PipelineListener both(PipelineListener first, PipelineListener second) {
        return new PipelineListener() {
            @Override
            public void recordProcessed(String topic, Instant occurredAt) {
                first.recordProcessed(topic, occurredAt);
                second.recordProcessed(topic, occurredAt);
            }

            @Override
            public void duplicateIgnored(String topic) {
                first.duplicateIgnored(topic);
                second.duplicateIgnored(topic);
            }

            @Override
            public void verdictEmitted(ClaimEligibility verdict, Instant watermark) {
                first.verdictEmitted(verdict, watermark);
                second.verdictEmitted(verdict, watermark);
            }

            @Override
            public void breachEmitted(DeadlineBreach breach, Instant watermark) {
                first.breachEmitted(breach, watermark);
                second.breachEmitted(breach, watermark);
            }

            @Override
            public void notificationEmitted(MerchantNotification notification) {
                first.notificationEmitted(notification);
                second.notificationEmitted(notification);
            }

            @Override
            public void deadLettered(DeadLetter deadLetter) {
                first.deadLettered(deadLetter);
                second.deadLettered(deadLetter);
            }

            @Override
            public void watermark(String task, Instant watermark, Instant wallClock) {
                first.watermark(task, watermark, wallClock);
                second.watermark(task, watermark, wallClock);
            }
        };
    }

    default void recordProcessed(String topic, Instant occurredAt) {}

    default void duplicateIgnored(String topic) {}

    default void verdictEmitted(ClaimEligibility verdict, Instant watermark) {}

    default void breachEmitted(DeadlineBreach breach, Instant watermark) {}

    default void notificationEmitted(MerchantNotification notification) {}

    default void deadLettered(DeadLetter deadLetter) {}

    /**
     * A task's clock, reported every punctuation interval.
     *
     * @param task      the task id ({@code 0_1}: sub-topology 0, partition 1)
     * @param watermark the instant the task judges by; null until it has read anything
     * @param wallClock the event time the wall clock stands for now: the difference is how far behind it is
     */
    default void watermark(String task, Instant watermark, Instant wallClock) {}
}
