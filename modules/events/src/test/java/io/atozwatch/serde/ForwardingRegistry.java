package io.atozwatch.serde;

import java.util.List;
import org.apache.avro.Schema;

/** Delegates every call; tests override what they want to observe. */
class ForwardingRegistry implements SchemaRegistryClient {
    private final SchemaRegistryClient delegate;

    ForwardingRegistry(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
        return delegate.register(subject, schema);
    }

    @Override
    public int getId(String subject, Schema schema) {
        return delegate.getId(subject, schema);
    }

    @Override
    public Schema getSchemaById(int id) {
        return delegate.getSchemaById(id);
    }

    @Override
    public SchemaMetadata getLatestSchemaMetadata(String subject) {
        return delegate.getLatestSchemaMetadata(subject);
    }

    @Override
    public List<String> getAllSubjects() {
        return delegate.getAllSubjects();
    }
}
