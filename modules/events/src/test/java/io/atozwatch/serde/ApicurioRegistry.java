package io.atozwatch.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Apicurio Registry (in-memory storage) on 127.0.0.1, for tests that need a schema
 * registry speaking the Confluent REST API ({@link #ccompatUrl()}).
 *
 * <p>Use it as a JUnit 5 extension on a static field; it starts before the class's first test
 * and stops (process tree destroyed) after its last:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ApicurioRegistry REGISTRY = new ApicurioRegistry();
 * ... REGISTRY.ccompatUrl() ...
 * }</pre>
 *
 * or by hand: {@code try (ApicurioRegistry r = new ApicurioRegistry().start()) {...}}.
 *
 * <p>The registry is {@code io.apicurio:apicurio-registry-app:<version>:all:tar.gz} from Maven
 * Central, unpacked by this module's pom (maven-dependency-plugin, phase generate-test-resources)
 * into the directory named by the system property {@value #HOME_PROPERTY} (default
 * {@code target/apicurio}), where {@code quarkus-run.jar} lies at the top. It needs Java 21+:
 * {@value #JAVA_HOME_KEY} (system property or environment variable) if set, else this JVM if it
 * is 21+, else the first {@code /usr/lib/jvm/*} whose {@code release} file says so; if there is
 * none, starting fails and says what to install. Its output goes to a file under
 * {@value #LOG_DIR_PROPERTY} (default {@code target/apicurio-logs}).
 */
public final class ApicurioRegistry implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    static final String HOME_PROPERTY = "apicurio.home";
    static final String LOG_DIR_PROPERTY = "apicurio.log.dir";
    static final String JAVA_HOME_KEY = "APICURIO_JAVA_HOME";
    static final int MIN_JAVA = 21;
    static final Path JVM_DIR = Paths.get("/usr/lib/jvm");
    static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;
    private static final int LOG_LINES_IN_FAILURE = 200;

    private final String compatibility;
    private Process process;
    private Thread shutdownHook;
    private Path logFile;
    private int port;
    private Duration startup;
    private String name = "manual";

    /** Global compatibility rule BACKWARD, Confluent's default. */
    public ApicurioRegistry() {
        this("BACKWARD");
    }

    /** @param compatibility the global compatibility rule, e.g. BACKWARD, FULL, NONE */
    public ApicurioRegistry(String compatibility) {
        this.compatibility = compatibility;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        name = context.getRequiredTestClass().getSimpleName();
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        requireStarted();
        return "http://127.0.0.1:" + port;
    }

    /** The Confluent-compatible API's base URL, for {@code schema.registry.url}. */
    public String ccompatUrl() {
        return baseUrl() + CCOMPAT_PATH;
    }

    /** How long the last start took until the registry answered. */
    public Duration startupTime() {
        requireStarted();
        return startup;
    }

    public Path logFile() {
        return logFile;
    }

    /** Starts the registry and waits until its ccompat API answers; idempotent. */
    public synchronized ApicurioRegistry start() {
        if (process != null) {
            return this;
        }
        Path home =
                Paths.get(System.getProperty(HOME_PROPERTY, "target/apicurio")).toAbsolutePath();
        Path runner = home.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException(
                    "Apicurio Registry is not unpacked: no " + runner + ". This module's pom unpacks "
                            + "io.apicurio:apicurio-registry-app:<version>:all:tar.gz there in the generate-test-resources phase: run the "
                            + "tests through Maven (mvn -pl modules/events test), or set -D" + HOME_PROPERTY
                            + " to where it is unpacked.");
        }
        Path java = findJava(
                explicitJavaHome(), Runtime.version().feature(), Paths.get(System.getProperty("java.home")), JVM_DIR);
        Path logDir = Paths.get(System.getProperty(LOG_DIR_PROPERTY, "target/apicurio-logs"))
                .toAbsolutePath();
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + logDir, e);
        }
        IllegalStateException lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                startOnce(java, home, runner, logDir);
                return this;
            } catch (PortTakenException e) {
                // another process took a port between our probe and the registry's bind: pick new ones
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    private void startOnce(Path java, Path home, Path runner, Path logDir) {
        int[] ports = freePorts(2);
        int httpPort = ports[0];
        logFile = logDir.resolve("apicurio-" + name + "-" + httpPort + ".log");
        List<String> command = List.of(
                java.toString(),
                // C1 only and a small serial heap: starts in ~4 s instead of ~10 s on 2 cores; plenty for tests
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + ports[1],
                "-Dapicurio.rules.global.compatibility=" + compatibility,
                "-jar",
                runner.toString());
        long begin = System.nanoTime();
        Process started;
        try {
            started = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Apicurio Registry: " + String.join(" ", command), e);
        }
        process = started;
        port = httpPort;
        shutdownHook = new Thread(this::destroy, "apicurio-registry-stop-" + httpPort);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            awaitReady(started, begin, command);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        startup = Duration.ofNanos(System.nanoTime() - begin);
        System.out.printf(
                "Apicurio Registry up at %s in %.1f s (java %s, log %s)%n",
                ccompatUrl(), startup.toMillis() / 1000.0, java, logFile);
    }

    private void awaitReady(Process started, long begin, List<String> command) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CCOMPAT_PATH + "/subjects"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        long deadline = begin + STARTUP_TIMEOUT.toNanos();
        while (true) {
            if (!started.isAlive()) {
                String log = logTail();
                String message = "Apicurio Registry exited with code " + started.exitValue() + " before answering ("
                        + String.join(" ", command) + "); its log " + logFile + ":\n" + log;
                if (log.contains("Address already in use") || log.contains("Port(s) already bound")) {
                    throw new PortTakenException(message);
                }
                throw new IllegalStateException(message);
            }
            try {
                HttpResponse<String> response = client.send(probe, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Apicurio Registry", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Apicurio Registry did not answer GET " + CCOMPAT_PATH + "/subjects on port "
                                + port + " within " + STARTUP_TIMEOUT.toSeconds() + " s (" + String.join(" ", command)
                                + "); its log "
                                + logFile + ":\n" + logTail());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Apicurio Registry", e);
            }
        }
    }

    /** Stops the registry: its process tree is destroyed, forcibly if it has not exited within 10 s. */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs destroy() again, harmlessly
        }
        process = null;
    }

    private void destroy() {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tree.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private void requireStarted() {
        if (process == null) {
            throw new IllegalStateException("Apicurio Registry is not running: register ApicurioRegistry as a static "
                    + "@RegisterExtension field, or call start()");
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_FAILURE), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    private static String explicitJavaHome() {
        String explicit = System.getProperty(JAVA_HOME_KEY);
        if (explicit == null || explicit.isBlank()) {
            explicit = System.getenv(JAVA_HOME_KEY);
        }
        return explicit == null || explicit.isBlank() ? null : explicit.trim();
    }

    /**
     * The java executable to run Apicurio with.
     *
     * @param explicitHome APICURIO_JAVA_HOME, or null
     * @param currentFeature this JVM's feature version, e.g. 17
     * @param currentHome this JVM's java.home
     * @param jvmDir where JDKs are installed, /usr/lib/jvm
     */
    static Path findJava(String explicitHome, int currentFeature, Path currentHome, Path jvmDir) {
        if (explicitHome != null) {
            Path home = Paths.get(explicitHome);
            Path java = home.resolve("bin/java");
            if (!Files.isExecutable(java)) {
                throw new IllegalStateException(JAVA_HOME_KEY + "=" + explicitHome + " has no executable bin/java");
            }
            Optional<Integer> feature = releaseFeature(home);
            if (feature.isPresent() && feature.get() < MIN_JAVA) {
                throw new IllegalStateException(JAVA_HOME_KEY + "=" + explicitHome + " is Java " + feature.get()
                        + ", but Apicurio Registry needs Java " + MIN_JAVA + " or newer");
            }
            return java;
        }
        if (currentFeature >= MIN_JAVA && Files.isExecutable(currentHome.resolve("bin/java"))) {
            return currentHome.resolve("bin/java");
        }
        List<String> seen = new ArrayList<>();
        if (Files.isDirectory(jvmDir)) {
            try (Stream<Path> homes = Files.list(jvmDir)) {
                for (Path home : homes.sorted().toList()) {
                    Optional<Integer> feature = releaseFeature(home);
                    seen.add(home.getFileName()
                            + feature.map(f -> " (Java " + f + ")").orElse(" (no release file)"));
                    if (feature.isPresent()
                            && feature.get() >= MIN_JAVA
                            && Files.isExecutable(home.resolve("bin/java"))) {
                        return home.resolve("bin/java");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + jvmDir, e);
            }
        }
        throw new IllegalStateException("No Java " + MIN_JAVA
                + "+ to run Apicurio Registry (a Quarkus app built for Java "
                + MIN_JAVA + "): these tests run on Java " + currentFeature + ", " + JAVA_HOME_KEY + " is not set, and "
                + jvmDir + " holds " + (seen.isEmpty() ? "no JDK" : String.join(", ", seen)) + ". Install a JDK "
                + MIN_JAVA
                + " or newer under " + jvmDir
                + " (e.g. Eclipse Temurin 21 or 25, as /usr/lib/jvm/temurin-25-jdk-amd64, or "
                + "the openjdk-21-jdk package where the distribution has it), or set " + JAVA_HOME_KEY
                + " (environment variable or -D system property) to the home of one.");
    }

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"?(\\d+)(?:\\.(\\d+))?");

    /** The feature version in a JDK's {@code release} file: 25 for "25.0.3", 8 for "1.8.0_452". */
    static Optional<Integer> releaseFeature(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher m = JAVA_VERSION.matcher(Files.readString(release, StandardCharsets.ISO_8859_1));
            if (!m.find()) {
                return Optional.empty();
            }
            int first = Integer.parseInt(m.group(1));
            return Optional.of(first == 1 && m.group(2) != null ? Integer.parseInt(m.group(2)) : first);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Distinct free ports on 127.0.0.1, all held open until all are found. */
    static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
