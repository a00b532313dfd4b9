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
 * <p>{@code streamTime} is the event time the pipeline had reached when it emitted the record; the
 * wall clock at the call minus a record's event time is its end-to-end delay.
 */
public interface PipelineListener {

    PipelineListener NONE = new PipelineListener() {};

    default void recordProcessed(String topic, Instant occurredAt) {}

    default void duplicateIgnored(String topic) {}

    default void verdictEmitted(ClaimEligibility verdict, Instant streamTime) {}

    default void breachEmitted(DeadlineBreach breach, Instant streamTime) {}

    default void notificationEmitted(MerchantNotification notification) {}

    default void deadLettered(DeadLetter deadLetter) {}
}
