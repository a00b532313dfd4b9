package io.atozwatch.app.json;

/**
 * A JSON value does not fit its Avro schema (or an Avro value cannot be written as JSON). The message
 * starts with the path of the offending value, e.g. {@code value.amountMinor: expected an integer, got "12"},
 * so that it reads well as a "line N: ..." diagnostic.
 */
public class JsonAvroException extends RuntimeException {

    private final String path;

    public JsonAvroException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    /** Where the problem is, e.g. {@code value.amountMinor}. */
    public String path() {
        return path;
    }
}
