package io.atozwatch.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The summary printed for restore times: min, median (the mean of the middle two for an even count), max. */
class RestoreTimesTest {

    @Test
    void summarisesMinMedianAndMax() {
        RestoreTimes t = new RestoreTimes();
        t.add(Duration.ofMillis(9000));
        t.add(Duration.ofMillis(3100));
        t.add(Duration.ofMillis(14200));
        assertThat(t.summary()).isEqualTo("min 3.1 s, median 9.0 s, max 14.2 s (3 restarts)");
        t.add(Duration.ofMillis(11000));
        assertThat(t.median()).isEqualTo(Duration.ofMillis(10000));
    }

    @Test
    void saysSoWhenNothingWasMeasured() {
        assertThat(new RestoreTimes().summary()).isEqualTo("none measured");
    }
}
