package io.atozwatch.app.bench;

import io.atozwatch.app.embedded.EmbeddedKafkaBroker;
import io.atozwatch.app.runtime.PipelineApp;
import io.atozwatch.app.runtime.Settings;
import io.atozwatch.app.runtime.TopicLayout;
import io.atozwatch.serde.MockSchemaRegistry;
import io.atozwatch.topology.Topic;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;

/**
 * The bench's single embedded broker, its in-JVM schema registry and a work directory, plus the settings of
 * apps that share the input topics but write to topics of their own: every run starts from the same inputs
 * and must not read another run's {@code merchant-facts}.
 */
final class BenchCluster implements AutoCloseable {
    /** Output and internal topics, renamed per run (the input roles keep the default names). */
    static final List<String> PER_RUN_TOPICS = List.of(
            "claim-eligibility",
            "deadline-breaches",
            "merchant-notifications",
            "dead-letters",
            "merchant-performance",
            "reserve-decisions",
            "merchant-facts");
    /** The five order-keyed input roles. */
    static final List<String> INPUT_ROLES = List.of("orders", "shipments", "returns", "refunds", "disputes");

    final Path work;
    final EmbeddedKafkaBroker broker;
    final String scope = "bench-" + UUID.randomUUID();
    final Admin admin;
    private final int partitions;
    /** Settings given for the pipeline's runs ({@code --set}), over the bench's own. */
    private final Map<String, String> overrides;

    BenchCluster(int partitions) throws Exception {
        this(partitions, Map.of());
    }

    BenchCluster(int partitions, Map<String, String> overrides) throws Exception {
        this.partitions = partitions;
        this.overrides = Map.copyOf(overrides);
        this.work = Files.createTempDirectory("atoz-bench-");
        this.broker = EmbeddedKafkaBroker.builder().tempDirUnder(work).start();
        this.admin = Admin.create(broker.clientProperties());
    }

    String registryUrl() {
        return "mock://" + scope;
    }

    /**
     * Settings of a pipeline run: application id {@code appId}, reading the inputs named {@code inputPrefix}
     * + role (empty: the default names), writing to topics prefixed with the application id; the topics missing
     * are created.
     */
    Settings pipelineSettings(String appId, String inputPrefix, String guarantee) throws Exception {
        Map<String, String> s = Settings.singleBroker(
                broker.bootstrapServers(),
                registryUrl(),
                appId,
                work.resolve("state").resolve(appId),
                partitions);
        s.put("processing.guarantee", guarantee);
        commitInterval(guarantee).ifPresent(ms -> s.put("commit.interval.ms", ms));
        s.put(Settings.HTTP_PORT, "0");
        s.put(Settings.HTTP_HOST, "127.0.0.1");
        for (String role : INPUT_ROLES) {
            s.put("topic." + role, inputPrefix + role);
        }
        s.put("topic.merchant-policies", inputPrefix + "merchant-policies");
        for (String t : PER_RUN_TOPICS) {
            s.put("topic." + t, appId + "." + t);
        }
        s.putAll(overrides);
        Settings settings = Settings.of(s);
        new TopicLayout(topics(settings), settings).createMissing(admin);
        return settings;
    }

    /**
     * At-least-once commits every 30 s by default, which would hide when a run finished: both apps commit every
     * 100 ms instead (the exactly-once default) so the finish line is seen. Exactly-once keeps its defaults.
     */
    static java.util.Optional<String> commitInterval(String guarantee) {
        return guarantee.equals("at_least_once") ? java.util.Optional.of("100") : java.util.Optional.empty();
    }

    /** The typed topics of a run's settings. */
    Topics topics(Settings settings) {
        return new Topics(
                PipelineConfig.from(settings.all()).topics(), Map.of(Settings.SCHEMA_REGISTRY_URL, registryUrl()));
    }

    /** The input topic names of {@code inputPrefix}. */
    static List<String> inputs(String inputPrefix) {
        return INPUT_ROLES.stream().map(r -> inputPrefix + r).toList();
    }

    static List<String> inputs(Topics topics) {
        return topics.orderInputs().stream().map(Topic::name).toList();
    }

    /** Bytes on the broker's disk per topic (all partitions, one replica). */
    Map<String, Long> topicBytes() throws Exception {
        Map<String, Long> bytes = new HashMap<>();
        Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(List.of(EmbeddedKafkaBroker.NODE_ID))
                .allDescriptions()
                .get(30, TimeUnit.SECONDS);
        dirs.values()
                .forEach(perDir -> perDir.values()
                        .forEach(d -> d.replicaInfos()
                                .forEach((tp, info) -> bytes.merge(tp.topic(), info.size(), Long::sum))));
        return bytes;
    }

    Map<String, Object> clientProperties() {
        return new HashMap<>(broker.clientProperties());
    }

    @Override
    public void close() {
        admin.close();
        broker.close();
        MockSchemaRegistry.dropScope(scope);
        PipelineApp.deleteTree(work);
    }
}
