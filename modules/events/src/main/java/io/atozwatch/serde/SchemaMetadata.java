package io.atozwatch.serde;

import org.apache.avro.Schema;

/** One registered version of a subject: its global id, its version within the subject (from 1) and the schema. */
public record SchemaMetadata(int id, int version, Schema schema) {}
