package io.atozwatch.topology.rules;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.EligibilityStatus;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.state.VerdictState;
import io.atozwatch.topology.config.PipelineConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the six coverage rules over a case and turns their answers into verdicts, each going out once:
 * ELIGIBLE when a condition first holds, VOIDED when a chargeback takes the order out of A-to-z
 * coverage or a late event refutes an earlier verdict. Applies the limits common to every condition:
 * no coverage for digital goods, the cap, and the contact-the-merchant-first wait.
 */
public final class Coverage {

    public static final List<CoverageRule> RULES = List.of(
            new NotReceivedRule(),
            new LateDeliveryRule(),
            new NotAsDescribedRule(),
            new ReturnNotRefundedRule(),
            new ReturnRefusedRule(),
            new OverchargedRule());

    /** The verdicts to emit now, and when to look at the case again. */
    public record Outcome(List<ClaimEligibility> verdicts, Instant nextWakeAt) {}

    private Coverage() {}

    /**
     * @param emitted the verdicts already emitted for this order; updated in place
     */
    public static Outcome assess(RuleContext ctx, List<VerdictState> emitted) {
        List<ClaimEligibility> out = new ArrayList<>();
        OrderView.Dispute chargeback = ctx.view().firstChargeback();
        if (chargeback != null) {
            String why = "Chargeback " + chargeback.disputeId + " filed at " + chargeback.chargebackFiledAt
                    + ": the card issuer decides instead, so A-to-z coverage no longer applies.";
            for (VerdictState v : emitted) {
                if (v.getStatus() == EligibilityStatus.ELIGIBLE) {
                    out.add(voided(ctx, v, why));
                }
            }
            return new Outcome(out, null);
        }
        if (ctx.view().isDigital()) {
            return new Outcome(out, null); // digital goods, services and stored value are not covered
        }
        Instant nextWake = null;
        for (CoverageRule rule : RULES) {
            VerdictState previous = find(emitted, rule.condition());
            if (previous != null && previous.getStatus() == EligibilityStatus.VOIDED) {
                continue; // ELIGIBLE at most once per (order, condition)
            }
            Evaluation e = rule.evaluate(ctx);
            if (e instanceof Evaluation.Holds h && previous == null) {
                VerdictState v = eligible(ctx, rule.condition(), h);
                emitted.add(v);
                out.add(toEvent(ctx, v, null));
            } else if (e instanceof Evaluation.Refuted r && previous != null) {
                out.add(voided(ctx, previous, "Corrected by a later event: " + r.why() + "."));
            } else if (e instanceof Evaluation.NotYet n
                    && n.wakeAt() != null
                    && (nextWake == null || n.wakeAt().isBefore(nextWake))) {
                nextWake = n.wakeAt();
            }
        }
        return new Outcome(out, nextWake);
    }

    private static VerdictState eligible(RuleContext ctx, CoverageCondition condition, Evaluation.Holds h) {
        long cap = Money.toMinor(ctx.config().coverage().capFor(ctx.currency()), ctx.currency());
        long covered = Math.min(h.uncappedAmountMinor(), cap);
        String evidence = h.evidence();
        if (covered < h.uncappedAmountMinor()) {
            evidence += " Covered amount capped at " + ctx.money(cap) + ".";
        }
        return VerdictState.newBuilder()
                .setCondition(condition)
                .setStatus(EligibilityStatus.ELIGIBLE)
                .setDetectedAt(h.detectedAt())
                .setCoveredAmountMinor(covered)
                .setUncappedAmountMinor(h.uncappedAmountMinor())
                .setEvidence(evidence)
                .setFilingOpensAt(filingOpensAt(ctx, h.detectedAt()))
                .build();
    }

    private static ClaimEligibility voided(RuleContext ctx, VerdictState v, String why) {
        v.setStatus(EligibilityStatus.VOIDED);
        v.setVoidReason(why); // kept in the case, for the query API
        return toEvent(ctx, v, why);
    }

    /**
     * The buyer must contact the merchant first and wait (per marketplace): the later of detection and
     * first contact + wait; unknown (null) while the buyer had not contacted the merchant when the condition
     * was detected. A contact after that does not count, even if it is known by the time the verdict is
     * judged (a correction after a late event): the verdict says the same however its events arrived.
     */
    static Instant filingOpensAt(RuleContext ctx, Instant detectedAt) {
        Instant contact = ctx.view().firstBuyerContactAt();
        if (contact == null || contact.isAfter(detectedAt)) {
            return null;
        }
        PipelineConfig.Marketplace mp =
                ctx.config().marketplace(ctx.view().placed().getMarketplace());
        Instant opens = mp.contactWait().after(contact, mp.zone());
        return opens.isAfter(detectedAt) ? opens : detectedAt;
    }

    private static VerdictState find(List<VerdictState> emitted, CoverageCondition condition) {
        for (VerdictState v : emitted) {
            if (v.getCondition() == condition) {
                return v;
            }
        }
        return null;
    }

    private static ClaimEligibility toEvent(RuleContext ctx, VerdictState v, String voidReason) {
        OrderEvent placed = ctx.view().placed();
        return ClaimEligibility.newBuilder()
                .setVerdictId(placed.getOrderId() + "/" + v.getCondition() + "/" + v.getStatus())
                .setOrderId(placed.getOrderId())
                .setMerchantId(placed.getMerchantId())
                .setBuyerId(placed.getBuyerId())
                .setMarketplace(placed.getMarketplace())
                .setCondition(v.getCondition())
                .setStatus(v.getStatus())
                .setDetectedAt(v.getDetectedAt())
                .setCoveredAmountMinor(v.getCoveredAmountMinor())
                .setUncappedAmountMinor(v.getUncappedAmountMinor())
                .setCurrency(placed.getCurrency())
                .setEvidence(v.getEvidence())
                .setFilingOpensAt(v.getFilingOpensAt())
                .setVoidReason(voidReason)
                .build();
    }
}
