package io.atozwatch.app.health;

import io.atozwatch.app.runtime.Settings;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code health}: asks a running instance on this host whether it is live (or ready), for a container's health
 * check where no HTTP client is installed (the production image has nothing but Java): exit 0 if it answers 200,
 * 1 otherwise, with the answer on stdout.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Asks the instance on this host for /health/live (or /health/ready with --ready): exit 0 "
                + "when it answers 200, 1 otherwise. For container health checks."})
public final class HealthCommand implements Callable<Integer> {

    @Option(names = "--http-port", description = "The instance's HTTP port (default: ATOZ_HTTP_PORT, else 8080).")
    Integer httpPort;

    @Option(names = "--ready", description = "Ask /health/ready (serving queries, not rebalancing) instead of /health/live.")
    boolean ready;

    @Option(names = "--timeout", defaultValue = "PT3S", description = "How long to wait for the answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int port = httpPort != null ? httpPort : portFromEnvironment();
        String url = "http://127.0.0.1:" + port + (ready ? "/health/ready" : "/health/live");
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            out.println(response.statusCode() + " " + url + " " + response.body().strip());
            return response.statusCode() == 200 ? 0 : 1;
        } catch (Exception e) {
            out.println("no answer from " + url + ": " + e);
            return 1;
        } finally {
            out.flush();
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
