package io.atozwatch.app.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps two log lines that exactly-once produces in normal operation out of the logs, and says once why.
 *
 * <p>With transactions v2 (KIP-890, Kafka 4's default), a producer no longer adds partitions to its transaction
 * before writing: the first produce request of a transaction does it, and the broker checks it with the
 * transaction coordinator. A pipeline that commits every 100 ms starts its next transaction while the
 * coordinator is still writing the markers of the one before; the broker then answers the first batch with
 * {@code CONCURRENT_TRANSACTIONS} (or {@code NOT_ENOUGH_REPLICAS} "Unable to verify the partition has been added
 * to the transaction. Underlying error: CONCURRENT_TRANSACTIONS"), and a batch sent behind it to the same
 * partition with {@code OUT_OF_ORDER_SEQUENCE_NUMBER} "Expected sequence 0 for transactions v2 idempotent producer
 * with no existing state", a retriable error since KAFKA-18202. The producer retries both, in order, and the
 * transaction goes on; the producer's own metrics count the retries ({@code record-retry-total}). In bursts (a
 * slow broker, a broker restart) each retried batch was a WARN line from the producer and, in the embedded
 * broker, an ERROR with a stack trace: noise that hides real warnings.
 *
 * <p>Only these are dropped: the producer's "retrying" line for those errors, and the broker's append error for
 * the v2 "no existing state" sequence. A batch whose retries run out still fails the transaction and is reported
 * by Kafka Streams, and an out-of-order sequence of any other kind is still logged.
 */
public final class TransactionRetryNoise extends TurboFilter {
    static final String PRODUCER_SENDER = "org.apache.kafka.clients.producer.internals.Sender";
    static final String REPLICA_MANAGER = "kafka.server.ReplicaManager";
    private static final String V2_FIRST_SEQUENCE = "transactions v2 idempotent producer with no existing state";

    private final AtomicBoolean explained = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || !isNoise(logger.getName(), level, format, params, t)) {
            return FilterReply.NEUTRAL;
        }
        dropped.incrementAndGet();
        if (explained.compareAndSet(false, true)) {
            LoggerFactory.getLogger(TransactionRetryNoise.class)
                    .info(
                            "A produce request at a transaction boundary was "
                                    + "retried ({}): expected with exactly-once on transactions v2; further such retries are not logged "
                                    + "(the producer metric record-retry-total counts them)",
                            level == Level.WARN ? "producer" : "broker");
        }
        return FilterReply.DENY;
    }

    /** How many lines were dropped since start. */
    public long dropped() {
        return dropped.get();
    }

    static boolean isNoise(String logger, Level level, String format, Object[] params, Throwable t) {
        if (logger.equals(PRODUCER_SENDER)
                && level == Level.WARN
                && format.startsWith("Got error produce response with correlation id")
                && format.contains("retrying")) {
            String error = params == null || params.length == 0 ? "" : String.valueOf(params[params.length - 1]);
            return error.contains("CONCURRENT_TRANSACTIONS")
                    || error.startsWith("OUT_OF_ORDER_SEQUENCE_NUMBER") && error.contains(V2_FIRST_SEQUENCE);
        }
        if (logger.equals(REPLICA_MANAGER) && format.startsWith("Error processing append operation on partition")) {
            return t != null
                    && t.getClass().getSimpleName().equals("OutOfOrderSequenceException")
                    && String.valueOf(t.getMessage()).contains(V2_FIRST_SEQUENCE);
        }
        return false;
    }
}
