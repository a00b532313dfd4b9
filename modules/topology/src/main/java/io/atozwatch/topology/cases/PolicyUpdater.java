package io.atozwatch.topology.cases;

import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.state.PolicySnapshot;
import io.atozwatch.topology.Topic;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.input.PolicyValidator;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global store of merchant policies (from the compacted policies topic; an invalid policy is
 * not applied, and {@link PolicyValidator} dead-letters it) and answers which policy applies to a
 * merchant: its published one, or the default policy.
 */
public final class PolicyUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(PolicyUpdater.class);
    private final Topic<String, MerchantPolicy> topic;
    private final String storeName;
    private final int maxIdLength;
    private KeyValueStore<String, MerchantPolicy> store;

    public PolicyUpdater(Topic<String, MerchantPolicy> topic, String storeName, int maxIdLength) {
        this.topic = topic;
        this.storeName = storeName;
        this.maxIdLength = maxIdLength;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            log.warn("Ignoring a merchant policy without a key");
            return;
        }
        if (record.value() == null) {
            store.delete(record.key()); // tombstone: the merchant withdrew its policy; the default applies
            return;
        }
        try {
            MerchantPolicy p = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
            String problem = PolicyValidator.problem(record.key(), p, maxIdLength);
            if (problem != null) {
                log.warn("Ignoring merchant policy for {}: {}", record.key(), problem);
                return;
            }
            store.put(record.key(), p);
        } catch (RuntimeException e) {
            // The audit dead-letters it; here, keep the previous policy.
            log.error("Ignoring unreadable merchant policy for {}: {}", record.key(), e.getMessage());
        }
    }

    /** The policy in force for a merchant: the published one if any and valid, else the default. */
    public static PolicySnapshot policyFor(
            KeyValueStore<String, MerchantPolicy> store, String merchantId, PipelineConfig config) {
        MerchantPolicy p = valid(store, merchantId);
        if (p == null) {
            var d = config.defaultPolicy();
            return new PolicySnapshot(d.acceptsReturns(), d.returnWindowDays(), d.refundWithinDays(), false);
        }
        return snapshot(p);
    }

    /** The merchant's published policy, if it was updated at or before {@code instant}; null otherwise. */
    public static PolicySnapshot publishedBy(
            KeyValueStore<String, MerchantPolicy> store, String merchantId, Instant instant) {
        MerchantPolicy p = valid(store, merchantId);
        return p == null || p.getUpdatedAt().isAfter(instant) ? null : snapshot(p);
    }

    /** The merchant's published policy if it is valid, else null (the default applies). */
    private static MerchantPolicy valid(KeyValueStore<String, MerchantPolicy> store, String merchantId) {
        MerchantPolicy p = null;
        try {
            p = store.get(merchantId);
        } catch (RuntimeException e) {
            log.error("Cannot read the policy of merchant {}; using the default: {}", merchantId, e.getMessage());
        }
        return p == null || PolicyValidator.problem(merchantId, p, Integer.MAX_VALUE) != null ? null : p;
    }

    private static PolicySnapshot snapshot(MerchantPolicy p) {
        return new PolicySnapshot(p.getAcceptsReturns(), p.getReturnWindowDays(), p.getRefundWithinDays(), true);
    }
}
