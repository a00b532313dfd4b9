package io.atozwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

    @Test
    void keysAreConfluents() {
        assertThat(List.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                        AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
                        AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG,
                        AvroSerdeConfig.USE_LATEST_VERSION))
                .containsExactly(
                        "schema.registry.url", "auto.register.schemas", "specific.avro.reader", "use.latest.version");
    }

    @Test
    void defaultsMatchConfluents() {
        AvroSerdeConfig config = new AvroSerdeConfig(Map.of("schema.registry.url", "mock://x"));

        assertThat(config.schemaRegistryUrls()).containsExactly("mock://x");
        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.specificAvroReader()).isFalse();
        assertThat(config.useLatestVersion()).isFalse();
    }

    @Test
    void acceptsStringsBooleansListsAndIgnoresOtherKeys() {
        AvroSerdeConfig config = new AvroSerdeConfig(Map.of(
                "schema.registry.url", List.of("http://a:8081", "http://b:8081"),
                "auto.register.schemas", "FALSE",
                "specific.avro.reader", true,
                "use.latest.version", "true",
                "application.id", "atoz-watch"));

        assertThat(config.schemaRegistryUrls()).containsExactly("http://a:8081", "http://b:8081");
        assertThat(config.autoRegisterSchemas()).isFalse();
        assertThat(config.specificAvroReader()).isTrue();
        assertThat(config.useLatestVersion()).isTrue();
    }

    @Test
    void schemaRegistryUrlIsRequired() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of("specific.avro.reader", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> new KafkaAvroDeserializer().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of("schema.registry.url", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void rejectsNonBooleanFlags() {
        assertThatThrownBy(() ->
                        new AvroSerdeConfig(Map.of("schema.registry.url", "mock://x", "auto.register.schemas", "yes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto.register.schemas");
    }
}
