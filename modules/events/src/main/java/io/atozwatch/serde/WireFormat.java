package io.atozwatch.serde;

/** Confluent's framing: magic byte 0, then the schema id as a 4-byte big-endian int, then the Avro binary body. */
public final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int ID_SIZE = 4;
    static final int HEADER_SIZE = 1 + ID_SIZE;

    private WireFormat() {}

    /** The schema id a framed value names, or null if {@code value} is not in the wire format. */
    public static Integer schemaId(byte[] value) {
        if (value == null || value.length < HEADER_SIZE || value[0] != MAGIC_BYTE) {
            return null;
        }
        return ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8) | (value[4] & 0xff);
    }
}
