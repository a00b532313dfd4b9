package io.atozwatch.app.runtime;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's input lag as operators measure it ({@code kafka-consumer-groups --describe}): records
 * written to the input topics (up to the last stable offset) and not yet processed and committed by the
 * application, summed over every partition, whichever instance owns it. Asked of the cluster every few
 * seconds in the background, so that a lagging app still shows it: records already fetched but waiting in
 * an instance's buffers count as behind, unlike in the consumers' own lag.
 */
public final class CommittedLag implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommittedLag.class);

    private final Admin admin;
    private final String groupId;
    private final Collection<String> topics;
    private final AtomicLong lag = new AtomicLong(-1);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "atoz-lag");
        t.setDaemon(true);
        return t;
    });

    CommittedLag(Map<String, Object> clientSettings, String groupId, Collection<String> topics) {
        Map<String, Object> admin = new HashMap<>();
        clientSettings.forEach((k, v) -> {
            if (!k.startsWith("consumer.")
                    && !k.startsWith("producer.")
                    && !k.startsWith("main.consumer.")
                    && !k.startsWith("restore.consumer.")
                    && !k.startsWith("global.consumer.")) {
                admin.put(k, v);
            }
        });
        this.admin = Admin.create(admin);
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
    }

    void start(long everyMillis) {
        timer.scheduleWithFixedDelay(this::refresh, 0, everyMillis, TimeUnit.MILLISECONDS);
    }

    /** Records not yet processed and committed; -1 until first measured. */
    long records() {
        return lag.get();
    }

    private void refresh() {
        try {
            lag.set(recordsBehind(admin, groupId, topics));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("event=lag-unavailable reason={}", e.toString());
        }
    }

    /**
     * The records of {@code topics} that group {@code groupId} has not processed and committed: its committed
     * offsets against the last stable offsets, as {@code kafka-consumer-groups --describe} counts them.
     */
    public static long recordsBehind(Admin admin, String groupId, Collection<String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        admin.describeTopics(topics)
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .forEach((name, d) -> d.partitions()
                        .forEach(p -> ends.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        long behind = 0;
        var offsets = admin.listOffsets(ends, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(10, TimeUnit.SECONDS);
        for (var e : offsets.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            behind += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
        }
        return behind;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close();
    }
}
