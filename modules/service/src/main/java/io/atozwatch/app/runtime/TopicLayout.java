package io.atozwatch.app.runtime;

import io.atozwatch.topology.Topic;
import io.atozwatch.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Every topic the pipeline needs, with its partitions, replication and cleanup policy; creates the
 * missing ones and checks the existing ones (inputs co-partitioned, policies compacted).
 *
 * <p>Input retention must cover the life of a case (the filing window after the promised delivery),
 * or a rebuild from the inputs would miss events: the default is 120 days; -1 keeps them forever
 * (needed for historical data, whose record timestamps would otherwise be past retention already).
 */
public final class TopicLayout {

    /** A topic to create. */
    public record Spec(String name, int partitions, short replication, Map<String, String> configs) {}

    /** How long a topic just created may take to reach the brokers' metadata. */
    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);

    private final Topics topics;
    private final int partitions;
    private final short replication;
    private final String inputRetentionMs;
    private final String outputRetentionMs;

    public TopicLayout(Topics topics, Settings settings) {
        this.topics = topics;
        this.partitions = settings.getInt("topics.partitions", 6);
        this.replication = (short) settings.getInt("topics.replication-factor", 3);
        this.inputRetentionMs = retentionMs(settings.get("topics.input-retention", "P120D"));
        this.outputRetentionMs = retentionMs(settings.get("topics.output-retention", "P30D"));
    }

    static String retentionMs(String text) {
        if (text.trim().equals("-1")) {
            return "-1";
        }
        return String.valueOf(Duration.parse(text.trim()).toMillis());
    }

    public List<Spec> specs() {
        List<Spec> specs = new ArrayList<>();
        Map<String, String> input = Map.of("cleanup.policy", "delete", "retention.ms", inputRetentionMs);
        Map<String, String> output = Map.of("cleanup.policy", "delete", "retention.ms", outputRetentionMs);
        Map<String, String> compacted = Map.of("cleanup.policy", "compact");
        for (Topic<String, ?> t : topics.orderInputs()) {
            specs.add(new Spec(t.name(), partitions, replication, input));
        }
        specs.add(new Spec(topics.merchantPolicies.name(), partitions, replication, compacted));
        specs.add(new Spec(topics.merchantFacts.name(), partitions, replication, input));
        for (Topic<String, ?> t : topics.outputs()) {
            // Performance snapshots: the latest per merchant is what matters.
            specs.add(
                    new Spec(t.name(), partitions, replication, t == topics.merchantPerformance ? compacted : output));
        }
        return specs;
    }

    /**
     * Creates what is missing and waits until the brokers describe it; returns the names created.
     *
     * <p>The controller acknowledges a creation before every broker has the new topic in its
     * metadata, so a check right after would find it "missing".
     */
    public List<String> createMissing(Admin admin) throws ExecutionException, InterruptedException {
        var existing = admin.listTopics().names().get();
        List<NewTopic> missing = specs().stream()
                .filter(s -> !existing.contains(s.name()))
                .map(s -> new NewTopic(s.name(), s.partitions(), s.replication()).configs(s.configs()))
                .toList();
        List<String> created = missing.stream().map(NewTopic::name).toList();
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get();
            awaitDescribed(admin, created, METADATA_WAIT);
        }
        return created;
    }

    /** Waits until every named topic is described, or the time is up. */
    static void awaitDescribed(Admin admin, List<String> names, Duration timeout)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                admin.describeTopics(names).allTopicNames().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() - deadline >= 0) {
                    // Not a propagation delay, or it lasts too long: the check that follows names it.
                    return;
                }
            }
            Thread.sleep(50);
        }
    }

    /**
     * The problems that stop the pipeline from running correctly: missing topics, and order-keyed
     * inputs with differing partition counts (records of one order would meet in different tasks).
     */
    public Optional<String> problems(Admin admin) throws InterruptedException, ExecutionException {
        List<String> inputs = topics.orderInputs().stream().map(Topic::name).toList();
        List<String> needed = new ArrayList<>(inputs);
        needed.add(topics.merchantPolicies.name());
        needed.add(topics.merchantFacts.name());
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : needed) {
            try {
                TopicDescription d = admin.describeTopics(List.of(name))
                        .allTopicNames()
                        .get()
                        .get(name);
                counts.put(name, d.partitions().size());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(name);
                } else {
                    throw e;
                }
            }
        }
        if (!missing.isEmpty() && !counts.keySet().containsAll(inputs)) {
            return Optional.of(missingTopics(missing));
        }
        Map<Integer, List<String>> byCount =
                inputs.stream().collect(Collectors.groupingBy(counts::get, LinkedHashMap::new, Collectors.toList()));
        if (byCount.size() > 1) {
            String detail =
                    inputs.stream().map(n -> n + " has " + counts.get(n)).collect(Collectors.joining(", "));
            return Optional.of("input topics are not co-partitioned: " + detail + " partitions; every order-keyed "
                    + "input must have the same number of partitions so that all events of an order meet in one task");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(missingTopics(missing));
    }

    private static String missingTopics(List<String> missing) {
        return "topic(s) " + String.join(", ", missing) + " do not exist; create them with "
                + "`atoz-watch topics --create` (or your own tooling) before starting the pipeline";
    }
}
