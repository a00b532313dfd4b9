package io.atozwatch.app.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * Query parameters, read and checked the same way on every route: a parameter a route does not take, or
 * one given twice, is a 400 naming it (a typo such as {@code limt=5} is not silently ignored), and a flag is
 * {@code true} or {@code false}, nothing else.
 */
public final class Params {
    private Params() {}

    /** Throws a 400 for a parameter not in {@code accepted}, or given more than once. */
    public static void only(Context ctx, List<String> accepted) {
        for (Map.Entry<String, List<String>> p : ctx.queryParamMap().entrySet()) {
            if (!accepted.contains(p.getKey())) {
                throw ApiError.badRequest("unknown parameter '" + p.getKey() + "'; " + ctx.path() + " takes "
                        + (accepted.isEmpty() ? "none" : String.join(", ", accepted)));
            }
            if (p.getValue().size() > 1) {
                throw ApiError.badRequest("parameter '" + p.getKey() + "' is given "
                        + p.getValue().size() + " times; give it once");
            }
        }
    }

    /** A boolean parameter: absent or empty is false; otherwise {@code true} or {@code false} (any case). */
    public static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return false;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return v.equalsIgnoreCase("true");
        }
        throw ApiError.badRequest(name + " must be true or false, got '" + v + "'");
    }
}
