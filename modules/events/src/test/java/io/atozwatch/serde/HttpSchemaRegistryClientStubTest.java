package io.atozwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP client against a stub registry (the JDK's HttpServer): what goes over the wire, and
 * how answers and failures become results and errors. The behaviour against a real registry is
 * in {@link HttpSchemaRegistryClientTest}.
 */
class HttpSchemaRegistryClientStubTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema SCHEMA = TestRecords.refund().getSchema();

    private final List<Stub> stubs = new ArrayList<>();

    @AfterEach
    void stopStubs() {
        stubs.forEach(Stub::stop);
    }

    @Test
    void subjectNamesArePercentEncodedAsOnePathSegment() {
        Stub stub = stub(seen -> new Reply(200, "{\"id\": 7}"));
        // a trailing slash on the base URL is dropped
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(stub.url("/apis/ccompat/v7/"));

        client.register("a b/c+d?e#f%g&h=i-value", SCHEMA);
        client.register("café-value", SCHEMA);
        client.register("..", SCHEMA);

        assertThat(stub.seen)
                .extracting(Seen::rawPath)
                .containsExactly(
                        "/apis/ccompat/v7/subjects/a%20b%2Fc%2Bd%3Fe%23f%25g%26h%3Di-value/versions",
                        "/apis/ccompat/v7/subjects/caf%C3%A9-value/versions",
                        "/apis/ccompat/v7/subjects/%2E%2E/versions");
    }

    @Test
    void speaksTheConfluentRestApi() throws Exception {
        Stub stub = stub(seen -> switch (seen.method + " " + seen.rawPath) {
            case "POST /subjects/refunds-value/versions" -> new Reply(200, "{\"id\": 21}");
            case "POST /subjects/refunds-value" ->
                new Reply(
                        200,
                        "{\"subject\":\"refunds-value\",\"id\":21,\"version\":1,\"schema\":"
                                + JSON.writeValueAsString(SCHEMA.toString()) + "}");
            case "GET /schemas/ids/21" ->
                new Reply(200, "{\"schema\":" + JSON.writeValueAsString(SCHEMA.toString()) + "}");
            case "GET /subjects/refunds-value/versions/latest" ->
                new Reply(
                        200,
                        "{\"subject\":\"refunds-value\",\"id\":21,\"version\":3,\"schema\":"
                                + JSON.writeValueAsString(SCHEMA.toString()) + "}");
            case "GET /subjects" -> new Reply(200, "[\"refunds-value\",\"orders-value\"]");
            default -> new Reply(500, "unexpected " + seen.method + " " + seen.rawPath);
        });

        assertThat(new HttpSchemaRegistryClient(stub.url("")).register("refunds-value", SCHEMA))
                .isEqualTo(21);
        assertThat(new HttpSchemaRegistryClient(stub.url("")).getId("refunds-value", SCHEMA))
                .isEqualTo(21);
        assertThat(new HttpSchemaRegistryClient(stub.url("")).getSchemaById(21)).isEqualTo(SCHEMA);
        assertThat(new HttpSchemaRegistryClient(stub.url("")).getLatestSchemaMetadata("refunds-value"))
                .isEqualTo(new SchemaMetadata(21, 3, SCHEMA));
        assertThat(new HttpSchemaRegistryClient(stub.url("")).getAllSubjects())
                .containsExactly("refunds-value", "orders-value");

        Seen register = stub.seen.get(0);
        assertThat(register.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(register.header("Accept")).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(JSON.readTree(register.body).get("schema").asText()).isEqualTo(SCHEMA.toString());
        assertThat(JSON.readTree(register.body).size()).isEqualTo(1);
        assertThat(register.header("Authorization")).isNull();
        assertThat(stub.seen.get(2).body).isEmpty();
    }

    @Test
    void answersAreCachedButTheLatestVersionIsNot() throws Exception {
        String latest = "{\"subject\":\"s\",\"id\":4,\"version\":1,\"schema\":"
                + JSON.writeValueAsString(SCHEMA.toString()) + "}";
        Stub stub = stub(seen -> seen.rawPath.endsWith("/latest")
                ? new Reply(200, latest)
                : seen.rawPath.startsWith("/schemas/ids/")
                        ? new Reply(200, "{\"schema\":\"\\\"string\\\"\"}")
                        : new Reply(200, "{\"id\": 4}"));
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(stub.url(""));

        assertThat(client.register("s", SCHEMA)).isEqualTo(4);
        assertThat(client.register("s", SCHEMA)).isEqualTo(4);
        assertThat(client.getId("s", SCHEMA)).isEqualTo(4);
        assertThat(client.getSchemaById(4)).isEqualTo(SCHEMA); // known from the registration
        assertThat(client.getSchemaById(5)).isEqualTo(Schema.create(Schema.Type.STRING));
        assertThat(client.getSchemaById(5)).isEqualTo(Schema.create(Schema.Type.STRING));
        client.getLatestSchemaMetadata("s");
        client.getLatestSchemaMetadata("s");

        assertThat(stub.seen)
                .extracting(Seen::rawPath)
                .containsExactly(
                        "/subjects/s/versions",
                        "/schemas/ids/5",
                        "/subjects/s/versions/latest",
                        "/subjects/s/versions/latest");
    }

    @Test
    void basicAuthFromUserInfoOrFromTheUrl() {
        Stub stub = stub(seen -> new Reply(200, "[]"));
        String expected = "Basic " + Base64.getEncoder().encodeToString("svc:pa:ss w".getBytes(StandardCharsets.UTF_8));

        new HttpSchemaRegistryClient(
                        List.of(stub.url("")),
                        Map.of(
                                HttpSchemaRegistryClient.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                                HttpSchemaRegistryClient.BASIC_AUTH_USER_INFO, "svc:pa:ss w"))
                .getAllSubjects();
        new HttpSchemaRegistryClient(
                        List.of(stub.url("")),
                        Map.of(
                                HttpSchemaRegistryClient.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                                HttpSchemaRegistryClient.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, "svc:pa:ss w"))
                .getAllSubjects();
        // no source given: a user info is still meant to be used
        new HttpSchemaRegistryClient(
                        List.of(stub.url("")), Map.of(HttpSchemaRegistryClient.BASIC_AUTH_USER_INFO, "svc:pa:ss w"))
                .getAllSubjects();
        HttpSchemaRegistryClient fromUrl = new HttpSchemaRegistryClient(
                List.of(stub.url("").replace("http://", "http://svc:pa%3Ass%20w@")), Map.of());
        fromUrl.getAllSubjects();
        // source URL given explicitly, no credentials in the URL: none sent, whatever the user info says
        new HttpSchemaRegistryClient(
                        List.of(stub.url("")),
                        Map.of(
                                HttpSchemaRegistryClient.BASIC_AUTH_CREDENTIALS_SOURCE, "URL",
                                HttpSchemaRegistryClient.BASIC_AUTH_USER_INFO, "svc:pa:ss w"))
                .getAllSubjects();

        assertThat(stub.seen)
                .extracting(s -> s.header("Authorization"))
                .containsExactly(expected, expected, expected, expected, null);
        assertThat(fromUrl.baseUrls()).containsExactly(stub.url(""));
    }

    @Test
    void badAuthConfigsAreConfigErrorsThatDoNotShowTheSecret() {
        assertThatThrownBy(() -> new HttpSchemaRegistryClient(
                        List.of("http://r:8081"),
                        Map.of(HttpSchemaRegistryClient.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.user.info")
                .hasMessageContaining("required");
        assertThatThrownBy(() -> new HttpSchemaRegistryClient(
                        List.of("http://r:8081"),
                        Map.of(HttpSchemaRegistryClient.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("USER_INFO and URL");
        assertThatThrownBy(() -> new HttpSchemaRegistryClient(
                        List.of("http://r:8081"),
                        Map.of(
                                HttpSchemaRegistryClient.BASIC_AUTH_CREDENTIALS_SOURCE,
                                "USER_INFO",
                                HttpSchemaRegistryClient.BASIC_AUTH_USER_INFO,
                                "secretwithoutcolon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("user:password")
                .hasMessageNotContaining("secretwithoutcolon");
        assertThatThrownBy(() -> new HttpSchemaRegistryClient(
                        List.of("http://r:8081"), Map.of(HttpSchemaRegistryClient.REQUEST_TIMEOUT_MS_CONFIG, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(HttpSchemaRegistryClient.REQUEST_TIMEOUT_MS_CONFIG);
        assertThatThrownBy(() -> new HttpSchemaRegistryClient("http://r:8081?x=1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no query");
        assertThatThrownBy(() -> new HttpSchemaRegistryClient("http:///nohost"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no host");
    }

    @Test
    void triesTheNextUrlWhenOneCannotBeReachedAndNamesAllWhenNoneCan() {
        Stub up = stub(seen -> new Reply(200, "{\"id\": 3}"));
        String down1 = "http://127.0.0.1:" + ApicurioRegistry.freePorts(1)[0];
        String down2 = "http://127.0.0.1:" + ApicurioRegistry.freePorts(1)[0] + "/base";

        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(List.of(down1, up.url(""), down2), Map.of());
        assertThat(client.register("a-value", SCHEMA)).isEqualTo(3);
        assertThat(client.register("b-value", SCHEMA)).isEqualTo(3);
        assertThat(up.seen).hasSize(2);

        SchemaRegistryException e = assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> catchThrowableOfType(
                        SchemaRegistryException.class,
                        () -> new HttpSchemaRegistryClient(List.of(down1, down2), Map.of()).getAllSubjects()));
        assertThat(e.getMessage())
                .startsWith("None of the schema registry's 2 URLs can be reached: ")
                .contains(down1 + " cannot be reached (ConnectException")
                .contains(down2 + " cannot be reached (")
                .endsWith("[GET /subjects]");
        assertThat(e.getSuppressed()).hasSize(1);
    }

    @Test
    void anHttpErrorIsNotRetriedOnTheNextUrl() {
        Stub failing =
                stub(seen -> new Reply(500, "{\"error_code\":50001,\"message\":\"Error in the backend datastore\"}"));
        Stub healthy = stub(seen -> new Reply(200, "[]"));

        SchemaRegistryException e = catchThrowableOfType(
                SchemaRegistryException.class,
                () -> new HttpSchemaRegistryClient(List.of(failing.url(""), healthy.url("")), Map.of())
                        .getAllSubjects());

        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.errorCode()).isEqualTo(50001);
        assertThat(e.getMessage()).contains("Error in the backend datastore").contains(failing.url(""));
        assertThat(healthy.seen).isEmpty();
    }

    @Test
    void incompatibleSchemaNamesTheSubjectAndItsCompatibilityLevel() {
        Stub stub = stub(
                seen -> seen.rawPath.startsWith("/config/")
                        ? new Reply(200, "{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}")
                        : new Reply(
                                409,
                                "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}"));

        SchemaRegistryException e = catchThrowableOfType(
                SchemaRegistryException.class,
                () -> new HttpSchemaRegistryClient(stub.url("")).register("refunds-value", SCHEMA));

        assertThat(e.httpStatus()).isEqualTo(409);
        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
        assertThat(e.getMessage())
                .startsWith("Schema io.atozwatch.events.RefundEvent is incompatible with the latest "
                        + "version of subject 'refunds-value' under the subject's compatibility rule (FULL_TRANSITIVE)")
                .contains("HTTP 409, error_code 409")
                .endsWith("Schema being registered is incompatible with an earlier schema");
        assertThat(stub.seen.get(1).rawPath + "?" + stub.seen.get(1).rawQuery)
                .isEqualTo("/config/refunds-value?defaultToGlobal=true");
    }

    @Test
    void invalidAndNotFoundCarryTheirCodes() {
        Stub stub = stub(seen -> switch (seen.method + " " + seen.rawPath) {
            case "POST /subjects/bad-value/versions" ->
                new Reply(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");
            case "POST /subjects/none-value" ->
                new Reply(404, "{\"error_code\":40401,\"message\":\"Subject 'none-value' not found.\"}");
            case "POST /subjects/other-value" ->
                new Reply(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
            default -> new Reply(404, "<html><body>Not Found</body></html>");
        });
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(stub.url(""));

        SchemaRegistryException invalid =
                catchThrowableOfType(SchemaRegistryException.class, () -> client.register("bad-value", SCHEMA));
        assertThat(invalid.httpStatus()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(SchemaRegistryException.INVALID_SCHEMA);
        assertThat(invalid.getMessage()).contains("is invalid for the registry (subject 'bad-value')");

        SchemaRegistryException noSubject =
                catchThrowableOfType(SchemaRegistryException.class, () -> client.getId("none-value", SCHEMA));
        assertThat(noSubject.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
        assertThat(noSubject.getMessage()).startsWith("Subject 'none-value' not found");

        SchemaRegistryException noSchema =
                catchThrowableOfType(SchemaRegistryException.class, () -> client.getId("other-value", SCHEMA));
        assertThat(noSchema.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertThat(noSchema.getMessage())
                .startsWith("Schema io.atozwatch.events.RefundEvent is not registered under subject 'other-value'");

        // e.g. a wrong base path: an HTML 404 from whatever answers there
        SchemaRegistryException wrongPath =
                catchThrowableOfType(SchemaRegistryException.class, () -> client.getSchemaById(1));
        assertThat(wrongPath.httpStatus()).isEqualTo(404);
        assertThat(wrongPath.errorCode()).isEqualTo(SchemaRegistryException.NONE);
        assertThat(wrongPath.getMessage()).contains("<html><body>Not Found</body></html>");
    }

    @Test
    void malformedAnswersAreErrorsNotCrashes() {
        Stub stub = stub(seen -> switch (seen.rawPath) {
            case "/schemas/ids/1" ->
                new Reply(200, "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}");
            case "/schemas/ids/2" -> new Reply(200, "{\"schema\":\"{not avro\"}");
            default -> new Reply(200, "<html>a login page</html>");
        });
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(stub.url(""));

        assertThatThrownBy(() -> client.getSchemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("holds a PROTOBUF schema as schema id 1, not an Avro one");
        assertThatThrownBy(() -> client.getSchemaById(2))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("returned schema id 2 that is not a valid Avro schema");
        assertThatThrownBy(() -> client.register("s", SCHEMA))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("Unexpected answer from the schema registry at " + stub.url(""))
                .hasMessageContaining("not JSON")
                .hasMessageContaining("a login page");
    }

    @Test
    void aSlowRegistryTimesOutAfterTheConfiguredRequestTimeout() {
        Stub stub = stub(seen -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Reply(200, "[]");
        });
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                List.of(stub.url("")), Map.of(HttpSchemaRegistryClient.REQUEST_TIMEOUT_MS_CONFIG, 300));

        SchemaRegistryException e = assertTimeoutPreemptively(
                Duration.ofSeconds(3),
                () -> catchThrowableOfType(SchemaRegistryException.class, client::getAllSubjects));

        assertThat(e.getMessage())
                .isEqualTo(
                        "Schema registry at " + stub.url("")
                                + " cannot be reached (no answer within 300 ms, schema.registry.request.timeout.ms) [GET /subjects]");
    }

    // --- the stub ---

    private record Reply(int status, String body) {}

    private record Seen(
            String method, String rawPath, String rawQuery, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    @FunctionalInterface
    private interface Answerer {
        Reply answer(Seen seen) throws Exception;
    }

    private Stub stub(Answerer answerer) {
        Stub stub = new Stub(answerer);
        stubs.add(stub);
        return stub;
    }

    private static final class Stub {
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final HttpServer server;
        final ExecutorService executor = Executors.newCachedThreadPool();

        Stub(Answerer answerer) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.setExecutor(executor);
            server.createContext("/", exchange -> handle(exchange, answerer));
            server.start();
        }

        private void handle(HttpExchange exchange, Answerer answerer) {
            try {
                Seen request = new Seen(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(),
                        Map.copyOf(exchange.getRequestHeaders()),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                seen.add(request);
                Reply reply;
                try {
                    reply = answerer.answer(request);
                } catch (Exception e) {
                    reply = new Reply(500, "stub failed: " + e);
                }
                byte[] body = reply.body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
                exchange.sendResponseHeaders(reply.status, body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (IOException e) {
                // the client went away (e.g. timed out)
            } finally {
                exchange.close();
            }
        }

        String url(String basePath) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + basePath;
        }

        void stop() {
            executor.shutdownNow();
            server.stop(0);
        }
    }
}
