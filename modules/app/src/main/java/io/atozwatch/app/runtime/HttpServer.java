package io.atozwatch.app.runtime;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The app's HTTP side: health for orchestrators, metrics for Prometheus, and (added by callers) the
 * query API. Liveness fails when Kafka Streams has died, when its stream threads keep dying, or when a
 * partition is stuck (see {@link Liveness}), so that an orchestrator restarts the instance; readiness
 * only when it is RUNNING (not during start-up or a rebalance).
 */
public final class HttpServer implements AutoCloseable {
    private final Javalin app;

    public HttpServer(String host, int port, KafkaStreams streams, Liveness liveness, PrometheusMeterRegistry metrics,
                      Consumer<Javalin> routes) {
        app = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        app.get("/health/live", ctx -> {
            KafkaStreams.State s = streams.state();
            Optional<String> problem = s == KafkaStreams.State.ERROR || s == KafkaStreams.State.PENDING_ERROR
                    ? Optional.of("Kafka Streams is in state " + s) : liveness.problem(Instant.now());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", problem.isPresent() ? "DOWN" : "UP");
            body.put("streams", s.name());
            problem.ifPresent(p -> body.put("reason", p));
            ctx.status(problem.isPresent() ? 503 : 200).json(body);
        });
        app.get("/health/ready", ctx -> {
            KafkaStreams.State s = streams.state();
            boolean ready = s == KafkaStreams.State.RUNNING;
            ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "UP" : "DOWN", "streams", s.name()));
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        routes.accept(app);
        app.start(host, port);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
