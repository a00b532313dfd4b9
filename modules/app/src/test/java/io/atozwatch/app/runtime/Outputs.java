package io.atozwatch.app.runtime;

import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.replay.InProcessPipeline;
import io.atozwatch.app.replay.OutputRecord;
import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.events.ReserveDecision;
import io.atozwatch.topology.config.PipelineConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Everything the pipeline published, by kind, each list sorted by its records' text so that two runs
 * compare as multisets: what {@code replay} says (the oracle), or what a running app committed.
 */
record Outputs(
        List<String> verdicts,
        List<String> breaches,
        List<String> orderNotifications,
        List<String> merchantNotifications,
        List<String> performance,
        List<String> decisions,
        List<DeadLetter> deadLetters) {

    /** What replay says about {@code events} (in that order), its clock moved on to {@code until} at the end. */
    static Outputs replay(List<GeneratedEvent> events, Instant until, PipelineConfig config) {
        List<OutputRecord> out = new ArrayList<>();
        try (InProcessPipeline p = new InProcessPipeline(config)) {
            for (GeneratedEvent e : events) {
                p.pipe(e.topic(p.topics()).name(), e.key(), e.value(), e.timestamp());
                out.addAll(p.drain());
            }
            p.advanceClockTo(until);
            out.addAll(p.drain());
        }
        return of(out.stream()
                .map(OutputRecord::value)
                .map(v -> (SpecificRecord) v)
                .toList());
    }

    /** What the app committed on the cluster's output topics (read_committed). */
    static Outputs committed(ClusterFixture cluster) {
        List<SpecificRecord> all = new ArrayList<>();
        cluster.readAll(cluster.topics.claimEligibility).forEach(r -> all.add(r.value()));
        cluster.readAll(cluster.topics.deadlineBreaches).forEach(r -> all.add(r.value()));
        cluster.readAll(cluster.topics.merchantNotifications).forEach(r -> all.add(r.value()));
        cluster.readAll(cluster.topics.merchantPerformance).forEach(r -> all.add(r.value()));
        cluster.readAll(cluster.topics.reserveDecisions).forEach(r -> all.add(r.value()));
        cluster.readAll(cluster.topics.deadLetters).stream()
                .map(ConsumerRecord::value)
                .forEach(all::add);
        return of(all);
    }

    static Outputs of(List<SpecificRecord> records) {
        return new Outputs(
                sorted(records, r -> r instanceof ClaimEligibility),
                sorted(records, r -> r instanceof DeadlineBreach),
                sorted(records, r -> r instanceof MerchantNotification n && n.getOrderId() != null),
                sorted(records, r -> r instanceof MerchantNotification n && n.getOrderId() == null),
                sorted(records, r -> r instanceof MerchantPerformance),
                sorted(records, r -> r instanceof ReserveDecision),
                records.stream()
                        .filter(r -> r instanceof DeadLetter)
                        .map(r -> (DeadLetter) r)
                        .toList());
    }

    private static List<String> sorted(List<SpecificRecord> records, Predicate<SpecificRecord> kind) {
        return records.stream().filter(kind).map(Object::toString).sorted().toList();
    }

    /** Verdicts whose status is {@code status}, as text. */
    long count(String field, String value) {
        return verdicts.stream()
                        .filter(v -> v.contains("\"" + field + "\": \"" + value + "\""))
                        .count()
                + breaches.stream()
                        .filter(v -> v.contains("\"" + field + "\": \"" + value + "\""))
                        .count();
    }
}
