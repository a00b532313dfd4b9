package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atozwatch.app.http.RawHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The operations kit (ops/: Prometheus alert rules, Grafana dashboard) names only metrics the app serves on
 * /metrics, and docker-compose.yml mounts it where Prometheus and Grafana read it.
 */
class OpsKitTest {
    private static final Path ROOT = Path.of("../..");
    private static final Set<String> PROMQL_WORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "le",
            "inf",
            "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** The metric names in a PromQL expression: identifiers but functions, keywords, label names and durations. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"") // string literals
                .replaceAll("\\{[^}]*}", "") // label matchers
                .replaceAll("\\[[^]]*]", "") // ranges and subqueries
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", ""); // label lists
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String word = m.group();
            boolean function = bare.substring(m.end()).stripLeading().startsWith("(");
            boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!function && !number && !PROMQL_WORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    static List<String> alertExpressions() throws Exception {
        Map<String, Object> rules = new Yaml().load(Files.readString(ROOT.resolve("ops/prometheus/alerts.yml")));
        List<String> exprs = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                assertThat(rule).containsKeys("alert", "expr", "annotations");
                exprs.add((String) rule.get("expr"));
            }
        }
        return exprs;
    }

    static List<String> dashboardExpressions() throws Exception {
        JsonNode dashboard = new ObjectMapper()
                .readTree(ROOT.resolve("ops/grafana/dashboards/atoz-watch.json").toFile());
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                exprs.add(target.get("expr").asText());
            }
        }
        return exprs;
    }

    @Test
    void theExpressionParserFindsMetricNamesOnly() {
        assertThat(metricNames("sum by (source_topic) (increase(atoz_dead_letters_total{status=\"a b\"}[10m])) > 0"))
                .containsExactly("atoz_dead_letters_total");
        assertThat(metricNames("histogram_quantile(0.99, sum by (le, output) (rate(x_bucket[5m]))) and y > 1e3"))
                .containsExactly("x_bucket", "y");
    }

    @Test
    void theAlertsCoverWhatOperatorsMustHearAbout() throws Exception {
        String all = String.join("\n", alertExpressions());
        assertThat(all)
                .contains(
                        "atoz_input_lag_seconds",
                        "atoz_dead_letters_total",
                        "atoz_stuck_partitions",
                        "atoz_stream_thread_replacements_total",
                        "atoz_breaches_total{status=\"BREACHED\"}[1h]");
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsUseIsServedOnMetrics() throws Exception {
        Set<String> used = new TreeSet<>();
        alertExpressions().forEach(e -> used.addAll(metricNames(e)));
        dashboardExpressions().forEach(e -> used.addAll(metricNames(e)));
        assertThat(used).hasSizeGreaterThanOrEqualTo(9);

        Path stateDir = Files.createTempDirectory(Path.of("target"), "ops-kit");
        Settings settings = Settings.of(Map.of(
                Settings.BOOTSTRAP_SERVERS,
                "127.0.0.1:9", // never contacted: not started
                Settings.SCHEMA_REGISTRY_URL,
                "mock://ops-kit",
                Settings.HTTP_PORT,
                "0",
                "state.dir",
                stateDir.toString()));
        String metrics;
        try (PipelineApp app = new PipelineApp(settings, LongUnaryOperator.identity(), routes -> {})) {
            RawHttp.Response r = RawHttp.send(app.httpPort(), "GET", "/metrics");
            assertThat(r.status()).isEqualTo(200);
            metrics = r.body();
        } finally {
            PipelineApp.deleteTree(stateDir);
        }
        Set<String> served = new TreeSet<>();
        for (String line : metrics.split("\n")) {
            Matcher m = IDENTIFIER.matcher(line);
            if (!line.startsWith("#") && m.lookingAt()) {
                served.add(m.group());
            }
        }
        assertThat(served).as("/metrics").containsAll(used);
    }

    @Test
    @SuppressWarnings("unchecked")
    void dockerComposeMountsTheKitIntoPrometheusAndGrafana() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat((List<String>) services.get("prometheus").get("volumes"))
                .contains(
                        "./ops/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                        "./ops/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
        assertThat((List<String>) services.get("grafana").get("volumes"))
                .contains(
                        "./ops/grafana/provisioning:/etc/grafana/provisioning:ro",
                        "./ops/grafana/dashboards:/var/lib/grafana/dashboards:ro");
        for (String service : List.of("prometheus", "grafana")) {
            for (String volume : (List<String>) services.get(service).get("volumes")) {
                assertThat(ROOT.resolve(volume.substring(2, volume.indexOf(':'))))
                        .as(volume)
                        .exists();
            }
        }
        // Prometheus reads the rules where they are mounted, and scrapes the instances on their HTTP port
        Map<String, Object> prometheus =
                new Yaml().load(Files.readString(ROOT.resolve("ops/prometheus/prometheus.yml")));
        assertThat((List<String>) prometheus.get("rule_files")).containsExactly("/etc/prometheus/alerts.yml");
        assertThat(Files.readString(ROOT.resolve("ops/prometheus/prometheus.yml")))
                .contains("app-1:"
                        + ((Map<String, Object>) services.get("app-1").get("environment")).get("ATOZ_HTTP_PORT"));
    }
}
