package io.atozwatch.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.atozwatch.app.Cli;
import io.atozwatch.app.ServiceMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code health}: exit 0 only when the instance on this host answers 200. */
class HealthCommandTest {
    private HttpServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int serve(String path, int status) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(path, exchange -> {
            byte[] body = ("{\"status\":\"" + (status == 200 ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private int health(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "health";
        System.arraycopy(args, 0, argv, 1, args.length);
        return Cli.run(new ServiceMain(), new PrintStream(out, true, StandardCharsets.UTF_8), System.err, argv);
    }

    @Test
    void aLiveInstanceIsHealthy() throws Exception {
        int port = serve("/health/live", 200);
        assertThat(health("--http-port", String.valueOf(port))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("200 http://127.0.0.1:" + port + "/health/live");
    }

    @Test
    void anInstanceThatSaysItIsDownIsNot() throws Exception {
        int port = serve("/health/live", 503);
        assertThat(health("--http-port", String.valueOf(port))).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("503 ").contains("DOWN");
    }

    @Test
    void readinessIsAskedWhenSaid() throws Exception {
        int port = serve("/health/ready", 200);
        assertThat(health("--http-port", String.valueOf(port), "--ready")).isZero();
    }

    @Test
    void noInstanceIsUnhealthyWithinTheTimeout() throws Exception {
        int port = serve("/elsewhere", 200);
        server.stop(0);
        server = null;
        assertThat(health("--http-port", String.valueOf(port), "--timeout", "PT1S"))
                .isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("no answer from http://127.0.0.1:" + port);
    }
}
