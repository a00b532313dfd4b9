package io.atozwatch.app.generate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * Compressed time, as the demo shows it: the event time at a wall-clock instant is
 * {@code simStart + (wall - wallStart) * speed}. {@link #eventTimeAtWallClock()} is the function the topology
 * takes ({@code PipelineTopology.build(..., eventTimeAtWallClock)}) so that its wall-clock punctuation runs on
 * the same clock; {@link Pacer#followClock(SimulatedClock)} sends each event when this clock reaches it.
 *
 * @param speed event-time milliseconds per wall-clock millisecond (e.g. 3600: an hour a second)
 */
public record SimulatedClock(Instant simStart, Instant wallStart, double speed, Clock wall) {

    public SimulatedClock {
        Objects.requireNonNull(simStart, "simStart");
        Objects.requireNonNull(wallStart, "wallStart");
        Objects.requireNonNull(wall, "wall");
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be positive, got " + speed);
        }
    }

    /** A clock at {@code simStart} now, running {@code speed} times faster than the system clock. */
    public static SimulatedClock startingNow(Instant simStart, double speed) {
        Clock wall = Clock.systemUTC();
        return new SimulatedClock(simStart, wall.instant(), speed, wall);
    }

    /** The simulated time now. */
    public Instant now() {
        return eventTimeAt(wall.instant());
    }

    /** The simulated time at a wall-clock instant. */
    public Instant eventTimeAt(Instant wallInstant) {
        return simStart.plusMillis(Math.round(Duration.between(wallStart, wallInstant).toMillis() * speed));
    }

    /** The wall-clock instant at which the simulated clock reaches {@code eventTime}. */
    public Instant wallTimeOf(Instant eventTime) {
        return wallStart.plusNanos(Math.round(Duration.between(simStart, eventTime).toNanos() / speed));
    }

    /** Wall-clock epoch milliseconds to event-time epoch milliseconds, for the topology's punctuation. */
    public LongUnaryOperator eventTimeAtWallClock() {
        long simStartMs = simStart.toEpochMilli();
        long wallStartMs = wallStart.toEpochMilli();
        return wallMs -> simStartMs + Math.round((wallMs - wallStartMs) * speed);
    }
}
