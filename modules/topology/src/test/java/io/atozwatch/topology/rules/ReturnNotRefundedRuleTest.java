package io.atozwatch.topology.rules;

import static io.atozwatch.topology.Ev.delivered;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.policy;
import static io.atozwatch.topology.Ev.refund;
import static io.atozwatch.topology.Ev.returnEvent;
import static io.atozwatch.topology.Ev.returnRequested;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.EligibilityStatus;
import io.atozwatch.events.ReturnEventType;
import io.atozwatch.events.ReturnReason;
import io.atozwatch.topology.PipelineFixture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Returned, not refunded: refunds short of the returned amount at receipt + refund window. */
class ReturnNotRefundedRuleTest {
    private final PipelineFixture p = new PipelineFixture();

    @BeforeEach
    void anOrderWithAReceivedReturn() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                delivered("o-1", "s-1", "2026-03-05T10:00:00Z"),
                returnRequested("o-1", "r-1", "2026-03-07T10:00:00Z", ReturnReason.NO_LONGER_NEEDED, 3000L),
                returnEvent("o-1", "r-1", ReturnEventType.RECEIVED, "2026-03-10T10:00:00Z"));
    }

    @AfterEach
    void close() {
        p.close();
    }

    private List<ClaimEligibility> rnr() {
        return p.verdictsFor("o-1").stream()
                .filter(v -> v.getCondition() == CoverageCondition.RETURN_NOT_REFUNDED)
                .toList();
    }

    @Test
    void holdsFourteenDaysAfterReceiptWithoutRefund() {
        p.streamTimeTo("2026-03-24T09:59:59Z");
        assertThat(rnr()).isEmpty();
        p.streamTimeTo("2026-03-24T10:00:00Z");
        assertThat(rnr()).singleElement().satisfies(v -> {
            assertThat(v.getDetectedAt()).isEqualTo(t("2026-03-24T10:00:00Z"));
            assertThat(v.getCoveredAmountMinor()).isEqualTo(3000);
            assertThat(v.getEvidence()).contains("Return r-1 received").contains("USD 0.00 against USD 30.00");
        });
    }

    @Test
    void aPartialRefundLeavesTheRestCovered() {
        p.pipe(refund("o-1", "rf-1", "2026-03-12T10:00:00Z", 1000));
        p.streamTimeTo("2026-03-25T00:00:00Z");
        assertThat(rnr()).extracting(ClaimEligibility::getCoveredAmountMinor).containsExactly(2000L);
    }

    /** Issue 10, defect 5: JPY 3,000 does not refund USD 30.00. */
    @Test
    void aRefundInAnotherCurrencyDoesNotCount() {
        var yen = refund("o-1", "rf-1", "2026-03-12T10:00:00Z", 3000);
        yen.setCurrency("JPY");
        p.pipe(yen);
        p.streamTimeTo("2026-03-25T00:00:00Z");
        assertThat(rnr()).extracting(ClaimEligibility::getCoveredAmountMinor).containsExactly(3000L);
    }

    @Test
    void aFullRefundAtTheDueInstantMeetsIt() {
        p.pipe(refund("o-1", "rf-1", "2026-03-24T10:00:00Z", 3000));
        p.streamTimeTo("2026-04-01T00:00:00Z");
        assertThat(rnr()).isEmpty();
    }

    @Test
    void aRefundAfterTheDueInstantDoesNotUndoIt() {
        p.streamTimeTo("2026-03-25T00:00:00Z");
        p.pipe(refund("o-1", "rf-1", "2026-03-25T01:00:00Z", 3000));
        assertThat(rnr()).extracting(ClaimEligibility::getStatus).containsExactly(EligibilityStatus.ELIGIBLE);
    }

    @Test
    void aRefundThatOccurredInTimeButArrivedLateVoidsIt() {
        p.streamTimeTo("2026-03-25T00:00:00Z");
        p.pipe(refund("o-1", "rf-1", "2026-03-20T10:00:00Z", 3000));
        assertThat(rnr())
                .extracting(ClaimEligibility::getStatus)
                .containsExactly(EligibilityStatus.ELIGIBLE, EligibilityStatus.VOIDED);
    }

    @Test
    void theMerchantsPublishedRefundWindowApplies() {
        try (PipelineFixture q = new PipelineFixture()) {
            q.policy(policy("m-1", true, 30, 7, "2026-02-01T00:00:00Z"));
            q.pipe(
                    placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    delivered("o-1", "s-1", "2026-03-05T10:00:00Z"),
                    returnRequested("o-1", "r-1", "2026-03-07T10:00:00Z", ReturnReason.OTHER, null),
                    returnEvent("o-1", "r-1", ReturnEventType.RECEIVED, "2026-03-10T10:00:00Z"));
            q.streamTimeTo("2026-03-17T10:00:00Z");
            assertThat(q.verdictsFor("o-1")).singleElement().satisfies(v -> {
                assertThat(v.getCondition()).isEqualTo(CoverageCondition.RETURN_NOT_REFUNDED);
                assertThat(v.getDetectedAt()).isEqualTo(t("2026-03-17T10:00:00Z"));
                assertThat(v.getCoveredAmountMinor()).isEqualTo(5000); // no amount on the request: the whole order
            });
        }
    }

    /** o-1 delivered, then a return requested and received on 2026-03-10 at 10:00. */
    private static void returnReceivedOnMarch10(PipelineFixture q) {
        q.pipe(
                delivered("o-1", "s-1", "2026-03-05T10:00:00Z"),
                returnRequested("o-1", "r-1", "2026-03-07T10:00:00Z", ReturnReason.OTHER, null),
                returnEvent("o-1", "r-1", ReturnEventType.RECEIVED, "2026-03-10T10:00:00Z"));
    }

    /**
     * The policies store is read apart from the orders: a policy published just before an order can reach it after
     * the order is read. The order took the default (14 days); the policy in force when it was placed applies from
     * then on.
     */
    @Test
    void aPolicyInForceAtThePlacingThatArrivesAfterTheOrderApplies() {
        try (PipelineFixture q = new PipelineFixture()) {
            q.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            assertThat(q.caseOf("o-1").getPolicy().getPublished()).isFalse();
            q.policy(policy("m-1", true, 30, 7, "2026-03-01T09:00:00Z"));
            returnReceivedOnMarch10(q);
            q.streamTimeTo("2026-03-17T10:00:00Z");
            assertThat(q.caseOf("o-1").getPolicy().getRefundWithinDays()).isEqualTo(7);
            assertThat(q.verdictsFor("o-1"))
                    .extracting(ClaimEligibility::getDetectedAt)
                    .containsExactly(t("2026-03-17T10:00:00Z"));
        }
    }

    /** A policy updated after the order was placed does not change it: the order keeps the terms it was placed on. */
    @Test
    void aPolicyUpdatedAfterThePlacingDoesNotApplyToTheOrder() {
        try (PipelineFixture q = new PipelineFixture()) {
            q.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            q.policy(policy("m-1", true, 30, 7, "2026-03-02T00:00:00Z"));
            returnReceivedOnMarch10(q);
            q.streamTimeTo("2026-03-24T10:00:00Z");
            assertThat(q.caseOf("o-1").getPolicy().getPublished()).isFalse();
            assertThat(q.verdictsFor("o-1"))
                    .extracting(ClaimEligibility::getDetectedAt)
                    .containsExactly(t("2026-03-24T10:00:00Z"));
        }
    }
}
