package io.atozwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.atozwatch.testing.SelfSignedCertificate;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client over https with a registry whose certificate is self-signed (made here with keytool) and
 * which requires basic auth: the trust store and user info settings, Confluent's keys.
 */
class HttpSchemaRegistryClientTlsTest {

    private static final String STORE_PASSWORD = "store-secret-1";
    private static final String USER_INFO = "svc-atoz:r3g1stry-s3cret";

    @TempDir
    static Path dir;

    static Path serverStore;
    static Path trustStore;
    static HttpsServer server;
    static final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startRegistry() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.make(dir, "registry", STORE_PASSWORD);
        serverStore = certificate.keystore();
        trustStore = certificate.truststore(); // holds only the registry's certificate, as a client's would
        KeyStore keys = certificate.keys();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, STORE_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        String expected = "Basic " + Base64.getEncoder().encodeToString(USER_INFO.getBytes(StandardCharsets.UTF_8));
        server.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(authorization));
            boolean ok = expected.equals(authorization);
            byte[] body = (ok ? "[\"orders-value\"]" : "{\"error_code\": 401, \"message\": \"Unauthorized\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stopRegistry() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String url() {
        return "https://localhost:" + server.getAddress().getPort();
    }

    private static Map<String, Object> tls() {
        return Map.of(
                HttpSchemaRegistryClient.SSL_TRUSTSTORE_LOCATION,
                trustStore.toString(),
                HttpSchemaRegistryClient.SSL_TRUSTSTORE_PASSWORD,
                STORE_PASSWORD,
                HttpSchemaRegistryClient.BASIC_AUTH_CREDENTIALS_SOURCE,
                "USER_INFO",
                HttpSchemaRegistryClient.BASIC_AUTH_USER_INFO,
                USER_INFO);
    }

    @Test
    void talksToAnHttpsRegistryWithTheTrustStoreAndBasicAuth() {
        authorizations.clear();
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(List.of(url()), tls());

        assertThat(client.getAllSubjects()).containsExactly("orders-value");
        assertThat(authorizations)
                .containsExactly(
                        "Basic " + Base64.getEncoder().encodeToString(USER_INFO.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSerdeConfigsReachTheClient() {
        Map<String, Object> configs = new java.util.HashMap<>(tls());
        configs.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, url());
        SchemaRegistryClient client = SchemaRegistries.forUrl(url(), configs);

        assertThat(client.getAllSubjects()).containsExactly("orders-value");
    }

    @Test
    void withoutTheTrustStoreTheSelfSignedCertificateIsRefused() {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                List.of(url()),
                Map.of(
                        HttpSchemaRegistryClient.BASIC_AUTH_CREDENTIALS_SOURCE,
                        "USER_INFO",
                        HttpSchemaRegistryClient.BASIC_AUTH_USER_INFO,
                        USER_INFO));

        assertThatThrownBy(client::getAllSubjects)
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining(url())
                .hasMessageNotContaining("r3g1stry-s3cret");
    }

    @Test
    void wrongCredentialsAreAnErrorThatDoesNotShowThem() {
        Map<String, Object> configs = new java.util.HashMap<>(tls());
        configs.put(HttpSchemaRegistryClient.BASIC_AUTH_USER_INFO, "svc-atoz:wrong-s3cret");
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(List.of(url()), configs);

        assertThatThrownBy(client::getAllSubjects)
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("401")
                .hasMessageNotContaining("wrong-s3cret");
    }

    @Test
    void aWrongTrustStorePasswordIsAConfigErrorNamingTheStoreNotThePassword() {
        assertThatThrownBy(() -> new HttpSchemaRegistryClient(
                        List.of(url()),
                        Map.of(
                                HttpSchemaRegistryClient.SSL_TRUSTSTORE_LOCATION,
                                trustStore.toString(),
                                HttpSchemaRegistryClient.SSL_TRUSTSTORE_PASSWORD,
                                "not-the-password")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(HttpSchemaRegistryClient.SSL_TRUSTSTORE_LOCATION)
                .hasMessageContaining(trustStore.toString())
                .hasMessageNotContaining("not-the-password");
        assertThatThrownBy(() -> new HttpSchemaRegistryClient(
                        List.of(url()),
                        Map.of(
                                HttpSchemaRegistryClient.SSL_TRUSTSTORE_LOCATION,
                                dir.resolve("missing.p12").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing.p12");
    }
}
