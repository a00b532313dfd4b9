package io.atozwatch.app.topics;

import io.atozwatch.app.runtime.ClusterOptions;
import io.atozwatch.app.runtime.KafkaAdmin;
import io.atozwatch.app.runtime.Settings;
import io.atozwatch.app.runtime.TopicLayout;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code topics}: creates (or checks) every topic the pipeline reads and writes. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = {
            "Creates the pipeline's topics with the right partitions, replication and cleanup policy "
                    + "(policies compacted), or with --check only verifies them."
        })
public final class TopicsCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--create", description = "Create the topics that are missing (the default).")
    boolean create;

    @Option(
            names = "--check",
            description = "Only check: exit 2 if topics are missing or inputs are not co-partitioned.")
    boolean check;

    @Option(names = "--partitions", description = "Partitions of each new topic (default 6; topics.partitions).")
    Integer partitions;

    @Option(
            names = "--replication-factor",
            description = "Replication of each new topic (default 3; topics.replication-factor).")
    Integer replication;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> opts = new HashMap<>();
        if (partitions != null) {
            opts.put("topics.partitions", partitions.toString());
        }
        if (replication != null) {
            opts.put("topics.replication-factor", replication.toString());
        }
        Settings settings = cluster.checkedSettings(
                System.getenv(), opts, spec.commandLine().getErr());
        // Topic names and serdes only; the registry is not contacted here.
        PipelineConfig config = PipelineConfig.from(settings.all());
        Topics topics = new Topics(
                config.topics(),
                Map.of(Settings.SCHEMA_REGISTRY_URL, settings.get(Settings.SCHEMA_REGISTRY_URL, "mock://topics")));
        TopicLayout layout = new TopicLayout(topics, settings);
        PrintWriter out = spec.commandLine().getOut();
        try (Admin admin = KafkaAdmin.connect(settings.kafkaClientSettings(), KafkaAdmin.CONNECT_TIMEOUT)) {
            if (!check) {
                List<String> created = layout.createMissing(admin);
                out.println(created.isEmpty() ? "All topics exist." : "Created: " + String.join(", ", created));
            }
            Optional<String> problem = layout.problems(admin);
            if (problem.isPresent()) {
                spec.commandLine().getErr().println(problem.get());
                return 2;
            }
            out.println("Topics OK: " + layout.specs().size() + " topics, inputs co-partitioned.");
            return 0;
        }
    }
}
