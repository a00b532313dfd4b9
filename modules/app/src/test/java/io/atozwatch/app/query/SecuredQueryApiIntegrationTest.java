package io.atozwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atozwatch.app.Await;
import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.generate.GeneratorOptions;
import io.atozwatch.app.generate.TrafficGenerator;
import io.atozwatch.app.http.AccessControl;
import io.atozwatch.app.http.HttpTls;
import io.atozwatch.app.runtime.PipelineApp;
import io.atozwatch.app.runtime.Settings;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.testing.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * Two instances on a real broker with API keys and TLS on their HTTP ports (a self-signed certificate made here with
 * keytool, trusted through {@code http.tls.truststore.*}): a merchant's key gets the same answers from either
 * instance, its own data only, the non-owner forwarding over https with the instance key and the merchant's scope,
 * and the owner limiting the answer to that scope.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredQueryApiIntegrationTest {
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private static final List<GeneratedEvent> EVENTS = new TrafficGenerator(
                    GeneratorOptions.defaults(5, START).withOrders(40).withMerchants(6))
            .stream().toList();
    private static final long WALL_CLOCK = EVENTS.stream()
            .map(GeneratedEvent::timestamp)
            .max(Instant::compareTo)
            .orElseThrow()
            .plus(Duration.ofDays(1))
            .toEpochMilli();
    private static final String APP_ID = "it-secured-query";
    private static final String STORE_PASSWORD = "store-secret-1";
    private static final String OPS_KEY = "ops-SECRET-key-a1b2c3d4e5f6";
    private static final String MERCHANT_KEY = "merchant-SECRET-key-a1b2c3d4e5f6";
    private static final String INTERNAL_KEY = "instance-SECRET-key-a1b2c3d4e5f6";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> merchantOfOrder = new TreeMap<>();
    /** The merchant whose key the tests use: the one with the most orders. */
    private String merchant;

    private QueryCluster cluster;
    private PipelineApp a;
    private PipelineApp b;
    private HttpClient https;
    private Path dir;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    record Answer(int status, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    @BeforeAll
    void startTwoSecuredInstances() throws Exception {
        logs.start();
        root.addAppender(logs);
        long t0 = System.nanoTime();
        Map<String, Integer> orders = new TreeMap<>();
        for (GeneratedEvent e : EVENTS) {
            if (e.value() instanceof OrderEvent o && o.getType() == OrderEventType.PLACED) {
                merchantOfOrder.put(o.getOrderId(), o.getMerchantId());
                orders.merge(o.getMerchantId(), 1, Integer::sum);
            }
        }
        merchant = orders.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();

        dir = Files.createTempDirectory(Path.of("target"), "secured-query-");
        SelfSignedCertificate certificate = SelfSignedCertificate.make(dir, "atoz", STORE_PASSWORD);
        Path keystore = certificate.keystore();
        Path truststore = certificate.truststore();
        KeyStore trusted = certificate.trusted();
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        https = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(2))
                .build();

        cluster = new QueryCluster();
        a = start(secured(cluster.settings(APP_ID, QueryCluster.freePort()), keystore, truststore));
        b = start(secured(cluster.settings(APP_ID, QueryCluster.freePort()), keystore, truststore));
        Await.until(
                "both instances RUNNING, each active for part of both stores",
                Duration.ofSeconds(120),
                () -> balanced(a) && balanced(b));
        long orderEvents = EVENTS.stream().filter(e -> e.eventId() != null).count();
        cluster.produce(EVENTS);
        Await.until("every event processed", Duration.ofSeconds(120), () -> processed(a) + processed(b) >= orderEvents);
        // Events are judged after they are read, when the clock passes them: wait until every answer stops changing.
        String[] previous = {null};
        Await.until(
                "every order and merchant readable from its owner with the ops key, and settled",
                Duration.ofSeconds(120),
                () -> {
                    String now = snapshot();
                    boolean settled = now != null && now.equals(previous[0]);
                    previous[0] = now;
                    if (!settled) {
                        try {
                            Thread.sleep(1000); // between two looks at everything
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                        }
                    }
                    return settled;
                });
        System.out.printf(
                "secured query IT setup: %d orders, merchant %s, ready in %d ms%n",
                merchantOfOrder.size(),
                merchant,
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    /** Every order and merchant as its owner answers the ops key; null while one is not there yet. */
    private String snapshot() {
        StringBuilder all = new StringBuilder();
        try {
            for (String id : merchantOfOrder.keySet()) {
                Answer r = get(owner(QueryApi.CASES_STORE, id), "/orders/" + id, OPS_KEY);
                if (r.status() != 200) {
                    return null;
                }
                all.append(r.body()).append('\n');
            }
            for (String id : new TreeSet<>(merchantOfOrder.values())) {
                Answer r = get(owner(QueryApi.MERCHANTS_STORE, id), "/merchants/" + id, OPS_KEY);
                if (r.status() != 200) {
                    return null;
                }
                all.append(r.body()).append('\n');
            }
        } catch (Exception e) {
            return null;
        }
        return all.toString();
    }

    private Settings secured(Settings s, Path keystore, Path truststore) {
        return s.with(
                        AccessControl.KEYS,
                        "ops=" + OPS_KEY + ",merchant:" + merchant + "=" + AccessControl.hashed(MERCHANT_KEY))
                .with(AccessControl.INTERNAL_KEY, INTERNAL_KEY)
                .with(HttpTls.KEYSTORE, keystore.toString())
                .with(HttpTls.KEYSTORE_PASSWORD, STORE_PASSWORD)
                .with(HttpTls.TRUSTSTORE, truststore.toString())
                .with(HttpTls.TRUSTSTORE_PASSWORD, STORE_PASSWORD);
    }

    @AfterAll
    void stopAll() throws Exception {
        Thread closeB = new Thread(() -> {
            if (b != null) {
                b.close();
            }
        });
        closeB.start();
        if (a != null) {
            a.close();
        }
        closeB.join();
        if (cluster != null) {
            cluster.close();
        }
        root.detachAppender(logs);
        if (dir != null) {
            PipelineApp.deleteTree(dir);
        }
        // Not a key, whole or hashed, nor a store password in any log line of two instances' lives.
        StringBuilder all = new StringBuilder();
        for (ILoggingEvent e : logs.list) {
            all.append(e.getFormattedMessage()).append('\n');
        }
        assertThat(logs.list).isNotEmpty();
        assertThat(all.toString())
                .doesNotContain("SECRET", AccessControl.hashed(MERCHANT_KEY).substring(7), STORE_PASSWORD);
    }

    private static PipelineApp start(Settings settings) {
        QueryApi queries = new QueryApi(settings);
        PipelineApp app = new PipelineApp(settings, wall -> WALL_CLOCK, queries::routes);
        queries.attach(app.streams());
        return app.start();
    }

    private static long processed(PipelineApp i) {
        return i.metrics().processed() + i.metrics().duplicates();
    }

    private static boolean balanced(PipelineApp i) {
        return i.streams().state() == KafkaStreams.State.RUNNING
                && activeHosts(i, QueryApi.CASES_STORE) == 2
                && activeHosts(i, QueryApi.MERCHANTS_STORE) == 2;
    }

    private static long activeHosts(PipelineApp i, String store) {
        return i.streams().streamsMetadataForStore(store).stream()
                .filter(m -> m.stateStoreNames().contains(store))
                .map(StreamsMetadata::hostInfo)
                .distinct()
                .count();
    }

    /** The instance that owns {@code key} in {@code store}. */
    private PipelineApp owner(String store, String key) {
        HostInfo host = a.streams()
                .queryMetadataForKey(store, key, Serdes.String().serializer())
                .activeHost();
        return host.port() == a.httpPort() ? a : b;
    }

    private PipelineApp other(PipelineApp i) {
        return i == a ? b : a;
    }

    private Answer get(PipelineApp i, String path, String key) throws Exception {
        return get(i, path, key == null ? Map.of() : Map.of("Authorization", "Bearer " + key));
    }

    private Answer get(PipelineApp i, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + i.httpPort() + path))
                .timeout(Duration.ofSeconds(15));
        headers.forEach(rb::header);
        HttpResponse<String> r = https.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    @Test
    void aMerchantsKeyReadsItsOwnOrdersFromEitherInstanceAndAnotherMerchantsAsNotFound() throws Exception {
        int forwardedOwn = 0;
        int forwardedOther = 0;
        for (Map.Entry<String, String> order : merchantOfOrder.entrySet()) {
            String id = order.getKey();
            PipelineApp owner = owner(QueryApi.CASES_STORE, id);
            Answer fromOwner = get(owner, "/orders/" + id, MERCHANT_KEY);
            // The non-owner forwards over https, with the instance key and the merchant's scope.
            Answer forwarded = get(other(owner), "/orders/" + id, MERCHANT_KEY);
            if (order.getValue().equals(merchant)) {
                assertThat(fromOwner.status()).as(id).isEqualTo(200);
                assertThat(forwarded.status()).as(id).isEqualTo(200);
                assertThat(forwarded.body()).as(id).isEqualTo(fromOwner.body());
                assertThat(forwarded.json().get("merchantId").asText()).isEqualTo(merchant);
                forwardedOwn++;
            } else {
                // Another merchant's order: the very answer of an order that does not exist.
                for (Answer r : List.of(fromOwner, forwarded)) {
                    assertThat(r.status()).as(id).isEqualTo(404);
                    assertThat(r.json().get("message").asText()).isEqualTo("no order " + id);
                    assertThat(r.body()).doesNotContain(order.getValue());
                }
                forwardedOther++;
                // ... while the ops key reads it from either instance.
                assertThat(get(other(owner), "/orders/" + id, OPS_KEY).status())
                        .as(id)
                        .isEqualTo(200);
            }
        }
        assertThat(forwardedOwn).isPositive();
        assertThat(forwardedOther).isPositive();
        String unknown = get(a, "/orders/o-no-such-order", MERCHANT_KEY).body();
        assertThat(unknown).isEqualTo(get(a, "/orders/o-no-such-order", OPS_KEY).body());
    }

    @Test
    void aMerchantsKeyReadsItsOwnFiguresAndListsFromEitherInstanceAndNoOtherMerchant() throws Exception {
        for (PipelineApp i : List.of(a, b)) {
            Answer own = get(i, "/merchants/" + merchant, MERCHANT_KEY);
            assertThat(own.status()).isEqualTo(200);
            assertThat(own.json().get("merchantId").asText()).isEqualTo(merchant);
            for (String other : new TreeSet<>(merchantOfOrder.values())) {
                if (!other.equals(merchant)) {
                    Answer r = get(i, "/merchants/" + other, MERCHANT_KEY);
                    assertThat(r.status()).as(other).isEqualTo(403);
                    assertThat(r.json().get("error").asText()).isEqualTo("forbidden");
                    assertThat(get(i, "/orders?atRisk=true&merchantId=" + other, MERCHANT_KEY)
                                    .status())
                            .isEqualTo(403);
                }
            }
            // The ranking, gathered from both instances, holds its own merchant alone; the ops key sees them all.
            JsonNode ranked =
                    get(i, "/merchants?sort=odr&limit=100", MERCHANT_KEY).json().get("merchants");
            assertThat(ranked).hasSize(1);
            assertThat(ranked.get(0).get("merchantId").asText()).isEqualTo(merchant);
            assertThat(get(i, "/merchants?sort=odr&limit=100", OPS_KEY).json().get("merchants"))
                    .hasSize(new TreeSet<>(merchantOfOrder.values()).size());
            Answer atRisk = get(i, "/orders?atRisk=true&merchantId=" + merchant + "&limit=1000", MERCHANT_KEY);
            assertThat(atRisk.status()).isEqualTo(200);
            assertThat(atRisk.json().get("merchantId").asText()).isEqualTo(merchant);
            assertThat(atRisk.body())
                    .isEqualTo(get(i, "/orders?atRisk=true&merchantId=" + merchant + "&limit=1000", OPS_KEY)
                            .body());
            assertThat(get(i, "/metrics", MERCHANT_KEY).status()).isEqualTo(403);
        }
    }

    @Test
    void theOwnerAppliesTheScopeACallBetweenInstancesCarriesAndRefusesAWrongInstanceKey() throws Exception {
        String othersOrder = merchantOfOrder.entrySet().stream()
                .filter(e -> !e.getValue().equals(merchant))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        PipelineApp owner = owner(QueryApi.CASES_STORE, othersOrder);
        Map<String, String> asMerchant = Map.of(
                "Authorization",
                "Bearer " + INTERNAL_KEY,
                AccessControl.SCOPE_HEADER,
                "merchant:" + merchant,
                QueryApi.FORWARDED_HEADER,
                "test");
        assertThat(get(owner, "/orders/" + othersOrder, asMerchant).status()).isEqualTo(404);
        Map<String, String> asOps = Map.of(
                "Authorization",
                "Bearer " + INTERNAL_KEY,
                AccessControl.SCOPE_HEADER,
                "ops",
                QueryApi.FORWARDED_HEADER,
                "test");
        assertThat(get(owner, "/orders/" + othersOrder, asOps).status()).isEqualTo(200);
        Answer wrong = get(
                owner,
                "/orders/" + othersOrder,
                Map.of("Authorization", "Bearer not-the-instance-key-0000", AccessControl.SCOPE_HEADER, "ops"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(get(owner, "/orders/" + othersOrder, (String) null).status()).isEqualTo(401);
    }

    @Test
    void theHttpPortSpeaksOnlyHttpsAndHealthStaysOpen() throws Exception {
        for (PipelineApp i : List.of(a, b)) {
            assertThat(get(i, "/health/live", (String) null).status()).isEqualTo(200);
            assertThat(get(i, "/health/ready", (String) null).status()).isEqualTo(200);
        }
        HttpClient plain =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        // A client that does not trust the certificate cannot connect.
        assertThatThrownBy(() -> plain.send(
                        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + a.httpPort() + "/health/live"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        // Plain HTTP gets no answer.
        boolean answered;
        try {
            HttpResponse<String> r = plain.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.httpPort() + "/health/live"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            answered = r.statusCode() == 200;
        } catch (IOException e) {
            answered = false;
        }
        assertThat(answered).isFalse();
    }
}
