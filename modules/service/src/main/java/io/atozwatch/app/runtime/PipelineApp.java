package io.atozwatch.app.runtime;

import io.atozwatch.app.http.AccessControl;
import io.atozwatch.app.http.HttpTls;
import io.atozwatch.topology.PipelineListener;
import io.atozwatch.topology.PipelineRuntime;
import io.atozwatch.topology.PipelineTopology;
import io.atozwatch.topology.Topic;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.input.DeadLetterExceptionHandler;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production processor: the pipeline topology in a {@link KafkaStreams} instance, exactly-once by
 * default, with its HTTP server (health, metrics, queries). One per JVM; scale out by running more
 * instances with the same application id (and more input partitions).
 */
public final class PipelineApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PipelineApp.class);

    private final Settings settings;
    private final PipelineConfig config;
    private final Topics topics;
    private final KafkaStreams streams;
    /** Dead-letters invalid merchant policies: a second, small application (see PipelineTopology.buildPolicyAudit). */
    private final KafkaStreams policyAudit;

    private final PrometheusMeterRegistry registry;
    private final PipelineMetrics metrics;
    private final KafkaStreamsMetrics streamsMetrics;
    /**
     * How often /metrics looks for Kafka Streams metrics that appeared since (a task's, its stores', its caches' of
     * decoded values), which it adds when a task is assigned: Micrometer's default, a minute, left them out for that
     * long after each rebalance.
     */
    static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    private final ScheduledExecutorService metricsRefresh;
    private final HttpServer http;
    private final Duration shutdownTimeout;
    private final ConsumerLag lag;
    private final CommittedLag committedLag;
    private final LivenessProbe liveness;
    /** How many of the latest items the live feed keeps for a browser that opens it. */
    static final int LIVE_FEED_ITEMS = 200;

    private final LiveFeed feed;
    private final AtomicInteger inputPartitions = new AtomicInteger();

    /**
     * @param eventTimeAtWallClock the event time a wall-clock instant stands for (identity but in the demo)
     * @param routes               extra HTTP routes (the query API)
     */
    public PipelineApp(Settings settings, LongUnaryOperator eventTimeAtWallClock, Consumer<Javalin> routes) {
        this.settings = settings;
        this.config = PipelineConfig.from(settings.all());
        this.topics = new Topics(config.topics(), serdeConfig(settings));
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.metrics = new PipelineMetrics(registry, () -> eventTimeAtWallClock.applyAsLong(System.currentTimeMillis()))
                .startAtZero(inputTopics(config), deadLetterSources(config));
        this.shutdownTimeout = Duration.parse(settings.get(Settings.SHUTDOWN_TIMEOUT, "PT30S"));
        // The consumers' lag says whether a task is read to its end; it exists once the streams instance does.
        AtomicReference<KafkaStreams> streamsRef = new AtomicReference<>();
        this.lag = new ConsumerLag(() -> streamsRef.get().metrics(), 250);
        this.feed = new LiveFeed(LIVE_FEED_ITEMS);
        PipelineListener listener = PipelineListener.both(metrics, feed);
        PipelineRuntime runtime = PipelineRuntime.deployed(listener, eventTimeAtWallClock, lag, inputPartitions::get);
        Topology topology = PipelineTopology.build(config, topics, runtime);
        Properties props = streamsProperties(settings, config);
        props.put(DeadLetterExceptionHandler.LISTENER_CONFIG, listener); // what the handler sets aside is counted too
        LocalState.wipeUnreadable(Path.of(
                props.getProperty(StreamsConfig.STATE_DIR_CONFIG),
                props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)));
        this.streams = new KafkaStreams(topology, props);
        streamsRef.set(streams);
        this.policyAudit =
                new KafkaStreams(PipelineTopology.buildPolicyAudit(config, topics, runtime), auditProperties(props));
        this.committedLag = new CommittedLag(
                settings.kafkaClientSettings(),
                settings.get(StreamsConfig.APPLICATION_ID_CONFIG, "atoz-watch"),
                topics.orderInputs().stream().map(Topic::name).toList());
        metrics.recordsBehindFrom(committedLag::records);
        this.metricsRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "atoz-metrics-refresh");
            t.setDaemon(true);
            return t;
        });
        this.streamsMetrics = new KafkaStreamsMetrics(streams, List.of(), metricsRefresh, KAFKA_METRICS_REFRESH);
        streamsMetrics.bindTo(registry);
        streams.setStateListener((now, before) -> log.info("event=streams-state from={} to={}", before, now));
        this.liveness = new LivenessProbe(settings, registry);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("event=stream-thread-died; replacing the thread", e);
            liveness.liveness().threadReplaced(java.time.Instant.now());
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        AccessControl access = AccessControl.from(settings::get);
        HttpTls tls = HttpTls.from(settings::get);
        this.http = new HttpServer(
                settings.get(Settings.HTTP_HOST, "0.0.0.0"),
                settings.getInt(Settings.HTTP_PORT, 8080),
                streams::state,
                liveness.liveness(),
                registry,
                routes.andThen(app -> StatusRoutes.add(app, feed, new StatusRoutes.Status(streams::state, metrics))),
                access,
                tls);
        // How many keys of each role, never the keys.
        log.info("event=http-security scheme={} auth={}", tls.scheme(), access.enabled() ? access.summary() : "off");
    }

    public PipelineApp start() {
        inputPartitions.set(inputPartitionCount());
        streams.start();
        policyAudit.start();
        committedLag.start(2000);
        liveness.start(streams, 5000);
        log.info(
                "event=started application.id={} bootstrap.servers={} http.port={}",
                settings.get(StreamsConfig.APPLICATION_ID_CONFIG),
                settings.get(Settings.BOOTSTRAP_SERVERS),
                http.port());
        return this;
    }

    /** How many partitions the order-keyed inputs have (run checks that they agree before starting). */
    private int inputPartitionCount() {
        String orders = config.topics().orders();
        try (Admin admin = Admin.create(settings.kafkaClientSettings())) {
            return admin.describeTopics(List.of(orders))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(orders)
                    .partitions()
                    .size();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot describe the input topic " + orders + ": "
                            + e.getCause().getMessage(),
                    e);
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the input topic " + orders + ": " + e, e);
        }
    }

    /** The topics whose events are folded into cases. */
    static List<String> inputTopics(PipelineConfig config) {
        return config.topics().orderInputs();
    }

    /** The topics a dead letter can come from: the inputs, the merchant policies and the internal merchant facts. */
    static List<String> deadLetterSources(PipelineConfig config) {
        List<String> sources = new java.util.ArrayList<>(config.topics().orderInputs());
        sources.add(config.topics().merchantPolicies());
        sources.add(config.topics().merchantFacts());
        return sources;
    }

    static Map<String, Object> serdeConfig(Settings settings) {
        return settings.registryClientSettings();
    }

    /** Kafka Streams settings: the client settings given, over the pipeline's defaults. */
    static Properties streamsProperties(Settings settings, PipelineConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "atoz-watch");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
        // The pipeline's clock relies on co-partitioned inputs being read evenly (see pipeline-defaults.properties).
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, config.maxTaskIdleMs());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class.getName());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class.getName());
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class.getName());
        p.put("processing.exception.handler.global.enabled", "true");
        p.put(DeadLetterExceptionHandler.TOPIC_CONFIG, config.topics().deadLetters());
        p.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Path.of(System.getProperty("java.io.tmpdir"), "atoz-watch-state")
                        .toString());
        // A case is written to its changelog whole, and its records repeat field values batch after batch: zstd
        // shrinks what the changelogs, outputs and merchant facts put on the wire and on disk, for little CPU at
        // these volumes (bench --quick, one build: changelog bytes per input event 347 with lz4, 233 with zstd).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "zstd");
        p.putAll(settings.kafkaClientSettings());
        batchUntilCommit(p);
        startWithoutWaiting(p);
        p.put(Settings.SCHEMA_REGISTRY_URL, settings.require(Settings.SCHEMA_REGISTRY_URL));
        // Where other instances reach this one's query API; a lone instance on a fixed port needs no setting.
        String host = settings.get(Settings.ADVERTISED_HOST);
        int port = settings.getInt(Settings.HTTP_PORT, 8080);
        if (!p.containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG) && (host != null || port != 0)) {
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, (host != null ? host : "localhost") + ":" + port);
        }
        settings.require(Settings.BOOTSTRAP_SERVERS);
        return p;
    }

    /** The largest batch the producer builds per partition under exactly-once (see {@link #batchUntilCommit}). */
    static final int EXACTLY_ONCE_BATCH_BYTES = 256 * 1024;

    /**
     * Under exactly-once, what the pipeline writes is read by nobody (read_committed) before its transaction commits,
     * and the commit sends whatever is waiting: waiting until then costs no latency. So, unless the settings say
     * otherwise, the producer lingers for a commit interval (Kafka Streams' own default is 100 ms, the default commit
     * interval, but a longer interval given is followed) and builds batches of up to 256 KiB instead of Kafka's 16 KiB,
     * which a commit interval's case records for one partition overflow: fewer, larger batches, which zstd shrinks
     * better (a case's changelog record repeats much of its neighbours'). bench, one build: changelog bytes per input
     * event 232 with 16 KiB, 185 with 512 KiB; at 256 KiB a batch for each of the 45 partitions the pipeline writes
     * fits the producer's 32 MiB buffer. At-least-once output is read as soon as it is sent, so there Kafka Streams'
     * defaults stand (100 ms, 16 KiB: a full batch goes at once).
     */
    static void batchUntilCommit(Properties p) {
        String guarantee = p.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)) {
            return;
        }
        String commitInterval = p.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        p.putIfAbsent(
                StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
                p.getProperty(ProducerConfig.LINGER_MS_CONFIG, commitInterval));
        p.putIfAbsent(
                StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG),
                p.getProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(EXACTLY_ONCE_BATCH_BYTES)));
    }

    /** How long a restoring or global consumer's fetch waits for data on the broker (see {@link #startWithoutWaiting}). */
    static final String START_FETCH_WAIT_MS = "50";

    /**
     * Kafka Streams reads the merchant policies to their end, and every changelog to its end, before a task runs;
     * the last fetch of each finds nothing more and waits on the broker for {@code fetch.max.wait.ms}, 500 ms by
     * default, several times over: at each start, about one second of the 3.5 s to RUNNING (bench, 1,000 orders,
     * Kafka Streams' own log: the policies read in 1.06 s with 500 ms, 0.18 s with 50 ms; the changelogs restored
     * 1.5 s after the assignment with 500 ms, 1.0 s with 50 ms). A fetch that finds data returns at once either way.
     * So the restore and global consumers wait 50 ms, unless the settings say how long consumers wait.
     */
    static void startWithoutWaiting(Properties p) {
        String wait = ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG;
        if (p.containsKey(wait) || p.containsKey(StreamsConfig.consumerPrefix(wait))) {
            return;
        }
        p.putIfAbsent(StreamsConfig.restoreConsumerPrefix(wait), START_FETCH_WAIT_MS);
        p.putIfAbsent(StreamsConfig.globalConsumerPrefix(wait), START_FETCH_WAIT_MS);
    }

    /** The policy audit's settings: the pipeline's, under an application id of its own, one thread, no queries. */
    static Properties auditProperties(Properties pipeline) {
        Properties p = new Properties();
        p.putAll(pipeline);
        p.put(
                StreamsConfig.APPLICATION_ID_CONFIG,
                pipeline.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + "-policy-audit");
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
        p.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
        return p;
    }

    public KafkaStreams streams() {
        return streams;
    }

    public Topics topics() {
        return topics;
    }

    public PipelineConfig config() {
        return config;
    }

    public PipelineMetrics metrics() {
        return metrics;
    }

    public int httpPort() {
        return http.port();
    }

    /** Leaves the consumer group (so partitions move at once) and stops within the shutdown timeout. */
    @Override
    public void close() {
        log.info("event=stopping timeout={}", shutdownTimeout);
        boolean clean =
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(shutdownTimeout));
        policyAudit.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(shutdownTimeout));
        streamsMetrics.close();
        metricsRefresh.shutdownNow();
        committedLag.close();
        liveness.close();
        http.close();
        feed.close();
        log.info("event=stopped clean={}", clean);
    }

    /** Deletes a state directory tree, for the demo and tests. */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            log.warn("event=cleanup-failed dir={} reason={}", dir, e.getMessage());
        }
    }
}
