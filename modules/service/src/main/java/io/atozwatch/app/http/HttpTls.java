package io.atozwatch.app.http;

import io.atozwatch.app.runtime.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS on the HTTP port: with {@value #KEYSTORE} set, the port speaks https only (Jetty's {@link SslContextFactory}),
 * and the calls this instance makes to the others (forwarded queries) are https too, trusting the certificates of
 * {@value #TRUSTSTORE} (the JDK's CAs when it is not set). The peers' host names are checked against their
 * certificates: advertise (http.advertised.host) a name the certificate holds.
 */
public final class HttpTls {
    public static final String KEYSTORE = "http.tls.keystore.location";
    public static final String KEYSTORE_PASSWORD = "http.tls.keystore.password";
    public static final String KEYSTORE_TYPE = "http.tls.keystore.type";
    public static final String KEY_PASSWORD = "http.tls.key.password";
    public static final String TRUSTSTORE = "http.tls.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "http.tls.truststore.password";
    public static final String TRUSTSTORE_TYPE = "http.tls.truststore.type";

    /** Plain HTTP. */
    public static final HttpTls NONE = new HttpTls(null, null, "PKCS12", null, null, null, "PKCS12");

    private final Path keystore;
    private final String keystorePassword;
    private final String keystoreType;
    private final String keyPassword;
    private final Path truststore;
    private final String truststorePassword;
    private final String truststoreType;

    private HttpTls(
            Path keystore,
            String keystorePassword,
            String keystoreType,
            String keyPassword,
            Path truststore,
            String truststorePassword,
            String truststoreType) {
        this.keystore = keystore;
        this.keystorePassword = keystorePassword;
        this.keystoreType = keystoreType;
        this.keyPassword = keyPassword;
        this.truststore = truststore;
        this.truststorePassword = truststorePassword;
        this.truststoreType = truststoreType;
    }

    /**
     * Reads the {@code http.tls.*} settings and opens the stores once, so that a missing file or a wrong password is a
     * {@link UserError} naming the setting and the file at start-up.
     */
    public static HttpTls from(Function<String, String> settings) {
        Path keystore = path(settings.apply(KEYSTORE));
        Path truststore = path(settings.apply(TRUSTSTORE));
        String keystoreType = type(settings.apply(KEYSTORE_TYPE));
        String truststoreType = type(settings.apply(TRUSTSTORE_TYPE));
        String keystorePassword = settings.apply(KEYSTORE_PASSWORD);
        String truststorePassword = settings.apply(TRUSTSTORE_PASSWORD);
        if (keystore == null && truststore == null) {
            return NONE;
        }
        if (keystore != null) {
            load(keystore, keystorePassword, keystoreType, KEYSTORE);
        }
        if (truststore != null) {
            load(truststore, truststorePassword, truststoreType, TRUSTSTORE);
        }
        return new HttpTls(
                keystore,
                keystorePassword,
                keystoreType,
                settings.apply(KEY_PASSWORD),
                truststore,
                truststorePassword,
                truststoreType);
    }

    private static Path path(String v) {
        return v == null || v.isBlank() ? null : Path.of(v.trim());
    }

    private static String type(String v) {
        return v == null || v.isBlank() ? "PKCS12" : v.trim();
    }

    private static KeyStore load(Path file, String password, String type, String setting) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (NoSuchFileException e) {
            throw new UserError(setting + "=" + file + ": no such file");
        } catch (IOException | GeneralSecurityException e) {
            // IOException is also what a wrong password gives: say which store, never the password
            throw new UserError(
                    setting + "=" + file + " cannot be read as a " + type + " store with the password given ("
                            + setting.replace(".location", ".password") + "): " + e.getMessage());
        }
    }

    /** Whether the HTTP port speaks https. */
    public boolean enabled() {
        return keystore != null;
    }

    /** {@code https} or {@code http}: how this instance calls the others (they are configured alike). */
    public String scheme() {
        return enabled() ? "https" : "http";
    }

    /** The https connector on {@code host}:{@code port}, for Javalin's {@code jetty.addConnector}. */
    public Connector connector(Server server, HttpConfiguration http, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keystore.toString());
        ssl.setKeyStoreType(keystoreType);
        if (keystorePassword != null) {
            ssl.setKeyStorePassword(keystorePassword);
        }
        if (keyPassword != null && !keyPassword.isBlank()) {
            ssl.setKeyManagerPassword(keyPassword);
        }
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients check the certificate against the name they asked for; the server need not refuse other SNI names.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(
                server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    /** The TLS context of calls to the other instances: trusting {@value #TRUSTSTORE}, or the JDK's CAs. */
    public SSLContext clientContext() {
        try {
            if (truststore == null) {
                return SSLContext.getDefault();
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(truststore, truststorePassword, truststoreType, TRUSTSTORE));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS context from " + TRUSTSTORE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return enabled() ? "https (keystore " + keystore + ")" : "http";
    }
}
