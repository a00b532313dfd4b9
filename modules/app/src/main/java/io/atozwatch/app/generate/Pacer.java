package io.atozwatch.app.generate;

/**
 * When each event may be sent. {@link TrafficProducer} asks {@link #waitNanos} before each send and sleeps
 * (in short slices, so that it can be stopped) until the answer is zero or less, then calls {@link #sent}.
 *
 * <p>Implementations: {@link #unlimited()}, {@link #fixedRate(double)} (events per second of wall time) and
 * {@link #followClock(SimulatedClock)} (each event when a simulated clock reaches its timestamp, as the
 * demo does when it compresses time).
 */
public interface Pacer {

    /**
     * How long to wait before {@code event} may be sent.
     *
     * @param nowNanos the current {@link System#nanoTime()} (or a test's ticker)
     * @return nanoseconds to wait; zero or less to send now
     */
    long waitNanos(GeneratedEvent event, long nowNanos);

    /** {@code event} was handed to the producer at {@code nowNanos}. */
    default void sent(GeneratedEvent event, long nowNanos) {}

    /** As fast as possible. */
    static Pacer unlimited() {
        return (event, now) -> 0;
    }

    /** A steady rate of events per second of wall time; 0 (or less) means as fast as possible. */
    static Pacer fixedRate(double eventsPerSecond) {
        return eventsPerSecond > 0 ? new FixedRatePacer(eventsPerSecond) : unlimited();
    }

    /** Each event when {@code clock} reaches its timestamp; events stamped before that go at once. */
    static Pacer followClock(SimulatedClock clock) {
        return new SimulatedClockPacer(clock);
    }

    /** Waits for whichever of the two wants to wait longer. */
    static Pacer both(Pacer a, Pacer b) {
        return new Pacer() {
            @Override
            public long waitNanos(GeneratedEvent event, long nowNanos) {
                return Math.max(a.waitNanos(event, nowNanos), b.waitNanos(event, nowNanos));
            }

            @Override
            public void sent(GeneratedEvent event, long nowNanos) {
                a.sent(event, nowNanos);
                b.sent(event, nowNanos);
            }
        };
    }
}
