package io.atozwatch.app.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.app.http.AccessControl;
import io.atozwatch.app.http.ApiError;
import io.atozwatch.app.http.HttpApi;
import io.atozwatch.app.http.HttpTls;
import io.atozwatch.app.http.Params;
import io.atozwatch.app.json.JsonAvroCodec;
import io.atozwatch.app.runtime.Settings;
import io.atozwatch.state.MerchantState;
import io.atozwatch.state.OrderCase;
import io.atozwatch.topology.PipelineTopology;
import io.atozwatch.topology.config.PipelineConfig;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ops query API, answered by any instance from the pipeline's state stores (Kafka Streams interactive
 * queries): a keyed query is read here if this instance owns the key, else forwarded to the owner; the
 * merchants-at-risk list gathers every instance's local top-N and merges. Plus the OpenAPI document and
 * the dashboard page.
 *
 * <p>Wiring: register the routes when the app is built, then attach its Kafka Streams (until then, and
 * whenever the stores cannot be read, data routes answer 503 with Retry-After):
 * <pre>{@code
 * QueryApi queries = new QueryApi(settings);
 * PipelineApp app = new PipelineApp(settings, clock, queries::routes);
 * queries.attach(app.streams());
 * }</pre>
 *
 * <p>Instances find each other through Kafka Streams' {@code application.server}, which PipelineApp sets from
 * {@code http.advertised.host}:{@code http.port}. Without it (the demo, a single instance) every query is
 * answered from this instance's own partitions.
 *
 * <p>With keys configured ({@link AccessControl}), a merchant's key reads its own merchant only: another merchant's
 * id is a 403 ({@code /merchants/{id}}, {@code /orders?merchantId=}), another merchant's order the same 404 as an
 * unknown one, and {@code /merchants} ranks its own merchant alone. The instance that reads the store checks, with the
 * scope the calls between instances carry.
 */
public final class QueryApi {
    /** Request header of a call one instance makes to another: answer from your own stores, do not forward. */
    public static final String FORWARDED_HEADER = "X-Atoz-Forwarded-From";
    /** Response header: the instance (advertised host:port) whose store gave the answer. */
    public static final String SERVED_BY_HEADER = "X-Atoz-Served-By";
    /** Response header: {@code active}, or {@code standby} when the answer is a possibly stale replica. */
    public static final String REPLICA_HEADER = "X-Atoz-Replica";

    public static final String CASES_STORE = PipelineTopology.CASES_STORE;
    public static final String MERCHANTS_STORE = PipelineTopology.MERCHANT_VIEW_STORE;
    /** The merchants' internal state (day buckets, latest decisions): partitioned as MERCHANTS_STORE is. */
    public static final String MERCHANT_STATE_STORE = PipelineTopology.MERCHANT_STATE_STORE;

    static final String OPENAPI_RESOURCE = "openapi.yaml";
    static final String DASHBOARD_RESOURCE = "dashboard.html";

    private static final Logger log = LoggerFactory.getLogger(QueryApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The query parameters each route takes (anything else is a 400). */
    static final List<String> KEYED_PARAMS = List.of("allowStandby");

    static final List<String> LIST_PARAMS = List.of("sort", "limit", "local");
    static final List<String> AT_RISK_PARAMS = List.of("atRisk", "openDeadlines", "merchantId", "limit", "local");

    private final StoreReader reader;
    private final Forwarder forwarder;
    /** Who may read what; the same settings as the server's, for the credentials of calls to the other instances. */
    private final AccessControl access;
    /** No id longer than this reaches a store (the pipeline dead-letters such records): {@code input.max-id-length}. */
    private final int maxIdLength;
    /** The rules the at-risk view judges by: this instance's settings. */
    private final PipelineConfig config;

    /** Reads this instance's advertised address as PipelineApp gives it to Kafka Streams ({@code application.server}). */
    public QueryApi(Settings settings) {
        this(
                advertised(settings),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                PipelineConfig.from(settings.all()),
                AccessControl.from(settings::get),
                HttpTls.from(settings::get));
    }

    QueryApi(HostInfo self, Duration connectTimeout, Duration requestTimeout) {
        this(self, connectTimeout, requestTimeout, PipelineConfig.defaults(), AccessControl.OFF, HttpTls.NONE);
    }

    QueryApi(
            HostInfo self,
            Duration connectTimeout,
            Duration requestTimeout,
            PipelineConfig config,
            AccessControl access,
            HttpTls tls) {
        this.reader = new StoreReader(self);
        this.access = access;
        this.forwarder = new Forwarder(connectTimeout, requestTimeout, reader.selfLabel(), tls);
        this.config = config;
        this.maxIdLength = config.limits().maxIdLength();
    }

    /** The address the other instances reach this one at; null when none is advertised (a single instance). */
    static HostInfo advertised(Settings settings) {
        String server = settings.get("application.server");
        if (server != null && !server.isBlank()) {
            return HostInfo.buildFromEndpoint(server.trim());
        }
        String host = settings.get(Settings.ADVERTISED_HOST);
        return host == null || host.isBlank()
                ? null
                : new HostInfo(host.trim(), settings.getInt(Settings.HTTP_PORT, 8080));
    }

    /** The Kafka Streams whose stores are queried; before this, data routes answer 503. */
    public QueryApi attach(KafkaStreams streams) {
        reader.attach(streams);
        return this;
    }

    /**
     * Adds the routes (a {@code Consumer<Javalin>} for PipelineApp) to a server made by {@link HttpApi#create()},
     * which answers HEAD wherever GET is and writes every error as JSON.
     */
    public void routes(Javalin app) {
        String openApi = resource(OPENAPI_RESOURCE);
        String dashboard = resource(DASHBOARD_RESOURCE);
        HttpApi.get(app, "/", ctx -> {
            Params.only(ctx, List.of());
            ctx.contentType("text/html; charset=utf-8").result(dashboard);
        });
        HttpApi.get(app, "/openapi.yaml", ctx -> {
            Params.only(ctx, List.of());
            ctx.contentType("application/yaml; charset=utf-8").result(openApi);
        });
        HttpApi.get(
                app,
                "/orders/{id}",
                ctx -> answer(ctx, () -> keyed(ctx, CASES_STORE, "order", v -> OrderCaseView.toJson((OrderCase) v))));
        HttpApi.get(
                app,
                "/merchants/{id}",
                ctx -> answer(ctx, () -> {
                    // A merchant's key asking for another merchant: 403 before any store is read.
                    AccessControl.requireMerchant(ctx, ctx.pathParam("id"));
                    keyed(ctx, MERCHANTS_STORE, "merchant", v -> JsonAvroCodec.toJson((IndexedRecord) v));
                }));
        HttpApi.get(
                app,
                "/merchants/{id}/history",
                ctx -> answer(ctx, () -> {
                    AccessControl.requireMerchant(ctx, ctx.pathParam("id"));
                    keyed(
                            ctx,
                            MERCHANT_STATE_STORE,
                            "merchant",
                            v -> MerchantHistory.toJson((MerchantState) v, config.performance()));
                }));
        HttpApi.get(app, "/merchants", ctx -> answer(ctx, () -> merchants(ctx)));
        HttpApi.get(app, "/orders", ctx -> answer(ctx, () -> orders(ctx)));
    }

    // ------------------------------------------------------------------------------------------ keyed reads

    /** The {@code id} path parameter, the same check for orders and merchants: not blank, not over the id limit. */
    private String id(Context ctx) {
        return checkedId(ctx.pathParam("id"));
    }

    private String checkedId(String id) {
        if (id.isBlank()) {
            throw ApiError.badRequest("the id is blank");
        }
        if (id.length() > maxIdLength) {
            throw ApiError.badRequest("the id is " + id.length() + " characters long; ids have at most " + maxIdLength
                    + " (input.max-id-length)");
        }
        return id;
    }

    private void keyed(Context ctx, String store, String what, Function<Object, JsonNode> render) {
        Params.only(ctx, KEYED_PARAMS);
        String key = id(ctx);
        boolean forwarded = ctx.header(FORWARDED_HEADER) != null;
        boolean allowStandby = Params.flag(ctx, "allowStandby");
        KafkaStreams streams = reader.queryable(allowStandby);
        KeyQueryMetadata md = reader.metadata(streams, store, key);
        List<StoreReader.Attempt> attempts = StoreReader.plan(md, reader.self(), forwarded, allowStandby);
        ApiError last = ApiError.unavailable("no instance can serve " + what + " " + key + " now (active "
                + md.activeHost() + ", standbys " + md.standbyHosts() + ")");
        for (int i = 0; i < attempts.size(); i++) {
            boolean more = i + 1 < attempts.size();
            StoreReader.Attempt attempt = attempts.get(i);
            if (attempt instanceof StoreReader.Local local) {
                Object value;
                try {
                    value = reader.get(streams, store, key, local.partition(), local.stale());
                } catch (ApiError p) {
                    last = p;
                    continue;
                }
                if (value == null) {
                    throw ApiError.notFound("no " + what + " " + key);
                }
                JsonNode doc = render.apply(value);
                if (!AccessControl.caller(ctx).sees(doc.path("merchantId").asText(null))) {
                    // Another merchant's order reads as one that does not exist: its existence is not theirs to know.
                    throw ApiError.notFound("no " + what + " " + key);
                }
                boolean standby = reader.self() != null && !reader.self().equals(md.activeHost());
                ctx.header(SERVED_BY_HEADER, reader.selfLabel()).header(REPLICA_HEADER, standby ? "standby" : "active");
                json(ctx, 200, doc);
                return;
            }
            StoreReader.Remote remote = (StoreReader.Remote) attempt;
            Forwarder.Reply reply;
            try {
                reply = forwarder.get(remote.host(), requestUri(ctx), access.peerHeaders(ctx));
            } catch (Forwarder.Unreachable e) {
                log.warn(
                        "event=query-forward-failed store={} key={} host={} reason={}",
                        store,
                        key,
                        remote.host(),
                        e.getMessage());
                last = ApiError.unavailable(
                        "the instance holding " + what + " " + key + " is unreachable: " + e.getMessage());
                continue;
            }
            if (reply.status() == 503 && more) {
                last = ApiError.unavailable(remote.host() + " cannot serve " + what + " " + key + " now");
                continue;
            }
            if (reply.status() == 401) {
                // The client was authenticated here: the peer refused this instance's own credentials.
                log.warn(
                        "event=query-forward-refused host={} reason=\"the instance key was refused; "
                                + "http.auth.internal-key must be the same on every instance\"",
                        remote.host());
                throw ApiError.internal(
                        "the instance holding " + what + " " + key + " refused this instance's credentials");
            }
            relay(ctx, reply);
            return;
        }
        throw last;
    }

    // ---------------------------------------------------------------------------------- merchants at risk

    private void merchants(Context ctx) {
        Params.only(ctx, LIST_PARAMS);
        String sort = MerchantRanking.sortKey(ctx.queryParam("sort"));
        int limit = MerchantRanking.limit(ctx.queryParam("limit"));
        boolean local = Params.flag(ctx, "local") || ctx.header(FORWARDED_HEADER) != null || reader.self() == null;
        // A merchant's key ranks its own merchant only: the list has it, or nothing.
        AccessControl.Caller caller = AccessControl.caller(ctx);
        KafkaStreams streams = reader.queryable(false);
        List<ObjectNode> merged;
        if (local) {
            merged = localTop(streams, sort, limit, caller);
        } else {
            // Each instance's top-N of its own merchants; the global top-N is among their union.
            List<HostInfo> hosts = reader.activeHosts(streams, MERCHANTS_STORE);
            String path = "/merchants?sort=" + URLEncoder.encode(sort, StandardCharsets.UTF_8) + "&limit=" + limit
                    + "&local=true";
            Map<HostInfo, CompletableFuture<Forwarder.Reply>> calls = new LinkedHashMap<>();
            Map<String, String> credentials = access.peerHeaders(ctx);
            hosts.stream()
                    .filter(h -> !h.equals(reader.self()))
                    .forEach(h -> calls.put(h, forwarder.getAsync(h, path, credentials)));
            List<ObjectNode> all = new ArrayList<>();
            if (hosts.contains(reader.self())) {
                all.addAll(localTop(streams, sort, limit, caller));
            }
            for (Map.Entry<HostInfo, CompletableFuture<Forwarder.Reply>> call : calls.entrySet()) {
                all.addAll(peerTop(call.getKey(), call.getValue()));
            }
            merged = MerchantRanking.top(all, sort, limit);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("sort", sort);
        body.put("limit", limit);
        ArrayNode list = body.putArray("merchants");
        merged.forEach(list::add);
        ctx.header(SERVED_BY_HEADER, reader.selfLabel());
        json(ctx, 200, body);
    }

    private List<ObjectNode> localTop(KafkaStreams streams, String sort, int limit, AccessControl.Caller caller) {
        // Every local merchant is converted, then cut: merchants number in the thousands, not millions.
        List<ObjectNode> docs = new ArrayList<>();
        for (Object v : reader.localValues(streams, MERCHANTS_STORE)) {
            ObjectNode doc = JsonAvroCodec.toJson((IndexedRecord) v);
            if (caller.sees(doc.path("merchantId").asText(null))) {
                docs.add(doc);
            }
        }
        return MerchantRanking.top(docs, sort, limit);
    }

    // ----------------------------------------------------------------------------------- orders at risk

    /** The two per-merchant views of orders: which one is asked for. */
    private enum OrderList {
        AT_RISK("atRisk", "orders"),
        OPEN_DEADLINES("openDeadlines", "deadlines");

        final String param;
        final String field;

        OrderList(String param, String field) {
            this.param = param;
            this.field = field;
        }
    }

    /**
     * {@code GET /orders?atRisk=true&merchantId=...}: the merchant's orders with an open risk of a claim, soonest
     * first; {@code GET /orders?openDeadlines=true&merchantId=...}: the open deadlines of the merchant's orders,
     * soonest first. Both gathered from every instance (each scans the cases it holds) as {@code /merchants} is.
     */
    private void orders(Context ctx) {
        Params.only(ctx, AT_RISK_PARAMS);
        boolean atRisk = "true".equals(ctx.queryParam("atRisk"));
        boolean openDeadlines = "true".equals(ctx.queryParam("openDeadlines"));
        if (atRisk == openDeadlines
                || ctx.queryParam("atRisk") != null && !atRisk
                || ctx.queryParam("openDeadlines") != null && !openDeadlines) {
            throw ApiError.badRequest(
                    "orders are listed per merchant, by risk or by open deadline: give either atRisk=true"
                            + " or openDeadlines=true, and a merchantId");
        }
        OrderList which = atRisk ? OrderList.AT_RISK : OrderList.OPEN_DEADLINES;
        String merchantId = ctx.queryParam("merchantId");
        if (merchantId == null) {
            throw ApiError.badRequest("merchantId is missing: the orders are listed per merchant");
        }
        checkedId(merchantId);
        AccessControl.requireMerchant(ctx, merchantId);
        int limit = MerchantRanking.limit(ctx.queryParam("limit"));
        boolean local = Params.flag(ctx, "local") || ctx.header(FORWARDED_HEADER) != null || reader.self() == null;
        KafkaStreams streams = reader.queryable(false);
        List<ObjectNode> all = new ArrayList<>();
        if (local) {
            all.addAll(localOrders(streams, merchantId, which));
        } else {
            List<HostInfo> hosts = reader.activeHosts(streams, CASES_STORE);
            String path = "/orders?" + which.param + "=true&merchantId="
                    + URLEncoder.encode(merchantId, StandardCharsets.UTF_8) + "&limit=" + limit + "&local=true";
            Map<HostInfo, CompletableFuture<Forwarder.Reply>> calls = new LinkedHashMap<>();
            Map<String, String> credentials = access.peerHeaders(ctx);
            hosts.stream()
                    .filter(h -> !h.equals(reader.self()))
                    .forEach(h -> calls.put(h, forwarder.getAsync(h, path, credentials)));
            if (hosts.contains(reader.self())) {
                all.addAll(localOrders(streams, merchantId, which));
            }
            for (Map.Entry<HostInfo, CompletableFuture<Forwarder.Reply>> call : calls.entrySet()) {
                all.addAll(peerList(call.getKey(), call.getValue(), which.field));
            }
        }
        List<ObjectNode> sorted = which == OrderList.AT_RISK ? AtRiskOrders.sorted(all) : OpenDeadlines.sorted(all);
        ObjectNode body = JSON.createObjectNode();
        body.put("merchantId", merchantId);
        body.put("limit", limit);
        ArrayNode list = body.putArray(which.field);
        sorted.subList(0, Math.min(limit, sorted.size())).forEach(list::add);
        ctx.header(SERVED_BY_HEADER, reader.selfLabel());
        json(ctx, 200, body);
    }

    private List<ObjectNode> localOrders(KafkaStreams streams, String merchantId, OrderList which) {
        // Every case held here is read: a view for people, asked now and then, not for every event.
        List<OrderCase> cases = new ArrayList<>();
        for (Object v : reader.localValues(streams, CASES_STORE)) {
            cases.add((OrderCase) v);
        }
        return which == OrderList.AT_RISK
                ? AtRiskOrders.of(cases, merchantId, config, AtRiskOrders.clock(cases))
                : OpenDeadlines.of(cases, merchantId);
    }

    /** A peer's local list, or a 503: a list missing one instance's merchants would silently mislead. */
    private static List<ObjectNode> peerTop(HostInfo host, CompletableFuture<Forwarder.Reply> call) {
        return peerList(host, call, "merchants");
    }

    /** The array {@code field} of a peer's local answer, or a 503: a list missing one instance's part would mislead. */
    private static List<ObjectNode> peerList(HostInfo host, CompletableFuture<Forwarder.Reply> call, String field) {
        Forwarder.Reply reply;
        try {
            reply = call.join();
        } catch (RuntimeException e) {
            throw ApiError.unavailable("instance " + host + " is unreachable: " + Forwarder.reason(e));
        }
        if (reply.status() != 200) {
            throw ApiError.unavailable("instance " + host + " answered " + reply.status() + ": " + reply.body());
        }
        List<ObjectNode> docs = new ArrayList<>();
        try {
            JSON.readTree(reply.body()).path(field).forEach(m -> docs.add((ObjectNode) m));
        } catch (JsonProcessingException e) {
            throw ApiError.unavailable("instance " + host + " sent an unreadable list: " + e.getOriginalMessage());
        }
        return docs;
    }

    // ---------------------------------------------------------------------------------------- plumbing

    private interface Action {
        void run();
    }

    /**
     * Runs a data route; a store that cannot be read now is a 503 with Retry-After, whatever Kafka Streams threw
     * (other errors are written by {@link HttpApi}).
     */
    private static void answer(Context ctx, Action action) {
        try {
            action.run();
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException | IllegalStateException e) {
            throw ApiError.unavailable(e.getMessage());
        }
    }

    private static void json(Context ctx, int status, JsonNode body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void relay(Context ctx, Forwarder.Reply reply) {
        reply.headers().forEach(ctx::header);
        ctx.status(reply.status()).result(reply.body());
    }

    /** The client's request as it came (still encoded), to send on unchanged. */
    private static String requestUri(Context ctx) {
        String query = ctx.queryString();
        return ctx.req().getRequestURI() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    static String resource(String name) {
        try (InputStream in = QueryApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + QueryApi.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
