package io.atozwatch.app.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.embedded.EmbeddedKafkaBroker;
import io.atozwatch.app.replay.InputRecord;
import io.atozwatch.app.replay.ReplayCommand;
import io.atozwatch.serde.MockSchemaRegistry;
import io.atozwatch.topology.Topic;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {
    private static final String START = "2026-03-02T00:00:00Z";

    record Run(int exitCode, String stdout, String stderr) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new GenerateCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpDocumentsTheOptions() {
        Run run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout())
                .startsWith("Usage: generate")
                .contains(
                        "--seed",
                        "--rate",
                        "--count",
                        "--merchants",
                        "--start",
                        "--orders",
                        "--jsonl",
                        "--bootstrap-servers",
                        "--schema-registry-url",
                        "--config",
                        "Exit codes:");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(run("--merchants", "0", "--jsonl", "-").exitCode()).isEqualTo(2);
        assertThat(run("--duplicates", "1.5", "--jsonl", "-").stderr()).contains("duplicates");
        assertThat(run("--start", "yesterday", "--jsonl", "-").stderr()).contains("not an instant");
        assertThat(run("--rate", "-3", "--jsonl", "-").exitCode()).isEqualTo(2);
    }

    @Test
    void withoutAClusterItSaysWhatIsMissing() {
        Run run = run("--schema-registry-url", "mock://nothing", "--count", "5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("bootstrap.servers");
    }

    @Test
    void jsonLinesAreReplayInputAndTheSameForTheSameSeed() throws Exception {
        Run run = run("--jsonl", "-", "--orders", "60", "--count", "0", "--start", START);

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.stdout().lines().toList();
        List<GeneratedEvent> expected = new ArrayList<>();
        new TrafficGenerator(GeneratorOptions.defaults(42, Instant.parse(START)).withOrders(60))
                .forEachRemaining(expected::add);
        assertThat(lines).hasSize(expected.size());
        Topics topics =
                new Topics(PipelineConfig.defaults().topics(), Map.of("schema.registry.url", "mock://generate-cmd"));
        for (int i = 0; i < lines.size(); i++) {
            InputRecord r = InputRecord.parse(lines.get(i), topics);
            assertThat(r.topic()).isEqualTo(expected.get(i).topicRole());
            assertThat(r.key()).isEqualTo(expected.get(i).key());
            assertThat(r.value()).isEqualTo(expected.get(i).value());
            assertThat(r.timestamp()).isEqualTo(expected.get(i).timestamp());
        }
        assertThat(run("--jsonl", "-", "--orders", "60", "--count", "0", "--start", START)
                        .stdout())
                .isEqualTo(run.stdout());

        StringWriter replayed = new StringWriter();
        StringWriter problems = new StringWriter();
        int rejected = ReplayCommand.replay(
                new BufferedReader(new StringReader(run.stdout())),
                PipelineConfig.defaults(),
                null,
                new PrintWriter(replayed),
                new PrintWriter(problems));
        assertThat(rejected).isZero();
        assertThat(problems.toString()).isEmpty();
        assertThat(replayed.toString()).doesNotContain("dead-letters");
    }

    @Test
    void jsonLinesToAFileStopAtTheCount(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");

        Run run = run("--jsonl", file.toString(), "--count", "250", "--seed", "3");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("Wrote 250 events");
        assertThat(Files.readAllLines(file)).hasSize(250).allMatch(l -> l.startsWith("{\"topic\":"));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void producesToAClusterWithEachTopicsSerdeAndRefusesWhenTopicsAreMissing(@TempDir Path dir) throws Exception {
        String scope = "generate-e2e-" + UUID.randomUUID();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startInTempDir(Path.of("target"))) {
            List<String> names = List.of("orders", "shipments", "returns", "refunds", "disputes", "merchant-policies");
            for (String name : names) {
                broker.createTopic(name, 2);
            }
            Run run = run(
                    "--bootstrap-servers",
                    broker.bootstrapServers(),
                    "--schema-registry-url",
                    "mock://" + scope,
                    "--count",
                    "500",
                    "--rate",
                    "0",
                    "--start",
                    START,
                    "--progress-interval",
                    "1");

            assertThat(run.stderr()).isEmpty();
            assertThat(run.exitCode()).isZero();
            assertThat(run.stdout())
                    .contains("Generating 500 events from seed 42", "Done: 500 events", "500 acknowledged");

            Topics topics =
                    new Topics(PipelineConfig.defaults().topics(), Map.of("schema.registry.url", "mock://" + scope));
            List<ConsumerRecord<String, byte[]>> records = consumeAll(broker, names, 500);
            assertThat(records).hasSize(500);
            for (ConsumerRecord<String, byte[]> r : records) {
                Topic<String, ? extends SpecificRecord> topic = topics.byName(r.topic());
                SpecificRecord value = topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
                assertThat(value).isInstanceOf(topic.valueClass());
                Instant stamped = Instant.ofEpochMilli(r.timestamp());
                assertThat(stamped)
                        .isEqualTo(
                                value instanceof io.atozwatch.events.MerchantPolicy p
                                        ? p.getUpdatedAt()
                                        : io.atozwatch.topology.rules.OrderView.occurredAt(value));
            }

            Path config = dir.resolve("renamed.properties");
            Files.writeString(config, "topic.orders=orders-v2\n");
            Run missing = run(
                    "--bootstrap-servers",
                    broker.bootstrapServers(),
                    "--schema-registry-url",
                    "mock://" + scope,
                    "--config",
                    config.toString(),
                    "--count",
                    "5");
            assertThat(missing.exitCode()).isEqualTo(2);
            assertThat(missing.stderr()).contains("missing input topics [orders-v2]");
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> consumeAll(
            EmbeddedKafkaBroker broker, List<String> topics, int expected) {
        Map<String, Object> props = new HashMap<>(broker.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "generate-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String t : topics) {
                partitions.add(new TopicPartition(t, 0));
                partitions.add(new TopicPartition(t, 1));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
