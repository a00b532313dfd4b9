package io.atozwatch.app.runtime;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that talks to a cluster takes; they override file and environment. */
public final class ClusterOptions {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (or bootstrap.servers in --config, or ATOZ_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            description = "Confluent-API schema registry, e.g. http://registry:8081 (or mock://NAME in tests).")
    String schemaRegistryUrl;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file: pipeline rules (see pipeline-defaults.properties) and any Kafka / "
                    + "Kafka Streams client property (security.protocol, sasl.jaas.config, ...).")
    Path config;

    /** Settings from the file, the environment and these options, in that order of precedence. */
    public Settings settings(Map<String, String> env, Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>(more);
        if (bootstrapServers != null) {
            overrides.put(Settings.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        if (schemaRegistryUrl != null) {
            overrides.put(Settings.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        }
        return Settings.load(config, env, overrides);
    }

    /**
     * As {@link #settings(Map, Map)}, checked: a warning on {@code err} for each setting nothing reads, and a
     * {@link UserError} naming the first of the app's or the pipeline's settings that is not of its form.
     */
    public Settings checkedSettings(Map<String, String> env, Map<String, String> more, PrintWriter err) {
        Settings settings = settings(env, more);
        SettingsCheck.warnUnknown(settings.all(), null, err);
        SettingsCheck.checkApp(settings);
        Logging.configure(settings);
        SettingsCheck.pipelineConfig(settings.all(), null);
        return settings;
    }
}
