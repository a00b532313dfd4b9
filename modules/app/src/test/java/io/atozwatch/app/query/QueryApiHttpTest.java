package io.atozwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.atozwatch.app.http.HttpApi;
import io.javalin.Javalin;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP side without Kafka: static pages, parameter errors, 503 before the pipeline is attached, forwarding. */
class QueryApiHttpTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private Javalin server;
    private Javalin peer;

    @BeforeEach
    void start() {
        QueryApi api = new QueryApi(new HostInfo("127.0.0.1", 1), Duration.ofMillis(500), Duration.ofSeconds(1));
        server = HttpApi.create();
        api.routes(server);
        server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.stop();
        if (peer != null) {
            peer.stop();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theOpenApiDocumentListsEveryEndpointWithItsResponses() throws Exception {
        HttpResponse<String> r = get("/openapi.yaml");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/yaml"));

        JsonNode doc = new YAMLMapper().readTree(r.body());
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        assertThat(doc.get("paths").fieldNames())
                .toIterable()
                .contains(
                        "/orders/{id}",
                        "/orders",
                        "/merchants/{id}",
                        "/merchants/{id}/history",
                        "/merchants",
                        "/openapi.yaml",
                        "/");
        assertThat(responses(doc, "/orders")).containsExactly("200", "400", "401", "403", "500", "503");
        assertThat(responses(doc, "/orders/{id}")).containsExactly("200", "400", "401", "404", "500", "503");
        assertThat(responses(doc, "/merchants/{id}")).containsExactly("200", "400", "401", "403", "404", "500", "503");
        assertThat(responses(doc, "/merchants")).containsExactly("200", "400", "401", "500", "503");
        assertThat(responses(doc, "/merchants/{id}/history"))
                .containsExactly("200", "400", "401", "403", "404", "500", "503");
        assertThat(doc.at("/components/securitySchemes/apiKey/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/components/responses/Unauthorized/headers").has("WWW-Authenticate"))
                .isTrue();
        assertThat(doc.at("/paths/~1merchants/get/parameters/0/$ref").asText())
                .isEqualTo("#/components/parameters/Sort");
        JsonNode sort = doc.at("/components/parameters/Sort");
        assertThat(sort.get("name").asText()).isEqualTo("sort");
        assertThat(sort.at("/schema/enum"))
                .extracting(JsonNode::asText)
                .containsExactlyElementsOf(MerchantRanking.SORT_KEYS);
        assertThat(doc.at("/components/responses/Unavailable/headers").has("Retry-After"))
                .isTrue();
        // Every $ref points at something defined.
        List<String> refs = r.body()
                .lines()
                .flatMap(l -> java.util.regex.Pattern.compile("'#/([^']+)'")
                        .matcher(l)
                        .results()
                        .map(m -> m.group(1)))
                .toList();
        assertThat(refs)
                .isNotEmpty()
                .allSatisfy(ref ->
                        assertThat(doc.at("/" + ref).isMissingNode()).as(ref).isFalse());
        // The merchant schema names the fields of the Avro record, which is what /merchants/{id} returns.
        Set<String> avroFields = new TreeSet<>();
        io.atozwatch.events.MerchantPerformance.getClassSchema().getFields().forEach(f -> avroFields.add(f.name()));
        Set<String> documented = new TreeSet<>();
        doc.at("/components/schemas/MerchantPerformance/properties")
                .fieldNames()
                .forEachRemaining(documented::add);
        assertThat(documented).isEqualTo(avroFields);
    }

    private static List<String> responses(JsonNode doc, String path) {
        List<String> codes = new java.util.ArrayList<>();
        doc.get("paths").get(path).get("get").get("responses").fieldNames().forEachRemaining(codes::add);
        return codes;
    }

    @Test
    void theDashboardIsOneSelfContainedPageUsingTheApi() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(r.body())
                .contains(
                        "<script>",
                        "/merchants?sort=",
                        "\"/merchants/\"",
                        "\"/orders/\"",
                        "id=\"orderId\"",
                        "/orders?atRisk=true&merchantId=",
                        "referenceMetrics",
                        "\"/history\"",
                        "/orders?openDeadlines=true&merchantId=",
                        "<polyline",
                        "#/merchant/",
                        "#/order/",
                        "hashchange")
                .doesNotContain("<script src", "<link rel=\"stylesheet\"", "http://", "https://")
                .contains("<link rel=\"icon\" href=\"data:,\">"); // inline: the browser asks for no favicon
    }

    @Test
    void badParametersAre400EvenBeforeThePipelineRuns() throws Exception {
        for (String path : List.of(
                "/merchants?sort=bogus",
                "/merchants?limit=0",
                "/merchants?limit=1001",
                "/merchants?limit=abc",
                "/merchants/m-1?allowStandby=maybe",
                "/orders/o-1?allowStandby=yes",
                "/orders",
                "/orders?merchantId=m-1",
                "/orders?atRisk=false&merchantId=m-1",
                "/orders?atRisk=true",
                "/orders?atRisk=true&merchantId=%20",
                "/orders?atRisk=true&merchantId=m-1&limit=0",
                "/orders?atRisk=true&merchantId=m-1&sort=odr",
                "/orders?openDeadlines=true",
                "/orders?openDeadlines=false&merchantId=m-1",
                "/orders?openDeadlines=yes&merchantId=m-1",
                "/orders?atRisk=true&openDeadlines=true&merchantId=m-1",
                "/orders?atRisk=false&openDeadlines=true&merchantId=m-1",
                "/orders?openDeadlines=true&merchantId=m-1&limit=abc",
                "/merchants/m-1/history?limit=5",
                "/merchants/m-1/history?allowStandby=maybe",
                "/merchants/" + "x".repeat(300) + "/history")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("status").asInt()).isEqualTo(400);
            assertThat(body.get("error").asText()).isEqualTo("bad_request");
            assertThat(body.get("message").asText()).isNotBlank();
        }
    }

    @Test
    void beforeKafkaStreamsIsAttachedDataRoutesAre503WithRetryAfter() throws Exception {
        for (String path : List.of(
                "/orders/o-1",
                "/merchants/m-1",
                "/merchants?sort=odr&limit=5",
                "/orders?atRisk=true&merchantId=m-1",
                "/merchants/m-1/history",
                "/orders?openDeadlines=true&merchantId=m-1")) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).as(path).hasValue("2");
            assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("unavailable");
        }
    }

    @Test
    void theForwarderRelaysThePeersAnswerAndMarksTheCallAsForwarded() throws Exception {
        peer = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        peer.get(
                "/orders/{id}",
                ctx -> ctx.status(404)
                        .contentType("application/json")
                        .header(QueryApi.SERVED_BY_HEADER, "peer:1")
                        .header("X-Other", "dropped")
                        .result("{\"id\":\"" + ctx.pathParam("id") + "\",\"from\":\""
                                + ctx.header(QueryApi.FORWARDED_HEADER) + "\"}"));
        peer.start("127.0.0.1", 0);
        Forwarder f = new Forwarder(Duration.ofMillis(500), Duration.ofSeconds(2), "me:9");

        Forwarder.Reply reply = f.get(new HostInfo("127.0.0.1", peer.port()), "/orders/o%2F1?allowStandby=true");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(JSON.readTree(reply.body()).get("id").asText()).isEqualTo("o/1");
        assertThat(JSON.readTree(reply.body()).get("from").asText()).isEqualTo("me:9");
        assertThat(reply.headers())
                .containsEntry(QueryApi.SERVED_BY_HEADER, "peer:1")
                .doesNotContainKey("X-Other")
                .containsKey("Content-Type");
    }

    @Test
    void aPeerThatIsDownOrTooSlowIsUnreachableWithinTheTimeout() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        peer = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        peer.get("/slow", ctx -> {
            Thread.sleep(3000);
            ctx.result("late");
        });
        peer.start("127.0.0.1", 0);
        Forwarder f = new Forwarder(Duration.ofMillis(500), Duration.ofMillis(700), "me:9");

        assertThatThrownBy(() -> f.get(new HostInfo("127.0.0.1", closed), "/orders/o-1"))
                .isInstanceOf(Forwarder.Unreachable.class)
                .hasMessageContaining("127.0.0.1:" + closed);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> f.get(new HostInfo("127.0.0.1", peer.port()), "/slow"))
                .isInstanceOf(Forwarder.Unreachable.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }
}
