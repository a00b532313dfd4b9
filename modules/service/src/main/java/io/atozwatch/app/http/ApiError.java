package io.atozwatch.app.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP error as the client gets it: a status, a stable machine-readable code and a sentence, sent as
 * {@code {"status": 404, "error": "not_found", "message": "no order o-42"}} with any headers it carries
 * ({@code Retry-After}, {@code Allow}). Thrown from anywhere in a handler; {@link HttpApi} writes it.
 */
public class ApiError extends RuntimeException {
    /** How long a client should wait on a 503: a rebalance usually settles in seconds. */
    public static final int RETRY_AFTER_SECONDS = 2;

    public final int status;
    public final String error;
    private final Map<String, String> headers;

    protected ApiError(int status, String error, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public static ApiError of(int status, String message) {
        return new ApiError(status, code(status), message, Map.of());
    }

    public static ApiError badRequest(String message) {
        return of(400, message);
    }

    /**
     * 401: no key, or one no configured key matches; {@code WWW-Authenticate: Bearer realm="atoz-watch"} (with
     * {@code error="invalid_token"} when a key was sent) tells the client how to authenticate.
     */
    public static ApiError unauthorized(String message, boolean keySent) {
        return new ApiError(
                401,
                code(401),
                message,
                Map.of(
                        "WWW-Authenticate",
                        "Bearer realm=\"atoz-watch\"" + (keySent ? ", error=\"invalid_token\"" : "")));
    }

    /** 403: the key is valid but does not reach this data (a merchant's key asking for another merchant's). */
    public static ApiError forbidden(String message) {
        return of(403, message);
    }

    public static ApiError notFound(String message) {
        return of(404, message);
    }

    public static ApiError methodNotAllowed(String message, String allow) {
        return new ApiError(405, code(405), message, Map.of("Allow", allow));
    }

    /** 503: cannot answer now (not RUNNING, migrating, owner unreachable); retry after a few seconds. */
    public static ApiError unavailable(String message) {
        return new ApiError(503, code(503), message, Map.of("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)));
    }

    public static ApiError internal(String message) {
        return of(500, message);
    }

    /** The headers to send with the error. */
    public Map<String, String> headers() {
        return new LinkedHashMap<>(headers);
    }

    public boolean retryable() {
        return status == 503;
    }

    /** Every {@code error} code {@link #code} gives. */
    public static final List<String> CODES = List.of(
            "bad_request",
            "unauthorized",
            "forbidden",
            "not_found",
            "method_not_allowed",
            "request_timeout",
            "payload_too_large",
            "uri_too_long",
            "unsupported_media_type",
            "headers_too_large",
            "client_error",
            "internal_error",
            "unavailable",
            "server_error");

    /** The {@code error} code of a status: one word per status, the same wherever the error comes from. */
    public static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            case 500 -> "internal_error";
            case 503 -> "unavailable";
            default -> status >= 500 ? "server_error" : "client_error";
        };
    }
}
