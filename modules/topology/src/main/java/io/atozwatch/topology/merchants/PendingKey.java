package io.atozwatch.topology.merchants;

import io.atozwatch.state.MerchantFacts;
import java.time.Instant;

/**
 * Keys of the buffer of facts waiting for the merchants' clock: the instant in zero-padded epoch
 * milliseconds, then merchant, order and the order's sequence number, so that their order is the order
 * the facts are applied in ({@link PendingFacts}).
 */
final class PendingKey {
    private PendingKey() {}

    static String of(MerchantFacts f) {
        return prefix(f.getAt()) + '|' + f.getMerchantId() + '|' + f.getOrderId() + '|' + padded(f.getSequence());
    }

    private static String prefix(Instant at) {
        return padded(Math.max(0L, at.toEpochMilli()));
    }

    /** {@code String.format("%019d", n)} without a formatter: zero-padded to 19 digits, as byte order needs. */
    static String padded(long n) {
        if (n < 0) {
            return String.format("%019d", n);
        }
        String digits = Long.toString(n);
        if (digits.length() >= 19) {
            return digits;
        }
        return "0".repeat(19 - digits.length()) + digits;
    }

    /** The first key of facts about {@code at} or later. */
    static String from(Instant at) {
        return prefix(at);
    }
}
