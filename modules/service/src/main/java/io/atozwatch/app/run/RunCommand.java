package io.atozwatch.app.run;

import io.atozwatch.app.http.AccessControl;
import io.atozwatch.app.http.HttpTls;
import io.atozwatch.app.query.QueryApi;
import io.atozwatch.app.runtime.ClusterOptions;
import io.atozwatch.app.runtime.KafkaAdmin;
import io.atozwatch.app.runtime.PipelineApp;
import io.atozwatch.app.runtime.Ports;
import io.atozwatch.app.runtime.Settings;
import io.atozwatch.app.runtime.TopicLayout;
import io.atozwatch.app.runtime.UserError;
import io.atozwatch.topology.Topics;
import io.atozwatch.topology.config.PipelineConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongUnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the production processor against a real cluster and schema registry. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the pipeline against your Kafka cluster and schema registry until stopped (SIGTERM or Ctrl-C).",
            "Checks first that the input topics exist and are co-partitioned."
        })
public final class RunCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--application-id", description = "Kafka Streams application id (default: atoz-watch).")
    String applicationId;

    @Option(names = "--http-port", description = "Port of health, metrics and queries (default: 8080).")
    Integer httpPort;

    @Option(names = "--state-dir", description = "Where state stores live (default: a folder under the temp dir).")
    String stateDir;

    @Option(
            names = "--standby-replicas",
            description = "num.standby.replicas: warm copies of state on other instances.")
    Integer standbyReplicas;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> opts = new HashMap<>();
        put(opts, StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        put(opts, Settings.HTTP_PORT, httpPort);
        put(opts, StreamsConfig.STATE_DIR_CONFIG, stateDir);
        put(opts, StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
        Settings settings = cluster.checkedSettings(
                System.getenv(), opts, spec.commandLine().getErr());
        requireAll(
                settings,
                Settings.BOOTSTRAP_SERVERS,
                "--bootstrap-servers",
                Settings.SCHEMA_REGISTRY_URL,
                "--schema-registry-url");
        // Before connecting to anything: a busy port is found in a moment, not after Kafka Streams has started.
        Ports.requireFree(
                settings.get(Settings.HTTP_HOST),
                settings.getInt(Settings.HTTP_PORT, 8080),
                "HTTP",
                "--http-port (" + Settings.HTTP_PORT + ")");
        Optional<String> problem = check(settings);
        if (problem.isPresent()) {
            spec.commandLine().getErr().println("Cannot start: " + problem.get());
            return 2;
        }
        QueryApi queries = new QueryApi(settings);
        PipelineApp app = new PipelineApp(settings, LongUnaryOperator.identity(), queries::routes);
        queries.attach(app.streams());
        app.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            app.close();
                            stopped.countDown();
                        },
                        "shutdown"));
        spec.commandLine()
                .getOut()
                .println("atoz-watch running; dashboard, queries (/openapi.yaml), health and metrics on "
                        + HttpTls.from(settings::get).scheme() + "://localhost:" + app.httpPort()
                        + (AccessControl.from(settings::get).enabled()
                                ? " (API keys required but for /health/*, / and /openapi.yaml)"
                                : ""));
        stopped.await();
        return 0;
    }

    /** A {@link UserError} listing every required setting (key, then its option) that is missing. */
    static void requireAll(Settings settings, String... keysAndOptions) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < keysAndOptions.length; i += 2) {
            String key = keysAndOptions[i];
            String v = settings.get(key);
            if (v == null || v.isBlank()) {
                missing.add(key + " (" + keysAndOptions[i + 1] + ", " + key + " in --config, or " + Settings.envOf(key)
                        + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new UserError("missing setting" + (missing.size() > 1 ? "s " : " ") + String.join(" and ", missing));
        }
    }

    /** Refuses to start on missing or non-co-partitioned inputs, naming the topics and counts. */
    public static Optional<String> check(Settings settings) throws Exception {
        PipelineConfig config = PipelineConfig.from(settings.all());
        Topics topics = new Topics(
                config.topics(), Map.of(Settings.SCHEMA_REGISTRY_URL, settings.require(Settings.SCHEMA_REGISTRY_URL)));
        try (Admin admin = KafkaAdmin.connect(settings.kafkaClientSettings(), KafkaAdmin.CONNECT_TIMEOUT)) {
            return new TopicLayout(topics, settings).problems(admin);
        }
    }

    private static void put(Map<String, String> m, String key, Object value) {
        if (value != null) {
            m.put(key, value.toString());
        }
    }
}
