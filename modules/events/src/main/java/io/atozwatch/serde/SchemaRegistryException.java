package io.atozwatch.serde;

/** A schema registry could not answer: unknown id, subject or schema, or the registry failed. */
public class SchemaRegistryException extends RuntimeException {

  public SchemaRegistryException(String message) {
    super(message);
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
