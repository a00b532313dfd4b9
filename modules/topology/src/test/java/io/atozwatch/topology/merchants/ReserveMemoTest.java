package io.atozwatch.topology.merchants;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.notices.Messages;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ReserveMemoTest {
    private static final PipelineConfig.Reserve POLICY =
            PipelineConfig.defaults().reserve();
    private static final Messages FRENCH = Messages.of(Locale.forLanguageTag("fr-FR"));

    private static ReserveBasis basis(long unresolvedDisputeMinor) {
        return new ReserveBasis(
                "EUR", LocalDate.parse("2026-06-30"), 140, 200, 60, 120, 1, 900_000, 3_600_000, unresolvedDisputeMinor);
    }

    @Test
    void answersWhatThePolicyAndTheRenderingAnswer() {
        ReserveMemo memo = new ReserveMemo(POLICY, 10);
        ReserveMemo.Worked w = memo.decide("m-1", basis(0), FRENCH);
        ReservePolicy.Decision fresh = ReservePolicy.decide(basis(0), POLICY);
        assertThat(w.decision()).isEqualTo(fresh);
        assertThat(w.englishReasons()).isEqualTo(fresh.reasons()).isNotEmpty();
        assertThat(w.reasons()).isEqualTo(fresh.reasons(FRENCH)).isNotEqualTo(w.englishReasons());
    }

    @Test
    void theSameBasisInTheSameLanguageIsWorkedOutOnce() {
        ReserveMemo memo = new ReserveMemo(POLICY, 10);
        ReserveMemo.Worked first = memo.decide("m-1", basis(0), FRENCH);
        assertThat(memo.decide("m-1", basis(0), FRENCH)).isSameAs(first);
        // A dispute opened: the amount and its reasons change.
        ReserveMemo.Worked disputed = memo.decide("m-1", basis(25_000), FRENCH);
        assertThat(disputed).isNotSameAs(first);
        assertThat(disputed.decision()).isEqualTo(ReservePolicy.decide(basis(25_000), POLICY));
        // The merchant's home marketplace changed: its language too.
        ReserveMemo.Worked english = memo.decide("m-1", basis(25_000), Messages.ENGLISH);
        assertThat(english.reasons()).isEqualTo(english.englishReasons());
    }

    @Test
    void remembersTheMostRecentMerchantsUpToItsBound() {
        ReserveMemo memo = new ReserveMemo(POLICY, 2);
        ReserveMemo.Worked one = memo.decide("m-1", basis(0), FRENCH);
        ReserveMemo.Worked two = memo.decide("m-2", basis(0), FRENCH);
        assertThat(memo.decide("m-1", basis(0), FRENCH)).isSameAs(one);
        memo.decide("m-3", basis(0), FRENCH); // m-2 was used least recently
        assertThat(memo.decide("m-1", basis(0), FRENCH)).isSameAs(one);
        assertThat(memo.decide("m-2", basis(0), FRENCH)).isNotSameAs(two).isEqualTo(two);
    }
}
