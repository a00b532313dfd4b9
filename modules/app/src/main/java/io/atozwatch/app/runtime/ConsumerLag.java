package io.atozwatch.app.runtime;

import io.atozwatch.topology.time.InputProgress;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;

/**
 * How far behind the end of its input partitions this instance is, from its consumers' own
 * {@code records-lag} metrics (set on every fetch). It tells the pipeline's clock whether a task is
 * read to its end ({@link InputProgress}): a partition whose lag is unknown (not fetched yet, or not
 * assigned here) counts as behind. Read at most every {@code refreshMillis}, as every task asks every
 * second.
 */
public final class ConsumerLag implements InputProgress {
    private static final String GROUP = "consumer-fetch-manager-metrics";
    private static final String NAME = "records-lag";

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final long refreshMillis;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), 0);

    private record Snapshot(Map<String, Double> lagByPartition, long takenAtMillis) {}

    /** @param metrics the Kafka Streams instance's metrics ({@code KafkaStreams::metrics}) */
    public ConsumerLag(Supplier<Map<MetricName, ? extends Metric>> metrics, long refreshMillis) {
        this.metrics = metrics;
        this.refreshMillis = refreshMillis;
    }

    @Override
    public boolean caughtUp(Collection<TopicPartition> partitions) {
        Map<String, Double> lag = current().lagByPartition();
        for (TopicPartition tp : partitions) {
            Double l = lag.get(key(tp.topic(), tp.partition()));
            if (l == null || l.isNaN() || l > 0) {
                return false;
            }
        }
        return true;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long now = System.currentTimeMillis();
        if (now - s.takenAtMillis() < refreshMillis) {
            return s;
        }
        synchronized (this) {
            if (now - snapshot.takenAtMillis() >= refreshMillis) {
                snapshot = new Snapshot(read(), now);
            }
            return snapshot;
        }
    }

    private Map<String, Double> read() {
        Map<String, Double> lag = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.get().entrySet()) {
            MetricName name = e.getKey();
            Map<String, String> tags = name.tags();
            if (!NAME.equals(name.name()) || !GROUP.equals(name.group()) || !tags.containsKey("partition")
                    || tags.getOrDefault("client-id", "").contains("restore")) {
                continue;
            }
            Object value = e.getValue().metricValue();
            if (value instanceof Number n) {
                lag.merge(tags.get("topic") + "/" + tags.get("partition"), n.doubleValue(), Math::max);
            }
        }
        return lag;
    }

    /** The consumer's metric tags write a topic's dots as underscores. */
    private static String key(String topic, int partition) {
        return topic.replace('.', '_') + "/" + partition;
    }
}
