package io.atozwatch.app.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.events.DeadlineBreach;
import io.atozwatch.events.MerchantNotification;
import io.atozwatch.topology.PipelineListener;
import io.javalin.http.sse.SseClient;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What this instance's pipeline says as it says it, for people watching: verdicts, breaches, notices and dead
 * letters, each a small JSON item ({@code type}, {@code at}, ids and a summary), kept in a short history and sent
 * to the dashboard's live feed (server-sent events). Items come from the stream threads as records are emitted,
 * before their transaction commits: a transaction that aborts and is redone shows its items again. Stream
 * threads only hand items over; a thread of its own sends them, so a slow browser never holds a task up.
 */
public final class LiveFeed implements PipelineListener, AutoCloseable {
    public static final Set<String> TYPES = Set.of("verdict", "breach", "notification", "dead-letter");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int keep;
    private final Deque<ObjectNode> recent = new ArrayDeque<>();
    private final Deque<ObjectNode> deadLetters = new ArrayDeque<>();
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "live-feed");
        t.setDaemon(true);
        return t;
    });

    /** A browser's feed, the types it asked for, and the merchant it is limited to (null: every item). */
    public record Subscriber(SseClient client, Set<String> types, String merchantId) {
        boolean wants(ObjectNode item) {
            return types.contains(item.get("type").asText())
                    && (merchantId == null
                            || merchantId.equals(item.path("merchantId").asText(null)));
        }
    }

    /** @param keep how many of the latest items (and, apart, of the latest dead letters) are kept */
    public LiveFeed(int keep) {
        this.keep = keep;
    }

    @Override
    public void verdictEmitted(ClaimEligibility v, Instant watermark) {
        publish(item(
                "verdict",
                v.getDetectedAt(),
                v.getOrderId(),
                v.getMerchantId(),
                v.getCondition() + " " + v.getStatus()));
    }

    @Override
    public void breachEmitted(DeadlineBreach b, Instant watermark) {
        publish(item("breach", b.getDueAt(), b.getOrderId(), b.getMerchantId(), b.getDeadline() + " " + b.getStatus()));
    }

    @Override
    public void notificationEmitted(MerchantNotification n) {
        ObjectNode item = item(
                "notification",
                n.getAt(),
                n.getOrderId(),
                n.getMerchantId(),
                n.getKind()
                        + (n.getRisk() != null
                                ? " " + n.getRisk()
                                : n.getDeadline() != null ? " " + n.getDeadline() : ""));
        item.put("message", n.getEnglishMessage() != null ? n.getEnglishMessage() : n.getMessage());
        publish(item);
    }

    @Override
    public void deadLettered(DeadLetter d) {
        ObjectNode item = item("dead-letter", d.getDeadAt(), d.getKey(), null, d.getSourceTopic());
        item.put("reason", d.getReason());
        if (d.getSourcePartition() != null) {
            item.put("partition", d.getSourcePartition());
        }
        if (d.getSourceOffset() != null) {
            item.put("offset", d.getSourceOffset());
        }
        synchronized (deadLetters) {
            deadLetters.addFirst(item);
            while (deadLetters.size() > keep) {
                deadLetters.removeLast();
            }
        }
        publish(item);
    }

    private static ObjectNode item(String type, Instant at, String orderId, String merchantId, String summary) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        n.put("at", at == null ? null : at.toString());
        n.put("orderId", orderId);
        n.put("merchantId", merchantId);
        n.put("summary", summary);
        return n;
    }

    private void publish(ObjectNode item) {
        synchronized (recent) {
            recent.addFirst(item);
            while (recent.size() > keep) {
                recent.removeLast();
            }
        }
        if (!subscribers.isEmpty()) {
            sender.execute(() -> send(item));
        }
    }

    private void send(ObjectNode item) {
        String type = item.get("type").asText();
        String data = item.toString();
        for (Subscriber s : subscribers) {
            if (s.wants(item)) {
                if (s.client().terminated()) {
                    subscribers.remove(s);
                } else {
                    s.client().sendEvent(type, data);
                }
            }
        }
    }

    /** Starts sending to a browser: first the latest items it asked for (oldest first), then each new one. */
    public void subscribe(SseClient client, Set<String> types) {
        subscribe(client, types, null);
    }

    /** As {@link #subscribe(SseClient, Set)}, only the items of {@code merchantId} (every item if null). */
    public void subscribe(SseClient client, Set<String> types, String merchantId) {
        Subscriber s = new Subscriber(client, Set.copyOf(types), merchantId);
        client.onClose(() -> subscribers.remove(s));
        client.keepAlive();
        sender.execute(() -> {
            List<ObjectNode> backlog = latest(keep);
            for (int i = backlog.size() - 1; i >= 0; i--) {
                if (s.wants(backlog.get(i))) {
                    client.sendEvent(
                            backlog.get(i).get("type").asText(), backlog.get(i).toString());
                }
            }
            subscribers.add(s);
        });
    }

    /** The latest items, newest first. */
    public List<ObjectNode> latest(int n) {
        synchronized (recent) {
            return new ArrayList<>(recent).subList(0, Math.min(n, recent.size()));
        }
    }

    /** The latest dead letters, newest first. */
    public List<ObjectNode> latestDeadLetters(int n) {
        synchronized (deadLetters) {
            return new ArrayList<>(deadLetters).subList(0, Math.min(n, deadLetters.size()));
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
