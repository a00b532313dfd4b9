package io.atozwatch.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.ParsedEndpoint;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conventions every route of the app's HTTP server follows, in one place:
 * <ul>
 *   <li>every error is JSON, {@code {"status": 404, "error": "not_found", "message": "..."}} ({@link ApiError}),
 *       whether a handler threw it, no route matched (404), the route exists for other methods (405 with
 *       {@code Allow}), the request was malformed before it reached a route (Jetty's 400, 414, 431), or a
 *       handler failed unexpectedly (500, logged with its stack trace here, never sent to the client);</li>
 *   <li>{@code HEAD} is answered wherever {@code GET} is, by the same handler (same status and headers,
 *       no body): register read routes with {@link #get};</li>
 *   <li>a path or query string that is not valid percent-encoded UTF-8 ({@code %ZZ}, {@code %C3%28}) is a
 *       400 on every route, before any handler sees a decoded (and silently mangled) value.</li>
 * </ul>
 */
public final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String JSON_TYPE = "application/json";

    private HttpApi() {}

    /** A Javalin server following these conventions; add routes with {@link #get}, then start it. */
    public static Javalin create() {
        return create(AccessControl.OFF, HttpTls.NONE, null, 0);
    }

    /**
     * As {@link #create()}, with access control (every request but the open ones authenticated before any handler) and,
     * if {@code tls} is enabled, https on {@code host}:{@code port} (where {@code start} then listens).
     */
    public static Javalin create(AccessControl access, HttpTls tls, String host, int port) {
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            // Errors Jetty answers itself, before any route (a malformed request line, a URI over 8 KiB).
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            cfg.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
            if (tls.enabled()) {
                cfg.jetty.addConnector((server, http) -> tls.connector(server, http, host, port));
            }
        });
        app.before(ctx -> checkEncoding(ctx));
        access.install(app);
        app.exception(ApiError.class, (e, ctx) -> write(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> write(ctx, fromJavalin(app, ctx, e)));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("event=http-handler-failed method={} path={}", ctx.method(), ctx.path(), e);
            write(
                    ctx,
                    ApiError.internal("the server failed to answer " + ctx.method() + " " + ctx.path()
                            + "; the cause is in its log"));
        });
        return app;
    }

    /** Registers a read route: GET, and HEAD by the same handler. */
    public static void get(Javalin app, String path, Handler handler) {
        app.get(path, handler);
        app.head(path, handler);
    }

    /** Sends {@code error} as the JSON error body, with its headers. */
    public static void write(Context ctx, ApiError error) {
        error.headers().forEach(ctx::header);
        ctx.status(error.status).contentType(JSON_TYPE).result(body(error.status, error.error, error.getMessage()));
    }

    static String body(int status, String error, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", status);
        body.put("error", error);
        body.put("message", message);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Javalin's own errors (no route, 404; the route exists for other methods, 405) in our format. */
    private static ApiError fromJavalin(Javalin app, Context ctx, HttpResponseException e) {
        if (e.getStatus() == 404 || e.getStatus() == 405) {
            Set<String> allowed = allowedMethods(app, ctx.path());
            if (!allowed.isEmpty()) {
                String allow = String.join(", ", allowed);
                return ApiError.methodNotAllowed(
                        ctx.method() + " is not allowed on " + ctx.path() + "; allowed: " + allow, allow);
            }
            return ApiError.notFound(
                    "no route " + ctx.method() + " " + ctx.path() + "; the API is described at /openapi.yaml");
        }
        return ApiError.of(
                e.getStatus(),
                e.getMessage() == null || e.getMessage().isBlank() ? ApiError.code(e.getStatus()) : e.getMessage());
    }

    /** The methods some route answers at {@code path} (as requested, still encoded), in a fixed order. */
    static Set<String> allowedMethods(Javalin app, String path) {
        List<ParsedEndpoint> endpoints = app.unsafeConfig().pvt.internalRouter.allHttpHandlers();
        Set<HandlerType> types = endpoints.stream()
                .filter(p -> p.matches(path))
                .map(p -> p.getEndpoint().getMethod())
                .filter(HandlerType::isHttpMethod)
                .collect(Collectors.toSet());
        Set<String> allowed = new LinkedHashSet<>();
        for (HandlerType t : HandlerType.values()) {
            if (types.contains(t)) {
                allowed.add(t.name());
            }
        }
        return allowed;
    }

    /** The routes served, as "METHOD path" (for the test that holds the OpenAPI document to them). */
    public static List<String> routes(Javalin app) {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(ParsedEndpoint::getEndpoint)
                .filter(e -> e.getMethod().isHttpMethod())
                .map(e -> e.getMethod().name() + " " + e.getPath())
                .sorted()
                .toList();
    }

    // ------------------------------------------------------------------------------------- encodings

    private static void checkEncoding(Context ctx) {
        String path = ctx.req().getRequestURI();
        try {
            decode(path, false);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("the path is not valid percent-encoded UTF-8: " + e.getMessage());
        }
        String query = ctx.queryString();
        if (query != null) {
            try {
                decode(query, true);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("the query string is not valid percent-encoded UTF-8: " + e.getMessage());
            }
        }
    }

    /**
     * Decodes percent-encoded UTF-8 strictly ({@code +} a space in a query string): a {@code %} not followed by
     * two hex digits, or bytes that are not UTF-8, are an IllegalArgumentException saying which.
     */
    public static String decode(String raw, boolean plusIsSpace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("'" + raw.substring(i, Math.min(raw.length(), i + 3))
                            + "' at character " + (i + 1) + " is not a percent-encoded byte (%XX, two hex digits)");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("its bytes are not UTF-8");
        }
    }

    // --------------------------------------------------------------------------------- Jetty's errors

    /** Jetty's own error answers (before any route: a malformed request, a URI too long) as JSON errors. */
    static final class JsonErrorHandler extends ErrorHandler {
        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
            return BufferUtil.toBuffer(
                    body(status, ApiError.code(status), message(status, reason)), StandardCharsets.UTF_8);
        }

        @Override
        public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            baseRequest.setHandled(true);
            int status = response.getStatus();
            Object reason = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            byte[] body = body(
                            status, ApiError.code(status), message(status, reason == null ? null : reason.toString()))
                    .getBytes(StandardCharsets.UTF_8);
            response.setContentType(JSON_TYPE);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }

        static String message(int status, String reason) {
            String detail = reason == null || reason.isBlank() ? "" : " (" + reason + ")";
            return switch (status) {
                case 400 -> "the request is malformed" + detail + ", e.g. a bad percent-encoding in its URI";
                case 414 -> "the request URI is too long" + detail;
                case 431 -> "the request headers are too large" + detail;
                default -> reason == null || reason.isBlank() ? ApiError.code(status) : reason;
            };
        }
    }
}
