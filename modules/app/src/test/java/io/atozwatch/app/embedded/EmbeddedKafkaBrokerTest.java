package io.atozwatch.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Runs a real broker: one shared by the client tests, and fresh ones for the life-cycle tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedKafkaBrokerTest {

    private static final Path TEST_ROOT = Path.of("target", "embedded-kafka-test");

    private EmbeddedKafkaBroker broker;

    @BeforeAll
    void startBroker() {
        broker = EmbeddedKafkaBroker.startInTempDir(TEST_ROOT);
        System.err.printf(
                "[EmbeddedKafkaBrokerTest] broker started in %d ms on %s%n",
                broker.startupMillis(), broker.bootstrapServers());
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    // ---------------------------------------------------------------------------------------- clients

    @Test
    void bootstrapServersAndStartupTimeAreExposed() {
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        assertThat(broker.port()).isPositive().isNotEqualTo(broker.controllerPort());
        assertThat(broker.startupMillis()).isPositive();
        assertThat(broker.clusterId()).isNotBlank();
        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.dataDir()).startsWith(TEST_ROOT.toAbsolutePath()).isDirectory();
        assertThat(broker.logDir().resolve("meta.properties")).isRegularFile();
    }

    @Test
    void producesAndConsumesOneHundredRecordsOverThreePartitions() throws Exception {
        String topic = "round-trip";
        broker.createTopic(topic, 3, Map.of("cleanup.policy", "delete"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicDescription description =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(3);
            assertThat(description.partitions())
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
        }

        List<String> keys = IntStream.range(0, 100).mapToObj(i -> "key-" + i).toList();
        Set<Integer> partitionsWritten = new HashSet<>();
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            List<java.util.concurrent.Future<RecordMetadata>> sends = new ArrayList<>();
            for (String key : keys) {
                sends.add(producer.send(new ProducerRecord<>(topic, key, "value-of-" + key)));
            }
            for (var send : sends) {
                partitionsWritten.add(send.get(30, TimeUnit.SECONDS).partition());
            }
        }
        assertThat(partitionsWritten).containsExactlyInAnyOrder(0, 1, 2);

        List<ConsumerRecord<String, String>> records = consumeAll(topic, 3, "read_uncommitted", 100);
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(records).allSatisfy(r -> assertThat(r.value()).isEqualTo("value-of-" + r.key()));
    }

    @Test
    void readCommittedConsumerSeesCommittedTransactionsOnly() throws Exception {
        String topic = "transactions";
        broker.createTopic(topic, 2, Map.of());
        Map<String, Object> tx = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-test-" + UUID.randomUUID());
        try (KafkaProducer<String, String> producer = producer(tx)) {
            producer.initTransactions();
            sendInTransaction(producer, topic, "committed-a-", 10);
            producer.commitTransaction();

            sendInTransaction(producer, topic, "aborted-", 10);
            producer.flush(); // the aborted records really are in the log, only marked aborted
            producer.abortTransaction();

            sendInTransaction(producer, topic, "committed-b-", 10);
            producer.commitTransaction();
        }

        List<String> committed = consumeAll(topic, 2, "read_committed", 20).stream()
                .map(ConsumerRecord::key)
                .toList();
        assertThat(committed).hasSize(20).noneMatch(k -> k.startsWith("aborted-"));
        assertThat(committed).filteredOn(k -> k.startsWith("committed-a-")).hasSize(10);
        assertThat(committed).filteredOn(k -> k.startsWith("committed-b-")).hasSize(10);

        // read_uncommitted does see the aborted ones: proves the abort above wrote records that were hidden
        List<String> all = consumeAll(topic, 2, "read_uncommitted", 30).stream()
                .map(ConsumerRecord::key)
                .toList();
        assertThat(all).filteredOn(k -> k.startsWith("aborted-")).hasSize(10);

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            TopicDescription txLog = admin.describeTopics(List.of("__transaction_state"))
                    .allTopicNames()
                    .get()
                    .get("__transaction_state");
            assertThat(txLog.partitions())
                    .hasSize(4)
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
        }
    }

    @Test
    void consumeTransformProduceCommitsOffsetsInsideTheTransaction() throws Exception {
        String in = "ctp-in";
        String out = "ctp-out";
        String group = "ctp-group";
        broker.createTopic(in, 2, Map.of());
        broker.createTopic(out, 2, Map.of());
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(in, "k" + i, "v" + i));
            }
            producer.flush();
        }

        Map<String, Object> consumerProps = consumerProps("read_committed");
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Object> tx = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ctp-" + UUID.randomUUID());
        int copied = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps);
                KafkaProducer<String, String> producer = producer(tx)) {
            producer.initTransactions();
            consumer.subscribe(List.of(in));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (copied < 20 && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(200));
                if (batch.isEmpty()) {
                    continue;
                }
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, String> r : batch) {
                    producer.send(new ProducerRecord<>(out, r.key(), r.value().toUpperCase()));
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                producer.commitTransaction();
                copied += batch.count();
            }
        }
        assertThat(copied).isEqualTo(20);

        List<ConsumerRecord<String, String>> copies = consumeAll(out, 2, "read_committed", 20);
        assertThat(copies)
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 20).mapToObj(i -> "k" + i).toList());
        assertThat(copies)
                .allSatisfy(r -> assertThat(r.value()).isEqualTo("V" + r.key().substring(1)));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            long committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().values().stream()
                            .mapToLong(OffsetAndMetadata::offset)
                            .sum();
            assertThat(committed).isEqualTo(20);
        }
    }

    @Test
    void kafkaStreamsRunsWithExactlyOnceV2() throws Exception {
        String in = "streams-in";
        String out = "streams-out";
        broker.createTopic(in, 2, Map.of());
        broker.createTopic(out, 2, Map.of());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v + "!")
                .to(out, Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "embedded-eos-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                broker.dataDir().resolve("streams-state").toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);

        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(in, "s" + i, "v" + i));
            }
            producer.flush();
        }
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            List<ConsumerRecord<String, String>> results = new ArrayList<>();
            Map<String, Object> cprops = consumerProps("read_committed");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cprops)) {
                List<TopicPartition> tps = List.of(new TopicPartition(out, 0), new TopicPartition(out, 1));
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (results.size() < 10 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(results::add);
                }
            }
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(results)
                    .extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, 10).mapToObj(i -> "s" + i).toList());
            assertThat(results)
                    .allSatisfy(
                            r -> assertThat(r.value()).isEqualTo("v" + r.key().substring(1) + "!"));
            streams.close(Duration.ofSeconds(30));
        }
    }

    @Test
    void consumerGroupCommitsOffsets() throws Exception {
        String topic = "group-commits";
        String group = "embedded-test-group";
        broker.createTopic(topic, 2, Map.of());
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
        }

        Map<String, Object> props = consumerProps("read_uncommitted");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        int seen = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen < 10 && System.nanoTime() < deadline) {
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync(Duration.ofSeconds(30));
        }
        assertThat(seen).isEqualTo(10);

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, Long> ends = admin
                    .listOffsets(Map.of(
                            new TopicPartition(topic, 0), org.apache.kafka.clients.admin.OffsetSpec.latest(),
                            new TopicPartition(topic, 1), org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .all()
                    .get()
                    .entrySet()
                    .stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
            assertThat(offsets.entrySet().stream()
                            .collect(Collectors.toMap(
                                    Map.Entry::getKey, e -> e.getValue().offset())))
                    .isEqualTo(ends);
            assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10);

            TopicDescription offsetsTopic = admin.describeTopics(List.of("__consumer_offsets"))
                    .allTopicNames()
                    .get()
                    .get("__consumer_offsets");
            assertThat(offsetsTopic.partitions())
                    .hasSize(4)
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
        }
    }

    @Test
    void topicsAreNotAutoCreatedAndCreatingAnExistingTopicFails() throws Exception {
        broker.createTopic("exists", 1);
        assertThatThrownBy(() -> broker.createTopic("exists", 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exists");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                    .all()
                    .get()
                    .values()
                    .iterator()
                    .next();
            assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
            assertThat(config.get("offsets.topic.replication.factor").value()).isEqualTo("1");
            assertThat(config.get("transaction.state.log.min.isr").value()).isEqualTo("1");
            assertThat(config.get("group.initial.rebalance.delay.ms").value()).isEqualTo("0");
            assertThat(admin.listTopics().names().get()).doesNotContain("never-created");
        }
    }

    // ---------------------------------------------------------------------------------------- life cycle

    @Test
    void closeDeletesTheTempDirAndASecondBrokerStartsAfterwards() throws Exception {
        EmbeddedKafkaBroker first = EmbeddedKafkaBroker.startInTempDir(TEST_ROOT);
        Path firstDir = first.dataDir();
        assertThat(first.deletesDataDirOnClose()).isTrue();
        first.createTopic("first", 1);
        first.close();
        assertThat(first.isRunning()).isFalse();
        assertThat(firstDir).doesNotExist();
        first.close(); // idempotent
        assertThatThrownBy(() -> first.createTopic("after-close", 1)).isInstanceOf(IllegalStateException.class);

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.startInTempDir(TEST_ROOT)) {
            System.err.printf("[EmbeddedKafkaBrokerTest] second broker started in %d ms%n", second.startupMillis());
            assertThat(second.clusterId()).isNotEqualTo(first.clusterId());
            assertRoundTrip(second, "second");
        }
    }

    @Test
    void twoBrokersRunAtTheSameTime() throws Exception {
        try (EmbeddedKafkaBroker a = EmbeddedKafkaBroker.startInTempDir(TEST_ROOT);
                EmbeddedKafkaBroker b = EmbeddedKafkaBroker.startInTempDir(TEST_ROOT)) {
            assertThat(a.port()).isNotEqualTo(b.port());
            assertRoundTrip(a, "on-a");
            assertRoundTrip(b, "on-b");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", b.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("on-b").doesNotContain("on-a");
            }
        }
    }

    @Test
    void aBusyPortFailsTheStartAndLeavesNothingBehind() throws Exception {
        Path dir = TEST_ROOT.resolve("busy-" + UUID.randomUUID());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> EmbeddedKafkaBroker.builder()
                            .dataDir(dir)
                            .port(taken.getLocalPort())
                            .start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasStackTraceContaining("127.0.0.1:" + taken.getLocalPort());
        }
        // the controller half that did start was shut down again: a broker starts on the same, formatted dir
        try (EmbeddedKafkaBroker after = EmbeddedKafkaBroker.start(dir)) {
            assertRoundTrip(after, "after-busy");
        } finally {
            EmbeddedKafkaBroker.deleteRecursively(dir);
        }
    }

    @Test
    void aGivenDataDirIsKeptAndReusedWithItsData() throws Exception {
        Path dir = TEST_ROOT.resolve("kept-" + UUID.randomUUID());
        String clusterId;
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(dir)) {
            assertThat(first.deletesDataDirOnClose()).isFalse();
            clusterId = first.clusterId();
            assertRoundTrip(first, "kept");
        }
        assertThat(dir.resolve(EmbeddedKafkaBroker.LOG_DIR_NAME).resolve("meta.properties"))
                .isRegularFile();
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(dir)) {
            assertThat(again.clusterId()).isEqualTo(clusterId);
            List<ConsumerRecord<String, String>> records = consumeAll(again, "kept", 1, "read_committed", 1);
            assertThat(records).extracting(ConsumerRecord::key).containsExactly("kept-key");
        } finally {
            EmbeddedKafkaBroker.deleteRecursively(dir);
        }
    }

    @Test
    void builderSettingsAreApplied() throws Exception {
        try (EmbeddedKafkaBroker custom = EmbeddedKafkaBroker.builder()
                        .tempDirUnder(TEST_ROOT)
                        .defaultPartitions(2)
                        .brokerProperty("log.retention.hours", "1")
                        .start();
                Admin admin = Admin.create(Map.of("bootstrap.servers", custom.bootstrapServers()))) {
            // a topic created without a partition count gets num.partitions
            admin.createTopics(List.of(new NewTopic("defaulted", Optional.empty(), Optional.empty())))
                    .all()
                    .get();
            // The topic reaches the broker's metadata a moment after it is created: wait for it, not a race.
            io.atozwatch.app.Await.until("topic 'defaulted' to be described", java.time.Duration.ofSeconds(30), () -> {
                try {
                    admin.describeTopics(List.of("defaulted")).allTopicNames().get();
                    return true;
                } catch (java.util.concurrent.ExecutionException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
            assertThat(admin.describeTopics(List.of("defaulted"))
                            .allTopicNames()
                            .get()
                            .get("defaulted")
                            .partitions())
                    .hasSize(2);
            var config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                    .all()
                    .get()
                    .values()
                    .iterator()
                    .next();
            assertThat(config.get("log.retention.hours").value()).isEqualTo("1");
            assertThat(config.get("num.partitions").value()).isEqualTo("2");
        }
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().brokerProperty("listeners", "PLAINTEXT://:9092"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder()
                        .tempDirUnder(TEST_ROOT)
                        .port(5000)
                        .controllerPort(5000)
                        .start())
                .isInstanceOf(IllegalArgumentException.class);
        Path invalidParent = TEST_ROOT.resolve("invalid-" + UUID.randomUUID());
        assertThatThrownBy(() -> EmbeddedKafkaBroker.builder()
                        .tempDirUnder(invalidParent)
                        .brokerProperty("num.io.threads", "many")
                        .start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("num.io.threads");
        assertThat(invalidParent).isEmptyDirectory(); // the temp dir made for it is gone
        EmbeddedKafkaBroker.deleteRecursively(invalidParent);
    }

    // ---------------------------------------------------------------------------------------- helpers

    private KafkaProducer<String, String> producer(Map<String, Object> extra) {
        return producer(broker, extra);
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker on, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(on.clientProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putAll(extra);
        return new KafkaProducer<>(props);
    }

    private static void sendInTransaction(KafkaProducer<String, String> producer, String topic, String prefix, int n) {
        producer.beginTransaction();
        for (int i = 0; i < n; i++) {
            producer.send(new ProducerRecord<>(topic, prefix + i, "v"));
        }
    }

    private Map<String, Object> consumerProps(String isolation) {
        return consumerProps(broker, isolation);
    }

    private static Map<String, Object> consumerProps(EmbeddedKafkaBroker on, String isolation) {
        Map<String, Object> props = new HashMap<>(on.clientProperties());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return props;
    }

    private List<ConsumerRecord<String, String>> consumeAll(
            String topic, int partitions, String isolation, int expected) {
        return consumeAll(broker, topic, partitions, isolation, expected);
    }

    /**
     * Reads every partition from the start up to its end offset (for read_committed: the last stable offset),
     * so it returns exactly what is there, not just the first {@code expected} records.
     */
    private static List<ConsumerRecord<String, String>> consumeAll(
            EmbeddedKafkaBroker on, String topic, int partitions, String isolation, int expected) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps(on, isolation))) {
            List<TopicPartition> tps = IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p))
                    .toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                assertThat(System.nanoTime())
                        .as("reading %s up to %s", topic, ends)
                        .isLessThan(deadline);
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(200));
                batch.forEach(out::add);
            }
        }
        assertThat(out).as("records read from %s (%s)", topic, isolation).hasSize(expected);
        return out;
    }

    private static void assertRoundTrip(EmbeddedKafkaBroker on, String topic) throws Exception {
        on.createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = producer(on, Map.of())) {
            producer.send(new ProducerRecord<>(topic, topic + "-key", "v")).get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, String>> records = consumeAll(on, topic, 1, "read_committed", 1);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly(topic + "-key");
    }
}
