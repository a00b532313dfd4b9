package io.atozwatch.app.runtime;

import io.atozwatch.app.http.AccessControl;
import io.atozwatch.app.http.HttpApi;
import io.atozwatch.app.http.HttpTls;
import io.atozwatch.app.http.Params;
import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The app's HTTP side: health for orchestrators, metrics for Prometheus, and (added by callers) the
 * query API, all following {@link HttpApi}'s conventions (JSON errors, HEAD wherever GET). Liveness fails
 * when Kafka Streams has died, when its stream threads keep dying, or when a partition is stuck (see
 * {@link Liveness}), so that an orchestrator restarts the instance; readiness only when it is RUNNING (not
 * during start-up or a rebalance). With keys configured ({@link AccessControl}) every route but health, the
 * dashboard's page and the API document needs one, and {@code /metrics} an ops key; with a keystore ({@link HttpTls})
 * the port speaks https.
 */
public final class HttpServer implements AutoCloseable {
    private final Javalin app;

    public HttpServer(
            String host,
            int port,
            Supplier<KafkaStreams.State> streams,
            Liveness liveness,
            PrometheusMeterRegistry metrics,
            Consumer<Javalin> routes) {
        this(host, port, streams, liveness, metrics, routes, AccessControl.OFF, HttpTls.NONE);
    }

    /**
     * @param access who may read what ({@link AccessControl}: off unless keys are configured); health stays open
     * @param tls    https on the port, if configured
     */
    public HttpServer(
            String host,
            int port,
            Supplier<KafkaStreams.State> streams,
            Liveness liveness,
            PrometheusMeterRegistry metrics,
            Consumer<Javalin> routes,
            AccessControl access,
            HttpTls tls) {
        app = HttpApi.create(access, tls, host, port);
        HttpApi.get(app, "/health/live", ctx -> {
            Params.only(ctx, List.of());
            KafkaStreams.State s = streams.get();
            Optional<String> problem = s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR
                    ? Optional.of("Kafka Streams is in state " + s)
                    : liveness.problem(Instant.now());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", problem.isPresent() ? "DOWN" : "UP");
            body.put("streams", s.name());
            problem.ifPresent(p -> body.put("reason", p));
            ctx.status(problem.isPresent() ? 503 : 200).json(body);
        });
        HttpApi.get(app, "/health/ready", ctx -> {
            Params.only(ctx, List.of());
            KafkaStreams.State s = streams.get();
            boolean ready = s == KafkaStreams.State.RUNNING;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", ready ? "UP" : "DOWN");
            body.put("streams", s.name());
            ctx.status(ready ? 200 : 503).json(body);
        });
        HttpApi.get(app, "/metrics", ctx -> {
            AccessControl.requireOps(ctx);
            Params.only(ctx, List.of());
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
        });
        routes.accept(app);
        try {
            app.start(host, port);
        } catch (JavalinBindException e) {
            throw new UserError(
                    "cannot serve HTTP on " + host + ":" + port + ": the port is in use (or not allowed); "
                            + "choose another with --http-port (http.port)",
                    2);
        }
    }

    public int port() {
        return app.port();
    }

    /** The server itself, for tests that look at its routes. */
    Javalin javalin() {
        return app;
    }

    @Override
    public void close() {
        app.stop();
    }
}
