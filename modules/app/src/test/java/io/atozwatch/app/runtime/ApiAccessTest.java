package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atozwatch.app.http.AccessControl;
import io.atozwatch.app.http.HttpTls;
import io.atozwatch.app.query.QueryApi;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineBreach;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Access control on an instance's whole HTTP server (no Kafka behind it: a data route a key may read answers 503,
 * one it may not 403, a request without a valid key 401): each role on each route, the instance key of calls between
 * instances with the caller's scope, the feed filtered for a merchant, and no key in any log line.
 */
class ApiAccessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String OPS_KEY = "ops-key-0123456789abcdef";
    private static final String ACME_KEY = "acme-key-0123456789abcdef";
    /** Configured hashed only: the settings never hold it. */
    private static final String GLOBEX_KEY = "globex-key-0123456789abcdef";

    private static final String INTERNAL_KEY = "instance-key-0123456789abcdef";
    private static final String WRONG_KEY = "wrong-key-0123456789abcdef";

    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.RUNNING);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger app = (Logger) LoggerFactory.getLogger("io.atozwatch");
    private Level appLevel;
    private LiveFeed feed;
    private HttpServer server;

    @BeforeEach
    void start() {
        logs.start();
        root.addAppender(logs);
        appLevel = app.getLevel();
        app.setLevel(Level.TRACE); // everything the app itself could say
        Map<String, String> s = new HashMap<>();
        s.put(
                AccessControl.KEYS,
                "ops=" + OPS_KEY + ", merchant:m-acme=" + ACME_KEY + ",\nmerchant:m-globex="
                        + AccessControl.hashed(GLOBEX_KEY));
        s.put(AccessControl.INTERNAL_KEY, INTERNAL_KEY);
        Settings settings = Settings.of(s);
        QueryApi queries = new QueryApi(settings);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PipelineMetrics metrics = new PipelineMetrics(registry, System::currentTimeMillis);
        feed = new LiveFeed(50);
        java.util.function.Consumer<io.javalin.Javalin> routes = queries::routes;
        server = new HttpServer(
                "127.0.0.1",
                0,
                state::get,
                new Liveness(5, Duration.ofMinutes(10), Duration.ofMinutes(5)),
                registry,
                routes.andThen(a -> StatusRoutes.add(a, feed, new StatusRoutes.Status(state::get, metrics))),
                AccessControl.from(settings::get),
                HttpTls.NONE);
    }

    @AfterEach
    void stop() {
        server.close();
        feed.close();
        root.detachAppender(logs);
        app.setLevel(appLevel);
        // Nothing logged while the test ran holds a key, whole or in part.
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : logs.list) {
            lines.add(e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                            ? ""
                            : " " + e.getThrowableProxy().getMessage()));
        }
        assertThat(String.join("\n", lines))
                .doesNotContain(
                        "key-0123456789abcdef",
                        "0123456789abcdef",
                        AccessControl.hashed(GLOBEX_KEY).substring(7, 20));
    }

    private record Answer(int status, String body, HttpResponse<String> raw) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private Answer get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        headers.forEach(rb::header);
        HttpResponse<String> r = HTTP.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r);
    }

    private Answer get(String path, String key) throws Exception {
        return get(path, key == null ? Map.of() : Map.of("Authorization", "Bearer " + key));
    }

    private static void assertError(Answer r, int status, String error, String what) throws Exception {
        assertThat(r.status()).as(what).isEqualTo(status);
        assertThat(r.header("Content-Type")).as(what).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body.get("status").asInt()).as(what).isEqualTo(status);
        assertThat(body.get("error").asText()).as(what).isEqualTo(error);
        assertThat(body.get("message").asText()).as(what).isNotBlank();
    }

    private static final List<String> PROTECTED = List.of(
            "/merchants?sort=odr",
            "/merchants/m-acme",
            "/orders/o-1",
            "/orders?atRisk=true&merchantId=m-acme",
            "/metrics",
            "/status",
            "/dead-letters",
            "/feed",
            "/no-such-route");

    @Test
    void withoutAKeyEveryRouteButHealthTheDashboardPageAndTheDocumentIs401WithWwwAuthenticate() throws Exception {
        for (String path : PROTECTED) {
            Answer r = get(path, (String) null);
            assertError(r, 401, "unauthorized", path);
            assertThat(r.header("WWW-Authenticate")).as(path).isEqualTo("Bearer realm=\"atoz-watch\"");
        }
        assertThat(get("/health/live", (String) null).status()).isEqualTo(200);
        assertThat(get("/health/ready", (String) null).status()).isEqualTo(200);
        state.set(KafkaStreams.State.REBALANCING);
        assertThat(get("/health/ready", (String) null).status()).isEqualTo(503); // open, and still telling the truth
        assertThat(get("/", (String) null).status()).isEqualTo(200);
        assertThat(get("/openapi.yaml", (String) null).status()).isEqualTo(200);
    }

    @Test
    void aWrongKeyOrAnotherSchemeIs401InvalidToken() throws Exception {
        for (String path : PROTECTED) {
            Answer wrong = get(path, WRONG_KEY);
            assertError(wrong, 401, "unauthorized", path);
            assertThat(wrong.header("WWW-Authenticate"))
                    .isEqualTo("Bearer realm=\"atoz-watch\", error=\"invalid_token\"");
            assertThat(wrong.body()).doesNotContain(WRONG_KEY);
        }
        // Refusals are logged (at DEBUG), with the path and the reason: the log check after each test is not vacuous.
        assertThat(logs.list)
                .anySatisfy(e -> assertThat(e.getFormattedMessage())
                        .contains("event=http-unauthorized", "path=/metrics", "not valid"));
        assertError(
                get("/merchants/m-acme", Map.of("Authorization", "Basic " + OPS_KEY)), 401, "unauthorized", "basic");
        assertError(get("/merchants/m-acme", Map.of("Authorization", "Bearer ")), 401, "unauthorized", "empty");
        // The hash of a key is not the key.
        assertError(get("/merchants/m-globex", AccessControl.hashed(GLOBEX_KEY)), 401, "unauthorized", "hash as key");
        // Only /feed takes the key in the query string (it would end up in access logs and forwarded URLs elsewhere).
        assertError(get("/merchants/m-acme?access_token=" + OPS_KEY, (String) null), 401, "unauthorized", "query key");
    }

    @Test
    void anOpsKeyReadsEveryRoute() throws Exception {
        assertThat(get("/metrics", OPS_KEY).status()).isEqualTo(200);
        assertThat(get("/metrics", OPS_KEY).body()).contains("atoz_emission_delay_seconds");
        assertThat(get("/status", OPS_KEY).json().get("streams").asText()).isEqualTo("RUNNING");
        assertThat(get("/dead-letters", OPS_KEY).status()).isEqualTo(200);
        // Past access control to the stores, which are not attached here: 503, not 401 or 403.
        for (String path : List.of(
                "/merchants?sort=odr",
                "/merchants/m-acme",
                "/merchants/m-globex",
                "/orders/o-1",
                "/orders?atRisk=true&merchantId=m-globex")) {
            assertError(get(path, OPS_KEY), 503, "unavailable", path);
        }
        assertError(get("/no-such-route", OPS_KEY), 404, "not_found", "unknown route");
        // HEAD goes through the same check.
        HttpResponse<Void> head = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(401);
    }

    @Test
    void aMerchantsKeyReadsItsOwnMerchantOnlyAndNoInstanceWideRoute() throws Exception {
        // its own merchant: past access control (503: no stores here)
        assertError(get("/merchants/m-acme", ACME_KEY), 503, "unavailable", "own merchant");
        assertError(get("/orders?atRisk=true&merchantId=m-acme", ACME_KEY), 503, "unavailable", "own orders at risk");
        assertError(
                get("/orders?openDeadlines=true&merchantId=m-acme", ACME_KEY),
                503,
                "unavailable",
                "own open deadlines");
        assertError(get("/merchants/m-acme/history", ACME_KEY), 503, "unavailable", "own history");
        assertError(get("/merchants?sort=odr", ACME_KEY), 503, "unavailable", "list (filtered to its own)");
        assertError(get("/orders/o-1", ACME_KEY), 503, "unavailable", "an order (checked once read)");
        // another merchant's: 403, naming no data of it
        for (String path : List.of(
                "/merchants/m-globex",
                "/orders?atRisk=true&merchantId=m-globex",
                "/merchants/m-acme2",
                "/merchants/m-globex/history",
                "/orders?openDeadlines=true&merchantId=m-globex")) {
            Answer r = get(path, ACME_KEY);
            assertError(r, 403, "forbidden", path);
            assertThat(r.body()).doesNotContain(ACME_KEY);
        }
        // the routes about the whole instance: ops only
        for (String path : List.of("/metrics", "/status", "/dead-letters")) {
            assertError(get(path, ACME_KEY), 403, "forbidden", path);
        }
        // A key configured by its hash works as the key.
        assertError(get("/merchants/m-globex", GLOBEX_KEY), 503, "unavailable", "hashed key, own merchant");
        assertError(get("/merchants/m-acme", GLOBEX_KEY), 403, "forbidden", "hashed key, other merchant");
        // A scope header is believed only with the instance key.
        assertError(
                get("/metrics", Map.of("Authorization", "Bearer " + ACME_KEY, AccessControl.SCOPE_HEADER, "ops")),
                403,
                "forbidden",
                "merchant key claiming ops");
    }

    @Test
    void theInstanceKeyActsInTheScopeItsCallCarries() throws Exception {
        Map<String, String> asAcme =
                Map.of("Authorization", "Bearer " + INTERNAL_KEY, AccessControl.SCOPE_HEADER, "merchant:m-acme");
        assertError(get("/merchants/m-acme", asAcme), 503, "unavailable", "scope acme, own");
        assertError(get("/merchants/m-globex", asAcme), 403, "forbidden", "scope acme, other");
        assertError(get("/metrics", asAcme), 403, "forbidden", "scope acme, metrics");
        Map<String, String> asOps =
                Map.of("Authorization", "Bearer " + INTERNAL_KEY, AccessControl.SCOPE_HEADER, "ops");
        assertThat(get("/metrics", asOps).status()).isEqualTo(200);
        // without a scope, or with one it cannot read: refused
        assertError(get("/metrics", INTERNAL_KEY), 401, "unauthorized", "no scope");
        assertError(
                get("/metrics", Map.of("Authorization", "Bearer " + INTERNAL_KEY, AccessControl.SCOPE_HEADER, "root")),
                401,
                "unauthorized",
                "bad scope");
    }

    @Test
    void theFeedSendsAMerchantsKeyItsOwnItemsOnlyAndTakesTheKeyAsAQueryParameter() throws Exception {
        feed.breachEmitted(breach("o-a1", "m-acme"), Instant.EPOCH);
        feed.breachEmitted(breach("o-g1", "m-globex"), Instant.EPOCH);
        DeadLetter dead = new DeadLetter();
        dead.setKey("o-x");
        dead.setSourceTopic("orders");
        dead.setReason("unreadable");
        feed.deadLettered(dead);
        feed.breachEmitted(breach("o-a2", "m-acme"), Instant.EPOCH); // the last of the backlog

        assertError(get("/feed", (String) null), 401, "unauthorized", "feed without key");
        assertError(get("/feed?access_token=" + WRONG_KEY, (String) null), 401, "unauthorized", "feed, wrong key");
        // The backlog comes oldest first: whatever the merchant may see arrives before o-a2.
        List<String> acme =
                feedUntil("/feed?access_token=" + URLEncoder.encode(ACME_KEY, StandardCharsets.UTF_8), "o-a2");
        assertThat(acme).containsExactly("o-a1", "o-a2");
        List<String> ops =
                feedUntil("/feed?access_token=" + URLEncoder.encode(OPS_KEY, StandardCharsets.UTF_8), "o-a2");
        assertThat(ops).containsExactly("o-a1", "o-g1", "o-x", "o-a2");
    }

    private static DeadlineBreach breach(String orderId, String merchantId) {
        DeadlineBreach b = new DeadlineBreach();
        b.setOrderId(orderId);
        b.setMerchantId(merchantId);
        b.setDueAt(Instant.parse("2026-03-02T00:00:00Z"));
        return b;
    }

    /** The order ids of the feed's items, up to the one of {@code lastOrderId}. */
    private List<String> feedUntil(String path, String lastOrderId) throws Exception {
        HttpResponse<InputStream> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        CompletableFuture<List<String>> read = CompletableFuture.supplyAsync(() -> {
            List<String> ids = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("data:")) {
                        String id =
                                JSON.readTree(line.substring(5)).get("orderId").asText();
                        ids.add(id);
                        if (id.equals(lastOrderId)) {
                            return ids;
                        }
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return ids;
        });
        return read.get(20, TimeUnit.SECONDS);
    }

    @Test
    void keysComeFromAFileTooAndABadEntryIsAnErrorThatShowsNoKey() throws Exception {
        Path file = Files.createTempFile(Path.of("target"), "api-keys", ".txt");
        try {
            Files.writeString(
                    file, "# ops\nops=" + OPS_KEY + "\n\nmerchant:m-acme=" + AccessControl.hashed(ACME_KEY) + "\n");
            AccessControl fromFile = AccessControl.from(Map.of(AccessControl.KEYS_FILE, file.toString())::get);
            assertThat(fromFile.enabled()).isTrue();
            assertThat(fromFile.authenticate("Bearer " + OPS_KEY, null, null)).isEqualTo(AccessControl.Caller.OPS);
            assertThat(fromFile.authenticate("bearer " + ACME_KEY, null, null))
                    .isEqualTo(AccessControl.Caller.merchant("m-acme"));
            assertThat(fromFile.toString()).doesNotContain(OPS_KEY).contains("ops=1", "merchant=1");
        } finally {
            Files.deleteIfExists(file);
        }
        String secret = "s3cret-but-malformed-0123456789";
        for (String bad :
                List.of("admin=" + secret, secret, "merchant:=" + secret, "ops=sha256:" + secret, "ops=short")) {
            assertThatThrownBy(() -> AccessControl.from(Map.of(AccessControl.KEYS, bad)::get))
                    .as(bad)
                    .isInstanceOf(UserError.class)
                    .hasMessageContaining(AccessControl.KEYS)
                    .hasMessageNotContaining(secret)
                    .hasMessageNotContaining("=short");
        }
        assertThatThrownBy(() -> AccessControl.from(Map.of(AccessControl.KEYS_FILE, "target/no-such-keys-file")::get))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("no such file");
        // Off unless configured: everyone is ops.
        assertThat(AccessControl.from(Map.<String, String>of()::get).enabled()).isFalse();
        assertThat(AccessControl.OFF.authenticate(null, null, null)).isEqualTo(AccessControl.Caller.OPS);
    }
}
