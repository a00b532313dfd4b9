package io.atozwatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaRegistriesTest {

    private final String scope = TestRecords.freshScope();

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void mockUrlSelectsTheSharedScope() {
        assertThat(SchemaRegistries.forUrl("mock://" + scope, Map.of()))
                .isSameAs(MockSchemaRegistry.getClientForScope(scope));
    }

    @Test
    void onlyTheFirstOfSeveralUrlsCountsForMock() {
        assertThat(SchemaRegistries.forUrl("mock://" + scope + ", mock://elsewhere,http://localhost:8081", Map.of()))
                .isSameAs(MockSchemaRegistry.getClientForScope(scope));
    }

    @Test
    void httpUrlsGetTheHttpClientWithAllUrls() {
        SchemaRegistryClient client =
                SchemaRegistries.forUrl("http://registry:8081, HTTPS://other:8081/apis/ccompat/v7/", Map.of());
        assertThat(client).isInstanceOf(HttpSchemaRegistryClient.class);
        assertThat(((HttpSchemaRegistryClient) client).baseUrls())
                .containsExactly("http://registry:8081", "HTTPS://other:8081/apis/ccompat/v7");
        // configuring does not touch the network: the registry is first asked when a record is serialized
        KafkaAvroSerializer serializer = new KafkaAvroSerializer();
        serializer.configure(
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "https://registry.invalid:8081"), false);
    }

    @Test
    void httpClientFactoryCanBePluggedIn() {
        BiFunction<List<String>, Map<String, ?>, SchemaRegistryClient> original = SchemaRegistries.httpClientFactory;
        AtomicReference<List<String>> seenUrls = new AtomicReference<>();
        MockSchemaRegistry standIn = MockSchemaRegistry.getClientForScope(scope);
        try {
            SchemaRegistries.httpClientFactory = (urls, configs) -> {
                seenUrls.set(urls);
                return standIn;
            };

            assertThat(SchemaRegistries.forUrl("http://a:8081, HTTPS://b:8081", Map.of()))
                    .isSameAs(standIn);
            assertThat(seenUrls.get()).containsExactly("http://a:8081", "HTTPS://b:8081");
        } finally {
            SchemaRegistries.httpClientFactory = original;
        }
    }

    @Test
    void otherSchemesAndEmptyScopesAreConfigErrors() {
        assertThatThrownBy(() -> SchemaRegistries.forUrl("registry:8081", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("registry:8081")
                .hasMessageContaining("expected mock://<scope>, http:// or https://");
        assertThatThrownBy(() -> SchemaRegistries.forUrl("http://a:8081,ftp://b", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ftp://b");
        assertThatThrownBy(() -> SchemaRegistries.forUrl("mock://", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mock:// needs a scope name");
        assertThatThrownBy(() -> SchemaRegistries.forUrl(" , ", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least one URL is required");
    }
}
