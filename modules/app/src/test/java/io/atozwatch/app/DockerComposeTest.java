package io.atozwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.runtime.Settings;
import io.atozwatch.topology.config.PipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * No Docker engine runs here, so docker-compose.yml is kept honest by reading it: its images, the
 * commands the app containers run (parsed by the app's own command line), the settings they pass
 * (each one the app reads), and the ports and addresses that tie the services together.
 */
class DockerComposeTest {
    private static final Path ROOT = Path.of("../..");
    private static Map<String, Map<String, Object>> services;

    /** Settings the app reads beyond the pipeline rules and Kafka Streams' own. */
    private static final Set<String> APP_KEYS = Set.of(
            Settings.BOOTSTRAP_SERVERS,
            Settings.SCHEMA_REGISTRY_URL,
            Settings.HTTP_PORT,
            Settings.HTTP_HOST,
            Settings.ADVERTISED_HOST,
            Settings.SHUTDOWN_TIMEOUT,
            "topics.partitions",
            "topics.replication-factor",
            "topics.input-retention",
            "topics.output-retention");

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> env(String service) {
        return (Map<String, Object>) services.get(service).get("environment");
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(String service, String key) {
        return (List<String>) services.get(service).get(key);
    }

    @Test
    void theServicesArePresentWithKnownImages() {
        assertThat(services).containsKeys("kafka", "schema-registry", "topics", "app-1", "app-2", "generator");
        assertThat((String) services.get("kafka").get("image")).startsWith("apache/kafka:");
        assertThat((String) services.get("schema-registry").get("image"))
                .startsWith("confluentinc/cp-schema-registry:");
        for (String s : List.of("topics", "app-1", "app-2")) {
            // the production image mvn package writes (Jib), loaded with docker load: not built by compose
            assertThat(services.get(s).get("image")).as(s).isEqualTo("atoz-watch:latest");
            assertThat(services.get(s)).as(s).doesNotContainKey("build");
        }
        assertThat(services.get("generator").get("image")).isEqualTo("atoz-watch-tools:latest");
        assertThat(services.get("generator").get("build")).isEqualTo(".");
    }

    @Test
    void theImagesRunTheJarsTheBuildMakesAsANonRootUser() throws Exception {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains("COPY modules/app/target/atoz-watch.jar /app/atoz-watch.jar")
                .contains("ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=75\", \"-jar\", \"/app/atoz-watch.jar\"]")
                .contains("USER 10001:10001");
        assertThat(Files.readString(ROOT.resolve("modules/app/pom.xml"))).contains("<finalName>atoz-watch</finalName>");
        String service = Files.readString(ROOT.resolve("modules/service/pom.xml"));
        assertThat(service)
                .contains("<outputFile>${project.build.directory}/atoz-watch-service.jar</outputFile>")
                .contains("<to><image>atoz-watch:latest</image></to>")
                .contains("<tar>${project.build.directory}/atoz-watch-image.tar</tar>")
                .contains("<mainClass>io.atozwatch.app.ServiceMain</mainClass>")
                .contains("<user>10001:10001</user>");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHealthCheckRunsTheImagesOwnHealthCommand() {
        for (String s : List.of("app-1", "app-2")) {
            List<String> test =
                    (List<String>) ((Map<String, Object>) services.get(s).get("healthcheck")).get("test");
            assertThat(test.subList(0, 5))
                    .containsExactly("CMD", "java", "-cp", "@/app/jib-classpath-file", "io.atozwatch.app.ServiceMain");
            CommandLine.ParseResult parsed = new CommandLine(new ServiceMain())
                    .parseArgs(test.subList(5, test.size()).toArray(String[]::new));
            assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("health");
        }
    }

    @Test
    void everyCommandParsesWithTheAppsOwnCommandLine() {
        for (String s : List.of("topics", "app-1", "app-2", "generator")) {
            List<String> command = list(s, "command");
            // the production image has the lean jar's commands only
            Object cli = s.equals("generator") ? new Main() : new ServiceMain();
            CommandLine.ParseResult parsed = new CommandLine(cli).parseArgs(command.toArray(String[]::new));
            assertThat(parsed.hasSubcommand()).as(s + " runs a subcommand").isTrue();
        }
        assertThat(list("app-1", "command")).containsExactly("run");
        assertThat(list("topics", "command").get(0)).isEqualTo("topics");
        assertThat(list("generator", "command").get(0)).isEqualTo("generate");
    }

    @Test
    void everyEnvironmentVariableIsASettingTheAppReads() {
        Set<String> pipelineKeys = Set.copyOf(PipelineConfig.defaults().keys());
        Set<String> streamsKeys = StreamsConfig.configDef().names();
        for (String s : List.of("topics", "app-1", "app-2", "generator")) {
            for (String var : env(s).keySet()) {
                assertThat(var).as(s).startsWith(Settings.ENV_PREFIX);
                String key = keyOf(var);
                assertThat(APP_KEYS.contains(key) || pipelineKeys.contains(key) || streamsKeys.contains(key))
                        .as(s + ": " + var + " sets '" + key + "', which the app does not read")
                        .isTrue();
                assertThat(Settings.envOf(key)).isEqualTo(var);
            }
        }
    }

    /** The documented rule (see Settings): ATOZ_, then the key with '.' as '_' and '-' as '__'. */
    private static String keyOf(String var) {
        return Settings.load(null, Map.of(var, "x"), Map.of())
                .all()
                .stringPropertyNames()
                .iterator()
                .next();
    }

    @Test
    void addressesAndPortsLineUp() {
        Map<String, Object> kafka = env("kafka");
        Matcher advertised =
                Pattern.compile("PLAINTEXT://([^:]+):(\\d+)").matcher((String) kafka.get("KAFKA_ADVERTISED_LISTENERS"));
        assertThat(advertised.find()).isTrue();
        String bootstrap = advertised.group(1) + ":" + advertised.group(2);
        assertThat(services.get("kafka").get("hostname")).isEqualTo(advertised.group(1));

        Map<String, Object> registry = env("schema-registry");
        Matcher listener = Pattern.compile(":(\\d+)$").matcher((String) registry.get("SCHEMA_REGISTRY_LISTENERS"));
        assertThat(listener.find()).isTrue();
        String registryUrl = "http://" + services.get("schema-registry").get("hostname") + ":" + listener.group(1);
        assertThat(registry.get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS")).isEqualTo("PLAINTEXT://" + bootstrap);

        for (String s : List.of("topics", "app-1", "app-2", "generator")) {
            assertThat(env(s))
                    .as(s)
                    .containsEntry("ATOZ_BOOTSTRAP_SERVERS", bootstrap)
                    .containsEntry("ATOZ_SCHEMA_REGISTRY_URL", registryUrl);
        }
        for (String s : List.of("app-1", "app-2")) {
            String port = (String) env(s).get("ATOZ_HTTP_PORT");
            assertThat(list(s, "ports")).as(s).singleElement().asString().endsWith(":" + port);
            assertThat(env(s).get("ATOZ_HTTP_ADVERTISED_HOST"))
                    .isEqualTo(services.get(s).get("hostname"));
            assertThat(env(s).get("ATOZ_APPLICATION_ID")).isEqualTo(env("app-1").get("ATOZ_APPLICATION_ID"));
        }
        assertThat(list("app-1", "ports")).doesNotContainAnyElementsOf(list("app-2", "ports"));
    }
}
