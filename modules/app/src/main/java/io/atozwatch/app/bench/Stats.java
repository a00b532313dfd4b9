package io.atozwatch.app.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The little arithmetic the report needs. Medians rather than means: one round disturbed by other work on
 * the machine (a GC, a CI job) should not move the figure.
 */
public final class Stats {
    private Stats() {}

    /** The median; the mean of the two middle values for an even count. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Events per second for {@code events} processed in {@code seconds}. */
    public static double rate(long events, double seconds) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("seconds must be positive, got " + seconds);
        }
        return events / seconds;
    }

    /**
     * The pipeline's speed as a share of the pass-through's, from the median times of each:
     * {@code median(pass-through seconds) / median(pipeline seconds)}; 0.25 means the pipeline handles a
     * quarter of the events per second the bare copy does.
     */
    public static double speedRatio(List<Double> pipelineSeconds, List<Double> passThroughSeconds) {
        return median(passThroughSeconds) / median(pipelineSeconds);
    }

    /** Bytes per unit, 0 when there are no units. */
    public static double per(long bytes, long units) {
        return units == 0 ? 0 : (double) bytes / units;
    }
}
