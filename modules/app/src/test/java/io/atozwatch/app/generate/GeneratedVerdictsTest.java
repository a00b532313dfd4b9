package io.atozwatch.app.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.replay.InProcessPipeline;
import io.atozwatch.app.replay.OutputRecord;
import io.atozwatch.events.BreachStatus;
import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.DeadlineKind;
import io.atozwatch.events.EligibilityStatus;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.topology.config.PipelineConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviours show in what the real topology says: 3,000 generated orders run through the pipeline
 * in-process, then the clock moved far past the last event so that every deadline falls due.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedVerdictsTest {
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    /** Standing ELIGIBLE verdicts (voided ones taken out) by behaviour and condition. */
    private final Map<Behaviour, Map<CoverageCondition, Integer>> eligible = new EnumMap<>(Behaviour.class);
    /** Verdicts voided afterwards, by behaviour. */
    private final Map<Behaviour, Integer> voided = new EnumMap<>(Behaviour.class);
    /** Breaches not retracted, by behaviour and deadline. */
    private final Map<Behaviour, Map<DeadlineKind, Integer>> breached = new EnumMap<>(Behaviour.class);

    private final Map<Behaviour, Integer> orders = new EnumMap<>(Behaviour.class);
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    @BeforeAll
    void runThePipeline() {
        TrafficGenerator generator =
                new TrafficGenerator(GeneratorOptions.defaults(42, START).withOrders(3000));
        Map<String, Behaviour> behaviourOf = new HashMap<>();
        generator.merchants().forEach(m -> behaviourOf.put(m.merchantId(), m.behaviour()));
        for (Behaviour b : Behaviour.values()) {
            eligible.put(b, new EnumMap<>(CoverageCondition.class));
            breached.put(b, new EnumMap<>(DeadlineKind.class));
            orders.put(b, 0);
            voided.put(b, 0);
        }
        List<OutputRecord> out = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        long started = System.nanoTime();
        Instant last = START;
        try (InProcessPipeline pipeline = new InProcessPipeline(PipelineConfig.defaults())) {
            int piped = 0;
            while (generator.hasNext()) {
                GeneratedEvent e = generator.next();
                pipeline.pipe(e.topic(pipeline.topics()).name(), e.key(), e.value(), e.timestamp());
                if (e.value() instanceof OrderEvent o
                        && o.getType() == OrderEventType.PLACED
                        && placed.add(o.getOrderId())) {
                    orders.merge(behaviourOf.get(o.getMerchantId()), 1, Integer::sum);
                }
                last = e.timestamp().isAfter(last) ? e.timestamp() : last;
                if (++piped % 2000 == 0) {
                    out.addAll(pipeline.drain());
                }
            }
            pipeline.advanceClockTo(last.plus(Duration.ofDays(60)));
            out.addAll(pipeline.drain());
        }
        for (OutputRecord r : out) {
            if (r.value() instanceof ClaimEligibility v) {
                Behaviour b = behaviourOf.get(v.getMerchantId());
                eligible.get(b)
                        .merge(v.getCondition(), v.getStatus() == EligibilityStatus.ELIGIBLE ? 1 : -1, Integer::sum);
                if (v.getStatus() == EligibilityStatus.VOIDED) {
                    voided.merge(b, 1, Integer::sum);
                }
            } else if (r.value() instanceof DeadlineBreach d) {
                breached.get(behaviourOf.get(d.getMerchantId()))
                        .merge(d.getDeadline(), d.getStatus() == BreachStatus.BREACHED ? 1 : -1, Integer::sum);
            } else if (r.value() instanceof DeadLetter d) {
                deadLetters.add(d);
            }
        }
        System.out.printf(
                "[GeneratedVerdictsTest] %,d orders through the pipeline in %,d ms%n",
                placed.size(), (System.nanoTime() - started) / 1_000_000);
        for (Behaviour b : Behaviour.values()) {
            System.out.printf(
                    "[GeneratedVerdictsTest] %-16s orders %4d  eligible %s  voided %d  breached %s%n",
                    b, orders.get(b), eligible.get(b), voided.get(b), breached.get(b));
        }
    }

    private int eligible(Behaviour b, CoverageCondition c) {
        return eligible.get(b).getOrDefault(c, 0);
    }

    private int eligible(CoverageCondition c) {
        return eligible.values().stream().mapToInt(m -> m.getOrDefault(c, 0)).sum();
    }

    private int breached(Behaviour b, DeadlineKind d) {
        return breached.get(b).getOrDefault(d, 0);
    }

    private int breached(DeadlineKind d) {
        return breached.values().stream().mapToInt(m -> m.getOrDefault(d, 0)).sum();
    }

    @Test
    void everyEventIsUsedAndEveryConditionAndDeadlineShows() {
        assertThat(deadLetters).isEmpty();
        assertThat(orders.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(3000);
        for (CoverageCondition c : CoverageCondition.values()) {
            assertThat(eligible(c)).as("%s verdicts", c).isPositive();
        }
        for (DeadlineKind d : DeadlineKind.values()) {
            assertThat(breached(d)).as("%s breaches", d).isPositive();
        }
    }

    /**
     * {@code mine} of {@code all} verdicts or breaches are at merchants of {@code behaviour}: at least
     * {@code minShare} of them, and per order at least {@code minFactor} times as often as at the other merchants.
     */
    private void assertConcentrated(
            String what, Behaviour behaviour, int mine, int all, double minShare, double minFactor) {
        int myOrders = orders.get(behaviour);
        int otherOrders = orders.values().stream().mapToInt(Integer::intValue).sum() - myOrders;
        double myRate = (double) mine / myOrders;
        double otherRate = (double) (all - mine) / otherOrders;
        assertThat(mine).as("%s at %s merchants", what, behaviour).isGreaterThanOrEqualTo(5);
        assertThat((double) mine / all)
                .as("share of %s at %s merchants (%d of %d)", what, behaviour, mine, all)
                .isGreaterThanOrEqualTo(minShare);
        assertThat(myRate)
                .as("%s per order at %s merchants (%.4f) against the others (%.4f)", what, behaviour, myRate, otherRate)
                .isGreaterThanOrEqualTo(minFactor * otherRate);
    }

    @Test
    void overchargedVerdictsAreAllForMerchantsThatOvercharge() {
        assertConcentrated(
                "OVERCHARGED",
                Behaviour.OVERCHARGES,
                eligible(Behaviour.OVERCHARGES, CoverageCondition.OVERCHARGED),
                eligible(CoverageCondition.OVERCHARGED),
                1.0,
                1);
        assertThat(eligible(Behaviour.OVERCHARGES, CoverageCondition.OVERCHARGED))
                .isGreaterThan(orders.get(Behaviour.OVERCHARGES) / 5);
    }

    @Test
    void refusedReturnsAreAllForMerchantsThatRefuseThem() {
        assertConcentrated(
                "RETURN_REFUSED",
                Behaviour.REFUSES_RETURNS,
                eligible(Behaviour.REFUSES_RETURNS, CoverageCondition.RETURN_REFUSED),
                eligible(CoverageCondition.RETURN_REFUSED),
                1.0,
                1);
    }

    @Test
    void returnsLeftUnrefundedAreMostlyAtMerchantsThatNeverRefund() {
        assertConcentrated(
                "RETURN_NOT_REFUNDED",
                Behaviour.NEVER_REFUNDS,
                eligible(Behaviour.NEVER_REFUNDS, CoverageCondition.RETURN_NOT_REFUNDED),
                eligible(CoverageCondition.RETURN_NOT_REFUNDED),
                0.5,
                10);
        assertConcentrated(
                "REFUND_AFTER_RETURN breaches",
                Behaviour.NEVER_REFUNDS,
                breached(Behaviour.NEVER_REFUNDS, DeadlineKind.REFUND_AFTER_RETURN),
                breached(DeadlineKind.REFUND_AFTER_RETURN),
                0.5,
                10);
    }

    @Test
    void lateAndMissingDeliveriesAreMostlyAtLateShippers() {
        for (CoverageCondition c : List.of(CoverageCondition.NOT_RECEIVED, CoverageCondition.LATE_DELIVERY)) {
            assertConcentrated(
                    c.name(), Behaviour.LATE_SHIPPER, eligible(Behaviour.LATE_SHIPPER, c), eligible(c), 0.8, 10);
        }
        assertConcentrated(
                "DELIVERY_PROMISE breaches",
                Behaviour.LATE_SHIPPER,
                breached(Behaviour.LATE_SHIPPER, DeadlineKind.DELIVERY_PROMISE),
                breached(DeadlineKind.DELIVERY_PROMISE),
                0.8,
                10);
        assertThat(breached(Behaviour.LATE_SHIPPER, DeadlineKind.DELIVERY_PROMISE))
                .isGreaterThan(orders.get(Behaviour.LATE_SHIPPER) / 3);
    }

    @Test
    void unansweredClaimsAreMostlyAtMerchantsThatIgnoreThem() {
        assertConcentrated(
                "CLAIM_RESPONSE breaches",
                Behaviour.IGNORES_CLAIMS,
                breached(Behaviour.IGNORES_CLAIMS, DeadlineKind.CLAIM_RESPONSE),
                breached(DeadlineKind.CLAIM_RESPONSE),
                0.7,
                10);
    }

    @Test
    void missedChargebackResponsesAreMostlyAtChargebackProneMerchants() {
        assertConcentrated(
                "CHARGEBACK_RESPONSE breaches",
                Behaviour.CHARGEBACK_PRONE,
                breached(Behaviour.CHARGEBACK_PRONE, DeadlineKind.CHARGEBACK_RESPONSE),
                breached(DeadlineKind.CHARGEBACK_RESPONSE),
                0.8,
                10);
    }

    @Test
    void reliableMerchantsGetAlmostNothing() {
        for (CoverageCondition c : List.of(
                CoverageCondition.OVERCHARGED,
                CoverageCondition.RETURN_REFUSED,
                CoverageCondition.RETURN_NOT_REFUNDED)) {
            assertThat(eligible(Behaviour.RELIABLE, c)).as("%s", c).isZero();
        }
        for (DeadlineKind d : List.of(DeadlineKind.CLAIM_RESPONSE, DeadlineKind.REFUND_AFTER_RETURN)) {
            assertThat(breached(Behaviour.RELIABLE, d)).as("%s", d).isZero();
        }
        int reliableOrders = orders.get(Behaviour.RELIABLE);
        assertThat(reliableOrders).isGreaterThan(300);
        int delivery = eligible(Behaviour.RELIABLE, CoverageCondition.NOT_RECEIVED)
                + eligible(Behaviour.RELIABLE, CoverageCondition.LATE_DELIVERY);
        assertThat(delivery).isLessThan(reliableOrders / 100);
        // Faulty goods happen to everyone, so "not as described" is the one condition reliable merchants get
        // at a base rate; still rarer than where buyers also claim.
        int allVerdicts = eligible.get(Behaviour.RELIABLE).values().stream()
                .mapToInt(Integer::intValue)
                .sum();
        assertThat(allVerdicts).isLessThan(reliableOrders / 20);
    }
}
