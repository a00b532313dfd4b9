package io.atozwatch.app.query;

import io.atozwatch.app.embedded.EmbeddedKafkaBroker;
import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.generate.Pacer;
import io.atozwatch.app.generate.TrafficProducer;
import io.atozwatch.app.runtime.PipelineApp;
import io.atozwatch.app.runtime.Settings;
import io.atozwatch.app.runtime.TopicLayout;
import io.atozwatch.serde.MockSchemaRegistry;
import io.atozwatch.topology.Topic;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real broker (embedded KRaft) whose topics all have {@value #PARTITIONS} partitions, so that two
 * instances each own some of every store; settings for instances that advertise their HTTP address.
 */
final class QueryCluster implements AutoCloseable {
    static final int PARTITIONS = 4;

    final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startInTempDir(Path.of("target"));
    final String registryUrl = "mock://query-it-" + UUID.randomUUID();
    final Topics topics;
    private final List<Path> stateDirs = new ArrayList<>();

    QueryCluster() throws Exception {
        topics = new Topics(PipelineConfig.defaults().topics(), Map.of(Settings.SCHEMA_REGISTRY_URL, registryUrl));
        try (Admin admin = Admin.create(broker.clientProperties())) {
            Map<String, String> layout = new HashMap<>(base());
            new TopicLayout(topics, Settings.of(layout)).createMissing(admin);
            // Topics the layout does not (yet) know, e.g. internal ones: same partition count.
            Set<String> existing = admin.listTopics().names().get();
            topics.all().stream()
                    .map(Topic::name)
                    .filter(n -> !existing.contains(n))
                    .forEach(this::createUnlessExists);
        }
    }

    /**
     * The broker's topic list can lag behind topics the layout has just created (its metadata is not updated yet):
     * one found to exist on creation is one of those.
     */
    private void createUnlessExists(String name) {
        try {
            broker.createTopic(name, PARTITIONS);
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw e;
            }
        }
    }

    private Map<String, String> base() {
        // application.id and state.dir are set per instance by settings(...)
        return Settings.singleBroker(
                broker.bootstrapServers(), registryUrl, "query-layout", Path.of("target", "query-layout"), PARTITIONS);
    }

    /** An instance of {@code applicationId} serving HTTP on {@code httpPort}, advertised as 127.0.0.1:httpPort. */
    Settings settings(String applicationId, int httpPort) {
        Path stateDir = Path.of("target", "query-it-state-" + UUID.randomUUID());
        stateDirs.add(stateDir);
        Map<String, String> s = base();
        s.put("application.id", applicationId);
        s.put("state.dir", stateDir.toString());
        s.put(Settings.HTTP_PORT, String.valueOf(httpPort));
        s.put(Settings.HTTP_HOST, "127.0.0.1");
        s.put(Settings.ADVERTISED_HOST, "127.0.0.1");
        s.put("commit.interval.ms", "200");
        s.put(Settings.SHUTDOWN_TIMEOUT, "PT20S");
        // Cases stay open (and queryable) while the tests read them, whatever the clock has passed.
        s.put("coverage.filing-window", "P365D");
        return Settings.of(s);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Produces the events as the generator command does (idempotent, acks=all, stamped with event time). */
    void produce(List<GeneratedEvent> events) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                TrafficProducer.producerConfig(new HashMap<>(broker.clientProperties())),
                new StringSerializer(),
                new ByteArraySerializer())) {
            new TrafficProducer(producer, topics).produce(events.iterator(), events.size(), Pacer.unlimited());
        }
    }

    @Override
    public void close() {
        broker.close();
        MockSchemaRegistry.dropScope(registryUrl.substring("mock://".length()));
        stateDirs.forEach(PipelineApp::deleteTree);
    }
}
