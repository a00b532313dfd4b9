package io.atozwatch.serde;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of a schema registry the serde needs. Implementations must be thread-safe; the serde
 * caches what it learns, so implementations need not.
 */
public interface SchemaRegistryClient {

    /** Registers the schema under the subject, or finds it there; the same schema always gets the same id. */
    int register(String subject, Schema schema);

    /** The id of a schema already registered under the subject; never registers. */
    int getId(String subject, Schema schema);

    Schema getSchemaById(int id);

    SchemaMetadata getLatestSchemaMetadata(String subject);

    List<String> getAllSubjects();
}
