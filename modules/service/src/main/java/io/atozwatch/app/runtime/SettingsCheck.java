package io.atozwatch.app.runtime;

import io.atozwatch.app.http.AccessControl;
import io.atozwatch.app.http.HttpTls;
import io.atozwatch.topology.config.PipelineConfig;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks settings before anything starts, so that a mistake is one sentence naming the setting and the
 * form it expects (a {@link UserError}), not a stack trace from deep in start-up; and names the settings
 * that nothing reads (a typo such as {@code clock.grase}), which would otherwise be silently ignored.
 *
 * <p>"Settings" here are the pipeline's ({@code pipeline-defaults.properties}) and the app's own
 * ({@link #APP_KEYS}): the keys under {@link Settings#APP_PREFIXES}. Anything else is a Kafka or Kafka
 * Streams client property, passed through as it is, and never "unknown" here.
 */
public final class SettingsCheck {

    /** The app's own settings (beyond the pipeline's), with the form each takes. */
    static final Map<String, String> APP_KEYS = Map.ofEntries(
            Map.entry(Settings.HTTP_PORT, "a port number (0 to 65535; 0 for any free port)"),
            Map.entry(Settings.HTTP_HOST, "a host name or address to listen on"),
            Map.entry(Settings.ADVERTISED_HOST, "the host name other instances reach this one at"),
            Map.entry(Settings.SHUTDOWN_TIMEOUT, "an ISO-8601 duration (e.g. PT30S)"),
            Map.entry("topics.partitions", "a whole number of at least 1"),
            Map.entry("topics.replication-factor", "a whole number of at least 1"),
            Map.entry("topics.input-retention", "an ISO-8601 duration (e.g. P120D), or -1 to keep records forever"),
            Map.entry("topics.output-retention", "an ISO-8601 duration (e.g. P30D), or -1 to keep records forever"),
            Map.entry(LivenessProbe.MAX_REPLACEMENTS, "a whole number (0 or more)"),
            Map.entry(LivenessProbe.REPLACEMENT_WINDOW, "an ISO-8601 duration (e.g. PT10M)"),
            Map.entry(
                    AccessControl.KEYS,
                    "API keys: ops=KEY or merchant:MERCHANT_ID=KEY (KEY may be sha256:<hex>), comma-separated"),
            Map.entry(AccessControl.KEYS_FILE, "a file of API keys, one ops=KEY or merchant:MERCHANT_ID=KEY a line"),
            Map.entry(AccessControl.INTERNAL_KEY, "the key instances call each other with, the same on every instance"),
            Map.entry(HttpTls.KEYSTORE, "the key store file of the HTTP port's certificate (https)"),
            Map.entry(HttpTls.KEYSTORE_PASSWORD, "the key store's password"),
            Map.entry(HttpTls.KEYSTORE_TYPE, "PKCS12 (default) or JKS"),
            Map.entry(HttpTls.KEY_PASSWORD, "the private key's password, if not the key store's"),
            Map.entry(HttpTls.TRUSTSTORE, "the trust store for calls to the other instances (default: the JDK's CAs)"),
            Map.entry(HttpTls.TRUSTSTORE_PASSWORD, "the trust store's password"),
            Map.entry(HttpTls.TRUSTSTORE_TYPE, "PKCS12 (default) or JKS"));

    /** Pipeline settings with a name of the user's choosing in the middle (a currency, a marketplace, a merchant). */
    private static final List<Pattern> PIPELINE_PATTERNS = List.of(
            Pattern.compile("coverage\\.cap\\.[A-Za-z]{3}"),
            Pattern.compile("marketplace\\.[^.]+\\.(contact-wait|claim-response|zone|locale)"),
            Pattern.compile("merchant\\..+\\.(currency|locale)"));

    private static final Pattern DURATION = Pattern.compile("-?P.*", Pattern.CASE_INSENSITIVE);

    private SettingsCheck() {}

    /** Every key a setting may have, but those with a name of the user's choosing in them. */
    static Set<String> knownKeys() {
        Set<String> keys = new TreeSet<>(PipelineConfig.defaults().keys());
        keys.addAll(APP_KEYS.keySet());
        keys.add(LivenessProbe.STUCK_AFTER);
        keys.add(Logging.FORMAT);
        return keys;
    }

    /** The keys among {@code settings} that belong to the app or the pipeline but that nothing reads, sorted. */
    public static List<String> unknown(Properties settings) {
        Set<String> known = knownKeys();
        List<String> unknown = new ArrayList<>();
        for (String key : new TreeSet<>(settings.stringPropertyNames())) {
            boolean ours = Settings.APP_PREFIXES.stream().anyMatch(key::startsWith);
            if (ours
                    && !known.contains(key)
                    && PIPELINE_PATTERNS.stream().noneMatch(p -> p.matcher(key).matches())) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    /** Prints a warning on {@code err} for each unknown setting, with the nearest known one if it looks like a typo. */
    public static void warnUnknown(Properties settings, String source, PrintWriter err) {
        for (String key : unknown(settings)) {
            String near = nearest(key);
            err.println("warning: unknown setting " + key + (source == null ? "" : " in " + source) + " is ignored"
                    + (near == null ? "" : "; did you mean " + near + "?"));
        }
        err.flush();
    }

    /** The known key closest to {@code key} by edit distance, if close enough to be what was meant. */
    static String nearest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : knownKeys()) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 6) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(
                        Math.min(cur[j - 1] + 1, prev[j] + 1),
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ------------------------------------------------------------------------------------ validation

    /**
     * The pipeline's configuration from {@code settings}, or a {@link UserError} naming the setting that is wrong
     * and the form it takes. {@code source} says where the settings came from (e.g. "--config prod.properties"),
     * or is null.
     */
    public static PipelineConfig pipelineConfig(Properties settings, String source) {
        String prefix = source == null ? "" : source + ": ";
        // A flag the pipeline reads with Boolean.parseBoolean would take "yes" for false without a word.
        for (Map.Entry<String, String> d : PipelineConfig.defaults().asMap().entrySet()) {
            String v = settings.getProperty(d.getKey());
            if (isBoolean(d.getValue()) && v != null && !isBoolean(v.trim())) {
                throw new UserError(prefix + d.getKey() + "=" + v + " is not true or false");
            }
        }
        try {
            return PipelineConfig.from(settings);
        } catch (RuntimeException whole) {
            // Which setting? The first that fails on its own over the defaults; if none does, the problem is
            // between settings (e.g. clock.quiet-period against max.task.idle.ms), and the message names them.
            for (String key : new TreeSet<>(settings.stringPropertyNames())) {
                Properties one = new Properties();
                one.setProperty(key, settings.getProperty(key));
                try {
                    PipelineConfig.from(one);
                } catch (RuntimeException e) {
                    throw new UserError(prefix + describe(key, settings.getProperty(key), e));
                }
            }
            throw new UserError(prefix + reason(whole));
        }
    }

    /** Checks the app's own settings ({@link #APP_KEYS}), naming the first that is not of its form. */
    public static void checkApp(Settings settings) {
        Properties all = settings.all();
        for (String key : new TreeSet<>(all.stringPropertyNames())) {
            String v = all.getProperty(key).trim();
            boolean ok = switch (key) {
                case Settings.HTTP_PORT -> isInt(v, 0, 65535);
                case "topics.partitions" -> isInt(v, 1, Integer.MAX_VALUE);
                case "topics.replication-factor" -> isInt(v, 1, Short.MAX_VALUE);
                case LivenessProbe.MAX_REPLACEMENTS -> isInt(v, 0, Integer.MAX_VALUE);
                case "topics.input-retention", "topics.output-retention" -> v.equals("-1") || isDuration(v);
                case Settings.SHUTDOWN_TIMEOUT, LivenessProbe.REPLACEMENT_WINDOW, LivenessProbe.STUCK_AFTER ->
                    isDuration(v);
                case Logging.FORMAT -> Logging.isFormat(v);
                default -> true;
            };
            if (!ok) {
                throw new UserError(key + "=" + all.getProperty(key) + " is not " + form(key));
            }
        }
        // The API keys and the HTTP port's stores, read as the server will (errors never show a key or a password).
        AccessControl.from(settings::get);
        HttpTls.from(settings::get);
    }

    /** "key=value: why; expected form" (the form left out when the reason already shows it). */
    static String describe(String key, String value, RuntimeException e) {
        String why = reason(e);
        String msg = why.contains(key) ? why : key + "=" + value + ": " + why;
        String form = form(key);
        return form == null || why.contains("e.g.") || why.contains("expected") ? msg : msg + "; expected " + form;
    }

    private static String reason(RuntimeException e) {
        if (e instanceof NumberFormatException) {
            return "not a number";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The form a setting takes, in words: the app's own, or told from the pipeline's default value. */
    static String form(String key) {
        if (APP_KEYS.containsKey(key)) {
            return APP_KEYS.get(key);
        }
        if (key.equals(LivenessProbe.STUCK_AFTER)) {
            return "an ISO-8601 duration (e.g. PT5M)";
        }
        if (key.equals(Logging.FORMAT)) {
            return Logging.FORM;
        }
        if (key.startsWith("merchant.") && key.endsWith(".currency")) {
            return "a currency code (e.g. EUR)";
        }
        if (key.startsWith("merchant.") && key.endsWith(".locale")) {
            return "a language tag (BCP 47, e.g. fr-FR)";
        }
        if (key.equals("coverage.cap") || key.startsWith("coverage.cap.")) {
            return "an amount in major units of the currency (e.g. 2500 or 2500.50)";
        }
        Map<String, String> defaults =
                new LinkedHashMap<>(PipelineConfig.defaults().asMap());
        String template = key;
        if (key.startsWith("coverage.cap.")) {
            template = "coverage.cap";
        } else if (key.startsWith("marketplace.")) {
            template = "marketplace.default" + key.substring(key.indexOf('.', "marketplace.".length()));
        }
        String example = defaults.get(template);
        if (example == null) {
            return null;
        }
        if (template.endsWith(".zone")) {
            return "a time zone (e.g. UTC, Europe/London)";
        }
        if (template.startsWith("marketplace.") && (template.endsWith("-wait") || template.endsWith("-response"))) {
            return "an ISO-8601 duration or business days (e.g. P7D, 2BD)";
        }
        if (DURATION.matcher(example).matches()) {
            return "an ISO-8601 duration (e.g. " + example + ")";
        }
        if (isBoolean(example)) {
            return "true or false";
        }
        if (example.matches("\\d+")) {
            return "a whole number (e.g. " + example + ")";
        }
        if (example.matches("\\d*\\.\\d+")) {
            return "a number (e.g. " + example + ")";
        }
        return "text like the default, " + example;
    }

    private static boolean isBoolean(String v) {
        return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
    }

    private static boolean isInt(String v, long min, long max) {
        try {
            long n = Long.parseLong(v);
            return n >= min && n <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDuration(String v) {
        try {
            return !Duration.parse(v.toUpperCase(Locale.ROOT)).isNegative();
        } catch (DateTimeException e) {
            return false;
        }
    }
}
