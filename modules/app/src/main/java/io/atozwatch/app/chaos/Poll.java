package io.atozwatch.app.chaos;

import java.time.Duration;

/**
 * Waiting on a condition, never on the clock alone: the chaos run watches processes that take as long as a
 * busy two-core machine lets them, so every wait is a condition polled until it holds or a generous timeout
 * says that something is wrong.
 */
final class Poll {
    private static final long INTERVAL_MILLIS = 100;

    private Poll() {}

    /** A condition that may fail while the thing it watches is not there yet (a refused connection). */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    /** Thrown by a check when waiting longer is pointless (a watched process exited): ends the wait at once. */
    static final class Fatal extends RuntimeException {
        Fatal(String message) {
            super(message);
        }
    }

    /** Thrown when a wait times out; its message says what was awaited. */
    static final class TimedOut extends RuntimeException {
        TimedOut(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Polls {@code check} until it holds; an exception from it counts as "not yet", but
     * {@link Fatal}.
     *
     * @return how long it took
     * @throws TimedOut after {@code timeout}, naming {@code what} and the last exception seen
     */
    static Duration until(String what, Duration timeout, Check check) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (check.holds()) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (InterruptedException | Fatal e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new TimedOut(
                        "timed out after " + timeout.toSeconds() + " s waiting for " + what
                                + (last == null ? "" : " (last error: " + last + ")"),
                        last);
            }
            Thread.sleep(INTERVAL_MILLIS);
        }
    }
}
