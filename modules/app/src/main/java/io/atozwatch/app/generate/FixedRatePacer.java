package io.atozwatch.app.generate;

/**
 * A steady rate: the n-th event is due n / rate seconds after the first. A producer that falls behind (a
 * slow broker, a GC pause) catches up by at most one second's worth of events, not in one long burst.
 */
public final class FixedRatePacer implements Pacer {
    private static final double MAX_CATCH_UP_NANOS = 1e9;

    private final double eventsPerSecond;
    private final double nanosPerEvent;
    private boolean started;
    private double nextSlot;

    public FixedRatePacer(double eventsPerSecond) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException(
                    "a rate must be a positive number of events per second, got " + eventsPerSecond);
        }
        this.eventsPerSecond = eventsPerSecond;
        this.nanosPerEvent = 1e9 / eventsPerSecond;
    }

    public double eventsPerSecond() {
        return eventsPerSecond;
    }

    @Override
    public long waitNanos(GeneratedEvent event, long nowNanos) {
        start(nowNanos);
        return (long) Math.ceil(nextSlot - nowNanos);
    }

    @Override
    public void sent(GeneratedEvent event, long nowNanos) {
        start(nowNanos);
        nextSlot = Math.max(nextSlot, nowNanos - MAX_CATCH_UP_NANOS) + nanosPerEvent;
    }

    private void start(long nowNanos) {
        if (!started) {
            started = true;
            nextSlot = nowNanos;
        }
    }

    @Override
    public String toString() {
        return eventsPerSecond + " events/s";
    }
}
