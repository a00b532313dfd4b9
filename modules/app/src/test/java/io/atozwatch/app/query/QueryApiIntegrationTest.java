package io.atozwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.atozwatch.app.Await;
import io.atozwatch.app.generate.GeneratedEvent;
import io.atozwatch.app.generate.GeneratorOptions;
import io.atozwatch.app.generate.TrafficGenerator;
import io.atozwatch.app.runtime.PipelineApp;
import io.atozwatch.app.runtime.Settings;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two instances of the app (same application id, four partitions, one standby replica each) on a real
 * broker: every query gives the same answer whichever instance is asked, the non-owner forwarding to the
 * owner. Instance B is advertised through a small HTTP relay the test can cut, so that B becomes
 * unreachable to A while B's Kafka Streams keeps running: then A answers from its standby copy, if allowed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryApiIntegrationTest {
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private static final List<GeneratedEvent> EVENTS = new TrafficGenerator(
                    GeneratorOptions.defaults(3, START).withOrders(80).withMerchants(12))
            .stream().toList();
    /**
     * The wall clock, held still at this event time: just past the last event (none is in the future), before
     * any case is over (they stay queryable), so that answers do not change while the test reads them.
     */
    private static final long WALL_CLOCK = EVENTS.stream()
            .map(GeneratedEvent::timestamp)
            .max(Instant::compareTo)
            .orElseThrow()
            .plus(Duration.ofDays(1))
            .toEpochMilli();

    private static final String APP_ID = "it-query";
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLES = Path.of("target", "query-examples");

    /** An app instance: its HTTP port, and the address it is advertised at (what key metadata names). */
    record Instance(PipelineApp app, int port, HostInfo advertised) {
        KafkaStreams streams() {
            return app.streams();
        }

        String label() {
            return advertised.host() + ":" + advertised.port();
        }
    }

    record Answer(int status, String body, Map<String, String> headers) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private QueryCluster cluster;
    private Instance a;
    private Instance b;
    private int relayPort;
    private int bPort;
    private Javalin relay;
    private List<String> orderIds;
    private List<String> merchantIds;
    private final Map<String, String> merchantOfOrder = new HashMap<>();
    private final Map<String, Set<String>> eventIdsOfOrder = new HashMap<>();
    private final Map<String, Integer> ordersOfMerchant = new HashMap<>();

    @BeforeAll
    void startTwoInstancesAndFeedThem() throws Exception {
        long t0 = System.nanoTime();
        cluster = new QueryCluster();
        int aPort = QueryCluster.freePort();
        bPort = QueryCluster.freePort();
        relayPort = QueryCluster.freePort();
        relay = relay(relayPort, bPort);
        Settings aSettings = cluster.settings(APP_ID, aPort)
                .with("num.standby.replicas", "1")
                .with("probing.rebalance.interval.ms", "60000");
        // B is advertised at the relay's address: A reaches B through it, the test reaches B directly.
        Settings bSettings = cluster.settings(APP_ID, bPort)
                .with("num.standby.replicas", "1")
                .with("probing.rebalance.interval.ms", "60000")
                .with("application.server", "127.0.0.1:" + relayPort);
        a = new Instance(start(aSettings), aPort, new HostInfo("127.0.0.1", aPort));
        b = new Instance(start(bSettings), bPort, new HostInfo("127.0.0.1", relayPort));
        Await.until(
                "both instances RUNNING, each active for part of both stores",
                Duration.ofSeconds(120),
                () -> balanced(a) && balanced(b));

        List<GeneratedEvent> events = EVENTS;
        for (GeneratedEvent e : events) {
            if (e.value() instanceof OrderEvent o && o.getType() == OrderEventType.PLACED) {
                merchantOfOrder.put(o.getOrderId(), o.getMerchantId());
                ordersOfMerchant.merge(o.getMerchantId(), 1, Integer::sum);
            }
            if (e.eventId() != null) {
                eventIdsOfOrder.computeIfAbsent(e.key(), k -> new HashSet<>()).add(e.eventId());
            }
        }
        orderIds = new ArrayList<>(new TreeSet<>(eventIdsOfOrder.keySet()));
        merchantIds = new ArrayList<>(new TreeSet<>(ordersOfMerchant.keySet()));
        long orderEvents = events.stream().filter(e -> e.eventId() != null).count();
        cluster.produce(events);
        Await.until("every event processed", Duration.ofSeconds(120), () -> processed(a) + processed(b) >= orderEvents);
        // Outputs reach the merchants' side through a topic: wait until every answer stops changing.
        String[] previous = {null};
        Await.until("every order and merchant queryable and settled", Duration.ofSeconds(120), () -> {
            String now = snapshot();
            boolean settled = now != null && now.equals(previous[0]);
            previous[0] = now;
            if (!settled) {
                sleep(1000);
            }
            return settled;
        });
        Files.createDirectories(EXAMPLES);
        System.out.printf(
                "query IT setup: %d orders, %d merchants, %d order events, ready in %d ms%n",
                orderIds.size(),
                merchantIds.size(),
                orderEvents,
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    @AfterAll
    void stopAll() throws Exception {
        Thread closeB = new Thread(() -> close(b));
        closeB.start();
        close(a);
        closeB.join();
        if (relay != null) {
            relay.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void close(Instance i) {
        if (i != null) {
            i.app().close();
        }
    }

    private static PipelineApp start(Settings settings) {
        QueryApi queries = new QueryApi(settings);
        PipelineApp app = new PipelineApp(settings, wall -> WALL_CLOCK, queries::routes);
        queries.attach(app.streams());
        return app.start();
    }

    private static long processed(Instance i) {
        return i.app().metrics().processed() + i.app().metrics().duplicates();
    }

    private static boolean balanced(Instance i) {
        return i.streams().state() == KafkaStreams.State.RUNNING
                && activeHosts(i, QueryApi.CASES_STORE).size() == 2
                && activeHosts(i, QueryApi.MERCHANTS_STORE).size() == 2;
    }

    private static Set<HostInfo> activeHosts(Instance i, String store) {
        return i.streams().streamsMetadataForStore(store).stream()
                .filter(m -> m.stateStoreNames().contains(store))
                .map(StreamsMetadata::hostInfo)
                .collect(Collectors.toSet());
    }

    /**
     * Every order's and merchant's answer, each asked of its owner directly (so that waiting does not depend
     * on forwarding, which the tests check), or null while one is not 200.
     */
    private String snapshot() {
        StringBuilder all = new StringBuilder();
        try {
            for (String id : orderIds) {
                Answer r = get(ownerPort(QueryApi.CASES_STORE, id), "/orders/" + id, Map.of());
                if (r.status() != 200) {
                    return null;
                }
                all.append(r.body());
            }
            for (String id : merchantIds) {
                Answer r = get(ownerPort(QueryApi.MERCHANTS_STORE, id), "/merchants/" + id, Map.of());
                if (r.status() != 200) {
                    return null;
                }
                all.append(r.body());
            }
        } catch (Exception e) {
            return null;
        }
        return all.toString();
    }

    /** The HTTP port of the instance that owns {@code key} (B is advertised at the relay, but served on its own port). */
    private int ownerPort(String store, String key) {
        return owner(a, store, key).activeHost().equals(a.advertised()) ? a.port() : bPort;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Answer get(Instance i, String path) throws Exception {
        return get(i.port(), path, Map.of());
    }

    private static Answer get(int port, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15));
        headers.forEach(rb::header);
        HttpResponse<String> r = HTTP.send(rb.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> h = new TreeMap<>();
        r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
        return new Answer(r.statusCode(), r.body(), h);
    }

    private static KeyQueryMetadata owner(Instance asking, String store, String key) {
        return asking.streams().queryMetadataForKey(store, key, Serdes.String().serializer());
    }

    private static void example(String name, Answer r) throws Exception {
        StringBuilder s = new StringBuilder("HTTP " + r.status() + "\n");
        r.headers().forEach((k, v) -> {
            if (k.startsWith("x-atoz") || k.equals("retry-after") || k.equals("content-type")) {
                s.append(k).append(": ").append(v).append('\n');
            }
        });
        String body = r.body().startsWith("{")
                ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r.json())
                : r.body();
        Files.writeString(
                EXAMPLES.resolve(name), s.append('\n').append(body).append('\n').toString());
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void everyOrderIsAnsweredTheSameByBothInstancesTheNonOwnerForwarding() throws Exception {
        Map<HostInfo, Integer> owned = new HashMap<>();
        int forwardedByA = 0;
        int forwardedByB = 0;
        String richest = null;
        int richness = -1;
        for (String id : orderIds) {
            KeyQueryMetadata md = owner(a, QueryApi.CASES_STORE, id);
            assertThat(owner(b, QueryApi.CASES_STORE, id).activeHost()).as(id).isEqualTo(md.activeHost());
            owned.merge(md.activeHost(), 1, Integer::sum);
            String ownerLabel = md.activeHost().host() + ":" + md.activeHost().port();

            Answer fromA = get(a, "/orders/" + id);
            Answer fromB = get(b, "/orders/" + id);

            assertThat(fromA.status()).as(id).isEqualTo(200);
            assertThat(fromB.status()).as(id).isEqualTo(200);
            assertThat(fromB.body()).as(id).isEqualTo(fromA.body());
            assertThat(fromA.header(QueryApi.SERVED_BY_HEADER)).as(id).isEqualTo(ownerLabel);
            assertThat(fromB.header(QueryApi.SERVED_BY_HEADER)).as(id).isEqualTo(ownerLabel);
            assertThat(fromA.header(QueryApi.REPLICA_HEADER)).isEqualTo("active");
            assertThat(fromA.header("content-type")).startsWith("application/json");
            forwardedByA += md.activeHost().equals(a.advertised()) ? 0 : 1;
            forwardedByB += md.activeHost().equals(b.advertised()) ? 0 : 1;

            JsonNode doc = fromA.json();
            assertThat(doc.get("orderId").asText()).isEqualTo(id);
            assertThat(doc.get("status").asText()).isEqualTo("OPEN");
            assertThat(doc.get("merchantId").asText()).isEqualTo(merchantOfOrder.get(id));
            // Each event once (duplicates in the input share an eventId), in time order.
            List<String> eventIds = StreamSupport.stream(doc.get("events").spliterator(), false)
                    .map(e -> e.get("eventId").asText())
                    .toList();
            assertThat(eventIds)
                    .as(id)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(eventIdsOfOrder.get(id));
            List<Instant> times = StreamSupport.stream(doc.get("events").spliterator(), false)
                    .map(e -> Instant.parse(e.get("occurredAt").asText()))
                    .toList();
            assertThat(times).as(id).isSortedAccordingTo(Comparator.naturalOrder());
            int r = doc.get("events").size()
                    + 3 * doc.get("conditions").size()
                    + doc.get("deadlines").size()
                    + doc.get("notifications").size();
            if (r > richness) {
                richness = r;
                richest = id;
            }
        }
        // Both instances own orders, so each answered some by forwarding.
        assertThat(owned.keySet()).containsExactlyInAnyOrder(a.advertised(), b.advertised());
        assertThat(forwardedByA).isPositive();
        assertThat(forwardedByB).isPositive();
        example("order.txt", get(a, "/orders/" + richest));
        System.out.printf("orders: %s owned by A, %s by B%n", owned.get(a.advertised()), owned.get(b.advertised()));
    }

    @Test
    @Order(2)
    void everyMerchantIsAnsweredTheSameByBothInstances() throws Exception {
        Set<HostInfo> owners = new HashSet<>();
        for (String id : merchantIds) {
            KeyQueryMetadata md = owner(a, QueryApi.MERCHANTS_STORE, id);
            owners.add(md.activeHost());

            Answer fromA = get(a, "/merchants/" + id);
            Answer fromB = get(b, "/merchants/" + id);

            assertThat(fromA.status()).as(id).isEqualTo(200);
            assertThat(fromB.status()).as(id).isEqualTo(200);
            assertThat(fromB.body()).as(id).isEqualTo(fromA.body());
            assertThat(fromA.header(QueryApi.SERVED_BY_HEADER))
                    .isEqualTo(md.activeHost().host() + ":" + md.activeHost().port());
            JsonNode m = fromA.json();
            assertThat(m.get("merchantId").asText()).isEqualTo(id);
            assertThat(m.get("orderCount").asLong())
                    .as(id)
                    .isEqualTo(ordersOfMerchant.get(id).longValue());
            assertThat(m.get("tier").asText()).startsWith("TIER_");
            assertThat(m.get("reserveMinor").isIntegralNumber()).isTrue();
            assertThat(m.get("reasons").isArray()).isTrue();
            assertThat(Instant.parse(m.get("asOf").asText())).isAfter(START.minusSeconds(86400));
        }
        assertThat(owners).containsExactlyInAnyOrder(a.advertised(), b.advertised());
        example("merchant.txt", get(b, "/merchants/" + merchantIds.get(0)));
    }

    @Test
    @Order(3)
    void theMerchantsMostAtRiskAreTheSameMergedListFromEitherInstance() throws Exception {
        List<JsonNode> everyMerchant = new ArrayList<>();
        for (String id : merchantIds) {
            everyMerchant.add(get(a, "/merchants/" + id).json());
        }
        for (String sort : List.of("odr", "reserveMinor", "lateDeliveryRate")) {
            Answer fromA = get(a, "/merchants?sort=" + sort + "&limit=5");
            Answer fromB = get(b, "/merchants?sort=" + sort + "&limit=5");

            assertThat(fromA.status()).isEqualTo(200);
            assertThat(fromB.body()).as(sort).isEqualTo(fromA.body());
            List<String> listed = ids(fromA.json().get("merchants"));
            // Worked out here from every merchant's own answer: amounts per currency, then descending, nulls
            // last, ties by id.
            Comparator<JsonNode> byCurrency = Comparator.comparing(
                    (JsonNode m) -> sort.endsWith("Minor") ? m.get("currency").asText() : "");
            List<String> expected = everyMerchant.stream()
                    .sorted(byCurrency
                            .thenComparing(Comparator.comparing(
                                    (JsonNode m) -> m.get(sort).isNull()
                                            ? null
                                            : m.get(sort).asDouble(),
                                    Comparator.nullsLast(Comparator.reverseOrder())))
                            .thenComparing(m -> m.get("merchantId").asText()))
                    .limit(5)
                    .map(m -> m.get("merchantId").asText())
                    .toList();
            assertThat(listed).as(sort).isEqualTo(expected);
            assertThat(fromA.json().get("merchants").get(0))
                    .isEqualTo(everyMerchant.stream()
                            .filter(m -> m.get("merchantId").asText().equals(expected.get(0)))
                            .findFirst()
                            .orElseThrow());

            // What each instance contributed: its own merchants only, together covering the merged list.
            List<String> localA = ids(get(a, "/merchants?sort=" + sort + "&limit=5&local=true")
                    .json()
                    .get("merchants"));
            List<String> localB = ids(get(b, "/merchants?sort=" + sort + "&limit=5&local=true")
                    .json()
                    .get("merchants"));
            assertThat(localA).isNotEmpty().doesNotContainAnyElementsOf(localB);
            assertThat(localB).isNotEmpty();
            assertThat(new HashSet<>(listed)).isSubsetOf(union(localA, localB));
        }
        example("merchants-odr-5.txt", get(b, "/merchants?sort=odr&limit=3"));
    }

    @Test
    @Order(3)
    void theOrdersAtRiskAreTheSameMergedListFromEitherInstance() throws Exception {
        int listed = 0;
        for (String merchant : merchantIds) {
            String path = "/orders?atRisk=true&merchantId=" + merchant + "&limit=1000";
            Answer fromA = get(a, path);
            Answer fromB = get(b, path);
            assertThat(fromA.status()).as(merchant).isEqualTo(200);
            assertThat(fromB.body()).as(merchant).isEqualTo(fromA.body());
            List<String> orders = orderIds(fromA.json().get("orders"));
            // Each instance lists the orders it holds; together, the merged list.
            List<String> localA = orderIds(get(a, path + "&local=true").json().get("orders"));
            List<String> localB = orderIds(get(b, path + "&local=true").json().get("orders"));
            assertThat(java.util.Collections.disjoint(localA, localB))
                    .as(merchant)
                    .isTrue();
            assertThat(new HashSet<>(orders)).isEqualTo(union(localA, localB));
            for (JsonNode o : fromA.json().get("orders")) {
                assertThat(o.get("merchantId").asText()).isEqualTo(merchant);
                // the order's own case holds the AT_RISK notice the view lists
                JsonNode order = get(b, "/orders/" + o.get("orderId").asText()).json();
                assertThat(order.toString()).contains("/risk/" + o.get("risk").asText() + "/");
            }
            listed += orders.size();
        }
        // Which orders are at risk is AtRiskOrdersTest's; here, that either instance gives the same merged list. (The
        // generated workload may have none open at the held clock: each task's clock stays at its own last event.)
        System.out.println("orders at risk listed: " + listed);
    }

    @Test
    @Order(3)
    void everyMerchantsHistoryIsAnsweredTheSameByBothInstancesFromTheOwnersState() throws Exception {
        for (String merchant : merchantIds) {
            String path = "/merchants/" + merchant + "/history";
            Answer fromA = get(a, path);
            Answer fromB = get(b, path);
            assertThat(fromA.status()).as(merchant).isEqualTo(200);
            assertThat(fromB.body()).as(merchant).isEqualTo(fromA.body());
            String owner = owner(a, QueryApi.MERCHANT_STATE_STORE, merchant)
                            .activeHost()
                            .equals(a.advertised())
                    ? a.label()
                    : b.label();
            assertThat(fromA.header(QueryApi.SERVED_BY_HEADER)).as(merchant).isEqualTo(owner);
            JsonNode h = fromA.json();
            assertThat(h.get("days")).hasSize(MerchantHistory.DAYS);
            long orders = StreamSupport.stream(h.get("days").spliterator(), false)
                    .mapToLong(d -> d.get("orders").asLong())
                    .sum();
            // The generated orders span a few days, well within the 90 listed: every order counts once.
            assertThat(orders)
                    .as(merchant)
                    .isEqualTo(ordersOfMerchant.get(merchant).longValue());
            // Every merchant got a first decision; the kept ones are the merchant's, oldest first.
            JsonNode decisions = h.get("decisions");
            assertThat(decisions).as(merchant).isNotEmpty();
            assertThat(decisions.get(decisions.size() - 1).get("tier").asText())
                    .isEqualTo(h.get("tier").asText());
            assertThat(decisions.get(0).get("decisionId").asText()).startsWith(merchant + "/decision/");
        }
        example("merchant-history.txt", get(a, "/merchants/" + merchantIds.get(0) + "/history"));
        assertThat(get(b, "/merchants/nobody/history").status()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void theOpenDeadlinesAreTheSameMergedListFromEitherInstance() throws Exception {
        int listed = 0;
        for (String merchant : merchantIds) {
            String path = "/orders?openDeadlines=true&merchantId=" + merchant + "&limit=1000";
            Answer fromA = get(a, path);
            Answer fromB = get(b, path);
            assertThat(fromA.status()).as(merchant).isEqualTo(200);
            assertThat(fromB.body()).as(merchant).isEqualTo(fromA.body());
            List<String> localA = orderIds(get(a, path + "&local=true").json().get("deadlines"));
            List<String> localB = orderIds(get(b, path + "&local=true").json().get("deadlines"));
            assertThat(java.util.Collections.disjoint(localA, localB))
                    .as(merchant)
                    .isTrue();
            assertThat(new HashSet<>(orderIds(fromA.json().get("deadlines")))).isEqualTo(union(localA, localB));
            for (JsonNode d : fromA.json().get("deadlines")) {
                assertThat(merchantOfOrder.get(d.get("orderId").asText())).isEqualTo(merchant);
            }
            listed += fromA.json().get("deadlines").size();
        }
        assertThat(listed)
                .as("the generated orders have open deadlines at the held clock")
                .isPositive();
    }

    private static List<String> orderIds(JsonNode orders) {
        return StreamSupport.stream(orders.spliterator(), false)
                .map(m -> m.get("orderId").asText())
                .toList();
    }

    private static List<String> ids(JsonNode merchants) {
        return StreamSupport.stream(merchants.spliterator(), false)
                .map(m -> m.get("merchantId").asText())
                .toList();
    }

    private static Set<String> union(List<String> x, List<String> y) {
        Set<String> s = new HashSet<>(x);
        s.addAll(y);
        return s;
    }

    @Test
    @Order(4)
    void unknownIdsAre404FromEitherInstanceAndBadParameters400() throws Exception {
        for (Instance i : List.of(a, b)) {
            Answer order = get(i, "/orders/o-does-not-exist");
            assertThat(order.status()).isEqualTo(404);
            assertThat(order.json().get("error").asText()).isEqualTo("not_found");
            assertThat(order.json().get("message").asText()).contains("o-does-not-exist");
            Answer merchant = get(i, "/merchants/m-does-not-exist");
            assertThat(merchant.status()).isEqualTo(404);
            assertThat(merchant.json().get("error").asText()).isEqualTo("not_found");
            assertThat(get(i, "/merchants?sort=nonsense").status()).isEqualTo(400);
            assertThat(get(i, "/merchants?limit=5000").status()).isEqualTo(400);
        }
        assertThat(get(a, "/orders/o-does-not-exist").body())
                .isEqualTo(get(b, "/orders/o-does-not-exist").body());
        example("order-404.txt", get(b, "/orders/o-does-not-exist"));
        example("merchants-400.txt", get(a, "/merchants?sort=nonsense"));
    }

    @Test
    @Order(5)
    void aForwardedCallIsNeverForwardedAgainButMayReadTheLocalStandby() throws Exception {
        String ownedByA = orderIds.stream()
                .filter(id -> owner(a, QueryApi.CASES_STORE, id).activeHost().equals(a.advertised()))
                .findFirst()
                .orElseThrow();
        Map<String, String> forwarded = Map.of(QueryApi.FORWARDED_HEADER, "test");

        // B holds no active copy of A's order: as a forwarded call it must answer itself, so 503, not a loop.
        Answer asForwarded = get(bPort, "/orders/" + ownedByA, forwarded);
        assertThat(asForwarded.status()).isEqualTo(503);
        assertThat(asForwarded.header("Retry-After")).isEqualTo("2");
        assertThat(asForwarded.header(QueryApi.SERVED_BY_HEADER)).isNull();

        // Allowed to, B reads its standby copy (Kafka Streams' stale stores) and says so.
        String expected = get(a, "/orders/" + ownedByA).body();
        Await.until("B's standby copy of " + ownedByA, Duration.ofSeconds(60), () -> {
            try {
                Answer r = get(bPort, "/orders/" + ownedByA + "?allowStandby=true", forwarded);
                return r.status() == 200
                        && r.body().equals(expected)
                        && "standby".equals(r.header(QueryApi.REPLICA_HEADER))
                        && b.label().equals(r.header(QueryApi.SERVED_BY_HEADER));
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(6)
    void anInstanceWhoseKafkaStreamsIsNotRunningAnswers503WithRetryAfter() throws Exception {
        int port = QueryCluster.freePort();
        Settings settings = cluster.settings(APP_ID, port);
        QueryApi queries = new QueryApi(settings);
        // Built but not started: Kafka Streams is CREATED (as during start-up), its HTTP server already up.
        try (PipelineApp created = new PipelineApp(settings, wall -> WALL_CLOCK, queries::routes)) {
            queries.attach(created.streams());
            for (String path :
                    List.of("/orders/" + orderIds.get(0), "/merchants/" + merchantIds.get(0), "/merchants?sort=odr")) {
                Answer r = get(port, path, Map.of());
                assertThat(r.status()).as(path).isEqualTo(503);
                assertThat(r.header("Retry-After")).as(path).isEqualTo("2");
                assertThat(r.json().get("error").asText()).isEqualTo("unavailable");
                assertThat(r.json().get("message").asText()).contains("CREATED");
            }
            example("order-503.txt", get(port, "/orders/" + orderIds.get(0), Map.of()));
        }
    }

    @Test
    @Order(7)
    void whenTheOwnerIsUnreachableAStandbyAnswersIfTheRequestAllowsIt() throws Exception {
        String order = orderIds.stream()
                .filter(id -> owner(a, QueryApi.CASES_STORE, id).activeHost().equals(b.advertised()))
                .findFirst()
                .orElseThrow();
        String merchant = merchantIds.stream()
                .filter(id ->
                        owner(a, QueryApi.MERCHANTS_STORE, id).activeHost().equals(b.advertised()))
                .findFirst()
                .orElseThrow();
        assertThat(owner(a, QueryApi.CASES_STORE, order).standbyHosts()).contains(a.advertised());
        String orderFromOwner = get(b, "/orders/" + order).body();
        String merchantFromOwner = get(b, "/merchants/" + merchant).body();

        relay.stop(); // B keeps running and owning its partitions, but A cannot reach it any more
        try {
            Answer refused = get(a, "/orders/" + order);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("2");
            assertThat(refused.json().get("message").asText()).contains("unreachable");
            example("order-503-owner-unreachable.txt", refused);
            assertThat(get(a, "/merchants?sort=odr&limit=5").status())
                    .isEqualTo(503); // a list missing B's merchants would mislead

            Answer stale = get(a, "/orders/" + order + "?allowStandby=true");
            assertThat(stale.status()).isEqualTo(200);
            assertThat(stale.header(QueryApi.REPLICA_HEADER)).isEqualTo("standby");
            assertThat(stale.header(QueryApi.SERVED_BY_HEADER)).isEqualTo(a.label());
            assertThat(stale.body()).isEqualTo(orderFromOwner); // nothing changed since: the standby has caught up
            Answer staleMerchant = get(a, "/merchants/" + merchant + "?allowStandby=true");
            assertThat(staleMerchant.status()).isEqualTo(200);
            assertThat(staleMerchant.header(QueryApi.REPLICA_HEADER)).isEqualTo("standby");
            assertThat(staleMerchant.body()).isEqualTo(merchantFromOwner);
            example(
                    "order-standby.txt",
                    new Answer(
                            stale.status(),
                            "{\"orderId\":\"" + order + "\",\"...\":\"as from the owner\"}",
                            stale.headers()));
        } finally {
            relay = relay(relayPort, bPort);
        }
    }

    /** A plain HTTP relay to {@code target}: B's advertised address, which the test can take away. */
    private static Javalin relay(int port, int target) {
        Javalin relay = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        relay.get("/*", ctx -> {
            String query = ctx.queryString();
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target
                            + ctx.req().getRequestURI() + (query == null ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(10));
            ctx.headerMap().forEach((k, v) -> {
                if (k.toLowerCase().startsWith("x-atoz")) {
                    rb.header(k, v);
                }
            });
            HttpResponse<String> r = HTTP.send(rb.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> relayed = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> {
                if (k.toLowerCase().startsWith("x-atoz")
                        || k.equalsIgnoreCase("retry-after")
                        || k.equalsIgnoreCase("content-type")) {
                    relayed.put(k, v.get(0));
                }
            });
            relayed.forEach(ctx::header);
            ctx.status(r.statusCode()).result(r.body());
        });
        relay.start("127.0.0.1", port);
        return relay;
    }
}
