package io.atozwatch.topology;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.DisputeEvent;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.events.ReserveDecision;
import io.atozwatch.events.ReturnEvent;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.serde.SpecificAvroSerde;
import io.atozwatch.state.MerchantFacts;
import io.atozwatch.state.MerchantState;
import io.atozwatch.topology.cases.CaseStore;
import io.atozwatch.topology.config.TopicNames;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed topic registry: every topic the pipeline reads or writes, with its key and value serdes.
 * Values are Avro in the Confluent wire format, keyed by plain strings (order or merchant ids).
 *
 * @param serdeConfig the Avro serde settings ({@code schema.registry.url}, {@code auto.register.schemas}, ...)
 */
public final class Topics {
    public final Topic<String, OrderEvent> orders;
    public final Topic<String, ShipmentEvent> shipments;
    public final Topic<String, ReturnEvent> returns;
    public final Topic<String, RefundEvent> refunds;
    public final Topic<String, DisputeEvent> disputes;
    public final Topic<String, MerchantPolicy> merchantPolicies;
    public final Topic<String, ClaimEligibility> claimEligibility;
    public final Topic<String, DeadlineBreach> deadlineBreaches;
    public final Topic<String, MerchantNotification> merchantNotifications;
    public final Topic<String, DeadLetter> deadLetters;
    public final Topic<String, MerchantPerformance> merchantPerformance;
    public final Topic<String, ReserveDecision> reserveDecisions;
    /** Internal: order contributions re-keyed by merchant id. */
    public final Topic<String, MerchantFacts> merchantFacts;
    /** Serdes of the order-case state store (and its changelog): a case's head, and its parts. */
    public final CaseStore.Serdes orderCaseSerdes;
    /** Serde of the merchant-state store (and its changelog). */
    public final Serde<MerchantState> merchantStateSerde;

    private final Map<String, ?> serdeConfig;

    public Topics(TopicNames names, Map<String, ?> serdeConfig) {
        this.serdeConfig = Map.copyOf(serdeConfig);
        orders = topic(names.orders(), OrderEvent.class);
        shipments = topic(names.shipments(), ShipmentEvent.class);
        returns = topic(names.returns(), ReturnEvent.class);
        refunds = topic(names.refunds(), RefundEvent.class);
        disputes = topic(names.disputes(), DisputeEvent.class);
        merchantPolicies = topic(names.merchantPolicies(), MerchantPolicy.class);
        claimEligibility = topic(names.claimEligibility(), ClaimEligibility.class);
        deadlineBreaches = topic(names.deadlineBreaches(), DeadlineBreach.class);
        merchantNotifications = topic(names.merchantNotifications(), MerchantNotification.class);
        deadLetters = topic(names.deadLetters(), DeadLetter.class);
        merchantPerformance = topic(names.merchantPerformance(), MerchantPerformance.class);
        reserveDecisions = topic(names.reserveDecisions(), ReserveDecision.class);
        merchantFacts = topic(names.merchantFacts(), MerchantFacts.class);
        orderCaseSerdes = new CaseStore.Serdes(avro(), avro());
        merchantStateSerde = avro();
    }

    /** The order-keyed inputs, which must be co-partitioned. */
    public List<Topic<String, ? extends SpecificRecord>> orderInputs() {
        return List.of(orders, shipments, returns, refunds, disputes);
    }

    /** The pipeline's outputs. */
    public List<Topic<String, ? extends SpecificRecord>> outputs() {
        return List.of(
                claimEligibility,
                deadlineBreaches,
                merchantNotifications,
                deadLetters,
                merchantPerformance,
                reserveDecisions);
    }

    public List<Topic<String, ? extends SpecificRecord>> all() {
        return List.of(
                orders,
                shipments,
                returns,
                refunds,
                disputes,
                merchantPolicies,
                claimEligibility,
                deadlineBreaches,
                merchantNotifications,
                deadLetters,
                merchantPerformance,
                reserveDecisions,
                merchantFacts);
    }

    /** The topic of the given name, for tools that work by name (replay, the CLI). */
    public Topic<String, ? extends SpecificRecord> byName(String name) {
        return all().stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown topic '" + name + "'"));
    }

    private <V extends SpecificRecord> Topic<String, V> topic(String name, Class<V> type) {
        return new Topic<>(name, Serdes.String(), avro(), type);
    }

    private <V extends SpecificRecord> Serde<V> avro() {
        SpecificAvroSerde<V> serde = new SpecificAvroSerde<>();
        serde.configure(serdeConfig, false);
        return serde;
    }
}
