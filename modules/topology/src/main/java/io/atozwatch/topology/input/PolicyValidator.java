package io.atozwatch.topology.input;

import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.topology.PipelineListener;
import io.atozwatch.topology.Topic;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Merchant policies are input like any other: one that cannot be read, is of another type, or says
 * what no policy can (negative windows, keyed by another merchant) goes to the dead-letter topic with
 * the reason and its bytes as received. Valid ones and tombstones (a merchant withdrawing its policy)
 * pass without a word: the global store applies them, and skips what this sets aside (a global store
 * cannot write to a topic).
 */
public final class PolicyValidator implements Processor<String, byte[], String, Object> {
    private final Topic<String, MerchantPolicy> topic;
    private final String deadLetterChild;
    private final PipelineListener listener;
    private final LongSupplier eventTimeNow;
    private final int maxIdLength;
    private ProcessorContext<String, Object> context;

    public PolicyValidator(
            Topic<String, MerchantPolicy> topic,
            String deadLetterChild,
            PipelineListener listener,
            LongSupplier eventTimeNow,
            int maxIdLength) {
        this.topic = topic;
        this.deadLetterChild = deadLetterChild;
        this.listener = listener;
        this.eventTimeNow = eventTimeNow;
        this.maxIdLength = maxIdLength;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            reject(record, "a merchant policy without a key (the merchantId)");
            return;
        }
        if (record.value() == null) {
            return; // withdrawn: the default policy applies
        }
        Object value;
        try {
            value = topic.valueSerde().deserializer().deserialize(topic.name(), record.headers(), record.value());
        } catch (RuntimeException e) {
            reject(record, "cannot deserialize: " + InputDecoder.rootMessage(e));
            return;
        }
        if (!(value instanceof MerchantPolicy policy)) {
            reject(
                    record,
                    "topic " + topic.name() + " expects MerchantPolicy, got "
                            + (value == null ? "null" : value.getClass().getName()));
            return;
        }
        String problem = problem(record.key(), policy, maxIdLength);
        if (problem != null) {
            reject(record, "invalid MerchantPolicy: " + problem);
        }
    }

    /** Why {@code p}, keyed by {@code key}, is not a policy the rules can apply; null if it is one. */
    public static String problem(String key, MerchantPolicy p, int maxIdLength) {
        if (p.getMerchantId() == null || p.getMerchantId().isBlank()) {
            return "missing required field merchantId";
        }
        if (p.getMerchantId().length() > maxIdLength) {
            return "merchantId has " + p.getMerchantId().length() + " characters, more than the limit of "
                    + maxIdLength;
        }
        if (!p.getMerchantId().equals(key)) {
            return "record key '" + (key.length() > 64 ? key.substring(0, 64) + "…" : key) + "' is not its merchantId '"
                    + p.getMerchantId() + "'";
        }
        if (p.getReturnWindowDays() < 0) {
            return "negative returnWindowDays " + p.getReturnWindowDays();
        }
        if (p.getRefundWithinDays() < 0) {
            return "negative refundWithinDays " + p.getRefundWithinDays();
        }
        return null;
    }

    private void reject(Record<String, byte[]> record, String reason) {
        DeadLetters.forward(
                context,
                deadLetterChild,
                listener,
                topic.name(),
                record,
                reason,
                Instant.ofEpochMilli(eventTimeNow.getAsLong()));
    }
}
