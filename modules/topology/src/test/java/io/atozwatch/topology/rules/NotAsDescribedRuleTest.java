package io.atozwatch.topology.rules;

import static io.atozwatch.topology.Ev.dispute;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.returnRequested;
import static io.atozwatch.topology.Ev.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.ReturnReason;
import io.atozwatch.topology.PipelineFixture;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Not as described: a return or a claim for a defective, damaged, incomplete or misdescribed item. */
class NotAsDescribedRuleTest {
    private final PipelineFixture p = new PipelineFixture();

    @AfterEach
    void close() {
        p.close();
    }

    private List<ClaimEligibility> nad(String orderId) {
        return p.verdictsFor(orderId).stream()
                .filter(v -> v.getCondition() == CoverageCondition.NOT_AS_DESCRIBED)
                .toList();
    }

    @ParameterizedTest
    @EnumSource(
            value = ReturnReason.class,
            names = {"DEFECTIVE", "DAMAGED", "INCOMPLETE", "NOT_AS_DESCRIBED"})
    void holdsForAReturnRequestedForOneOfTheFourReasons(ReturnReason reason) {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                returnRequested("o-1", "r-1", "2026-03-08T10:00:00Z", reason, 2000L));
        assertThat(nad("o-1")).singleElement().satisfies(v -> {
            assertThat(v.getDetectedAt()).isEqualTo(t("2026-03-08T10:00:00Z"));
            assertThat(v.getEvidence()).contains("Return r-1").contains(reason.name());
            assertThat(v.getCoveredAmountMinor()).isEqualTo(5000); // the order's authorised amount
        });
    }

    @ParameterizedTest
    @EnumSource(
            value = ReturnReason.class,
            names = {"NO_LONGER_NEEDED", "OTHER"})
    void doesNotHoldForOtherReturnReasons(ReturnReason reason) {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                returnRequested("o-1", "r-1", "2026-03-08T10:00:00Z", reason, 2000L));
        assertThat(nad("o-1")).isEmpty();
    }

    @Test
    void holdsForAClaimWhoseReasonNamesOne() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                dispute("o-1", "c-1", DisputeEventType.CLAIM_FILED, "2026-03-10T10:00:00Z", "Item arrived damaged"));
        assertThat(nad("o-1")).extracting(ClaimEligibility::getDetectedAt).containsExactly(t("2026-03-10T10:00:00Z"));
        assertThat(nad("o-1").get(0).getEvidence()).contains("claim c-1").contains("DAMAGED");
    }

    @Test
    void aClaimForAnotherReasonDoesNotCount() {
        p.pipe(
                placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                dispute("o-1", "c-1", DisputeEventType.CLAIM_FILED, "2026-03-10T10:00:00Z", "changed my mind"));
        assertThat(nad("o-1")).isEmpty();
    }

    @Test
    void theEarliestQualifyingEventIsTheDetectionEvenWhenItArrivesLast() {
        p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
        p.pipe(dispute("o-1", "c-1", DisputeEventType.CLAIM_FILED, "2026-03-10T10:00:00Z", "not as described"));
        p.pipe(returnRequested("o-1", "r-1", "2026-03-08T10:00:00Z", ReturnReason.DEFECTIVE, null));
        // Verdict went out at the claim; the earlier return arrives later and changes nothing: one verdict.
        assertThat(nad("o-1")).hasSize(1);
    }

    @Test
    void reasonMatchingIsOnWholeWords() {
        Set<String> reasons = Set.of("DEFECTIVE", "DAMAGED", "INCOMPLETE", "NOT_AS_DESCRIBED");
        assertThat(NotAsDescribedRule.namedReason("Not as described!", reasons)).isEqualTo("NOT_AS_DESCRIBED");
        assertThat(NotAsDescribedRule.namedReason("incomplete set", reasons)).isEqualTo("INCOMPLETE");
        assertThat(NotAsDescribedRule.namedReason("undamaged but late", reasons))
                .isNull();
        assertThat(NotAsDescribedRule.namedReason(null, reasons)).isNull();
    }
}
