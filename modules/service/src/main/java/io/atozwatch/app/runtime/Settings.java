package io.atozwatch.app.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The app's settings, layered: a properties file, then environment variables, then command-line
 * options, each overriding the one before. Pipeline rules ({@code coverage.*}, {@code topic.*}, ...)
 * and any Kafka or Kafka Streams client property ({@code security.protocol}, {@code sasl.jaas.config},
 * {@code producer.*}, ...) can be set the same way, so TLS and SASL need no code.
 *
 * <p>Environment variables: {@code ATOZ_} then the key upper-cased, with {@code .} written as
 * {@code _} and {@code -} as {@code __}: {@code ATOZ_BOOTSTRAP_SERVERS} is {@code bootstrap.servers},
 * {@code ATOZ_DEADLINE_CHARGEBACK__RESPONSE} is {@code deadline.chargeback-response}.
 */
public final class Settings {
    public static final String ENV_PREFIX = "ATOZ_";

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String APPLICATION_ID = "application.id";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_HOST = "http.host";
    public static final String ADVERTISED_HOST = "http.advertised.host";
    public static final String SHUTDOWN_TIMEOUT = "shutdown.timeout";

    /** Keys that belong to the pipeline or the app, not to the Kafka clients. */
    static final Set<String> APP_PREFIXES = Set.of(
            "topic.",
            "coverage.",
            "policy.",
            "deadline.",
            "marketplace.",
            "case.",
            "punctuation.",
            "http.",
            "shutdown.",
            "topics.",
            "demo.",
            "performance.",
            "reserve.",
            "generator.",
            "clock.",
            "merchant.",
            "input.",
            "health.",
            "log.");

    private final Properties props;

    private Settings(Properties props) {
        this.props = props;
    }

    public static Settings of(Map<String, String> values) {
        Properties p = new Properties();
        p.putAll(values);
        return new Settings(p);
    }

    /** file (may be null) &lt; environment &lt; overrides. */
    public static Settings load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Properties p = new Properties();
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UserError("cannot read the settings file " + file + ": "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                p.setProperty(keyOfEnv(name), value);
            }
        });
        overrides.forEach((k, v) -> {
            if (v != null) {
                p.setProperty(k, v);
            }
        });
        return new Settings(p);
    }

    /** {@code ATOZ_DEADLINE_CHARGEBACK__RESPONSE} is {@code deadline.chargeback-response}. */
    static String keyOfEnv(String name) {
        return name.substring(ENV_PREFIX.length())
                .toLowerCase(Locale.ROOT)
                .replace("__", "\u0000")
                .replace('_', '.')
                .replace('\u0000', '-');
    }

    /** The environment variable that sets {@code key}. */
    public static String envOf(String key) {
        return ENV_PREFIX + key.replace("-", "__").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    public String get(String key) {
        return props.getProperty(key);
    }

    public String get(String key, String fallback) {
        return props.getProperty(key, fallback);
    }

    public String require(String key) {
        String v = props.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new UserError(
                    "missing setting " + key + " (option, settings file, or environment variable " + envOf(key) + ")");
        }
        return v;
    }

    public int getInt(String key, int fallback) {
        String v = props.getProperty(key);
        try {
            return v == null ? fallback : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UserError(key + "=" + v + " is not a whole number");
        }
    }

    /** Everything, for the pipeline rules (which ignore keys they do not know). */
    public Properties all() {
        Properties copy = new Properties();
        copy.putAll(props);
        return copy;
    }

    /** The settings meant for Kafka clients and Kafka Streams: everything but the app's own keys. */
    public Map<String, Object> kafkaClientSettings() {
        Map<String, Object> m = new TreeMap<>();
        props.stringPropertyNames().stream()
                .filter(k -> APP_PREFIXES.stream().noneMatch(k::startsWith))
                .forEach(k -> m.put(k, props.getProperty(k)));
        return m;
    }

    /**
     * The settings the schema-registry client and the Avro serdes read: {@code schema.registry.url} and
     * every {@code schema.registry.*} (TLS, timeouts), {@code basic.auth.*} (credentials),
     * {@code auto.register.schemas} and {@code use.latest.version} setting given.
     */
    public Map<String, Object> registryClientSettings() {
        Map<String, Object> m = new TreeMap<>();
        props.stringPropertyNames().stream()
                .filter(k -> k.startsWith("schema.registry.")
                        || k.startsWith("basic.auth.")
                        || k.equals("auto.register.schemas")
                        || k.equals("use.latest.version"))
                .forEach(k -> m.put(k, props.getProperty(k)));
        m.put(SCHEMA_REGISTRY_URL, require(SCHEMA_REGISTRY_URL));
        return m;
    }

    /**
     * Settings for one local broker (the demo, tests, benchmarks), for callers to add to: topics with
     * replication 1 that keep their records, whose timestamps may lie far in the past or future.
     */
    public static Map<String, String> singleBroker(
            String bootstrapServers,
            String registryUrl,
            String applicationId,
            java.nio.file.Path stateDir,
            int partitions) {
        Map<String, String> s = new java.util.HashMap<>();
        s.put(BOOTSTRAP_SERVERS, bootstrapServers);
        s.put(SCHEMA_REGISTRY_URL, registryUrl);
        s.put(APPLICATION_ID, applicationId);
        s.put("state.dir", stateDir.toString());
        s.put("topics.partitions", String.valueOf(partitions));
        s.put("topics.replication-factor", "1");
        s.put("topics.input-retention", "-1");
        s.put("topics.output-retention", "-1");
        return s;
    }

    public Settings with(String key, String value) {
        Properties p = all();
        p.setProperty(key, value);
        return new Settings(p);
    }
}
