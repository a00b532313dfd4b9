package io.atozwatch.topology.rules;

import java.time.Instant;

/** What a coverage rule says about an order at a given instant. */
public sealed interface Evaluation {

    /** The condition holds; it came to hold at {@code detectedAt}. */
    record Holds(Instant detectedAt, long uncappedAmountMinor, String evidence) implements Evaluation {}

    /**
     * Not (yet) shown to hold. {@code wakeAt}, if set, is the instant at which the answer may change
     * with no further event (a due date), so the case must be looked at again then.
     */
    record NotYet(Instant wakeAt) implements Evaluation {}

    /**
     * The events prove the condition does not hold: an earlier ELIGIBLE verdict for it was wrong
     * (a late event that occurred earlier corrected it) and must be voided.
     */
    record Refuted(String why) implements Evaluation {}

    static Evaluation notYet() {
        return new NotYet(null);
    }

    static Evaluation notYet(Instant wakeAt) {
        return new NotYet(wakeAt);
    }
}
