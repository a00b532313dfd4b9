package io.atozwatch.serde;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.common.config.ConfigException;

/** Picks the {@link SchemaRegistryClient} for {@code schema.registry.url}. */
public final class SchemaRegistries {

    private static final String MOCK = "mock://";

    /**
     * Builds the client for http(s) URLs from all URLs and the serde's configs: the
     * {@link HttpSchemaRegistryClient}. Package-private so that tests can stand in for it.
     */
    static volatile BiFunction<List<String>, Map<String, ?>, SchemaRegistryClient> httpClientFactory =
            HttpSchemaRegistryClient::new;

    private SchemaRegistries() {}

    /** @param url one URL or several, comma-separated; for mock:// only the first counts */
    public static SchemaRegistryClient forUrl(String url, Map<String, ?> configs) {
        return forUrls(
                Arrays.stream(url.split(","))
                        .map(String::trim)
                        .filter(u -> !u.isEmpty())
                        .toList(),
                configs);
    }

    public static SchemaRegistryClient forUrls(List<String> urls, Map<String, ?> configs) {
        if (urls.isEmpty()) {
            throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, urls, "at least one URL is required");
        }
        String first = urls.get(0);
        if (hasScheme(first, MOCK)) {
            String scope = first.substring(MOCK.length());
            if (scope.isEmpty()) {
                throw new ConfigException(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, first, "mock:// needs a scope name");
            }
            return MockSchemaRegistry.getClientForScope(scope);
        }
        for (String url : urls) {
            if (!hasScheme(url, "http://") && !hasScheme(url, "https://")) {
                throw new ConfigException(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                        url,
                        "expected mock://<scope>, http:// or https://");
            }
        }
        return httpClientFactory.apply(urls, configs);
    }

    private static boolean hasScheme(String url, String scheme) {
        return url.regionMatches(true, 0, scheme, 0, scheme.length());
    }

    /** The registry given to a serializer's or deserializer's constructor, else the one its URLs name. */
    static SchemaRegistryClient injectedOrConfigured(
            SchemaRegistryClient injected, AvroSerdeConfig config, Map<String, ?> configs) {
        return injected != null ? injected : forUrls(config.schemaRegistryUrls(), configs);
    }
}
