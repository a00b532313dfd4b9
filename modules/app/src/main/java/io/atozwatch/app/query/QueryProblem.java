package io.atozwatch.app.query;

/**
 * Why a query cannot be answered, as the HTTP status and JSON error body the client gets. Thrown from
 * deep in a read and turned into a response in one place ({@link QueryApi}), so no handler forgets the
 * Retry-After of a 503.
 */
final class QueryProblem extends RuntimeException {
    /** How long a client should wait while the store is not queryable: a rebalance usually settles in seconds. */
    static final int RETRY_AFTER_SECONDS = 2;

    final int status;
    final String error;

    private QueryProblem(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    static QueryProblem badRequest(String message) {
        return new QueryProblem(400, "bad_request", message);
    }

    static QueryProblem notFound(String message) {
        return new QueryProblem(404, "not_found", message);
    }

    /** 503: the store cannot be read right now (not RUNNING, migrating, owner unreachable); retry later. */
    static QueryProblem unavailable(String message) {
        return new QueryProblem(503, "unavailable", message);
    }

    boolean retryable() {
        return status == 503;
    }
}
