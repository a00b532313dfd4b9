package io.atozwatch.app.generate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * Compressed time, as the demo shows it: simulated (event) time runs {@code speed} times faster than the
 * wall clock, from {@code simStart} at {@code wallStart}. The speed can change while it runs (the demo slows
 * it down when the pipeline falls behind; zero holds it still): each change re-anchors the clock where it
 * stands, so simulated time never jumps. {@link #eventTimeAtWallClock()} is the function the topology takes,
 * so that the pipeline's clock runs on it too; {@link Pacer#followClock(SimulatedClock)} sends each event
 * when this clock reaches it. Thread-safe.
 */
public final class SimulatedClock {
    private final Instant simStart;
    private final Clock wall;
    private volatile Anchor anchor;

    /** Where the clock was when its speed was last set. */
    private record Anchor(Instant sim, Instant wall, double speed) {}

    /** @param speed event-time milliseconds per wall-clock millisecond (e.g. 3600: an hour a second) */
    public SimulatedClock(Instant simStart, Instant wallStart, double speed, Clock wall) {
        Objects.requireNonNull(simStart, "simStart");
        Objects.requireNonNull(wallStart, "wallStart");
        this.wall = Objects.requireNonNull(wall, "wall");
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be positive, got " + speed);
        }
        this.simStart = simStart;
        this.anchor = new Anchor(simStart, wallStart, speed);
    }

    /** A clock at {@code simStart} now, running {@code speed} times faster than the system clock. */
    public static SimulatedClock startingNow(Instant simStart, double speed) {
        Clock wall = Clock.systemUTC();
        return new SimulatedClock(simStart, wall.instant(), speed, wall);
    }

    public Instant simStart() {
        return simStart;
    }

    public Clock wall() {
        return wall;
    }

    /** Simulated milliseconds per wall-clock millisecond now (0 while held still). */
    public double speed() {
        return anchor.speed();
    }

    /** Runs at {@code speed} from now on (0 holds the clock still), from where it stands. */
    public synchronized void setSpeed(double speed) {
        if (speed < 0 || Double.isNaN(speed) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be zero or positive, got " + speed);
        }
        Instant w = wall.instant();
        anchor = new Anchor(eventTimeAt(w), w, speed);
    }

    /** The simulated time now. */
    public Instant now() {
        return eventTimeAt(wall.instant());
    }

    /** The simulated time at a wall-clock instant (at the current speed). */
    public Instant eventTimeAt(Instant wallInstant) {
        Anchor a = anchor;
        return a.sim()
                .plusMillis(Math.round(Duration.between(a.wall(), wallInstant).toMillis() * a.speed()));
    }

    /**
     * The wall-clock instant at which the clock reaches (or reached) {@code eventTime} at the current speed;
     * a year from now while the clock is held still.
     */
    public Instant wallTimeOf(Instant eventTime) {
        Anchor a = anchor;
        if (a.speed() == 0) {
            return wall.instant().plus(Duration.ofDays(365));
        }
        return a.wall()
                .plusNanos(Math.round(Duration.between(a.sim(), eventTime).toNanos() / a.speed()));
    }

    /** Wall-clock epoch milliseconds to event-time epoch milliseconds, for the topology's clock. */
    public LongUnaryOperator eventTimeAtWallClock() {
        return wallMs -> eventTimeAt(Instant.ofEpochMilli(wallMs)).toEpochMilli();
    }
}
