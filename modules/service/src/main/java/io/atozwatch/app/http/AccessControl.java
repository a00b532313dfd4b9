package io.atozwatch.app.http;

import io.atozwatch.app.runtime.UserError;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may read what on the HTTP API. Off (everyone is ops) unless keys are configured; then every route but
 * {@link #OPEN} needs {@code Authorization: Bearer <key>}, and the key says who is asking ({@link Caller}):
 * <ul>
 *   <li>{@code ops}: everything;</li>
 *   <li>{@code merchant:<merchantId>}: that merchant's figures, orders, orders at risk and feed items only
 *       (another merchant's id is a 403; another merchant's order is the same 404 as an order that does not
 *       exist); the instance-wide routes ({@code /metrics}, {@code /status}, {@code /dead-letters}) are ops-only.</li>
 * </ul>
 *
 * <p>Keys come from {@value #KEYS} (entries separated by commas or new lines) and/or the file {@value #KEYS_FILE}
 * (one entry a line, {@code #} comments), each entry {@code ops=KEY} or {@code merchant:m-acme=KEY}; a KEY written
 * {@code sha256:<64 hex digits>} is the SHA-256 of the key, so that the settings need not hold the key itself. Only
 * SHA-256 digests are kept in memory, compared with {@link MessageDigest#isEqual} against every configured key (no
 * early exit). Keys are never logged, nor echoed in errors.
 *
 * <p>Instances call each other (a query forwarded to the owner of a key, the lists gathered from every instance)
 * with the instance key {@value #INTERNAL_KEY} (the same on every instance) and the caller's scope in
 * {@value #SCOPE_HEADER} ({@code ops} or {@code merchant:<id>}), so that the instance that reads the store limits
 * the answer as the first one would have; the scope header is believed only with the instance key. Without an
 * instance key a forwarded call carries the caller's own {@code Authorization} header (every instance then needs
 * the same keys).
 *
 * <p>{@code EventSource} cannot send headers: {@code /feed} also takes the key as {@code ?access_token=KEY}
 * (RFC 6750), and only {@code /feed} does.
 */
public final class AccessControl {
    private static final Logger log = LoggerFactory.getLogger(AccessControl.class);
    public static final String KEYS = "http.auth.keys";
    public static final String KEYS_FILE = "http.auth.keys-file";
    public static final String INTERNAL_KEY = "http.auth.internal-key";
    /** Request header of a call between instances: the scope of the client the first instance answers. */
    public static final String SCOPE_HEADER = "X-Atoz-Scope";
    /** The query parameter {@code /feed} takes the key in. */
    public static final String TOKEN_PARAM = "access_token";
    /** The routes that need no key: health for orchestrators, the dashboard's page (data it shows needs one), the API document. */
    public static final Set<String> OPEN = Set.of("/health/live", "/health/ready", "/", "/openapi.yaml");
    /** The one route that takes the key as a query parameter. */
    static final String FEED = "/feed";

    private static final String CALLER = "atoz.caller";
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-fA-F]{64}");

    /** Auth off: every caller is ops. */
    public static final AccessControl OFF = new AccessControl(List.of(), null);

    /** Who is asking: ops (no merchant) or one merchant. */
    public record Caller(String merchantId) {
        public static final Caller OPS = new Caller(null);

        public static Caller merchant(String merchantId) {
            return new Caller(merchantId);
        }

        public boolean ops() {
            return merchantId == null;
        }

        /** Whether this caller may see data of {@code merchant} (null: data of no merchant, e.g. a dead letter). */
        public boolean sees(String merchant) {
            return ops() || merchantId.equals(merchant);
        }

        /** As {@value #SCOPE_HEADER} carries it: {@code ops} or {@code merchant:<id, percent-encoded>}. */
        public String scope() {
            return ops() ? "ops" : "merchant:" + URLEncoder.encode(merchantId, StandardCharsets.UTF_8);
        }

        static Caller ofScope(String scope) {
            if (scope == null) {
                return null;
            }
            if (scope.equals("ops")) {
                return OPS;
            }
            if (scope.startsWith("merchant:") && scope.length() > "merchant:".length()) {
                try {
                    return merchant(URLDecoder.decode(scope.substring("merchant:".length()), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return ops() ? "ops" : "merchant " + merchantId;
        }
    }

    private record Key(byte[] digest, Caller caller) {}

    private final List<Key> keys;
    /** The instance key as sent to peers (null: none); its digest is among {@link #keys} with a null caller. */
    private final String internalKey;

    private final byte[] internalDigest;

    private AccessControl(List<Key> keys, String internalKey) {
        this.keys = List.copyOf(keys);
        this.internalKey = internalKey;
        this.internalDigest = internalKey == null ? null : sha256(internalKey);
    }

    /**
     * Reads {@value #KEYS}, {@value #KEYS_FILE} and {@value #INTERNAL_KEY} from {@code settings}.
     *
     * @throws UserError naming the setting and the entry (by number, never by its text) that is not well formed
     */
    public static AccessControl from(Function<String, String> settings) {
        List<Key> keys = new ArrayList<>();
        String inline = settings.apply(KEYS);
        if (inline != null && !inline.isBlank()) {
            parse(inline.split("[,\\n]"), KEYS, keys);
        }
        String file = settings.apply(KEYS_FILE);
        if (file != null && !file.isBlank()) {
            try {
                parse(
                        Files.readAllLines(Path.of(file.trim()), StandardCharsets.UTF_8)
                                .toArray(String[]::new),
                        KEYS_FILE + " (" + file.trim() + ")",
                        keys);
            } catch (NoSuchFileException e) {
                throw new UserError(KEYS_FILE + "=" + file.trim() + ": no such file");
            } catch (IOException e) {
                throw new UserError(KEYS_FILE + "=" + file.trim() + " cannot be read: " + e.getMessage());
            }
        }
        String internal = settings.apply(INTERNAL_KEY);
        if (internal != null && internal.isBlank()) {
            internal = null;
        }
        if (internal != null && internal.trim().length() < 16) {
            throw new UserError(
                    INTERNAL_KEY + " is too short: use at least 16 characters (e.g. 32 random bytes, base64)");
        }
        return new AccessControl(keys, internal == null ? null : internal.trim());
    }

    private static void parse(String[] entries, String source, List<Key> into) {
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            int eq = entry.indexOf('=');
            String where = source + ": entry " + (i + 1);
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new UserError(where + " is not ROLE=KEY (ops=KEY or merchant:MERCHANT_ID=KEY)");
            }
            String role = entry.substring(0, eq).strip();
            String key = entry.substring(eq + 1).strip();
            Caller caller;
            if (role.equals("ops")) {
                caller = Caller.OPS;
            } else if (role.startsWith("merchant:")
                    && !role.substring("merchant:".length()).isBlank()) {
                caller = Caller.merchant(role.substring("merchant:".length()).strip());
            } else {
                throw new UserError(where + ": the role is neither ops nor merchant:MERCHANT_ID");
            }
            byte[] digest;
            if (key.regionMatches(true, 0, "sha256:", 0, 7)) {
                if (!SHA256.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
                    throw new UserError(where + ": a hashed key is sha256: then 64 hex digits");
                }
                digest = HexFormat.of().parseHex(key.substring(7));
            } else {
                if (key.length() < 16) {
                    throw new UserError(where
                            + ": the key is too short; use at least 16 characters (e.g. 32 random bytes, base64)");
                }
                digest = sha256(key);
            }
            into.add(new Key(digest, caller));
        }
    }

    /** Whether keys are configured (else every caller is ops). */
    public boolean enabled() {
        return !keys.isEmpty() || internalKey != null;
    }

    /** How many keys are configured, by role (for the start-up log line: never the keys). */
    public Map<String, Integer> summary() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("ops", (int) keys.stream().filter(k -> k.caller().ops()).count());
        m.put("merchant", (int) keys.stream().filter(k -> !k.caller().ops()).count());
        m.put("instance", internalKey == null ? 0 : 1);
        return m;
    }

    /**
     * Who sent a request with this {@code Authorization} header (or, for {@code /feed}, this query token) and,
     * from a peer, this scope header.
     *
     * @throws ApiError 401 when no key is sent, the header is not {@code Bearer}, or no configured key matches
     */
    public Caller authenticate(String authorization, String queryToken, String scope) {
        if (!enabled()) {
            return Caller.OPS;
        }
        String token;
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    || authorization.substring(7).isBlank()) {
                throw ApiError.unauthorized("the Authorization header must be 'Bearer <key>'", true);
            }
            token = authorization.substring(7).strip();
        } else if (queryToken != null && !queryToken.isEmpty()) {
            token = queryToken;
        } else {
            throw ApiError.unauthorized("an API key is required: send 'Authorization: Bearer <key>'", false);
        }
        byte[] digest = sha256(token);
        Caller found = null;
        for (Key k : keys) {
            if (MessageDigest.isEqual(k.digest(), digest) && found == null) {
                found = k.caller();
            }
        }
        boolean internal = internalDigest != null && MessageDigest.isEqual(internalDigest, digest);
        if (internal) {
            Caller scoped = Caller.ofScope(scope);
            if (scoped == null) {
                throw ApiError.unauthorized(
                        "a call with the instance key must say whose call it is (" + SCOPE_HEADER + ")", true);
            }
            return scoped;
        }
        if (found == null) {
            throw ApiError.unauthorized("the API key is not valid", true);
        }
        return found;
    }

    /** Authenticates every request but those to {@link #OPEN} routes, before any handler; see {@link #caller}. */
    public void install(Javalin app) {
        if (!enabled()) {
            return;
        }
        app.before(ctx -> {
            String path = ctx.path();
            if (OPEN.contains(path)) {
                return;
            }
            String queryToken = FEED.equals(path) ? ctx.queryParam(TOKEN_PARAM) : null;
            try {
                ctx.attribute(CALLER, authenticate(ctx.header("Authorization"), queryToken, ctx.header(SCOPE_HEADER)));
            } catch (ApiError e) {
                // The reason in words, never the key (nor the query string, which may hold one).
                log.debug(
                        "event=http-unauthorized method={} path={} reason=\"{}\"", ctx.method(), path, e.getMessage());
                throw e;
            }
        });
    }

    /** Who sent the request {@code ctx} (ops when auth is off). */
    public static Caller caller(Context ctx) {
        Caller c = ctx.attribute(CALLER);
        return c == null ? Caller.OPS : c;
    }

    /** Throws a 403 unless the caller is ops: for routes about the whole instance. */
    public static void requireOps(Context ctx) {
        if (!caller(ctx).ops()) {
            throw ApiError.forbidden(
                    ctx.path() + " is for operations only; a merchant's key reads its own merchant's data");
        }
    }

    /** Throws a 403 unless the caller may see {@code merchantId}'s data. */
    public static void requireMerchant(Context ctx, String merchantId) {
        Caller c = caller(ctx);
        if (!c.sees(merchantId)) {
            throw ApiError.forbidden("this key reads merchant " + c.merchantId() + "'s data only");
        }
    }

    /**
     * The headers a call to another instance carries for the client of {@code ctx}: the instance key and the client's
     * scope; without an instance key, the client's own Authorization header; nothing when auth is off.
     */
    public Map<String, String> peerHeaders(Context ctx) {
        Map<String, String> h = new LinkedHashMap<>();
        if (!enabled()) {
            return h;
        }
        if (internalKey != null) {
            h.put("Authorization", "Bearer " + internalKey);
            h.put(SCOPE_HEADER, caller(ctx).scope());
        } else if (ctx.header("Authorization") != null) {
            h.put("Authorization", ctx.header("Authorization"));
        }
        return h;
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code sha256:...} form of a key, for settings that should not hold the key itself. */
    public static String hashed(String key) {
        return "sha256:" + HexFormat.of().formatHex(sha256(key));
    }

    @Override
    public String toString() {
        return "AccessControl" + (enabled() ? summary() : "[off]");
    }
}
