package io.atozwatch.app.query;

import io.atozwatch.app.http.HttpTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * HTTP calls to the other instances of the application: a keyed query to the key's owner, or a local
 * top-N to every instance. Short timeouts, because the caller is waiting and a slow peer is treated as an
 * unreachable one. Every call carries {@link QueryApi#FORWARDED_HEADER}, so the peer answers from its own
 * stores and never forwards again (no loops while the instances disagree on who owns what), and the credentials
 * {@link io.atozwatch.app.http.AccessControl#peerHeaders} gives (the instance key and the client's scope); over https
 * when the HTTP port speaks it.
 */
final class Forwarder {
    /** The headers of a peer's answer that are passed on to the client. */
    private static final List<String> RELAYED =
            List.of("Content-Type", "Retry-After", QueryApi.SERVED_BY_HEADER, QueryApi.REPLICA_HEADER);

    /** A peer's answer, as it is to be relayed. */
    record Reply(int status, String body, Map<String, String> headers) {}

    /** The peer did not answer in time or could not be connected to. */
    static final class Unreachable extends Exception {
        Unreachable(HostInfo host, Throwable cause) {
            super(
                    host.host() + ":" + host.port() + " unreachable: "
                            + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
                    cause);
        }
    }

    private final HttpClient client;
    private final Duration requestTimeout;
    private final String self;
    private final String scheme;

    Forwarder(Duration connectTimeout, Duration requestTimeout, String self) {
        this(connectTimeout, requestTimeout, self, HttpTls.NONE);
    }

    /** Over https, trusting the peers' certificates as {@code tls} says, when {@code tls} is enabled. */
    Forwarder(Duration connectTimeout, Duration requestTimeout, String self, HttpTls tls) {
        HttpClient.Builder b =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
        if (tls.enabled()) {
            b.sslContext(tls.clientContext());
        }
        this.client = b.build();
        this.requestTimeout = requestTimeout;
        this.self = self;
        this.scheme = tls.scheme();
    }

    /** GETs {@code pathAndQuery} (already encoded, e.g. the client's own request URI) from {@code host}. */
    Reply get(HostInfo host, String pathAndQuery) throws Unreachable {
        return get(host, pathAndQuery, Map.of());
    }

    /** As {@link #get(HostInfo, String)}, with {@code headers} (the credentials of a call between instances). */
    Reply get(HostInfo host, String pathAndQuery, Map<String, String> headers) throws Unreachable {
        try {
            return getAsync(host, pathAndQuery, headers).join();
        } catch (CompletionException e) {
            throw new Unreachable(host, e.getCause() == null ? e : e.getCause());
        }
    }

    CompletableFuture<Reply> getAsync(HostInfo host, String pathAndQuery) {
        return getAsync(host, pathAndQuery, Map.of());
    }

    /** As {@link #get}, without waiting; completes exceptionally when the peer is unreachable. */
    CompletableFuture<Reply> getAsync(HostInfo host, String pathAndQuery, Map<String, String> credentials) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(
                        URI.create(scheme + "://" + host.host() + ":" + host.port() + pathAndQuery))
                .timeout(requestTimeout)
                .header(QueryApi.FORWARDED_HEADER, self)
                .header("Accept", "application/json");
        credentials.forEach(rb::header);
        HttpRequest request = rb.GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            Map<String, String> headers = new LinkedHashMap<>();
            RELAYED.forEach(name -> r.headers().firstValue(name).ifPresent(v -> headers.put(name, v)));
            return new Reply(r.statusCode(), r.body(), headers);
        });
    }

    /** For messages: the cause of a failed {@link #getAsync}. */
    static String reason(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
