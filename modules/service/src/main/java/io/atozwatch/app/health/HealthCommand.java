package io.atozwatch.app.health;

import io.atozwatch.app.http.HttpTls;
import io.atozwatch.app.runtime.Settings;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code health}: asks a running instance on this host whether it is live (or ready), for a container's health
 * check where no HTTP client is installed (the production image has nothing but Java): exit 0 if it answers 200,
 * 1 otherwise, with the answer on stdout.
 */
@Command(
        name = "health",
        mixinStandardHelpOptions = true,
        description = {
            "Asks the instance on this host for /health/live (or /health/ready with --ready): exit 0 "
                    + "when it answers 200, 1 otherwise. For container health checks."
        })
public final class HealthCommand implements Callable<Integer> {

    @Option(names = "--http-port", description = "The instance's HTTP port (default: ATOZ_HTTP_PORT, else 8080).")
    Integer httpPort;

    @Option(
            names = "--ready",
            description = "Ask /health/ready (serving queries, not rebalancing) instead of /health/live.")
    boolean ready;

    @Option(
            names = "--timeout",
            defaultValue = "PT3S",
            description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--https",
            description = "Ask over https (default: when ATOZ_HTTP_TLS_KEYSTORE_LOCATION is set, "
                    + "as the instance then speaks https only). The instance's certificate is not checked: this asks the "
                    + "instance on this very host, by 127.0.0.1, which no certificate names.")
    Boolean https;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int port = httpPort != null ? httpPort : portFromEnvironment();
        boolean tls = https != null ? https : System.getenv(Settings.envOf(HttpTls.KEYSTORE)) != null;
        String url = (tls ? "https" : "http") + "://127.0.0.1:" + port + (ready ? "/health/ready" : "/health/live");
        try {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
            if (tls) {
                // a one-shot process: the property only affects this probe's own client
                System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
                SSLContext trustAll = SSLContext.getInstance("TLS");
                trustAll.init(null, new TrustManager[] {new TrustEveryCertificate()}, null);
                builder.sslContext(trustAll);
            }
            HttpClient client = builder.build();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            out.println(
                    response.statusCode() + " " + url + " " + response.body().strip());
            return response.statusCode() == 200 ? 0 : 1;
        } catch (Exception e) {
            out.println("no answer from " + url + ": " + e);
            return 1;
        } finally {
            out.flush();
        }
    }

    /** This host's own instance, asked by address: what it presents is not what is being checked. */
    private static final class TrustEveryCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static int portFromEnvironment() {
        String value = System.getenv(Settings.envOf(Settings.HTTP_PORT));
        try {
            return value == null || value.isBlank() ? 8080 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 8080;
        }
    }
}
