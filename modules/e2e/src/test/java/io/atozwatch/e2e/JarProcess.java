package io.atozwatch.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged jar, run as a user runs it: a separate JVM, its output captured to a file. */
final class JarProcess implements AutoCloseable {
    /** The tools' jar: every command (demo, generate, replay, broker, ...). */
    static final Path JAR = Path.of(System.getProperty("atoz.jar", "../app/target/atoz-watch.jar"))
            .toAbsolutePath();
    /** The lean production jar: run and topics only. */
    static final Path SERVICE_JAR = Path.of(
                    System.getProperty("atoz.service.jar", "../service/target/atoz-watch-service.jar"))
            .toAbsolutePath();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Process process;
    final Path log;

    private JarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static JarProcess start(String name, String... args) throws IOException {
        return start(JAR, name, args);
    }

    static JarProcess start(Path jar, String name, String... args) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -B verify from the project root "
                    + "packages the service and the app before this module runs)");
        }
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        Path log = Path.of("target", name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new JarProcess(p, log);
    }

    /** Runs the jar to completion and returns its exit code and output. */
    static Result run(String... args) throws IOException, InterruptedException {
        return run(JAR, args);
    }

    static Result run(Path jar, String... args) throws IOException, InterruptedException {
        try (JarProcess p = start(jar, "cli-" + System.nanoTime(), args)) {
            if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("jar did not finish: " + String.join(" ", args));
            }
            return new Result(p.process.exitValue(), p.output());
        }
    }

    record Result(int exitCode, String output) {}

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until {@code check} passes or the time is up; the process's output explains a failure. */
    void await(String what, Duration timeout, Check check) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the process exited (" + process.exitValue() + ") while waiting for " + what
                        + "; its output:\n" + output());
            }
            try {
                if (check.passes()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what
                + (last == null ? "" : " (" + last + ")") + "; output:\n" + output());
    }

    interface Check {
        boolean passes() throws Exception;
    }

    /**
     * Stops the process as Ctrl-C would (SIGTERM), so that its shutdown hook removes its temporary files; kills it if
     * it has not stopped within 30 s.
     */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (process.waitFor(30, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
