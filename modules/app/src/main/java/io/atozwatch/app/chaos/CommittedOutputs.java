package io.atozwatch.app.chaos;

import io.atozwatch.topology.Topic;
import io.atozwatch.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The order-level outputs the app committed, read as a downstream consumer reads them:
 * {@code isolation.level=read_committed}, every partition from its beginning to its last stable offset. A
 * record of an aborted transaction (a killed instance's, a fenced zombie's) is never seen; a record written
 * twice in two committed transactions is seen twice.
 */
final class CommittedOutputs {

    private CommittedOutputs() {}

    static List<Fact> read(String bootstrapServers, Topics topics, Duration timeout) {
        List<Fact> facts = new ArrayList<>();
        for (Topic<String, ? extends SpecificRecord> t :
                List.of(topics.claimEligibility, topics.deadlineBreaches, topics.merchantNotifications)) {
            readTopic(bootstrapServers, t, timeout).forEach(r -> Fact.of(r).ifPresent(facts::add));
        }
        return facts;
    }

    private static List<SpecificRecord> readTopic(
            String bootstrapServers, Topic<String, ? extends SpecificRecord> topic, Duration timeout) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "chaos-reader-" + UUID.randomUUID());
        @SuppressWarnings("unchecked")
        Deserializer<SpecificRecord> values =
                (Deserializer<SpecificRecord>) topic.valueSerde().deserializer();
        List<SpecificRecord> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout); // the last stable offsets
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new Poll.TimedOut("reading " + topic.name() + " to " + end + " took over " + timeout, null);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(values.deserialize(r.topic(), r.headers(), r.value()));
                }
            }
        }
        return out;
    }
}
