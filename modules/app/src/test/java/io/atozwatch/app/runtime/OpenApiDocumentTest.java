package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.atozwatch.app.http.ApiError;
import io.atozwatch.app.http.HttpApi;
import io.atozwatch.app.http.RawHttp;
import io.atozwatch.app.query.OrderCaseView;
import io.atozwatch.app.query.QueryApi;
import io.atozwatch.events.CoverageCondition;
import io.atozwatch.events.DeadlineKind;
import io.atozwatch.events.DisputeEvent;
import io.atozwatch.events.DisputeEventType;
import io.atozwatch.events.EligibilityStatus;
import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.events.NotificationKind;
import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.events.RefundEvent;
import io.atozwatch.events.ReserveTier;
import io.atozwatch.events.ReturnEvent;
import io.atozwatch.events.ReturnEventType;
import io.atozwatch.events.ShipmentEvent;
import io.atozwatch.events.ShipmentEventType;
import io.atozwatch.state.CaseEvent;
import io.atozwatch.state.DeadlineOutcome;
import io.atozwatch.state.DeadlineState;
import io.atozwatch.state.OrderCase;
import io.atozwatch.state.PolicySnapshot;
import io.atozwatch.state.SentNotification;
import io.atozwatch.state.VerdictState;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document (/openapi.yaml) against what the server does: every route it serves is documented
 * (and nothing else), every field it returns is a documented property (and every documented property is
 * returned), enums list the values the code has, and every field the dashboard reads is documented.
 */
class OpenApiDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-03-02T09:15:00Z");

    private final AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.RUNNING);
    private HttpServer server;
    private JsonNode doc;

    @BeforeEach
    void start() throws Exception {
        QueryApi queries = new QueryApi(Settings.of(Map.of()));
        Liveness liveness = new Liveness(0, Duration.ofMinutes(10), Duration.ofMinutes(5));
        liveness.threadReplaced(Instant.now()); // more than 0 replacements: live is DOWN with a reason
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PipelineMetrics metrics = new PipelineMetrics(registry, System::currentTimeMillis);
        java.util.function.Consumer<io.javalin.Javalin> routes = queries::routes;
        server = new HttpServer(
                "127.0.0.1",
                0,
                state::get,
                liveness,
                registry,
                routes.andThen(
                        app -> StatusRoutes.add(app, new LiveFeed(10), new StatusRoutes.Status(state::get, metrics))));
        doc = new YAMLMapper()
                .readTree(RawHttp.send(server.port(), "GET", "/openapi.yaml").body());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyRouteTheServerServesIsDocumentedAndNothingElse() {
        Set<String> served = new TreeSet<>(HttpApi.routes(server.javalin()));
        Set<String> documented = new TreeSet<>();
        doc.get("paths")
                .properties()
                .forEach(p -> p.getValue()
                        .fieldNames()
                        .forEachRemaining(
                                method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + p.getKey())));

        assertThat(documented).isEqualTo(served);
        assertThat(served)
                .contains(
                        "GET /health/live",
                        "HEAD /health/live",
                        "GET /health/ready",
                        "GET /metrics",
                        "HEAD /metrics",
                        "GET /orders/{id}",
                        "HEAD /orders/{id}");
    }

    @Test
    void everyFieldOfAMerchantsHistoryAndOfAnOpenDeadlineIsDocumentedAndEveryDocumentedFieldIsReturned() {
        io.atozwatch.state.MerchantState s = io.atozwatch.topology.merchants.MerchantLedger.newState("m-1");
        s.setCurrency("USD");
        s.setTier(ReserveTier.TIER_I);
        s.setReserveMinor(1000L);
        int today = (int) T0.getEpochSecond() / 86400;
        s.setSumsDay(today);
        List<Long> counts = new ArrayList<>(
                java.util.Collections.nCopies(io.atozwatch.state.PerformanceMetric.values().length, 1L));
        s.setDays(new ArrayList<>(List.of(new io.atozwatch.state.DayBucket(today, counts))));
        s.setDecisions(List.of(io.atozwatch.state.DecisionEntry.newBuilder()
                .setDecisionId("m-1/decision/2")
                .setDecidedAt(T0)
                .setTier(ReserveTier.TIER_I)
                .setPreviousTier(ReserveTier.TIER_II)
                .setReserveMinor(1000L)
                .setPreviousReserveMinor(0L)
                .setTrigger("TIER_CHANGE")
                .setOdr(0.5)
                .setReasons(List.of("ODR over 1%"))
                .build()));
        io.atozwatch.topology.config.PipelineConfig config = io.atozwatch.topology.config.PipelineConfig.defaults();
        List<String> problems = new ArrayList<>();
        check(
                io.atozwatch.app.query.MerchantHistory.toJson(s, config.performance()),
                ref("MerchantHistory"),
                "MerchantHistory",
                true,
                problems);
        com.fasterxml.jackson.databind.node.ObjectNode list = JSON.createObjectNode();
        list.put("merchantId", "m-1");
        list.put("limit", 50);
        OrderCase open = fullCase();
        open.setDeadlines(List.of(DeadlineState.newBuilder()
                .setKind(DeadlineKind.CHARGEBACK_RESPONSE)
                .setReferenceId("cb-1")
                .setStartedAt(T0)
                .setDueAt(T0.plusSeconds(7 * 86400))
                .setOutcome(DeadlineOutcome.OPEN)
                .build()));
        io.atozwatch.app.query.OpenDeadlines.of(List.of(open), "m-1").forEach(list.putArray("deadlines")::add);
        check(list, ref("OpenDeadlines"), "OpenDeadlines", true, problems);
        assertThat(problems).isEmpty();
        assertThat(list.get("deadlines")).isNotEmpty();
        assertThat(enumOf("OpenDeadline", "kind")).isEqualTo(names(DeadlineKind.values()));
        assertThat(enumOf("HistoryDecision", "tier")).isEqualTo(names(ReserveTier.values()));
        assertThat(enumOf("HistoryDecision", "trigger")).isEqualTo(names(io.atozwatch.events.ReserveTrigger.values()));
    }

    @Test
    void everyFieldOfAnOrderCaseIsDocumentedAndEveryDocumentedFieldIsReturned() {
        List<String> problems = new ArrayList<>();
        check(OrderCaseView.toJson(fullCase()), ref("OrderCase"), "OrderCase", true, problems);
        check(OrderCaseView.toJson(waitingCase()), ref("OrderCase"), "OrderCase(waiting)", true, problems);
        assertThat(problems).isEmpty();
        // The records the view renders as they are: their Avro fields, one by one (a condition's amounts also
        // with their currency, added by the view).
        Set<String> conditionFields = avroFields(VerdictState.getClassSchema());
        conditionFields.addAll(List.of("coveredAmount", "uncappedAmount"));
        assertThat(properties("Condition")).isEqualTo(conditionFields).contains("voidReason");
        assertThat(properties("Deadline")).isEqualTo(avroFields(DeadlineState.getClassSchema()));
        assertThat(properties("Notification")).isEqualTo(avroFields(SentNotification.getClassSchema()));
        assertThat(properties("PolicySnapshot")).isEqualTo(avroFields(PolicySnapshot.getClassSchema()));
        assertThat(properties("MerchantPerformance")).isEqualTo(avroFields(MerchantPerformance.getClassSchema()));
    }

    @Test
    void enumsListTheValuesTheCodeHas() {
        assertThat(enumOf("Condition", "condition")).isEqualTo(names(CoverageCondition.values()));
        assertThat(enumOf("Condition", "status")).isEqualTo(names(EligibilityStatus.values()));
        assertThat(enumOf("Deadline", "kind")).isEqualTo(names(DeadlineKind.values()));
        assertThat(enumOf("Deadline", "outcome")).isEqualTo(names(DeadlineOutcome.values()));
        assertThat(enumOf("MerchantPerformance", "tier")).isEqualTo(names(ReserveTier.values()));
        assertThat(enumOf("Health", "streams")).isEqualTo(names(KafkaStreams.State.values()));
        assertThat(enumOf("Error", "error")).isEqualTo(ApiError.CODES);
        assertThat(doc.at("/components/schemas/Notification/properties/kind/example")
                        .asText())
                .isIn(names(NotificationKind.values()));
    }

    @Test
    void healthAndErrorAnswersAreDocumented() throws Exception {
        List<String> problems = new ArrayList<>();
        state.set(KafkaStreams.State.RUNNING);
        check(
                JSON.readTree(RawHttp.send(server.port(), "GET", "/health/live").body()),
                ref("Health"),
                "live",
                true,
                problems);
        check(
                JSON.readTree(
                        RawHttp.send(server.port(), "GET", "/health/ready").body()),
                ref("Health"),
                "ready",
                false,
                problems);
        for (String[] request : new String[][] {
            {"GET", "/nope"},
            {"POST", "/metrics"},
            {"GET", "/orders/%C3%28"},
            {"GET", "/orders/%ZZ"},
            {"GET", "/merchants?limit=0"}
        }) {
            check(
                    JSON.readTree(
                            RawHttp.send(server.port(), request[0], request[1]).body()),
                    ref("Error"),
                    request[1],
                    true,
                    problems);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theRoutesOpenWithoutAKeyAreTheOnesAccessControlLeavesOpenAndEveryOtherDocuments401() {
        assertThat(doc.at("/security/0").has("apiKey")).isTrue();
        assertThat(doc.at("/components/securitySchemes/apiKey/type").asText()).isEqualTo("http");
        assertThat(doc.at("/components/securitySchemes/apiKey/scheme").asText()).isEqualTo("bearer");
        Set<String> open = new TreeSet<>();
        List<String> missing401 = new ArrayList<>();
        doc.get("paths")
                .properties()
                .forEach(p -> p.getValue().properties().forEach(op -> {
                    JsonNode security = op.getValue().get("security");
                    if (security != null && security.isEmpty()) {
                        open.add(p.getKey());
                    } else if (!op.getValue().get("responses").has("401")) {
                        missing401.add(op.getKey() + " " + p.getKey());
                    }
                }));
        assertThat(open).isEqualTo(new TreeSet<>(io.atozwatch.app.http.AccessControl.OPEN));
        assertThat(missing401).isEmpty();
        assertThat(doc.at("/components/responses/Unauthorized/headers").has("WWW-Authenticate"))
                .isTrue();
        assertThat(doc.at("/components/responses/Forbidden/content/application~1json/schema/$ref")
                        .asText())
                .isEqualTo("#/components/schemas/Error");
    }

    @Test
    void everyFieldTheDashboardReadsFromTheApiIsDocumented() throws Exception {
        String page = Files.readString(resource("dashboard.html"));
        Set<String> documented = new TreeSet<>();
        doc.at("/components/schemas")
                .forEach(s -> s.path("properties").fieldNames().forEachRemaining(documented::add));
        // Reads of a merchant (m), an order (o), its events (e), conditions (c), deadlines (d), notifications (n),
        // and of a response body: m.reserveMinor, o.events, res.body.merchants, body.message, ...
        Matcher m =
                Pattern.compile("\\b(?:m|o|e|c|d|n|body)\\.([a-zA-Z]{2,})\\b").matcher(page);
        Set<String> read = new TreeSet<>();
        while (m.find()) {
            read.add(m.group(1));
        }
        read.removeAll(Set.of("map", "join", "length", "status", "stack")); // array methods; Error's own (JS) fields
        assertThat(read).contains("tier", "reserveMinor", "events", "conditions", "evidence", "merchants", "message");
        assertThat(documented).containsAll(read);
    }

    // ---------------------------------------------------------------------------------------------- checking

    /** Walks {@code value} along {@code schema}: each object's keys must be documented properties (and, if strict, all of them). */
    private void check(JsonNode value, JsonNode schema, String where, boolean strict, List<String> problems) {
        schema = resolve(schema);
        if (value == null || value.isNull()) {
            return;
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), where + "[" + i + "]", strict, problems);
            }
            return;
        }
        if (!value.isObject() || !schema.has("properties")) {
            return;
        }
        Set<String> documented = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(documented::add);
        Set<String> actual = new TreeSet<>();
        value.fieldNames().forEachRemaining(actual::add);
        actual.stream()
                .filter(k -> !documented.contains(k))
                .forEach(k -> problems.add(where + "." + k + " is returned, not documented"));
        if (strict) {
            documented.stream()
                    .filter(k -> !actual.contains(k))
                    .forEach(k -> problems.add(where + "." + k + " is documented, never returned"));
        }
        schema.path("required").forEach(r -> {
            if (!actual.contains(r.asText())) {
                problems.add(where + "." + r.asText() + " is required, not returned");
            }
        });
        for (String k : actual) {
            if (documented.contains(k)
                    && !resolve(schema.get("properties").get(k))
                            .path("additionalProperties")
                            .asBoolean(false)) {
                check(value.get(k), schema.get("properties").get(k), where + "." + k, strict, problems);
            }
        }
    }

    private JsonNode resolve(JsonNode schema) {
        if (schema.has("$ref")) {
            return resolve(doc.at(schema.get("$ref").asText().substring(1)));
        }
        if (schema.has("allOf") && schema.get("allOf").size() == 1) {
            return resolve(schema.get("allOf").get(0));
        }
        return schema;
    }

    private JsonNode ref(String name) {
        return doc.at("/components/schemas/" + name);
    }

    private Set<String> properties(String schema) {
        Set<String> names = new TreeSet<>();
        ref(schema).get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private List<String> enumOf(String schema, String property) {
        List<String> values = new ArrayList<>();
        resolve(ref(schema).get("properties").get(property)).get("enum").forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Set<String> avroFields(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static Path resource(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("modules/service/src/main/resources/io/atozwatch/app/query")
                    .resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new AssertionError(name + " not found");
    }

    // ---------------------------------------------------------------------------------------------- fixtures

    private static CaseEvent caseEvent(String topic, Object event, long offset) {
        return CaseEvent.newBuilder()
                .setSourceTopic(topic)
                .setSourcePartition(1)
                .setSourceOffset(offset)
                .setEvent(event)
                .build();
    }

    /** An order with an event of every topic and every kind of outcome, every nullable field set. */
    private static OrderCase fullCase() {
        OrderEvent placed = OrderEvent.newBuilder()
                .setEventId("e-1")
                .setOrderId("o-1")
                .setMerchantId("m-1")
                .setBuyerId("b-1")
                .setMarketplace("US")
                .setType(OrderEventType.PLACED)
                .setOccurredAt(T0)
                .setCurrency("USD")
                .setAmountMinor(8999L)
                .setMaxDeliveryAt(T0.plusSeconds(4 * 86400))
                .build();
        ShipmentEvent shipped = ShipmentEvent.newBuilder()
                .setEventId("e-2")
                .setOrderId("o-1")
                .setShipmentId("s-1")
                .setType(ShipmentEventType.SHIPPED)
                .setOccurredAt(T0.plusSeconds(3600))
                .setCarrier("UPS")
                .setTrackingId("t-1")
                .build();
        ReturnEvent requested = ReturnEvent.newBuilder()
                .setEventId("e-3")
                .setOrderId("o-1")
                .setReturnId("r-1")
                .setType(ReturnEventType.REQUESTED)
                .setOccurredAt(T0.plusSeconds(7200))
                .setReason(null)
                .setAmountMinor(8999L)
                .build();
        RefundEvent refund = RefundEvent.newBuilder()
                .setEventId("e-4")
                .setOrderId("o-1")
                .setRefundId("f-1")
                .setOccurredAt(T0.plusSeconds(9000))
                .setAmountMinor(100)
                .setCurrency("USD")
                .build();
        DisputeEvent chargeback = DisputeEvent.newBuilder()
                .setEventId("e-5")
                .setOrderId("o-1")
                .setDisputeId("cb-1")
                .setType(DisputeEventType.CHARGEBACK_FILED)
                .setOccurredAt(T0.plusSeconds(10_000))
                .setReason("fraud")
                .setAmountMinor(8999L)
                .build();
        return OrderCase.newBuilder()
                .setOrderId("o-1")
                .setEvents(List.of(
                        caseEvent("orders", placed, 1),
                        caseEvent("shipments", shipped, 2),
                        caseEvent("returns", requested, 3),
                        caseEvent("refunds", refund, 4),
                        caseEvent("disputes", chargeback, 5)))
                .setPolicy(PolicySnapshot.newBuilder()
                        .setAcceptsReturns(true)
                        .setReturnWindowDays(30)
                        .setRefundWithinDays(14)
                        .setPublished(true)
                        .build())
                .setVerdicts(List.of(VerdictState.newBuilder()
                        .setCondition(CoverageCondition.NOT_RECEIVED)
                        .setStatus(EligibilityStatus.VOIDED)
                        .setDetectedAt(T0.plusSeconds(5000))
                        .setCoveredAmountMinor(8999)
                        .setUncappedAmountMinor(8999)
                        .setEvidence("not delivered")
                        .setFilingOpensAt(T0.plusSeconds(5000))
                        .setVoidReason("Chargeback cb-1 filed")
                        .build()))
                .setDeadlines(List.of(DeadlineState.newBuilder()
                        .setKind(DeadlineKind.DELIVERY_PROMISE)
                        .setReferenceId("o-1")
                        .setStartedAt(T0)
                        .setDueAt(T0.plusSeconds(4 * 86400))
                        .setOutcome(DeadlineOutcome.BREACHED)
                        .setOutcomeAt(T0.plusSeconds(4 * 86400))
                        .setBreachEmitted(true)
                        .build()))
                .setNotifications(List.of(SentNotification.newBuilder()
                        .setNotificationId("n-1")
                        .setKind(NotificationKind.BREACH)
                        .setAt(T0.plusSeconds(4 * 86400))
                        .setMessage("missed")
                        .build()))
                .setNextWakeAt(T0.plusSeconds(90 * 86400))
                .build();
    }

    /** Events came, PLACED has not. */
    private static OrderCase waitingCase() {
        ShipmentEvent shipped = ShipmentEvent.newBuilder()
                .setEventId("e-2")
                .setOrderId("o-2")
                .setShipmentId("s-1")
                .setType(ShipmentEventType.SHIPPED)
                .setOccurredAt(T0)
                .setCarrier(null)
                .setTrackingId(null)
                .build();
        return OrderCase.newBuilder()
                .setOrderId("o-2")
                .setEvents(List.of(caseEvent("shipments", shipped, 7)))
                .setWaitingSince(T0)
                .build();
    }
}
