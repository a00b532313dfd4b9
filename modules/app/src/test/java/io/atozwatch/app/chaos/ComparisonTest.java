package io.atozwatch.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.chaos.Comparison.Difference;
import io.atozwatch.app.chaos.Comparison.Problem;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.NotificationKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The verifier's judgement, on hand-made facts: each way a delivery can go wrong is named as what a consumer
 * would see, with the id at fault, and nothing else is reported.
 */
class ComparisonTest {

    private static Fact verdict(String id, String order, String content) {
        return new Fact(Fact.VERDICTS, id, order + " NOT_RECEIVED ELIGIBLE", content);
    }

    private static Fact breach(String id, String order) {
        return new Fact(Fact.BREACHES, id, order + " REFUND_AFTER_RETURN BREACHED", "{breach " + id + "}");
    }

    private static Fact note(String id, String order) {
        return new Fact(Fact.NOTIFICATIONS, id, order + " REMINDER", "{note " + id + "}");
    }

    private static final List<Fact> EXPECTED = List.of(
            verdict("v-1", "o-1", "{v1}"),
            verdict("v-2", "o-2", "{v2}"),
            breach("b-1", "o-1"),
            note("n-1", "o-1"),
            note("n-2", "o-2"));

    @Test
    void theSameFactsInAnotherOrderAreEqual() {
        List<Fact> committed = new ArrayList<>(EXPECTED);
        Collections.reverse(committed);
        Comparison c = Comparison.of(EXPECTED, committed);
        assertThat(c.equal()).isTrue();
        assertThat(c.differences()).isEmpty();
        assertThat(c.counts()).isEqualTo("2 verdicts, 1 breaches, 2 order notifications");
    }

    @Test
    void aFactNeverCommittedIsMissing() {
        Comparison c = Comparison.of(EXPECTED, EXPECTED.subList(1, EXPECTED.size()));
        assertThat(c.differences())
                .containsExactly(
                        new Difference(Fact.VERDICTS, Problem.MISSING, "v-1", "o-1 NOT_RECEIVED ELIGIBLE", 1, 0));
        assertThat(c.onlyMissing()).isTrue();
        assertThat(c.report())
                .containsExactly("verdicts missing: 1", "  v-1 (o-1 NOT_RECEIVED ELIGIBLE): oracle 1, committed 0");
    }

    @Test
    void aFactCommittedTwiceIsDuplicated() {
        List<Fact> committed = new ArrayList<>(EXPECTED);
        committed.add(breach("b-1", "o-1"));
        Comparison c = Comparison.of(EXPECTED, committed);
        assertThat(c.differences())
                .containsExactly(new Difference(
                        Fact.BREACHES, Problem.DUPLICATED, "b-1", "o-1 REFUND_AFTER_RETURN BREACHED", 1, 2));
        assertThat(c.onlyMissing()).isFalse();
        assertThat(c.committed(Fact.BREACHES)).isEqualTo(2);
        assertThat(c.expected(Fact.BREACHES)).isEqualTo(1);
    }

    @Test
    void aFactTheOracleNeverSaidIsExtra() {
        List<Fact> committed = new ArrayList<>(EXPECTED);
        committed.add(note("n-9", "o-9"));
        Comparison c = Comparison.of(EXPECTED, committed);
        assertThat(c.differences())
                .containsExactly(new Difference(Fact.NOTIFICATIONS, Problem.EXTRA, "n-9", "o-9 REMINDER", 0, 1));
    }

    @Test
    void theRightIdWithOtherContentIsChanged() {
        List<Fact> committed = new ArrayList<>(EXPECTED);
        committed.set(1, verdict("v-2", "o-2", "{v2 with another amount}"));
        Comparison c = Comparison.of(EXPECTED, committed);
        assertThat(c.differences())
                .extracting(Difference::problem, Difference::id)
                .containsExactly(Tuple.tuple(Problem.CHANGED, "v-2"));
    }

    @Test
    void everyProblemIsCountedAndTheListIsCut() {
        List<Fact> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expected.add(verdict("v-" + i, "o-" + i, "{v" + i + "}"));
        }
        List<Fact> committed = new ArrayList<>(expected.subList(0, 2));
        committed.add(verdict("v-0", "o-0", "{v0}"));
        Comparison c = Comparison.of(expected, committed);
        assertThat(c.differences()).hasSize(24);
        assertThat(c.report()).contains("verdicts duplicated: 1", "verdicts missing: 23", "  ... and 3 more");
    }

    @Test
    void onlyOrderLevelOutputsAreFacts() {
        Instant t = Instant.parse("2026-03-01T00:00:00Z");
        MerchantNotification merchantLevel = MerchantNotification.newBuilder()
                .setNotificationId("n-m")
                .setMerchantId("m-1")
                .setOrderId(null)
                .setKind(NotificationKind.ODR_WARNING)
                .setDeadline(null)
                .setReferenceId(null)
                .setDueAt(null)
                .setAt(t)
                .setMessage("odr")
                .build();
        assertThat(Fact.of(merchantLevel)).isEmpty();
        MerchantNotification orderLevel = MerchantNotification.newBuilder(merchantLevel)
                .setNotificationId("n-o")
                .setOrderId("o-1")
                .build();
        assertThat(Fact.of(orderLevel)).hasValueSatisfying(f -> {
            assertThat(f.kind()).isEqualTo(Fact.NOTIFICATIONS);
            assertThat(f.id()).isEqualTo("n-o");
            assertThat(f.label()).startsWith("o-1 ");
        });
    }
}
