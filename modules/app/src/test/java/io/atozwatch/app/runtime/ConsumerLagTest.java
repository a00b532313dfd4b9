package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsumerLagTest {
    private final Map<MetricName, Metric> metrics = new HashMap<>();
    private final ConsumerLag lag = new ConsumerLag(() -> metrics, 0);
    private static final List<TopicPartition> TASK =
            List.of(new TopicPartition("orders", 0), new TopicPartition("shop.refunds", 0));

    private void put(String group, String name, Map<String, String> tags, double value) {
        MetricName n = new MetricName(name, group, "", tags);
        metrics.put(n, new Metric() {
            public MetricName metricName() {
                return n;
            }

            public Object metricValue() {
                return value;
            }
        });
    }

    private void lag(String topic, int partition, double records) {
        put(
                "consumer-fetch-manager-metrics",
                "records-lag",
                Map.of(
                        "client-id",
                        "app-StreamThread-1-consumer",
                        "topic",
                        topic,
                        "partition",
                        String.valueOf(partition)),
                records);
    }

    private void heartbeat(double secondsAgo) {
        put(
                "consumer-coordinator-metrics",
                "last-heartbeat-seconds-ago",
                Map.of("client-id", "app-StreamThread-1-consumer"),
                secondsAgo);
    }

    @Test
    void aTaskIsCaughtUpWhenEveryPartitionIsReadToItsEnd() {
        lag("orders", 0, 0);
        heartbeat(1);
        assertThat(lag.caughtUp(TASK)).isFalse(); // shop.refunds-0 not fetched yet
        lag("shop_refunds", 0, 0); // the metric's tags write dots as underscores
        assertThat(lag.caughtUp(TASK)).isTrue();
        lag("orders", 0, 12);
        assertThat(lag.caughtUp(TASK)).isFalse();
    }

    @Test
    void withTheBrokerLostTheLastLagMeasuredSaysNothing() {
        lag("orders", 0, 0);
        lag("shop_refunds", 0, 0);
        heartbeat(ConsumerLag.STALE_AFTER_SECONDS + 1);
        assertThat(lag.caughtUp(TASK)).isFalse();
        heartbeat(2);
        assertThat(lag.caughtUp(TASK)).isTrue();
    }

    private void lastPoll(String clientId, double secondsAgo) {
        put("consumer-metrics", "last-poll-seconds-ago", Map.of("client-id", clientId), secondsAgo);
    }

    @Test
    void theStreamThreadsConsumersSayWhenTheyLastPolledTheLongestAgoOfThem() {
        long now = System.currentTimeMillis();
        lastPoll("app-StreamThread-1-consumer", 0);
        lastPoll("app-StreamThread-2-consumer", 3);
        lastPoll("app-StreamThread-1-restore-consumer", 600); // restores: not the records the tasks read
        lastPoll("app-global-consumer", 600);

        // Thread 2 polled 3 to 4 s ago: since 5 s ago, yes; since 2 s ago, not known.
        assertThat(lag.polledSince(now - 5_000)).isTrue();
        assertThat(lag.polledSince(now - 2_000)).isFalse();
    }

    @Test
    void aConsumerThatNeverPolledHasNotPolledSinceAnything() {
        lastPoll("app-StreamThread-1-consumer", -1);
        assertThat(lag.polledSince(0)).isFalse();
    }

    @Test
    void withoutTheMetricNothingIsHeldOnIt() {
        assertThat(lag.polledSince(System.currentTimeMillis() + 60_000)).isTrue();
    }

    @Test
    void secondsAgoAreWholeSecondsRoundedDown() {
        assertThat(ConsumerLag.lastPollMillis(0, 10_000)).isEqualTo(9_001);
        assertThat(ConsumerLag.lastPollMillis(2, 10_000)).isEqualTo(7_001);
        assertThat(ConsumerLag.lastPollMillis(-1, 10_000)).isEqualTo(Long.MIN_VALUE);
    }
}
