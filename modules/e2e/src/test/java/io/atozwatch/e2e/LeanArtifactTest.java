package io.atozwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The production artifact, {@code atoz-watch-service.jar}, holds the pipeline, {@code run}, {@code topics} and the
 * query API, and none of the tools: no Kafka broker (nor Scala), no test driver, no demo, generator, replay, bench
 * or chaos. It runs the pipeline against a broker on its own.
 */
class LeanArtifactTest {

    /** Classes only the tools may hold, by the start of their path in the jar. */
    private static final List<String> TOOLS_ONLY = List.of(
            "kafka/server/", // the broker (Kafka's core, in Scala; kafka-clients has kafka/*.properties only)
            "kafka/log/",
            "scala/",
            "org/apache/kafka/raft/",
            "org/apache/kafka/controller/",
            "org/apache/kafka/streams/TopologyTestDriver",
            "org/apache/kafka/streams/test/",
            "io/atozwatch/app/demo/",
            "io/atozwatch/app/generate/",
            "io/atozwatch/app/replay/",
            "io/atozwatch/app/bench/",
            "io/atozwatch/app/chaos/",
            "io/atozwatch/app/embedded/",
            "io/atozwatch/app/broker/");

    @Test
    void holdsThePipelineAndTheQueryApiButNoBrokerTestDriverOrTool() throws IOException {
        List<String> service = entries(JarProcess.SERVICE_JAR);
        assertThat(service)
                .contains(
                        "io/atozwatch/app/ServiceMain.class",
                        "io/atozwatch/app/run/RunCommand.class",
                        "io/atozwatch/app/topics/TopicsCommand.class",
                        "io/atozwatch/app/query/QueryApi.class",
                        "io/atozwatch/app/query/dashboard.html",
                        "io/atozwatch/topology/PipelineTopology.class",
                        "org/apache/kafka/streams/KafkaStreams.class",
                        "librocksdbjni-linux64.so");
        assertThat(service).noneMatch(name -> TOOLS_ONLY.stream().anyMatch(name::startsWith));

        // The check above must be able to fail: the tools' jar holds every one of them.
        List<String> tools = entries(JarProcess.JAR);
        assertThat(TOOLS_ONLY).allMatch(prefix -> tools.stream().anyMatch(name -> name.startsWith(prefix)));
        assertThat(Files.size(JarProcess.SERVICE_JAR)).isLessThan(Files.size(JarProcess.JAR) / 2);
    }

    @Test
    void offersTheProductionCommandsOnly() throws Exception {
        JarProcess.Result help = JarProcess.run(JarProcess.SERVICE_JAR, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("run", "topics").doesNotContain("demo", "generate", "replay", "bench");

        JarProcess.Result demo = JarProcess.run(JarProcess.SERVICE_JAR, "demo");
        assertThat(demo.exitCode()).isEqualTo(2);
        assertThat(demo.output()).contains("Unmatched argument").doesNotContain("Exception");

        JarProcess.Result noSettings = JarProcess.run(JarProcess.SERVICE_JAR, "run");
        assertThat(noSettings.exitCode()).isNotZero();
        assertThat(noSettings.output()).contains("atoz-watch run: ").doesNotContain("Exception");
    }

    @Test
    void createsTheTopicsAndRunsThePipelineAgainstABroker() throws Exception {
        int kafkaPort = JarProcess.freePort();
        int httpPort = JarProcess.freePort();
        Path work = Files.createDirectories(
                Path.of("target", "lean-" + System.nanoTime()).toAbsolutePath());
        String bootstrap = "127.0.0.1:" + kafkaPort;
        try (JarProcess broker = JarProcess.start(
                "lean-broker",
                "broker",
                "--port",
                String.valueOf(kafkaPort),
                "--data-dir",
                work.resolve("broker").toString())) {
            broker.await(
                    "the broker", Duration.ofMinutes(2), () -> broker.output().contains("Broker ready on"));

            JarProcess.Result topics = JarProcess.run(
                    JarProcess.SERVICE_JAR,
                    "topics",
                    "--create",
                    "--bootstrap-servers",
                    bootstrap,
                    "--schema-registry-url",
                    "mock://lean",
                    "--partitions",
                    "2",
                    "--replication-factor",
                    "1");
            assertThat(topics.exitCode()).as(topics.output()).isZero();

            try (JarProcess run = JarProcess.start(
                    JarProcess.SERVICE_JAR,
                    "lean-run",
                    "run",
                    "--bootstrap-servers",
                    bootstrap,
                    "--schema-registry-url",
                    "mock://lean",
                    "--application-id",
                    "lean-" + System.nanoTime(),
                    "--http-port",
                    String.valueOf(httpPort),
                    "--state-dir",
                    work.resolve("state").toString())) {
                String base = "http://127.0.0.1:" + httpPort;
                run.await(
                        "the pipeline ready",
                        Duration.ofMinutes(2),
                        () -> JarProcess.get(base + "/health/ready").statusCode() == 200);
                assertThat(JarProcess.get(base + "/merchants").statusCode()).isEqualTo(200);
                assertThat(JarProcess.get(base + "/").body()).contains("<html");
                assertThat(run.output())
                        .doesNotContain("UnsatisfiedLinkError", "ClassNotFoundException", "NoClassDefFoundError");
            }
        }
    }

    private static List<String> entries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }
}
