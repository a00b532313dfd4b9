package io.atozwatch.app.runtime;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The app's HTTP side: health for orchestrators, metrics for Prometheus, and (added by callers) the
 * query API. Liveness fails only when Kafka Streams has died; readiness only when it is RUNNING (not
 * during start-up or a rebalance).
 */
public final class HttpServer implements AutoCloseable {
    private final Javalin app;

    public HttpServer(String host, int port, KafkaStreams streams, PrometheusMeterRegistry metrics,
                      Consumer<Javalin> routes) {
        app = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        app.get("/health/live", ctx -> {
            KafkaStreams.State s = streams.state();
            boolean live = s != KafkaStreams.State.ERROR && s != KafkaStreams.State.PENDING_ERROR;
            ctx.status(live ? 200 : 503).json(Map.of("status", live ? "UP" : "DOWN", "streams", s.name()));
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
