package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

/** A topic just created is awaited until the brokers describe it, so the check that follows sees it. */
class TopicLayoutTest {

    /** Answers describeTopics with "unknown topic" for the first {@code unknownFor} calls. */
    private static Admin describingAfter(int unknownFor, AtomicInteger calls, RuntimeException otherwise) {
        return (Admin) Proxy.newProxyInstance(
                Admin.class.getClassLoader(), new Class<?>[] {Admin.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("describeTopics")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    int call = calls.incrementAndGet();
                    Map<String, KafkaFuture<TopicDescription>> futures = new LinkedHashMap<>();
                    for (Object name : (Collection<?>) args[0]) {
                        KafkaFutureImpl<TopicDescription> f = new KafkaFutureImpl<>();
                        if (otherwise != null) {
                            f.completeExceptionally(otherwise);
                        } else if (call <= unknownFor) {
                            f.completeExceptionally(new UnknownTopicOrPartitionException("not yet: " + name));
                        } else {
                            f.complete(new TopicDescription((String) name, false, List.of()));
                        }
                        futures.put((String) name, f);
                    }
                    return new Described(futures);
                });
    }

    private static final class Described extends DescribeTopicsResult {
        Described(Map<String, KafkaFuture<TopicDescription>> byName) {
            super(null, byName);
        }
    }

    @Test
    void waitsWhileTheNewTopicsAreNotYetInTheBrokersMetadata() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TopicLayout.awaitDescribed(
                describingAfter(2, calls, null), List.of("orders", "shipments"), Duration.ofSeconds(30));
        assertThat(calls).hasValue(3);
    }

    @Test
    void givesUpAfterItsTimeAndLeavesTheVerdictToTheCheck() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TopicLayout.awaitDescribed(
                describingAfter(Integer.MAX_VALUE, calls, null), List.of("orders"), Duration.ofSeconds(1));
        assertThat(calls.get()).isGreaterThan(1);
    }

    @Test
    void doesNotWaitOnOtherErrors() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TopicLayout.awaitDescribed(
                describingAfter(0, calls, new TopicAuthorizationException("denied")),
                List.of("orders"),
                Duration.ofSeconds(30));
        assertThat(calls).hasValue(1);
    }
}
