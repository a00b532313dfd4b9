package io.atozwatch.topology.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WaitTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void calendarWaitsAreDurations() {
        assertThat(Wait.parse("P1D").after(Instant.parse("2026-03-06T12:00:00Z"), UTC))
                .isEqualTo(Instant.parse("2026-03-07T12:00:00Z"));
        assertThat(Wait.parse("PT48H")).isEqualTo(Wait.of(Duration.ofHours(48)));
    }

    @Test
    void businessDaysSkipWeekendsAndKeepTheTimeOfDay() {
        Wait two = Wait.parse("2BD");
        // Thursday -> Monday, Friday -> Tuesday, Saturday -> Tuesday
        assertThat(two.after(Instant.parse("2026-03-05T09:30:00Z"), UTC))
                .isEqualTo(Instant.parse("2026-03-09T09:30:00Z"));
        assertThat(two.after(Instant.parse("2026-03-06T09:30:00Z"), UTC))
                .isEqualTo(Instant.parse("2026-03-10T09:30:00Z"));
        assertThat(two.after(Instant.parse("2026-03-07T09:30:00Z"), UTC))
                .isEqualTo(Instant.parse("2026-03-10T09:30:00Z"));
    }

    @Test
    void businessDaysAreCountedInTheMarketplacesZone() {
        // Friday 23:30 UTC is already Saturday in Kolkata: one business day later is Monday 05:00 IST.
        Instant fridayNightUtc = Instant.parse("2026-03-06T23:30:00Z");
        assertThat(Wait.parse("1BD").after(fridayNightUtc, ZoneId.of("Asia/Kolkata")))
                .isEqualTo(Instant.parse("2026-03-08T23:30:00Z"));
        assertThat(Wait.parse("1BD").after(fridayNightUtc, UTC)).isEqualTo(Instant.parse("2026-03-09T23:30:00Z"));
    }

    @Test
    void zeroBusinessDaysIsNoWait() {
        Instant sat = Instant.parse("2026-03-07T09:30:00Z");
        assertThat(Wait.parse("0BD").after(sat, UTC)).isEqualTo(sat);
    }

    @Test
    void badTextIsRejectedWithTheExpectedForms() {
        assertThatThrownBy(() -> Wait.parse("two days"))
                .hasMessageContaining("P7D")
                .hasMessageContaining("2BD");
        assertThatThrownBy(() -> Wait.parse("xBD")).hasMessageContaining("business days");
        assertThatThrownBy(() -> Wait.parse("-P1D")).hasMessageContaining("not a wait");
    }

    @Test
    void inWords() {
        assertThat(Wait.parse("2BD").inWords()).isEqualTo("2 business days");
        assertThat(Wait.parse("P1D").inWords()).isEqualTo("1 calendar day");
    }
}
