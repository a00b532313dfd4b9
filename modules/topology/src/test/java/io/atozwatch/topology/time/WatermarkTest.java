package io.atozwatch.topology.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatermarkTest {
    private static final Duration GRACE = Duration.ofMinutes(5);
    private static final Duration QUIET = Duration.ofSeconds(10);
    /** Wall-clock milliseconds, as the processor sees them. */
    private static final long WALL = Instant.parse("2026-11-28T12:00:00Z").toEpochMilli();

    private final Watermark w = new Watermark(GRACE, QUIET);

    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void hasNoValueUntilAnEventIsRead() {
        assertThat(w.instant()).isNull();
        assertThat(w.tick(WALL + 60_000, WALL, true)).isFalse();
        assertThat(w.tick(WALL + 120_000, WALL + 120_000, true)).isFalse();
        assertThat(w.instant()).isNull(); // the wall clock says nothing of input still to come
    }

    @Test
    void readingMovesItToTheLatestEventLessTheGrace() {
        assertThat(w.read(t("2026-06-01T10:00:00Z"), WALL)).isTrue();
        assertThat(w.instant()).isEqualTo(Instant.parse("2026-06-01T09:55:00Z"));
        assertThat(w.read(t("2026-06-01T09:58:00Z"), WALL)).isFalse(); // an older event: no move
        assertThat(w.read(t("2026-06-01T11:00:00Z"), WALL)).isTrue();
        assertThat(w.instant()).isEqualTo(Instant.parse("2026-06-01T10:55:00Z"));
        assertThat(w.readUpTo()).isEqualTo(t("2026-06-01T11:00:00Z"));
    }

    @Test
    void aLaggingTaskIgnoresTheWallClock() {
        w.read(t("2026-06-01T10:00:00Z"), WALL);
        for (long s = 1; s <= 60; s++) {
            assertThat(w.tick(WALL + s * 1000, WALL + s * 1000, false)).isFalse();
        }
        assertThat(w.instant()).isEqualTo(Instant.parse("2026-06-01T09:55:00Z"));
    }

    @Test
    void aCaughtUpTaskQuietForTheQuietPeriodFollowsTheWallClockLessTheGrace() {
        w.read(t("2026-06-01T10:00:00Z"), WALL);
        assertThat(w.tick(WALL + 9_999, WALL + 9_999, true)).isFalse(); // not quiet long enough
        assertThat(w.tick(WALL + 10_000, WALL + 10_000, true)).isTrue();
        assertThat(w.value()).isEqualTo(WALL + 10_000 - GRACE.toMillis());
    }

    @Test
    void theQuietPeriodStartsAgainAfterEveryReadAndWhileBehind() {
        w.read(t("2026-06-01T10:00:00Z"), WALL);
        w.tick(WALL + 8_000, WALL + 8_000, true);
        w.read(t("2026-06-01T10:00:01Z"), WALL + 9_000); // history still coming in
        assertThat(w.tick(WALL + 15_000, WALL + 15_000, true)).isFalse();
        w.tick(WALL + 16_000, WALL + 16_000, false); // behind again
        assertThat(w.tick(WALL + 25_000, WALL + 25_000, true)).isFalse();
        assertThat(w.quiet(WALL + 25_000)).isFalse();
        assertThat(w.tick(WALL + 26_000, WALL + 26_000, true)).isTrue();
        assertThat(w.quiet(WALL + 26_000)).isTrue();
    }

    @Test
    void theWallClockIsTakenInEventTime() {
        // The demo's compressed clock: the wall clock stands for a later event time.
        long sim = t("2026-12-24T00:00:00Z");
        w.read(t("2026-12-23T23:59:00Z"), WALL);
        w.tick(WALL + 10_000, sim, true);
        assertThat(w.value()).isEqualTo(sim - GRACE.toMillis());
    }

    @Test
    void neverGoesBack() {
        w.read(t("2026-06-01T10:00:00Z"), WALL);
        w.tick(WALL + 10_000, t("2026-06-02T00:00:00Z"), true);
        long before = w.value();
        w.restore(t("2026-01-01T00:00:00Z"), t("2026-01-01T00:00:00Z"));
        w.read(t("2026-05-01T00:00:00Z"), WALL + 11_000);
        w.tick(WALL + 30_000, t("2026-05-01T00:00:00Z"), true);
        assertThat(w.value()).isEqualTo(before);
    }

    @Test
    void aRestoredClockGoesOnFromWhereItWas() {
        Watermark restored = new Watermark(GRACE, QUIET);
        restored.restore(t("2026-06-01T10:00:00Z"), t("2026-06-01T09:55:00Z"));
        assertThat(restored.instant()).isEqualTo(Instant.parse("2026-06-01T09:55:00Z"));
        assertThat(restored.hasRead()).isTrue();
        restored.tick(WALL, WALL, true); // starts the quiet period
        assertThat(restored.tick(WALL + 10_000, WALL + 10_000, true)).isTrue();
    }

    // Sources: a task's partition of each input topic.
    private static final int ORDERS = 0;
    private static final int SHIPMENTS = 1;
    private static final Duration SKEW = Duration.ofSeconds(1);

    private final Watermark sources = new Watermark(GRACE, QUIET, SKEW, 2);

    @Test
    void aSourceReadLatelyHoldsTheWatermarkAtWhatItHasRead() {
        sources.read(SHIPMENTS, t("2026-06-01T10:00:00Z"), WALL);
        // The orders' batch landed first: an hour of history read in a few milliseconds.
        assertThat(sources.read(ORDERS, t("2026-06-01T10:30:00Z"), WALL + 2)).isFalse();
        assertThat(sources.read(ORDERS, t("2026-06-01T11:00:00Z"), WALL + 3)).isFalse();
        assertThat(sources.instant()).isEqualTo(Instant.parse("2026-06-01T09:55:00Z"));
        assertThat(sources.held(WALL + 3)).isTrue();
        // The shipments' batch follows: the watermark goes as far as both have read.
        assertThat(sources.read(SHIPMENTS, t("2026-06-01T10:40:00Z"), WALL + 5)).isTrue();
        assertThat(sources.instant()).isEqualTo(Instant.parse("2026-06-01T10:35:00Z"));
        assertThat(sources.readUpTo()).isEqualTo(t("2026-06-01T11:00:00Z"));
    }

    @Test
    void aSourceQuietForTheInputSkewHoldsNothingBack() {
        sources.read(SHIPMENTS, t("2026-06-01T10:00:00Z"), WALL);
        sources.read(ORDERS, t("2026-06-01T11:00:00Z"), WALL + 10);
        assertThat(sources.tick(WALL + 999, WALL + 999, false)).isFalse();
        // A lagging task too: the hold is about the other input, not about the wall clock.
        assertThat(sources.tick(WALL + 1_000, WALL + 1_000, false)).isTrue();
        assertThat(sources.instant()).isEqualTo(Instant.parse("2026-06-01T10:55:00Z"));
        assertThat(sources.held(WALL + 1_000)).isFalse();
        // The next read of the quiet source holds again only if it is behind, from what it reads.
        sources.read(SHIPMENTS, t("2026-06-01T10:58:00Z"), WALL + 2_000);
        assertThat(sources.instant()).isEqualTo(Instant.parse("2026-06-01T10:55:00Z"));
        sources.read(ORDERS, t("2026-06-01T11:10:00Z"), WALL + 2_001);
        assertThat(sources.instant()).isEqualTo(Instant.parse("2026-06-01T10:55:00Z")); // held: no further
        sources.read(SHIPMENTS, t("2026-06-01T11:20:00Z"), WALL + 2_002);
        assertThat(sources.instant()).isEqualTo(Instant.parse("2026-06-01T11:05:00Z"));
    }

    @Test
    void aSourceThatHasReadNothingHoldsNothingBack() {
        assertThat(sources.read(ORDERS, t("2026-06-01T10:00:00Z"), WALL)).isTrue();
        assertThat(sources.instant()).isEqualTo(Instant.parse("2026-06-01T09:55:00Z"));
        assertThat(sources.held(WALL)).isFalse();
    }

    @Test
    void aSourceQuietForTheInputSkewHoldsUntilTheConsumerHasPolledAfterIt() {
        long[] lastPoll = {WALL};
        Watermark busy = new Watermark(GRACE, QUIET, SKEW, 2, wallMs -> lastPoll[0] >= wallMs);
        busy.read(SHIPMENTS, t("2026-06-01T10:00:00Z"), WALL);
        // Three seconds of working through what one poll returned: no poll since the shipments' last record.
        busy.read(ORDERS, t("2026-06-01T11:00:00Z"), WALL + 3_000);
        assertThat(busy.instant()).isEqualTo(Instant.parse("2026-06-01T09:55:00Z"));
        assertThat(busy.held(WALL + 3_000)).isTrue();
        // A poll before the skew was over says nothing; one after it does.
        lastPoll[0] = WALL + 999;
        assertThat(busy.tick(WALL + 3_001, WALL + 3_001, false)).isFalse();
        lastPoll[0] = WALL + 1_000;
        assertThat(busy.tick(WALL + 3_002, WALL + 3_002, false)).isTrue();
        assertThat(busy.instant()).isEqualTo(Instant.parse("2026-06-01T10:55:00Z"));
    }

    @Test
    void aRestoredSourceHoldsForTheInputSkewAfterTheRestart() {
        Watermark restored = new Watermark(GRACE, QUIET, SKEW, 2);
        restored.restore(t("2026-06-01T10:00:00Z"), t("2026-06-01T09:55:00Z"));
        restored.restoreSource(SHIPMENTS, t("2026-06-01T10:00:00Z"), WALL);
        restored.read(ORDERS, t("2026-06-01T12:00:00Z"), WALL + 1);
        assertThat(restored.instant()).isEqualTo(Instant.parse("2026-06-01T09:55:00Z"));
        restored.tick(WALL + 1_000, WALL + 1_000, false);
        assertThat(restored.instant()).isEqualTo(Instant.parse("2026-06-01T11:55:00Z"));
    }

    @Test
    void withNoSkewSourcesAreNotWaitedFor() {
        Watermark even = new Watermark(GRACE, QUIET, Duration.ZERO, 2);
        even.read(SHIPMENTS, t("2026-06-01T10:00:00Z"), WALL);
        even.read(ORDERS, t("2026-06-01T11:00:00Z"), WALL);
        assertThat(even.instant()).isEqualTo(Instant.parse("2026-06-01T10:55:00Z"));
    }

    @Test
    void refusesNegativeDurations() {
        assertThatThrownBy(() -> new Watermark(Duration.ofSeconds(-1), QUIET))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Watermark(GRACE, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Watermark(GRACE, QUIET, Duration.ofSeconds(-1), 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
