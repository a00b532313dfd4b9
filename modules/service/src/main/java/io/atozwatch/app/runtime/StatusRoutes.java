package io.atozwatch.app.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.app.http.AccessControl;
import io.atozwatch.app.http.ApiError;
import io.atozwatch.app.http.HttpApi;
import io.atozwatch.app.http.Params;
import io.javalin.Javalin;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * This instance as people watch it: {@code /status} (state, lag, records per second, counts), {@code /dead-letters}
 * (the latest, with their reasons) and {@code /feed} (server-sent events: verdicts, breaches, notices, dead letters
 * as they are emitted). Each is about this instance only, as {@code /health} and {@code /metrics} are. With keys
 * configured, {@code /status} and {@code /dead-letters} take an ops key; {@code /feed} sends a merchant's key only its
 * own merchant's items.
 */
final class StatusRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusRoutes() {}

    /** What {@code /status} reports, and how fast records went since the last time it was asked. */
    static final class Status {
        private final Supplier<KafkaStreams.State> streams;
        private final PipelineMetrics metrics;
        private long lastNanos = System.nanoTime();
        private long lastProcessed;
        private double perSecond;

        Status(Supplier<KafkaStreams.State> streams, PipelineMetrics metrics) {
            this.streams = streams;
            this.metrics = metrics;
        }

        synchronized ObjectNode now() {
            long nanos = System.nanoTime();
            long processed = metrics.processed();
            if (nanos - lastNanos >= 1_000_000_000L) {
                perSecond = (processed - lastProcessed) / ((nanos - lastNanos) / 1e9);
                lastNanos = nanos;
                lastProcessed = processed;
            }
            ObjectNode s = JSON.createObjectNode();
            s.put("streams", streams.get().name());
            long behind = metrics.recordsBehind();
            if (behind < 0) {
                s.putNull("recordsBehind");
            } else {
                s.put("recordsBehind", behind);
            }
            s.put("secondsBehind", metrics.secondsBehind());
            s.put("recordsPerSecond", Math.round(perSecond * 10) / 10.0);
            s.put("processed", processed);
            s.put("verdicts", metrics.verdicts());
            s.put("breaches", metrics.breaches());
            s.put("atRiskWarnings", metrics.warnings());
            s.put("deadLetters", metrics.deadLetters());
            return s;
        }
    }

    static void add(Javalin app, LiveFeed feed, Status status) {
        HttpApi.get(app, "/status", ctx -> {
            AccessControl.requireOps(ctx);
            Params.only(ctx, List.of());
            ctx.contentType("application/json").result(status.now().toString());
        });
        HttpApi.get(app, "/dead-letters", ctx -> {
            AccessControl.requireOps(ctx);
            Params.only(ctx, List.of("limit"));
            int limit = limit(ctx.queryParam("limit"));
            ObjectNode body = JSON.createObjectNode();
            ArrayNode list = body.putArray("deadLetters");
            feed.latestDeadLetters(limit).forEach(list::add);
            ctx.contentType("application/json").result(body.toString());
        });
        // A merchant's key sees its own merchant's items only (no dead letters: they belong to no merchant).
        app.sse(
                "/feed",
                client -> feed.subscribe(
                        client,
                        types(client.ctx().queryParam("types")),
                        AccessControl.caller(client.ctx()).merchantId()));
    }

    static int limit(String param) {
        if (param == null || param.isBlank()) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(param.trim());
            if (limit >= 1 && limit <= PipelineApp.LIVE_FEED_ITEMS) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiError.badRequest("limit '" + param + "' is not a whole number in 1.." + PipelineApp.LIVE_FEED_ITEMS);
    }

    /** The feed's item types asked for ({@code types=verdict,breach}); all of them by default; unknown ones ignored. */
    static Set<String> types(String param) {
        if (param == null || param.isBlank()) {
            return LiveFeed.TYPES;
        }
        Set<String> asked = new LinkedHashSet<>(Arrays.asList(param.split(",")));
        asked.retainAll(LiveFeed.TYPES);
        return asked;
    }
}
