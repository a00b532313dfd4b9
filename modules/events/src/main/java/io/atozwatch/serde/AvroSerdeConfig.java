package io.atozwatch.serde;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** The serde's configuration: Confluent's key names and defaults, parsed with Kafka's ConfigDef. */
public final class AvroSerdeConfig {

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String SPECIFIC_AVRO_READER_CONFIG = "specific.avro.reader";
    public static final String USE_LATEST_VERSION = "use.latest.version";

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    SCHEMA_REGISTRY_URL_CONFIG,
                    Type.LIST,
                    Importance.HIGH,
                    "Comma-separated schema registry URLs: mock://<scope>, http:// or https://.")
            .define(
                    AUTO_REGISTER_SCHEMAS,
                    Type.BOOLEAN,
                    true,
                    Importance.MEDIUM,
                    "Register the datum's schema under the subject when serializing.")
            .define(
                    SPECIFIC_AVRO_READER_CONFIG,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "Deserialize into generated SpecificRecord classes instead of GenericRecord.")
            .define(
                    USE_LATEST_VERSION,
                    Type.BOOLEAN,
                    false,
                    Importance.MEDIUM,
                    "With auto.register.schemas=false, serialize with the subject's latest registered schema.");

    private final List<String> schemaRegistryUrls;
    private final boolean autoRegisterSchemas;
    private final boolean specificAvroReader;
    private final boolean useLatestVersion;

    /** @throws ConfigException when schema.registry.url is missing or a value has the wrong type */
    public AvroSerdeConfig(Map<String, ?> configs) {
        Map<String, Object> parsed = DEFINITION.parse(configs);
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) parsed.get(SCHEMA_REGISTRY_URL_CONFIG);
        if (urls == null || urls.isEmpty()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG, urls, "at least one URL is required");
        }
        this.schemaRegistryUrls = List.copyOf(urls);
        this.autoRegisterSchemas = (Boolean) parsed.get(AUTO_REGISTER_SCHEMAS);
        this.specificAvroReader = (Boolean) parsed.get(SPECIFIC_AVRO_READER_CONFIG);
        this.useLatestVersion = (Boolean) parsed.get(USE_LATEST_VERSION);
    }

    public List<String> schemaRegistryUrls() {
        return schemaRegistryUrls;
    }

    public boolean autoRegisterSchemas() {
        return autoRegisterSchemas;
    }

    public boolean specificAvroReader() {
        return specificAvroReader;
    }

    public boolean useLatestVersion() {
        return useLatestVersion;
    }
}
