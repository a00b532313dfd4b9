package io.atozwatch.app.generate;

import java.time.Duration;

/** Sends each event when a {@link SimulatedClock} reaches its timestamp (at once if it already has). */
public final class SimulatedClockPacer implements Pacer {
    private final SimulatedClock clock;

    public SimulatedClockPacer(SimulatedClock clock) {
        this.clock = clock;
    }

    public SimulatedClock clock() {
        return clock;
    }

    @Override
    public long waitNanos(GeneratedEvent event, long nowNanos) {
        return Duration.between(clock.wall().instant(), clock.wallTimeOf(event.timestamp()))
                .toNanos();
    }

    @Override
    public String toString() {
        return "simulated clock at " + clock.speed() + "x from " + clock.simStart();
    }
}
