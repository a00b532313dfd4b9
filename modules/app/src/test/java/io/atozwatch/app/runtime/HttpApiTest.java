package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atozwatch.app.http.HttpApi;
import io.atozwatch.app.http.RawHttp;
import io.atozwatch.app.query.QueryApi;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole HTTP server as an instance serves it (health, metrics, the query API, with no Kafka behind it):
 * every error is the same JSON with the right status, whatever route, method or malformation caused it;
 * HEAD answers wherever GET does; a parameter is checked the same way on every route.
 */
class HttpApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);
    private HttpServer server;

    @BeforeEach
    void start() {
        QueryApi queries = new QueryApi(Settings.of(Map.of()));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new PipelineMetrics(registry, System::currentTimeMillis);
        server = new HttpServer(
                "127.0.0.1",
                0,
                state::get,
                new Liveness(5, Duration.ofMinutes(10), Duration.ofMinutes(5)),
                registry,
                app -> {
                    queries.routes(app);
                    HttpApi.get(app, "/test/fails", ctx -> {
                        throw new IllegalStateException("secret internals");
                    });
                });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawHttp.Response send(String method, String target) {
        return RawHttp.send(server.port(), method, target);
    }

    /** The one error format: JSON with exactly status (the HTTP status), error (its code) and a message. */
    private static JsonNode assertError(RawHttp.Response r, int status, String error, String what) throws Exception {
        assertThat(r.status()).as(what).isEqualTo(status);
        assertThat(r.header("Content-Type")).as(what).startsWith("application/json");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.properties())
                .as(what)
                .extracting(Map.Entry::getKey)
                .containsExactly("status", "error", "message");
        assertThat(body.get("status").asInt()).as(what).isEqualTo(status);
        assertThat(body.get("error").asText()).as(what).isEqualTo(error);
        assertThat(body.get("message").asText()).as(what).isNotBlank().doesNotContain("Exception", "\tat ");
        return body;
    }

    @Test
    void unknownRoutesAre404InTheErrorFormat() throws Exception {
        for (String path :
                List.of("/nope", "/order", "/orders/o-1/events", "/merchants/m-1/x", "/health", "/metrics/x")) {
            JsonNode body = assertError(send("GET", path), 404, "not_found", path);
            assertThat(body.get("message").asText()).as(path).contains(path, "/openapi.yaml");
            assertError(send("POST", path), 404, "not_found", "POST " + path);
        }
    }

    @Test
    void wrongMethodsAre405WithAllow() throws Exception {
        for (String path : List.of(
                "/",
                "/openapi.yaml",
                "/orders/o-1",
                "/merchants/m-1",
                "/merchants",
                "/health/live",
                "/health/ready",
                "/metrics")) {
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
                RawHttp.Response r = send(method, path);
                JsonNode body = assertError(r, 405, "method_not_allowed", method + " " + path);
                assertThat(r.header("Allow")).as(method + " " + path).isEqualTo("GET, HEAD");
                assertThat(body.get("message").asText()).contains(method, path);
            }
        }
    }

    @Test
    void headAnswersWhereverGetDoesWithTheSameStatusAndHeadersAndNoBody() {
        List<String> paths = new ArrayList<>();
        for (String route : HttpApi.routes(server.javalin())) {
            if (route.startsWith("GET ")) {
                paths.add(route.substring(4).replace("{id}", "x-1"));
            }
        }
        assertThat(paths)
                .contains(
                        "/",
                        "/openapi.yaml",
                        "/orders/x-1",
                        "/merchants/x-1",
                        "/merchants",
                        "/health/live",
                        "/health/ready",
                        "/metrics");
        assertThat(HttpApi.routes(server.javalin()))
                .filteredOn(r -> r.startsWith("HEAD "))
                .hasSameSizeAs(paths);
        paths.add("/merchants?limit=0"); // an error, too
        paths.add("/nope");
        for (String path : paths) {
            RawHttp.Response get = send("GET", path);
            RawHttp.Response head = send("HEAD", path);
            assertThat(head.status()).as(path).isEqualTo(get.status());
            assertThat(head.header("Content-Type")).as(path).isEqualTo(get.header("Content-Type"));
            assertThat(head.header("Retry-After")).as(path).isEqualTo(get.header("Retry-After"));
            assertThat(head.body()).as(path).isEmpty();
            assertThat(get.body()).as(path).isNotEmpty();
        }
        assertThat(send("HEAD", "/orders/x-1").status()).isEqualTo(503); // not Javalin's blanket 200
    }

    @Test
    void badEncodingsAre400InTheErrorFormat() throws Exception {
        // %ZZ in the path is refused by Jetty before any route; the rest by the server's own check. Same answer.
        for (String target : List.of(
                "/orders/%ZZ",
                "/orders/o-%4",
                "/orders/%C3%28",
                "/merchants/%FF",
                "/nope/%E9",
                "/merchants?sort=%ZZ",
                "/merchants?sort=%C3%28",
                "/merchants?limit=%E9",
                "/health/ready?x=%ZZ",
                "/orders/o-1?allowStandby=tr%ZZue")) {
            assertError(send("GET", target), 400, "bad_request", target);
        }
        JsonNode body = assertError(send("GET", "/orders/%C3%28"), 400, "bad_request", "invalid UTF-8");
        assertThat(body.get("message").asText()).contains("not valid percent-encoded UTF-8");
        // A valid encoding is decoded: an id with a slash and an accent reaches the route (503: no pipeline here).
        assertThat(send("GET", "/orders/o%2F%C3%A9").status()).isEqualTo(503);
    }

    @Test
    void overLongIdsAre400AndOverLongUrisAre414() throws Exception {
        String longest = "o".repeat(256);
        assertThat(send("GET", "/orders/" + longest).status()).isEqualTo(503); // a possible id: asked of the stores
        for (String path : List.of("/orders/", "/merchants/")) {
            JsonNode body = assertError(send("GET", path + longest + "x"), 400, "bad_request", path);
            assertThat(body.get("message").asText()).contains("257 characters", "at most 256", "input.max-id-length");
        }
        // Counted in characters, as the pipeline counts them, not in encoded bytes.
        assertThat(send("GET", "/orders/" + "%C3%A9".repeat(256)).status()).isEqualTo(503);
        assertError(send("GET", "/orders/%20%20"), 400, "bad_request", "blank id");
        assertError(send("GET", "/orders/" + "o".repeat(20_000)), 414, "uri_too_long", "20,000-character URI");
    }

    @Test
    void parametersAreCheckedTheSameWayOnEveryRoute() throws Exception {
        // A flag: the same message wherever it is taken.
        String orders = assertError(send("GET", "/orders/o-1?allowStandby=maybe"), 400, "bad_request", "orders")
                .get("message")
                .asText();
        String merchant = assertError(send("GET", "/merchants/m-1?allowStandby=maybe"), 400, "bad_request", "merchant")
                .get("message")
                .asText();
        assertThat(orders).isEqualTo(merchant).isEqualTo("allowStandby must be true or false, got 'maybe'");
        assertThat(assertError(send("GET", "/merchants?local=maybe"), 400, "bad_request", "local")
                        .get("message")
                        .asText())
                .isEqualTo("local must be true or false, got 'maybe'");
        // A parameter a route does not take, or one given twice, is named, on every route.
        for (String path : List.of(
                "/",
                "/openapi.yaml",
                "/orders/o-1",
                "/merchants/m-1",
                "/merchants",
                "/health/live",
                "/health/ready",
                "/metrics")) {
            JsonNode unknown = assertError(send("GET", path + "?limt=5"), 400, "bad_request", path);
            assertThat(unknown.get("message").asText()).as(path).contains("unknown parameter 'limt'");
        }
        assertThat(assertError(send("GET", "/merchants?allowStandby=true"), 400, "bad_request", "list")
                        .get("message")
                        .asText())
                .contains("unknown parameter 'allowStandby'", "sort, limit, local");
        assertThat(assertError(send("GET", "/merchants?limit=5&limit=6"), 400, "bad_request", "twice")
                        .get("message")
                        .asText())
                .contains("'limit' is given 2 times");
        // Valid parameters pass (503: no pipeline behind this server).
        assertThat(send("GET", "/merchants?sort=odr&limit=5&local=false").status())
                .isEqualTo(503);
        assertThat(send("GET", "/orders/o-1?allowStandby=TRUE").status()).isEqualTo(503);
    }

    @Test
    void aHandlerThatFailsIsA500InTheErrorFormatWithoutItsInsides() throws Exception {
        JsonNode body = assertError(send("GET", "/test/fails"), 500, "internal_error", "failing handler");
        assertThat(body.get("message").asText())
                .doesNotContain("secret internals", "IllegalStateException")
                .contains("/test/fails", "log");
    }

    @Test
    void dataRoutesAre503WithRetryAfterAndHealthSaysWhy() throws Exception {
        RawHttp.Response r = send("GET", "/orders/o-1");
        assertError(r, 503, "unavailable", "orders");
        assertThat(r.header("Retry-After")).isEqualTo("2");
        assertThat(JSON.readTree(send("GET", "/health/ready").body()).toString())
                .isEqualTo("{\"status\":\"DOWN\",\"streams\":\"CREATED\"}");
        state.set(KafkaStreams.State.RUNNING);
        assertThat(send("GET", "/health/ready").status()).isEqualTo(200);
        state.set(KafkaStreams.State.ERROR);
        RawHttp.Response live = send("GET", "/health/live");
        assertThat(live.status()).isEqualTo(503);
        assertThat(JSON.readTree(live.body()).get("reason").asText()).contains("ERROR");
    }

    @Test
    void aBusyPortIsAUserErrorNamingTheOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> new HttpServer(
                            "127.0.0.1",
                            taken.getLocalPort(),
                            state::get,
                            new Liveness(5, Duration.ofMinutes(10), Duration.ofMinutes(5)),
                            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                            app -> {}))
                    .isInstanceOf(UserError.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()))
                    .hasMessageContaining("--http-port");
        }
    }
}
