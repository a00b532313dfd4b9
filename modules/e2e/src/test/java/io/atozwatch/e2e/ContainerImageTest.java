package io.atozwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production image that {@code mvn package} writes as a tarball (Jib, no Docker daemon): its configuration
 * (non-root user, entrypoint, port, volume), and the image itself run as a container runtime would run it, its
 * layers unpacked into a root file system and entered with {@code chroot} as its user, in a mount and PID
 * namespace of its own with {@code /proc}: {@code --help}, then the pipeline against a broker on this machine.
 * No Docker engine runs here; chroot and namespaces need root, which CI has ({@code .ci/run} installs packages).
 */
class ContainerImageTest {
    private static final Path IMAGE = Path.of(
                    System.getProperty("atoz.image.tar", "../service/target/atoz-watch-image.tar"))
            .toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path unpacked;
    private static JsonNode config;
    private static Path rootfs;

    @BeforeAll
    static void unpack() throws Exception {
        assertThat(IMAGE)
                .as("the image tarball (mvn -B verify from the project root builds it)")
                .isRegularFile();
        Process id = new ProcessBuilder("id", "-u").start();
        assertThat(new String(id.getInputStream().readAllBytes()).trim())
                .as("running the image needs root (chroot and namespaces), as CI has: run this test as root")
                .isEqualTo("0");
        unpacked = Files.createDirectories(
                Path.of("target", "image-" + System.nanoTime()).toAbsolutePath());
        sh(unpacked, "tar", "-xf", IMAGE.toString());
        JsonNode manifest =
                JSON.readTree(unpacked.resolve("manifest.json").toFile()).get(0);
        config = JSON.readTree(unpacked.resolve(manifest.get("Config").asText()).toFile())
                .get("config");
        rootfs = Files.createDirectories(unpacked.resolve("rootfs"));
        for (JsonNode layer : manifest.get("Layers")) {
            sh(unpacked, "tar", "-xzf", unpacked.resolve(layer.asText()).toString(), "-C", rootfs.toString());
        }
    }

    @Test
    void runsTheServiceAsANonRootUserOnItsPortWithItsStateOnAVolume() {
        assertThat(config.get("User").asText()).isEqualTo("10001:10001");
        assertThat(strings(config.get("Entrypoint"))).startsWith("java").contains("io.atozwatch.app.ServiceMain");
        assertThat(strings(config.get("Env"))).contains("PATH=/opt/java/bin");
        assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();
        assertThat(config.get("Volumes").has("/var/lib/atoz-watch")).isTrue();
        assertThat(rootfs.resolve("opt/java/bin/java")).isExecutable();
        assertThat(rootfs.resolve("tmp")).isDirectory();
        assertThat(rootfs.resolve("app")).isDirectory();
    }

    @Test
    void theImageRunsItsEntrypoint() throws Exception {
        Process help = container("image-help", "--help");
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log("image-help"));
        assertThat(help.exitValue()).as(out).isZero();
        assertThat(out).contains("Usage: atoz-watch", "run", "topics").doesNotContain("demo");
    }

    @Test
    void theImageRunsThePipelineAgainstABroker() throws Exception {
        int kafkaPort = JarProcess.freePort();
        int httpPort = JarProcess.freePort();
        String bootstrap = "127.0.0.1:" + kafkaPort;
        try (JarProcess broker = JarProcess.start(
                "image-broker",
                "broker",
                "--port",
                String.valueOf(kafkaPort),
                "--data-dir",
                unpacked.resolve("broker").toString())) {
            broker.await(
                    "the broker", Duration.ofMinutes(2), () -> broker.output().contains("Broker ready on"));
            Process topics = container(
                    "image-topics",
                    "topics",
                    "--create",
                    "--bootstrap-servers",
                    bootstrap,
                    "--schema-registry-url",
                    "mock://image",
                    "--partitions",
                    "1",
                    "--replication-factor",
                    "1");
            assertThat(topics.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(topics.exitValue())
                    .as(Files.readString(log("image-topics")))
                    .isZero();

            Process run = container(
                    "image-run",
                    "run",
                    "--bootstrap-servers",
                    bootstrap,
                    "--schema-registry-url",
                    "mock://image",
                    "--http-port",
                    String.valueOf(httpPort),
                    "--state-dir",
                    "/var/lib/atoz-watch");
            try {
                String base = "http://127.0.0.1:" + httpPort;
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                int status = 0;
                while (status != 200 && System.nanoTime() < deadline && run.isAlive()) {
                    try {
                        status = JarProcess.get(base + "/health/ready").statusCode();
                    } catch (IOException notYet) {
                        // the port opens once the pipeline has started
                    }
                    if (status != 200) {
                        Thread.sleep(500);
                    }
                }
                assertThat(status)
                        .as("ready; the container's output:\n" + Files.readString(log("image-run")))
                        .isEqualTo(200);
                assertThat(JarProcess.get(base + "/merchants").statusCode()).isEqualTo(200);
                // the health check docker-compose runs in the container
                Process health = container("image-health", "health", "--http-port", String.valueOf(httpPort));
                assertThat(health.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(health.exitValue())
                        .as(Files.readString(log("image-health")))
                        .isZero();
                // A record the pipeline cannot read goes to dead-letters through its producer, which compresses
                // with zstd: a native library the image must be able to load.
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                        new StringSerializer(),
                        new StringSerializer())) {
                    producer.send(new ProducerRecord<>("orders", "o-image", "not an event"))
                            .get(30, TimeUnit.SECONDS);
                }
                assertThat(committedRecordsMentioning(bootstrap, "dead-letters", "o-image", Duration.ofSeconds(90)))
                        .as("the dead letter; the container's output:\n" + Files.readString(log("image-run")))
                        .isPositive();
                assertThat(Files.readString(log("image-run")))
                        .doesNotContain("UnsatisfiedLinkError", "NoClassDefFoundError", "AccessDeniedException");
            } finally {
                run.destroy();
                if (!run.waitFor(30, TimeUnit.SECONDS)) {
                    run.destroyForcibly();
                }
            }
            // The container is gone: no process of the image's user outlives it.
            String user = config.get("User").asText().split(":")[0];
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!processesOf(user).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(processesOf(user))
                    .as("processes of user " + user + " still running")
                    .isEmpty();
        }
    }

    /** The live processes (not zombies) of user id {@code uid}, from /proc. */
    private static List<String> processesOf(String uid) throws IOException {
        List<String> pids = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir :
                    dirs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                List<String> status;
                try {
                    status = Files.readAllLines(dir.resolve("status"));
                } catch (IOException gone) {
                    continue;
                }
                boolean ofUser = status.stream().anyMatch(l -> l.matches("Uid:\\s+" + uid + "\\s.*"));
                boolean zombie = status.stream().anyMatch(l -> l.startsWith("State:") && l.contains("Z"));
                if (ofUser && !zombie) {
                    pids.add(dir.getFileName().toString());
                }
            }
        }
        return pids;
    }

    /** How many committed records of {@code topic} hold {@code text} in their bytes, once there is one or time is up. */
    private static int committedRecordsMentioning(String bootstrap, String topic, String text, Duration timeout) {
        Map<String, Object> config = CommittedReader.fromStart(bootstrap);
        int found = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found == 0 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && new String(r.value(), StandardCharsets.ISO_8859_1).contains(text)) {
                        found++;
                    }
                }
            }
        }
        return found;
    }

    /**
     * The image's entrypoint with {@code args}, as its user, in its root file system, with its environment, in
     * a new mount and PID namespace (so /proc is its own and goes with it, and destroying the process ends every
     * process in it); the network is this machine's.
     */
    private static Process container(String name, String... args) throws IOException {
        List<String> entrypoint = strings(config.get("Entrypoint"));
        // Not exec: the shell stays the namespace's first process, which unshare kills when it is destroyed
        // (--kill-child), and all the namespace's processes go with it. Exec'd, the image's process would be the
        // first one, and changing its user clears the signal it was to get when unshare dies: it would outlive
        // the test.
        StringBuilder command = new StringBuilder("mount -t proc proc \"$ROOTFS/proc\" && chroot --userspec=")
                .append(config.get("User").asText())
                .append(" \"$ROOTFS\"");
        List<String> argv = new ArrayList<>(entrypoint);
        argv.addAll(List.of(args));
        for (String a : argv) {
            command.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        Files.createDirectories(rootfs.resolve("proc"));
        ProcessBuilder pb = new ProcessBuilder(
                        "unshare", "--mount", "--pid", "--fork", "--kill-child", "sh", "-c", command.toString())
                .redirectErrorStream(true)
                .redirectOutput(log(name).toFile());
        pb.environment().clear();
        for (String env : strings(config.get("Env"))) {
            int eq = env.indexOf('=');
            pb.environment().put(env.substring(0, eq), env.substring(eq + 1));
        }
        pb.environment().put("ROOTFS", rootfs.toString());
        pb.environment().put("PATH", "/opt/java/bin:/usr/sbin:/usr/bin:/sbin:/bin"); // unshare and chroot: the host's
        return pb.start();
    }

    private static Path log(String name) {
        return unpacked.resolve(name + ".log");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void sh(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
