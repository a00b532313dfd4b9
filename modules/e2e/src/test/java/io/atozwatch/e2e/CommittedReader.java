package io.atozwatch.e2e;

import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** How the end-to-end checks read what the app wrote, when they read it with Kafka's own client. */
final class CommittedReader {
    private CommittedReader() {}

    /** A consumer of its own group that reads from the start and sees only committed records, as downstream does. */
    static Map<String, Object> fromStart(String bootstrap) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
    }
}
