package io.atozwatch.app.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@code broker} subcommand in a child JVM on fixed ports and a fixed data directory: SIGKILLed, it is
 * started again exactly where it was and recovers its logs, as a crashed broker host would.
 */
final class BrokerProcess implements AutoCloseable {
    private static final int START_ATTEMPTS = 5;

    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final Path log;
    private final Admin admin;
    private Process process;
    private int starts;

    BrokerProcess(int port, int controllerPort, Path dataDir, Path log) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.log = log;
        Map<String, Object> a = new HashMap<>();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        a.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        this.admin = Admin.create(a);
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    void start() throws IOException {
        starts = 0;
        launch();
    }

    private void launch() throws IOException {
        starts++;
        process = ChildJvm.start(
                List.of("-Xmx768m"),
                List.of(
                        "broker",
                        "--port",
                        String.valueOf(port),
                        "--controller-port",
                        String.valueOf(controllerPort),
                        "--data-dir",
                        dataDir.toString()),
                log);
    }

    /**
     * Waits until the broker answers and leads every partition of {@code topics} (none: just answers). A
     * broker that died while starting (its port not yet released by the killed one) is started again.
     *
     * @return how long it took
     */
    Duration awaitReady(List<String> topics, Duration timeout) throws InterruptedException {
        return Poll.until("the broker on " + bootstrapServers() + " to serve " + topics, timeout, () -> {
            if (!process.isAlive()) {
                if (starts >= START_ATTEMPTS) {
                    throw new Poll.Fatal("the broker exited " + starts + " times; see " + log);
                }
                launch();
                return false;
            }
            admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
            if (!topics.isEmpty()) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(topics)
                        .allTopicNames()
                        .get(5, TimeUnit.SECONDS)
                        .forEach((name, d) -> d.partitions()
                                .forEach(
                                        p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            }
            return true;
        });
    }

    /** SIGKILL: no clean shutdown, no log flush beyond what the OS already has. */
    void kill() throws InterruptedException {
        ChildJvm.kill(process);
    }

    Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
        if (process != null && process.isAlive()) {
            try {
                ChildJvm.kill(process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
