package io.atozwatch.app.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined mode: {@code process.roles=broker,controller}) running inside
 * this JVM. It is what {@code demo} mode and the integration tests run on; in production the app is pointed at
 * a real cluster instead.
 *
 * <p>The broker listens with PLAINTEXT on {@code 127.0.0.1} only, keeps its data under a directory of its own,
 * and is configured for one node: internal topics (consumer offsets, transaction state, share-group state) have
 * replication factor 1, min ISR 1 and few partitions, so consumer groups and exactly-once transactions (Kafka
 * Streams {@code exactly_once_v2}) work and start quickly. Topics are not auto-created: create them with
 * {@link #createTopic}.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startInTempDir(Path.of("target"))) {
 *     kafka.createTopic("events", 3, Map.of());
 *     ... kafka.bootstrapServers() ...
 * }
 * }</pre>
 *
 * <p>This class registers nothing JVM-global (no shutdown hook, no system property, no JMX metrics reporter),
 * so several brokers can run one after the other or at the same time (on their own ports) in one JVM; what
 * Kafka itself keeps JVM-wide (the Yammer metrics registry and its two daemon tick threads, a
 * {@code kafka:type=kafka.Log4jController} MBean) does not get in the way. An application that wants the broker
 * stopped on Ctrl-C registers its own shutdown hook calling {@link #close()}.
 *
 * <p>As in a stand-alone broker, a fault that Kafka deems fatal while running (e.g. the metadata log cannot be
 * written because its directory was deleted) halts the JVM ({@code Runtime.halt}); failures during start-up do
 * not: {@link Builder#start()} throws.
 *
 * <p>Instances are thread-safe.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    /** Host that both listeners bind to and that clients are given. */
    public static final String HOST = "127.0.0.1";
    /** Node id of the single broker/controller. */
    public static final int NODE_ID = 1;

    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String SASL_LISTENER = "SASL";
    /** The mechanism of the SASL_PLAINTEXT listener that {@link Builder#scramListener()} adds. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
    /** Sub-directory of the data directory that holds {@code log.dirs} (also the metadata log). */
    static final String LOG_DIR_NAME = "kraft-combined-logs";

    private static final int BIND_ATTEMPTS = 3;

    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final Path logDir;
    private final String clusterId;
    private final int port;
    private final int controllerPort;
    private final int saslPort;
    private final long startupMillis;
    private final KafkaRaftServer server;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object adminLock = new Object();
    private Admin admin; // guarded by adminLock, created on first use

    private EmbeddedKafkaBroker(
            Path dataDir,
            boolean deleteDataDirOnClose,
            Path logDir,
            String clusterId,
            int port,
            int controllerPort,
            int saslPort,
            long startupMillis,
            KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.logDir = logDir;
        this.clusterId = clusterId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.saslPort = saslPort;
        this.startupMillis = startupMillis;
        this.server = server;
    }

    // ------------------------------------------------------------------------------------------------ factories

    /**
     * Starts a broker with default settings that keeps its data in {@code dataDir} (created if missing, and kept
     * on {@link #close()}). A data directory that an earlier broker formatted is reused with its cluster id,
     * topics and data.
     */
    public static EmbeddedKafkaBroker start(Path dataDir) {
        return builder().dataDir(dataDir).start();
    }

    /**
     * Starts a broker with default settings in a fresh temporary directory created under {@code parent}
     * (e.g. {@code target/}; created if missing). {@link #close()} deletes that directory.
     */
    public static EmbeddedKafkaBroker startInTempDir(Path parent) {
        return builder().tempDirUnder(parent).start();
    }

    /** A builder for a broker with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------------ accessors

    /** {@code "127.0.0.1:PORT"}, the value for the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The port of the PLAINTEXT (client) listener. */
    public int port() {
        return port;
    }

    /**
     * {@code "127.0.0.1:PORT"} of the SASL_PLAINTEXT listener ({@value #SCRAM_MECHANISM}).
     *
     * @throws IllegalStateException if the broker was built without {@link Builder#scramListener()}
     */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("the embedded broker has no SASL listener (see Builder.scramListener())");
        }
        return HOST + ":" + saslPort;
    }

    /**
     * Creates (or updates) a {@value #SCRAM_MECHANISM} user through the Admin API, and returns once the SASL
     * listener accepts its credentials.
     */
    public void createScramUser(String user, String password) {
        String sasl = saslBootstrapServers();
        try {
            admin().alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create the SCRAM user " + user + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the SCRAM user " + user, e);
        }
        // the credential reaches the listener's cache when the broker applies the metadata record: wait for that
        Map<String, Object> props = scramClientProperties(user, password);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sasl);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Admin probe = Admin.create(props)) {
            while (true) {
                try {
                    probe.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the SASL listener does not accept the SCRAM user " + user, e);
                    }
                    Thread.sleep(50);
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("the SASL listener did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the SCRAM user " + user, e);
        }
    }

    /** {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config} for a SCRAM user. */
    public static Map<String, Object> scramClientProperties(String user, String password) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", SCRAM_MECHANISM);
        props.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";");
        return props;
    }

    /** The port of the CONTROLLER listener (KRaft quorum; clients never use it). */
    public int controllerPort() {
        return controllerPort;
    }

    /** The cluster id the storage was formatted with. */
    public String clusterId() {
        return clusterId;
    }

    /** The data directory: the one given, or the temporary one this broker created. */
    public Path dataDir() {
        return dataDir;
    }

    /** The broker's {@code log.dirs} (and {@code metadata.log.dir}), a sub-directory of {@link #dataDir()}. */
    public Path logDir() {
        return logDir;
    }

    /** Whether {@link #close()} deletes {@link #dataDir()} (true when the broker created it as a temporary dir). */
    public boolean deletesDataDirOnClose() {
        return deleteDataDirOnClose;
    }

    /**
     * Wall-clock milliseconds that {@link Builder#start()} took: formatting the storage, starting controller and
     * broker, up to the broker being registered and unfenced (ready for clients).
     */
    public long startupMillis() {
        return startupMillis;
    }

    /** True until {@link #close()} is called. */
    public boolean isRunning() {
        return !closed.get();
    }

    /** Client properties with just {@code bootstrap.servers} set, to add producer/consumer settings to. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    // ------------------------------------------------------------------------------------------------ topics

    /** Creates a topic with replication factor 1 and default topic configs; see {@link #createTopic(String, int, Map)}. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /**
     * Creates a topic with replication factor 1 and the given topic-level configs (e.g.
     * {@code cleanup.policy=compact}), and waits until the broker serves all its partitions.
     *
     * @throws IllegalStateException if the broker is closed or the topic could not be created (e.g. it exists)
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        Admin a = admin();
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs == null ? Map.of() : configs);
        try {
            a.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            awaitTopicReady(a, name, partitions, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("could not create topic " + name + ": " + cause, cause);
        }
    }

    /** Waits until the broker's metadata has every partition of the topic with a leader. */
    private static void awaitTopicReady(Admin admin, String name, int partitions, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                KafkaFuture<TopicDescription> future =
                        admin.describeTopics(List.of(name)).topicNameValues().get(name);
                TopicDescription description = future.get(10, TimeUnit.SECONDS);
                List<TopicPartitionInfo> infos = description.partitions();
                if (infos.size() == partitions && infos.stream().allMatch(p -> p.leader() != null)) {
                    // The metadata cache knows the leaders a moment before the replica manager leads the
                    // partitions (a producer that comes too early gets NOT_LEADER_OR_FOLLOWER, retries, and
                    // logs a warning). ListOffsets is answered by the replica manager: once it answers for
                    // every partition, they are served.
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    for (TopicPartitionInfo info : infos) {
                        latest.put(new TopicPartition(name, info.partition()), OffsetSpec.latest());
                    }
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topic " + name + " has no leader for all " + partitions + " partitions");
            }
            Thread.sleep(20);
        }
    }

    private Admin admin() {
        synchronized (adminLock) {
            if (closed.get()) {
                throw new IllegalStateException("the embedded broker is closed");
            }
            if (admin == null) {
                Map<String, Object> props = clientProperties();
                props.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin-" + port);
                admin = Admin.create(props);
            }
            return admin;
        }
    }

    // ------------------------------------------------------------------------------------------------ close

    /**
     * Shuts the broker down cleanly and waits for it, then deletes the data directory if this broker created it
     * (see {@link #startInTempDir}). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        synchronized (adminLock) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
                admin = null;
            }
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (deleteDataDirOnClose) {
                deleteRecursively(dataDir);
            }
        }
        LOG.debug(
                "embedded Kafka broker on {} stopped in {} ms",
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker{" + bootstrapServers() + ", cluster " + clusterId + ", " + dataDir + "}";
    }

    // ------------------------------------------------------------------------------------------------ builder

    /** Settings of an embedded broker; {@link #start()} formats the storage and starts it. */
    public static final class Builder {
        private Path dataDir;
        private Path tempParent;
        private int port;
        private int controllerPort;
        private boolean scramListener;
        private int defaultPartitions = 1;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> extraProperties = new LinkedHashMap<>();

        private Builder() {}

        /** Keep the data in this directory (created if missing, kept on close, reused if already formatted). */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            this.tempParent = null;
            return this;
        }

        /** Keep the data in a fresh temporary directory under {@code parent}, deleted on close. */
        public Builder tempDirUnder(Path parent) {
            this.tempParent = Objects.requireNonNull(parent, "parent");
            this.dataDir = null;
            return this;
        }

        /** Port of the PLAINTEXT listener; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        /** Port of the CONTROLLER listener; 0 (the default) picks a free one. */
        public Builder controllerPort(int port) {
            this.controllerPort = checkPort(port);
            return this;
        }

        /**
         * Adds a SASL_PLAINTEXT listener ({@value #SCRAM_MECHANISM}, on a free port) beside the PLAINTEXT one,
         * which stays open and unauthenticated for the broker itself; see {@link #saslBootstrapServers()} and
         * {@link #createScramUser}.
         */
        public Builder scramListener() {
            this.scramListener = true;
            return this;
        }

        /** {@code num.partitions}: partitions of topics created without a count (default 1). */
        public Builder defaultPartitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
            }
            this.defaultPartitions = partitions;
            return this;
        }

        /** How long {@link #start()} may take before it gives up (default 60 s; sets {@code server.max.startup.time.ms}). */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * An extra broker property; it overrides the defaults of this class, except the ones that make the
         * broker what it is (process roles, node id, listeners, quorum voters, log dirs), which are rejected.
         */
        public Builder brokerProperty(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException(key + " is set by the embedded broker and cannot be overridden");
            }
            extraProperties.put(key, value);
            return this;
        }

        /** Extra broker properties; see {@link #brokerProperty}. */
        public Builder brokerProperties(Map<String, String> properties) {
            properties.forEach(this::brokerProperty);
            return this;
        }

        /**
         * Formats the storage (unless the data directory holds a formatted one) and starts the broker; returns
         * once the broker is registered with the controller and unfenced, i.e. ready for clients.
         *
         * @throws IllegalArgumentException if the extra broker properties are not a valid configuration
         * @throws IllegalStateException if it did not start; whatever it had started is shut down again (a
         *         temporary data directory is deleted)
         */
        public EmbeddedKafkaBroker start() {
            if (port != 0 && port == controllerPort) {
                throw new IllegalArgumentException("port and controllerPort must differ: " + port);
            }
            long t0 = System.nanoTime();
            boolean temp = dataDir == null;
            Path dir;
            try {
                if (temp) {
                    Path parent = tempParent != null ? tempParent : Path.of(System.getProperty("java.io.tmpdir"));
                    Files.createDirectories(parent);
                    dir = Files.createTempDirectory(parent.toAbsolutePath(), "embedded-kafka-");
                } else {
                    dir = Files.createDirectories(dataDir.toAbsolutePath());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not create the data directory of the embedded broker", e);
            }
            try {
                return startIn(dir, temp, t0);
            } catch (RuntimeException | Error e) {
                if (temp) {
                    deleteRecursively(dir);
                }
                throw e;
            }
        }

        private EmbeddedKafkaBroker startIn(Path dir, boolean temp, long t0) {
            Path logDir = dir.resolve(LOG_DIR_NAME);
            String clusterId = existingClusterId(logDir);
            if (clusterId == null) {
                clusterId = Uuid.randomUuid().toString();
                format(logDir, clusterId);
            }
            RuntimeException failure = null;
            for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
                int[] ports = choosePorts(port, controllerPort);
                KafkaConfig config;
                try {
                    config = KafkaConfig.fromProps(
                            serverProperties(logDir, ports[0], ports[1], scramListener ? ports[2] : 0), false);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("invalid embedded broker configuration: " + e.getMessage(), e);
                }
                KafkaRaftServer server;
                try {
                    server = new KafkaRaftServer(config, Time.SYSTEM);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("the embedded Kafka broker could not be created: " + e, e);
                }
                try {
                    server.startup();
                } catch (RuntimeException e) {
                    shutDownQuietly(server);
                    failure = e;
                    // a free port picked above may have been taken since (by another process): pick again
                    if ((port == 0 && isBindFailure(e, ports[0]))
                            || (controllerPort == 0 && isBindFailure(e, ports[1]))
                            || (scramListener && isBindFailure(e, ports[2]))) {
                        LOG.debug("embedded Kafka broker could not bind ports {}, retrying: {}", ports, e.toString());
                        continue;
                    }
                    break;
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                LOG.debug("embedded Kafka broker started on {}:{} in {} ms (data in {})", HOST, ports[0], millis, dir);
                return new EmbeddedKafkaBroker(
                        dir, temp, logDir, clusterId, ports[0], ports[1], scramListener ? ports[2] : 0, millis, server);
            }
            throw new IllegalStateException("the embedded Kafka broker did not start: " + failure, failure);
        }

        /** The complete broker configuration. */
        Properties serverProperties(Path logDir, int brokerPort, int ctrlPort, int saslPort) {
            Properties p = new Properties();
            // defaults for one node, overridable by extraProperties
            p.put("num.partitions", Integer.toString(defaultPartitions));
            p.put("auto.create.topics.enable", "false");
            p.put("default.replication.factor", "1");
            p.put("min.insync.replicas", "1");
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "4");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("transaction.state.log.num.partitions", "4");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("share.coordinator.state.topic.num.partitions", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("group.streams.initial.rebalance.delay.ms", "0"); // the same for KIP-1071 "streams" groups
            // small machine: fewer threads and no 128 MiB log-cleaner buffer
            p.put("num.network.threads", "2");
            p.put("num.io.threads", "2");
            p.put("background.threads", "2");
            p.put("num.recovery.threads.per.data.dir", "1");
            p.put("group.coordinator.threads", "1");
            p.put("share.coordinator.threads", "1");
            p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
            // no JMX reporter: nothing to collide with a second broker in the same JVM
            p.put("metric.reporters", "");
            p.put("server.max.startup.time.ms", Long.toString(startupTimeout.toMillis()));
            p.putAll(extraProperties);
            // what makes it a single-node combined KRaft broker on loopback
            p.put("process.roles", "broker,controller");
            p.put("node.id", Integer.toString(NODE_ID));
            p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + ctrlPort);
            p.put("controller.listener.names", CONTROLLER_LISTENER);
            p.put(
                    "listeners",
                    BROKER_LISTENER + "://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                            + ctrlPort);
            p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
            p.put(
                    "listener.security.protocol.map",
                    BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
            p.put("inter.broker.listener.name", BROKER_LISTENER);
            if (saslPort != 0) {
                p.put("listeners", p.get("listeners") + "," + SASL_LISTENER + "://" + HOST + ":" + saslPort);
                p.put(
                        "advertised.listeners",
                        p.get("advertised.listeners") + "," + SASL_LISTENER + "://" + HOST + ":" + saslPort);
                p.put(
                        "listener.security.protocol.map",
                        p.get("listener.security.protocol.map") + "," + SASL_LISTENER + ":SASL_PLAINTEXT");
                p.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
                p.put(
                        "listener.name.sasl.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            }
            p.put("log.dirs", logDir.toString());
            p.put("metadata.log.dir", logDir.toString());
            return p;
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
            return port;
        }
    }

    /** Keys of {@link Builder#serverProperties} that {@link Builder#brokerProperty} may not override. */
    private static final Set<String> RESERVED = Set.of(
            "process.roles",
            "node.id",
            "broker.id",
            "controller.quorum.voters",
            "controller.quorum.bootstrap.servers",
            "controller.listener.names",
            "listeners",
            "advertised.listeners",
            "listener.security.protocol.map",
            "inter.broker.listener.name",
            "log.dirs",
            "log.dir",
            "metadata.log.dir");

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Formats {@code logDir} like {@code kafka-storage.sh format --cluster-id ID --config ...} would for a
     * static quorum: meta.properties plus the bootstrap snapshot at the latest production metadata.version.
     */
    private static void format(Path logDir, String clusterId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print) // it prints "Formatting ..." to System.out by default
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format the storage of the embedded broker in " + logDir, e);
        }
        LOG.debug("{}", out.toString(StandardCharsets.UTF_8).strip());
    }

    /** The cluster id of an already formatted log dir, or null if it is not formatted. */
    private static String existingClusterId(Path logDir) {
        Path meta = logDir.resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + meta, e);
        }
        String id = p.getProperty("cluster.id");
        String node = p.getProperty("node.id");
        if (id == null || !Integer.toString(NODE_ID).equals(node)) {
            throw new IllegalStateException(
                    meta + " is not the storage of an embedded broker (cluster.id=" + id + ", node.id=" + node + ")");
        }
        return id;
    }

    /** The given ports, with 0s replaced by distinct free ports on {@link #HOST}. */
    private static int[] choosePorts(int brokerPort, int ctrlPort) {
        try {
            InetAddress host = InetAddress.getByName(HOST);
            // four sockets open at once give four distinct free ports; at most three are needed
            try (ServerSocket a = new ServerSocket(0, 1, host);
                    ServerSocket b = new ServerSocket(0, 1, host);
                    ServerSocket c = new ServerSocket(0, 1, host);
                    ServerSocket d = new ServerSocket(0, 1, host)) {
                int[] free = {a.getLocalPort(), b.getLocalPort(), c.getLocalPort(), d.getLocalPort()};
                int i = 0;
                int first = brokerPort;
                while (first == 0 || first == ctrlPort) {
                    first = free[i++];
                }
                int second = ctrlPort;
                while (second == 0 || second == first) {
                    second = free[i++];
                }
                int third = free[i];
                while (third == first || third == second) {
                    third = free[++i];
                }
                return new int[] {first, second, third};
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not find free ports on " + HOST, e);
        }
    }

    /** Whether {@code e} is the failure to bind {@code port} ("Socket server failed to bind to HOST:PORT"). */
    private static boolean isBindFailure(Throwable e, int port) {
        boolean bind = false;
        boolean thatPort = false;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            String message = t.getMessage();
            bind |= t instanceof BindException || (message != null && message.contains("Address already in use"));
            thatPort |= message != null && message.contains(HOST + ":" + port);
        }
        return bind && thatPort;
    }

    private static void shutDownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.debug("shutting down a broker that failed to start", e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("could not delete the data directory {} of the embedded Kafka broker: {}", dir, e.toString());
        }
    }
}
