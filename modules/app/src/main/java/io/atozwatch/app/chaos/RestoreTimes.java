package io.atozwatch.app.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The restore times of a run (restart to ready), summarised as operators quote them: min, median, max. */
final class RestoreTimes {
    private final List<Duration> times = new ArrayList<>();

    void add(Duration d) {
        times.add(d);
    }

    int count() {
        return times.size();
    }

    Duration min() {
        return sorted().get(0);
    }

    Duration max() {
        List<Duration> s = sorted();
        return s.get(s.size() - 1);
    }

    /** The middle one; for an even count, the mean of the two middle ones. */
    Duration median() {
        List<Duration> s = sorted();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : s.get(n / 2 - 1).plus(s.get(n / 2)).dividedBy(2);
    }

    private List<Duration> sorted() {
        if (times.isEmpty()) {
            throw new IllegalStateException("no restore time measured");
        }
        return times.stream().sorted().toList();
    }

    /** "min 3.1 s, median 8.0 s, max 14.2 s (12 restarts)". */
    String summary() {
        return times.isEmpty()
                ? "none measured"
                : String.format(
                        "min %s, median %s, max %s (%d restarts)",
                        seconds(min()), seconds(median()), seconds(max()), count());
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
