package io.atozwatch.topology.merchants;

import io.atozwatch.state.MerchantFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keys of the buffer of facts waiting for the merchants' clock: the instant in zero-padded epoch
 * milliseconds, then merchant, order and the order's sequence number, so that byte order is the order
 * the facts are applied in and a range scan from the start stops at "now".
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

    /** What one check found: the facts to apply (in order), and the instant of the first one after them, or null. */
    record Scan(List<KeyValue<String, MerchantFacts>> facts, Instant next) {}

    /** Up to {@code limit} facts about instants from {@code from} to {@code now} (inclusive), in the order they are to be applied. */
    static Scan scan(KeyValueStore<String, MerchantFacts> store, Instant from, Instant now, int limit) {
        List<KeyValue<String, MerchantFacts>> out = new ArrayList<>();
        try (KeyValueIterator<String, MerchantFacts> it = store.range(prefix(from), null)) {
            while (it.hasNext()) {
                KeyValue<String, MerchantFacts> kv = it.next();
                if (kv.value.getAt().isAfter(now) || out.size() == limit) {
                    return new Scan(out, kv.value.getAt());
                }
                out.add(kv);
            }
        }
        return new Scan(out, null);
    }
}
