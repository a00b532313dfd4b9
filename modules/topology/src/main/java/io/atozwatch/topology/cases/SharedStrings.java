package io.atozwatch.topology.cases;

import io.atozwatch.events.DisputeEvent;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.events.ReturnEvent;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.state.CaseEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Equal strings that the cases hold many of, held once. Every event of an order repeats the order's id, and most of
 * them one of a few values (the topic it came from, its merchant, marketplace, currency, carrier, a dispute's reason).
 * Decoded, each is a string of its own, two objects on the heap, in every case the cache of decoded cases holds, for
 * as long as it holds it. Held once, a cached case takes less of the heap, and the collector has fewer objects to
 * mark and copy: once the heap fills, collecting its old generation is what grows with the cases held
 * (docs/performance.md, "Thirteenth day"). A string is immutable: the one kept reads as the one it replaces.
 *
 * <p>Values other than the order's id are kept in one table for every case (the stream threads and the queries
 * share it). It is bounded: past {@link #MAX_VALUES} distinct values, it starts again, so that a field with more
 * values than expected costs a lookup, never memory.
 */
final class SharedStrings {

    /** How many distinct values the table keeps before it starts again. */
    static final int MAX_VALUES = 10_000;

    private static final Map<String, String> VALUES = new ConcurrentHashMap<>();

    private SharedStrings() {}

    /**
     * Makes {@code e} hold its order's id as {@code orderId} (the case's own string, if equal) and its few-valued
     * fields as the strings kept for them.
     */
    static void share(CaseEvent e, String orderId) {
        e.setSourceTopic(kept(e.getSourceTopic()));
        Object event = e.getEvent();
        if (event instanceof OrderEvent o) {
            o.setOrderId(same(o.getOrderId(), orderId));
            o.setMerchantId(kept(o.getMerchantId()));
            o.setMarketplace(kept(o.getMarketplace()));
            o.setCurrency(kept(o.getCurrency()));
        } else if (event instanceof ShipmentEvent s) {
            s.setOrderId(same(s.getOrderId(), orderId));
            s.setCarrier(kept(s.getCarrier()));
        } else if (event instanceof ReturnEvent r) {
            r.setOrderId(same(r.getOrderId(), orderId));
        } else if (event instanceof RefundEvent r) {
            r.setOrderId(same(r.getOrderId(), orderId));
            r.setCurrency(kept(r.getCurrency()));
        } else if (event instanceof DisputeEvent d) {
            d.setOrderId(same(d.getOrderId(), orderId));
            d.setReason(kept(d.getReason()));
        }
    }

    /** The string kept for {@code value}'s value (null for null). */
    static String kept(String value) {
        if (value == null) {
            return null;
        }
        String kept = VALUES.putIfAbsent(value, value);
        if (kept != null) {
            return kept;
        }
        if (VALUES.size() > MAX_VALUES) {
            VALUES.clear(); // more values than a few: start again (value itself is still correct)
        }
        return value;
    }

    /** How many values the table keeps now. */
    static int size() {
        return VALUES.size();
    }

    private static String same(String value, String orderId) {
        return orderId.equals(value) ? orderId : value;
    }
}
