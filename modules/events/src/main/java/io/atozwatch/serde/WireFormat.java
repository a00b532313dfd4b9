package io.atozwatch.serde;

/** Confluent's framing: magic byte 0, then the schema id as a 4-byte big-endian int, then the Avro binary body. */
final class WireFormat {

  static final byte MAGIC_BYTE = 0;
  static final int ID_SIZE = 4;
  static final int HEADER_SIZE = 1 + ID_SIZE;

  private WireFormat() {}
}
