package io.atozwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atozwatch.app.http.AccessControl;
import io.atozwatch.app.http.HttpApi;
import io.atozwatch.app.http.HttpTls;
import io.atozwatch.app.runtime.UserError;
import io.atozwatch.testing.SelfSignedCertificate;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the HTTP port (a self-signed certificate made here with keytool): the server speaks https, a peer's
 * forwarder reaches it trusting the configured trust store and carries the instance key; a store that cannot be read
 * is an error naming the setting and the file, never the password.
 */
class HttpTlsTest {
    private static final String PASSWORD = "store-secret-1";
    private static final String INTERNAL_KEY = "instance-key-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Path keystore;
    static Path truststore;
    static Path otherTruststore;
    private Javalin server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        SelfSignedCertificate atoz = SelfSignedCertificate.make(dir, "atoz", PASSWORD);
        keystore = atoz.keystore();
        truststore = atoz.truststore();
        otherTruststore = SelfSignedCertificate.make(dir, "other", PASSWORD).truststore(); // trusts another certificate
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static Map<String, String> tlsSettings(Path trust) {
        Map<String, String> s = new HashMap<>();
        s.put(HttpTls.KEYSTORE, keystore.toString());
        s.put(HttpTls.KEYSTORE_PASSWORD, PASSWORD);
        s.put(HttpTls.TRUSTSTORE, trust.toString());
        s.put(HttpTls.TRUSTSTORE_PASSWORD, PASSWORD);
        s.put(AccessControl.INTERNAL_KEY, INTERNAL_KEY);
        s.put(AccessControl.KEYS, "merchant:m-acme=acme-key-0123456789abcdef");
        return s;
    }

    /** A server as an instance's, over https with access control: /whoami says who the caller is. */
    private int startServer() {
        Map<String, String> s = tlsSettings(truststore);
        server = HttpApi.create(AccessControl.from(s::get), HttpTls.from(s::get), "127.0.0.1", 0);
        HttpApi.get(
                server,
                "/whoami",
                ctx -> ctx.contentType("application/json")
                        .result("{\"caller\":\"" + AccessControl.caller(ctx) + "\",\"secure\":"
                                + ctx.req().isSecure() + "}"));
        server.start();
        return server.port();
    }

    @Test
    void aPeersForwarderReachesTheHttpsPortTrustingTheTrustStoreWithTheInstanceKey() throws Exception {
        int port = startServer();
        Map<String, String> s = tlsSettings(truststore);
        Forwarder forwarder =
                new Forwarder(Duration.ofSeconds(2), Duration.ofSeconds(5), "peer:1", HttpTls.from(s::get));

        Forwarder.Reply reply = forwarder.get(
                new HostInfo("127.0.0.1", port),
                "/whoami",
                Map.of("Authorization", "Bearer " + INTERNAL_KEY, AccessControl.SCOPE_HEADER, "merchant:m-acme"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(JSON.readTree(reply.body()).get("caller").asText()).isEqualTo("merchant m-acme");
        assertThat(JSON.readTree(reply.body()).get("secure").asBoolean()).isTrue();
        // Without the key: 401, over TLS all the same.
        assertThat(forwarder.get(new HostInfo("127.0.0.1", port), "/whoami").status())
                .isEqualTo(401);
        // localhost is in the certificate too.
        assertThat(forwarder
                        .get(
                                new HostInfo("localhost", port),
                                "/whoami",
                                Map.of("Authorization", "Bearer " + INTERNAL_KEY, AccessControl.SCOPE_HEADER, "ops"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aPeerThatDoesNotTrustTheCertificateOrSpeaksPlainHttpCannotCall() throws Exception {
        int port = startServer();
        Map<String, String> wrongTrust = tlsSettings(otherTruststore);
        Forwarder distrusting =
                new Forwarder(Duration.ofSeconds(2), Duration.ofSeconds(5), "peer:1", HttpTls.from(wrongTrust::get));
        assertThatThrownBy(() -> distrusting.get(new HostInfo("127.0.0.1", port), "/whoami"))
                .isInstanceOf(Forwarder.Unreachable.class);
        Forwarder plain = new Forwarder(Duration.ofSeconds(2), Duration.ofSeconds(3), "peer:1");
        boolean answered;
        try {
            answered = plain.get(new HostInfo("127.0.0.1", port), "/whoami").status() == 200;
        } catch (Forwarder.Unreachable e) {
            answered = false;
        }
        assertThat(answered).isFalse();
    }

    @Test
    void aStoreThatCannotBeReadIsAnErrorNamingTheSettingAndTheFileNotThePassword() {
        Map<String, String> wrongPassword = tlsSettings(truststore);
        wrongPassword.put(HttpTls.KEYSTORE_PASSWORD, "not-the-password-xyz");
        assertThatThrownBy(() -> HttpTls.from(wrongPassword::get))
                .isInstanceOf(UserError.class)
                .hasMessageContaining(HttpTls.KEYSTORE)
                .hasMessageContaining(keystore.toString())
                .hasMessageNotContaining("not-the-password-xyz");
        Map<String, String> missing = tlsSettings(truststore);
        missing.put(HttpTls.TRUSTSTORE, dir.resolve("missing.p12").toString());
        assertThatThrownBy(() -> HttpTls.from(missing::get))
                .isInstanceOf(UserError.class)
                .hasMessageContaining(HttpTls.TRUSTSTORE)
                .hasMessageContaining("no such file");
        assertThat(HttpTls.from(Map.<String, String>of()::get).enabled()).isFalse();
        assertThat(HttpTls.from(tlsSettings(truststore)::get).scheme()).isEqualTo("https");
    }
}
