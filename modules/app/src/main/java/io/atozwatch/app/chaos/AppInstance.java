package io.atozwatch.app.chaos;

import io.atozwatch.app.runtime.PipelineApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One {@code run} instance of the pipeline in a child JVM, with its own state directory and HTTP port and the
 * application id it shares with the others. It is watched only from outside, as an operator would: over
 * {@code /health/ready} and {@code /metrics}.
 */
final class AppInstance implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    private final int httpPort;
    private final Path stateDir;
    private final Path log;
    private final List<String> runArgs;
    private Process process;
    private Instant started = Instant.EPOCH;

    /** @param runArgs the {@code run} options shared by every instance (cluster, registry, config, id, standbys) */
    AppInstance(String name, int httpPort, Path stateDir, Path log, List<String> runArgs) {
        this.name = name;
        this.httpPort = httpPort;
        this.stateDir = stateDir;
        this.log = log;
        this.runArgs = List.copyOf(runArgs);
    }

    void start() throws IOException {
        List<String> args = new ArrayList<>(
                List.of("run", "--http-port", String.valueOf(httpPort), "--state-dir", stateDir.toString()));
        args.addAll(runArgs);
        started = Instant.now();
        process = ChildJvm.start(List.of("-Xmx512m"), args, log);
    }

    /** SIGKILL, as a crashed host: no commit, no leaving the group, state directory as it was on disk. */
    void kill() throws InterruptedException {
        ChildJvm.kill(process);
    }

    /** Deletes the state directory (of a killed instance): it must then restore everything from changelogs. */
    void wipeState() {
        PipelineApp.deleteTree(stateDir);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Whether {@code /health/ready} answers 200, i.e. Kafka Streams is RUNNING (its tasks restored). */
    boolean ready() throws IOException, InterruptedException {
        if (!alive()) {
            throw new Poll.Fatal(name + " exited with " + process.exitValue() + "; see " + log);
        }
        return get("/health/ready").statusCode() == 200;
    }

    /** How the instance answers {@code /health/ready} now, for a failed run's report: status and body, or why not. */
    String answer() {
        if (!alive()) {
            return "exited with " + process.exitValue();
        }
        try {
            HttpResponse<String> r = get("/health/ready");
            return "/health/ready answers " + r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return "/health/ready does not answer: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not asked (interrupted)";
        }
    }

    /**
     * A gauge of {@code /metrics} without labels (e.g. {@code atoz_input_lag_seconds}); empty if absent or the
     * instance does not answer.
     */
    OptionalDouble gauge(String metric) {
        try {
            for (String line : get("/metrics").body().split("\n")) {
                if (line.startsWith(metric + " ")) {
                    return OptionalDouble.of(Double.parseDouble(
                            line.substring(metric.length() + 1).trim()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalDouble.empty();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A thread dump of the instance, if it is running, into its log ({@link ChildJvm#dumpThreads}). */
    void dumpThreads() {
        if (!alive()) {
            return;
        }
        try {
            ChildJvm.dumpThreads(process, log, Duration.ofSeconds(10));
        } catch (IOException e) {
            // a diagnostic only: the run has failed already and says why
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Path log() {
        return log;
    }

    /** When it was last started. */
    Instant started() {
        return started;
    }

    @Override
    public void close() {
        if (alive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
