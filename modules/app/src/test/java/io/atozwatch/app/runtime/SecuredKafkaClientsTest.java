package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.Await;
import io.atozwatch.app.Main;
import io.atozwatch.app.embedded.EmbeddedKafkaBroker;
import io.atozwatch.serde.MockSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongUnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code topics}, {@code generate} and {@code run} through a SASL_PLAINTEXT listener (SCRAM-SHA-512) of the
 * embedded broker, with nothing but the client settings of the README's production section in a settings
 * file; and wrong credentials are one clear line, not a stack trace, that never shows the password.
 */
class SecuredKafkaClientsTest {
    private static final String USER = "atoz-svc";
    private static final String PASSWORD = "s3cret-Sc4am-pw";
    private static final String WRONG_PASSWORD = "wr0ng-Sc4am-pw";
    private static final String START = "2026-03-02T00:00:00Z";

    private static EmbeddedKafkaBroker broker;
    private static Path settingsFile;
    private static Path wrongSettingsFile;
    private static final String registry = "mock://sasl-" + UUID.randomUUID();

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.builder()
                .tempDirUnder(Path.of("target"))
                .scramListener()
                .start();
        broker.createScramUser(USER, PASSWORD);
        settingsFile = settingsFile(PASSWORD);
        wrongSettingsFile = settingsFile(WRONG_PASSWORD);
    }

    /** As an operator writes them (README, "Securing the Kafka clients"). */
    private static Path settingsFile(String password) throws Exception {
        Path file = Files.createTempFile(Path.of("target"), "sasl", ".properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "security.protocol=SASL_PLAINTEXT",
                        "sasl.mechanism=SCRAM-SHA-512",
                        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\",
                        "    username=\"" + USER + "\" password=\"" + password + "\";",
                        "topics.input-retention=-1",
                        "topics.output-retention=-1",
                        ""));
        return file;
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        MockSchemaRegistry.dropScope(registry.substring("mock://".length()));
        Files.deleteIfExists(settingsFile);
        Files.deleteIfExists(wrongSettingsFile);
    }

    private record Result(int exitCode, String out, String err, String logs) {}

    /** Runs the command line, with what the loggers print to stderr meanwhile. */
    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    args);
        } finally {
            System.setErr(stderr);
        }
        return new Result(
                code,
                out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8),
                logs.toString(StandardCharsets.UTF_8));
    }

    @Test
    void topicsGenerateAndRunWorkThroughSasl() throws Exception {
        Result created = run(
                "topics",
                "--bootstrap-servers",
                broker.saslBootstrapServers(),
                "--partitions",
                "2",
                "--replication-factor",
                "1",
                "--config",
                settingsFile.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("Created: orders, shipments, returns, refunds, disputes, merchant-policies");
        Result checked = run(
                "topics",
                "--check",
                "--bootstrap-servers",
                broker.saslBootstrapServers(),
                "--config",
                settingsFile.toString());
        assertThat(checked.exitCode()).as(checked.err()).isZero();
        assertThat(checked.out()).contains("Topics OK");

        Result generated = run(
                "generate",
                "--bootstrap-servers",
                broker.saslBootstrapServers(),
                "--schema-registry-url",
                registry,
                "--config",
                settingsFile.toString(),
                "--count",
                "300",
                "--rate",
                "0",
                "--start",
                START,
                "--progress-interval",
                "60");
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        assertThat(generated.out()).contains("Done: 300 events");

        // run = RunCommand.check (the topic layout, through an admin client) + PipelineApp, both on these settings
        Path stateDir = Path.of("target", "sasl-state-" + UUID.randomUUID());
        Settings settings = Settings.load(
                settingsFile,
                Map.of(),
                Map.of(
                        Settings.BOOTSTRAP_SERVERS,
                        broker.saslBootstrapServers(),
                        Settings.SCHEMA_REGISTRY_URL,
                        registry,
                        Settings.APPLICATION_ID,
                        "sasl-run",
                        "state.dir",
                        stateDir.toString(),
                        Settings.HTTP_PORT,
                        "0",
                        Settings.HTTP_HOST,
                        "127.0.0.1",
                        "commit.interval.ms",
                        "200"));
        assertThat(io.atozwatch.app.run.RunCommand.check(settings)).isEmpty();
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try (PipelineApp app = new PipelineApp(settings, LongUnaryOperator.identity(), r -> {}).start()) {
            try {
                Await.until(
                        "the pipeline to read events through SASL",
                        Duration.ofSeconds(90),
                        () -> app.streams().state() == KafkaStreams.State.RUNNING
                                && app.metrics().processed() > 0);
                Await.until(
                        "outputs readable through SASL",
                        Duration.ofSeconds(60),
                        () -> committedRecords("merchant-performance") > 0);
            } catch (AssertionError e) {
                String log = logs.toString(StandardCharsets.UTF_8);
                throw new AssertionError(
                        e.getMessage() + " (state " + app.streams().state() + ", processed "
                                + app.metrics().processed() + "); logs:\n"
                                + log.substring(Math.max(0, log.length() - 6000)),
                        e);
            }
        } finally {
            System.setErr(stderr);
            PipelineApp.deleteTree(stateDir);
        }
        // no secret, and no buyer identifier (the generator's are b-000123), in what the pipeline logged at INFO; a
        // word of its own, as a client id's random UUID may hold "...803b-358951..." (a CI run failed on one)
        assertThat(logs.toString(StandardCharsets.UTF_8))
                .contains("event=started")
                .doesNotContain(PASSWORD)
                .doesNotContainPattern("\\bb-\\d{6}\\b");
    }

    @Test
    void wrongCredentialsAreOneClearLineWithoutThePassword() {
        String[] cluster = {
            "--bootstrap-servers",
            broker.saslBootstrapServers(),
            "--schema-registry-url",
            registry,
            "--config",
            wrongSettingsFile.toString()
        };
        for (List<String> command : List.of(
                List.of("topics", "--check"),
                List.of("generate", "--count", "5"),
                List.of("run", "--http-port", "0"))) {
            String[] args = concat(command.toArray(String[]::new), cluster);
            Result r = run(args);

            assertThat(r.exitCode()).as(command + ": " + r.err()).isNotZero();
            assertThat(r.err())
                    .as(command.get(0))
                    .contains("cannot reach the Kafka cluster at " + broker.saslBootstrapServers())
                    .contains("Authentication failed")
                    .contains("SCRAM-SHA-512")
                    .doesNotContain("\tat ", "Exception", WRONG_PASSWORD);
            assertThat(r.logs()).as(command.get(0) + " logs").doesNotContain("\tat ", WRONG_PASSWORD);
        }
    }

    private static long committedRecords(String topic) {
        Map<String, Object> c = new HashMap<>(EmbeddedKafkaBroker.scramClientProperties(USER, PASSWORD));
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.saslBootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList());
            return consumer.poll(Duration.ofSeconds(2)).count();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
