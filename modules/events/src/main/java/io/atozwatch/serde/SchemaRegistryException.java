package io.atozwatch.serde;

/**
 * A schema registry could not answer: unknown id, subject or schema, an incompatible or invalid
 * schema, or the registry failed or could not be reached.
 *
 * <p>{@link #httpStatus()} and {@link #errorCode()} carry what the registry said, so callers can
 * branch on codes rather than on message text. The error codes are Confluent Schema Registry's
 * (also used by Karapace, Redpanda and Apicurio's ccompat API), e.g. {@link #SUBJECT_NOT_FOUND},
 * {@link #SCHEMA_NOT_FOUND}, {@link #INCOMPATIBLE_SCHEMA}, {@link #INVALID_SCHEMA}. Both are
 * {@link #NONE} when there was no HTTP answer (registry unreachable, timeout, bad response body).
 */
public class SchemaRegistryException extends RuntimeException {

    /** No HTTP status or no registry error code. */
    public static final int NONE = -1;
    /** Subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Schema not found: no schema with that id, or the schema is not registered under the subject. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** The schema is incompatible with the subject's registered versions under its compatibility rule (HTTP 409). */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** The registry considers the schema invalid (HTTP 422). */
    public static final int INVALID_SCHEMA = 42201;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message) {
        this(message, NONE, NONE, null);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        this(message, NONE, NONE, cause);
    }

    /**
     * @param httpStatus the HTTP status the registry answered with, or {@link #NONE}
     * @param errorCode the registry's {@code error_code}, or {@link #NONE}
     */
    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        this(message, httpStatus, errorCode, null);
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** The HTTP status of the registry's answer, or {@link #NONE} when there was none. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code} (e.g. 40401, 40403, 409, 42201), or {@link #NONE}. */
    public int errorCode() {
        return errorCode;
    }
}
