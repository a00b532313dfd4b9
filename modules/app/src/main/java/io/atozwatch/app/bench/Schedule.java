package io.atozwatch.app.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of timed runs: warm-up runs first (not counted), then the baseline (A) and the candidate (B)
 * alternating A B B A A B ..., so that a machine that warms up or slows down during the run weighs on
 * both sides alike instead of favouring whichever always runs second.
 */
public final class Schedule {
    /** Which application a run starts. */
    public enum Side {
        A,
        B
    }

    /** One run: which side, and whether it is a warm-up (timed, reported, but left out of the figures). */
    public record Slot(Side side, boolean warmUp) {}

    private Schedule() {}

    /**
     * @param warmUps how many warm-up runs of B (the heavier side: it exercises most of the code) come first
     * @param rounds  how many timed runs of each side: round 1 is A B, round 2 B A, round 3 A B, ...
     */
    public static List<Slot> abba(int warmUps, int rounds) {
        if (warmUps < 0 || rounds < 1) {
            throw new IllegalArgumentException("need warmUps >= 0 and rounds >= 1, got " + warmUps + ", " + rounds);
        }
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < warmUps; i++) {
            slots.add(new Slot(Side.B, true));
        }
        for (int r = 0; r < rounds; r++) {
            boolean abFirst = r % 2 == 0;
            slots.add(new Slot(abFirst ? Side.A : Side.B, false));
            slots.add(new Slot(abFirst ? Side.B : Side.A, false));
        }
        return slots;
    }
}
