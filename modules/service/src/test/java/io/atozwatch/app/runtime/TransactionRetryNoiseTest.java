package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The lines exactly-once logs at every retried transaction boundary are dropped; everything near them is kept. */
class TransactionRetryNoiseTest {
    private static final String SEND_RETRY =
            "Got error produce response with correlation id {} on topic-partition {}, retrying ({} attempts left). Error: {}";

    private final ListAppender<ILoggingEvent> seen = new ListAppender<>();
    private Logger root;
    private TransactionRetryNoise filter;

    @BeforeEach
    void listen() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        filter = context.getTurboFilterList().stream()
                .filter(f -> f instanceof TransactionRetryNoise)
                .map(f -> (TransactionRetryNoise) f)
                .findFirst()
                .orElseThrow(() -> new AssertionError("logback.xml installs the filter"));
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        seen.start();
        root.addAppender(seen);
    }

    @AfterEach
    void stop() {
        root.detachAppender(seen);
    }

    private List<String> messages() {
        return seen.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void theProducersRetriesAtATransactionBoundaryAreDroppedAndExplainedOnce() {
        org.slf4j.Logger sender = LoggerFactory.getLogger(TransactionRetryNoise.PRODUCER_SENDER);
        long before = filter.dropped();
        sender.warn(SEND_RETRY, 12, "orders-0", 2147483646, "CONCURRENT_TRANSACTIONS");
        sender.warn(
                SEND_RETRY,
                13,
                "orders-1",
                2147483646,
                "NOT_ENOUGH_REPLICAS. Error Message: Unable to verify the "
                        + "partition has been added to the transaction. Underlying error: CONCURRENT_TRANSACTIONS");
        sender.warn(
                SEND_RETRY,
                14,
                "orders-1",
                2147483646,
                "OUT_OF_ORDER_SEQUENCE_NUMBER. Error Message: Expected "
                        + "sequence 0 for transactions v2 idempotent producer with no existing state, got 3");

        assertThat(messages()).noneMatch(m -> m.startsWith("Got error produce response"));
        assertThat(filter.dropped() - before).isEqualTo(3);
        assertThat(messages())
                .filteredOn(m -> m.contains("expected with exactly-once on transactions v2"))
                .hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void otherProducerErrorsAndOtherSequenceErrorsAreStillLogged() {
        org.slf4j.Logger sender = LoggerFactory.getLogger(TransactionRetryNoise.PRODUCER_SENDER);
        sender.warn(SEND_RETRY, 15, "orders-0", 5, "NOT_LEADER_OR_FOLLOWER");
        sender.warn(
                SEND_RETRY,
                16,
                "orders-0",
                5,
                "OUT_OF_ORDER_SEQUENCE_NUMBER. Error Message: Out of order sequence "
                        + "number for producer 7 at offset 9 in partition orders-0: 51 (incoming seq. number), 49 (current end "
                        + "sequence number)");
        LoggerFactory.getLogger("some.other.Logger").warn(SEND_RETRY, 17, "orders-0", 5, "CONCURRENT_TRANSACTIONS");

        assertThat(messages())
                .filteredOn(m -> m.startsWith("Got error produce response"))
                .hasSize(3);
    }

    @Test
    void theBrokersAppendErrorIsDroppedOnlyForTheV2FirstSequence() {
        org.slf4j.Logger broker = LoggerFactory.getLogger(TransactionRetryNoise.REPLICA_MANAGER);
        broker.error(
                "Error processing append operation on partition orders-0",
                new OutOfOrderSequenceException(
                        "Expected sequence 0 for transactions v2 idempotent producer with no existing state, got 3"));
        broker.error(
                "Error processing append operation on partition orders-1",
                new OutOfOrderSequenceException(
                        "Out of order sequence number for producer 7: 51 (incoming seq. number)"));

        assertThat(messages())
                .filteredOn(m -> m.startsWith("Error processing append operation"))
                .containsExactly("Error processing append operation on partition orders-1");
    }
}
