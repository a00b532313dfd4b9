/**
 * A small Avro serde for Kafka that speaks the Confluent wire format (magic byte 0, 4-byte
 * big-endian schema id, Avro binary body) and reads the same configuration keys as Confluent's
 * {@code kafka-avro-serializer}. Class names mirror Confluent's so that swapping in the real
 * thing is a change of imports and one dependency.
 */
package io.atozwatch.serde;
