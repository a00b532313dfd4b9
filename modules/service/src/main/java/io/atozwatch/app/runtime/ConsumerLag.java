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
 * assigned here) counts as behind, and so does every partition while a consumer has not heard from the
 * group coordinator for {@link #STALE_AFTER_SECONDS} (the broker is unreachable: the last lag measured
 * says nothing of what is being written meanwhile, and a quiet period spent waiting for the broker must
 * not let the wall clock move the task's clock). Read at most every {@code refreshMillis}, as every task
 * asks every second.
 */
public final class ConsumerLag implements InputProgress {
    private static final String GROUP = "consumer-fetch-manager-metrics";
    private static final String NAME = "records-lag";
    private static final String COORDINATOR_GROUP = "consumer-coordinator-metrics";
    private static final String HEARTBEAT = "last-heartbeat-seconds-ago";
    /**
     * A consumer that has not heard from its coordinator for this long has lost the broker: twice the
     * default heartbeat interval (3 s) and a margin, and less than the default quiet period (10 s).
     */
    static final double STALE_AFTER_SECONDS = 7;

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final long refreshMillis;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), false, Long.MAX_VALUE, 0);

    private static final String CONSUMER_GROUP = "consumer-metrics";
    private static final String LAST_POLL = "last-poll-seconds-ago";

    /**
     * @param lastPollMillis when the stream threads' consumers last polled, the longest ago of them (wall-clock
     *                       millis; {@link Long#MAX_VALUE}: no consumer says)
     */
    private record Snapshot(
            Map<String, Double> lagByPartition, boolean brokerLost, long lastPollMillis, long takenAtMillis) {}

    /** @param metrics the Kafka Streams instance's metrics ({@code KafkaStreams::metrics}) */
    public ConsumerLag(Supplier<Map<MetricName, ? extends Metric>> metrics, long refreshMillis) {
        this.metrics = metrics;
        this.refreshMillis = refreshMillis;
    }

    @Override
    public boolean caughtUp(Collection<TopicPartition> partitions) {
        Snapshot s = current();
        if (s.brokerLost()) {
            return false;
        }
        Map<String, Double> lag = s.lagByPartition();
        for (TopicPartition tp : partitions) {
            Double l = lag.get(key(tp.topic(), tp.partition()));
            if (l == null || l.isNaN() || l > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every stream thread's consumer has polled at or after {@code wallMs}, as their {@code
     * last-poll-seconds-ago} metrics say (as of the last reading: a reading up to {@code refreshMillis} old says
     * less). Where no consumer has the metric, true: the clock is not held on what nothing measures.
     */
    @Override
    public boolean polledSince(long wallMs) {
        return current().lastPollMillis() >= wallMs;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long now = System.currentTimeMillis();
        if (now - s.takenAtMillis() < refreshMillis) {
            return s;
        }
        synchronized (this) {
            if (now - snapshot.takenAtMillis() >= refreshMillis) {
                snapshot = read(now);
            }
            return snapshot;
        }
    }

    private Snapshot read(long now) {
        Map<String, Double> lag = new HashMap<>();
        boolean brokerLost = false;
        long lastPoll = Long.MAX_VALUE;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.get().entrySet()) {
            MetricName name = e.getKey();
            Map<String, String> tags = name.tags();
            if (LAST_POLL.equals(name.name())
                    && CONSUMER_GROUP.equals(name.group())
                    && isStreamThreadsConsumer(tags.getOrDefault("client-id", ""))
                    && e.getValue().metricValue() instanceof Number n) {
                lastPoll = Math.min(lastPoll, lastPollMillis(n.doubleValue(), now));
                continue;
            }
            if (HEARTBEAT.equals(name.name())
                    && COORDINATOR_GROUP.equals(name.group())
                    && e.getValue().metricValue() instanceof Number n
                    && n.doubleValue() > STALE_AFTER_SECONDS) {
                brokerLost = true;
                continue;
            }
            if (!NAME.equals(name.name())
                    || !GROUP.equals(name.group())
                    || !tags.containsKey("partition")
                    || tags.getOrDefault("client-id", "").contains("restore")) {
                continue;
            }
            Object value = e.getValue().metricValue();
            if (value instanceof Number n) {
                lag.merge(tags.get("topic") + "/" + tags.get("partition"), n.doubleValue(), Math::max);
            }
        }
        return new Snapshot(lag, brokerLost, lastPoll, now);
    }

    /**
     * The earliest instant a consumer's last poll may have been at, from its {@code last-poll-seconds-ago} read at
     * {@code now}: whole seconds, rounded down, so up to a second earlier than it says; -1, never.
     */
    static long lastPollMillis(double secondsAgo, long now) {
        if (secondsAgo < 0) {
            return Long.MIN_VALUE;
        }
        return now - (long) Math.floor(secondsAgo) * 1000 - 999;
    }

    /** A stream thread's main consumer ({@code ...-StreamThread-N-consumer}), not its restore consumer or the global one. */
    private static boolean isStreamThreadsConsumer(String clientId) {
        return clientId.contains("-StreamThread-") && clientId.endsWith("-consumer") && !clientId.contains("restore");
    }

    /** The consumer's metric tags write a topic's dots as underscores. */
    private static String key(String topic, int partition) {
        return topic.replace('.', '_') + "/" + partition;
    }
}
