package io.atozwatch.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atozwatch.app.http.AccessControl;
import io.atozwatch.app.http.HttpApi;
import io.atozwatch.app.http.HttpTls;
import io.atozwatch.app.runtime.UserError;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        keystore = dir.resolve("http.p12");
        truststore = dir.resolve("trust.p12");
        otherTruststore = dir.resolve("other-trust.p12");
        Path other = dir.resolve("other.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "atoz",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD);
        keytool(
                "-genkeypair",
                "-alias",
                "other",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                other.toString(),
                "-storepass",
                PASSWORD);
        trustOnly(keystore, "atoz", truststore);
        trustOnly(other, "other", otherTruststore);
    }

    private static void trustOnly(Path store, String alias, Path into) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(alias, keys.getCertificate(alias));
        try (OutputStream out = Files.newOutputStream(into)) {
            trusted.store(out, PASSWORD.toCharArray());
        }
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

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }
}
