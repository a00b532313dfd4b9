package io.atozwatch.topology.config;

import java.util.List;
import java.util.Properties;

/** The names of the topics, from configuration ({@code topic.<role>}). */
public record TopicNames(
        String orders,
        String shipments,
        String returns,
        String refunds,
        String disputes,
        String merchantPolicies,
        String claimEligibility,
        String deadlineBreaches,
        String merchantNotifications,
        String deadLetters,
        String merchantPerformance,
        String reserveDecisions,
        String merchantFacts) {

    static TopicNames from(Properties p) {
        return new TopicNames(
                p.getProperty("topic.orders"),
                p.getProperty("topic.shipments"),
                p.getProperty("topic.returns"),
                p.getProperty("topic.refunds"),
                p.getProperty("topic.disputes"),
                p.getProperty("topic.merchant-policies"),
                p.getProperty("topic.claim-eligibility"),
                p.getProperty("topic.deadline-breaches"),
                p.getProperty("topic.merchant-notifications"),
                p.getProperty("topic.dead-letters"),
                p.getProperty("topic.merchant-performance"),
                p.getProperty("topic.reserve-decisions"),
                p.getProperty("topic.merchant-facts"));
    }

    /** The order-keyed inputs, which must be co-partitioned. */
    public List<String> orderInputs() {
        return List.of(orders, shipments, returns, refunds, disputes);
    }
}
