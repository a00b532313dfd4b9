package io.atozwatch.app.generate;

import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.topology.Topic;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.rules.OrderView;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One synthetic input record: the input it belongs to (a role, mapped to the configured topic name by
 * {@link #topic(Topics)}), its key (the order id; the merchant id for a policy), its value, and the record
 * timestamp upstream would give it: the event's {@code occurredAt} ({@code updatedAt} for a policy).
 *
 * <p>A duplicate is the same value (same eventId) emitted again; an out-of-order event keeps its own
 * timestamp but comes after events that occurred up to a few minutes later.
 */
public record GeneratedEvent(String topicRole, String key, SpecificRecord value, Instant timestamp) {

    public static final String ORDERS = "orders";
    public static final String SHIPMENTS = "shipments";
    public static final String RETURNS = "returns";
    public static final String REFUNDS = "refunds";
    public static final String DISPUTES = "disputes";
    public static final String MERCHANT_POLICIES = "merchant-policies";

    /** Every role, in the order progress reports list them. */
    public static final List<String> ROLES = List.of(ORDERS, SHIPMENTS, RETURNS, REFUNDS, DISPUTES, MERCHANT_POLICIES);

    public GeneratedEvent {
        Objects.requireNonNull(topicRole, "topicRole");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(timestamp, "timestamp");
        if (!ROLES.contains(topicRole)) {
            throw new IllegalArgumentException("unknown topic role '" + topicRole + "', expected one of " + ROLES);
        }
    }

    /** The configured topic of this event's role. */
    public Topic<String, ? extends SpecificRecord> topic(Topics topics) {
        return topicFor(topicRole, topics);
    }

    /** The configured topic of a role. */
    public static Topic<String, ? extends SpecificRecord> topicFor(String role, Topics topics) {
        return switch (role) {
            case ORDERS -> topics.orders;
            case SHIPMENTS -> topics.shipments;
            case RETURNS -> topics.returns;
            case REFUNDS -> topics.refunds;
            case DISPUTES -> topics.disputes;
            case MERCHANT_POLICIES -> topics.merchantPolicies;
            default -> throw new IllegalArgumentException("unknown topic role '" + role + "'");
        };
    }

    /** The event's eventId; null for a merchant policy, which has none. */
    public String eventId() {
        return value instanceof MerchantPolicy ? null : OrderView.eventId(value);
    }
}
