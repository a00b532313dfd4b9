package io.atozwatch.topology.rules;

import java.time.Instant;
import java.util.function.Supplier;

/** What a coverage rule says about an order at a given instant. */
public sealed interface Evaluation {

    /**
     * The condition holds; it came to hold at {@code detectedAt}. Its evidence is written out only when asked for
     * ({@link #evidence}): a verdict already given is judged again at every event, and its evidence is not needed.
     */
    record Holds(Instant detectedAt, long uncappedAmountMinor, Supplier<String> explanation) implements Evaluation {
        Holds(Instant detectedAt, long uncappedAmountMinor, String evidence) {
            this(detectedAt, uncappedAmountMinor, () -> evidence);
        }

        public String evidence() {
            return explanation.get();
        }
    }

    /**
     * Not (yet) shown to hold. {@code wakeAt}, if set, is the instant at which the answer may change
     * with no further event (a due date), so the case must be looked at again then.
     */
    record NotYet(Instant wakeAt) implements Evaluation {}

    /**
     * The events prove the condition does not hold: an earlier ELIGIBLE verdict for it was wrong
     * (a late event that occurred earlier corrected it) and must be voided.
     */
    record Refuted(Supplier<String> reason) implements Evaluation {
        Refuted(String why) {
            this(() -> why);
        }

        /** Why, written out when asked for: only a verdict given before needs it. */
        public String why() {
            return reason.get();
        }
    }

    static Evaluation notYet() {
        return new NotYet(null);
    }

    static Evaluation notYet(Instant wakeAt) {
        return new NotYet(wakeAt);
    }
}
