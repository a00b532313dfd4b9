package io.atozwatch.topology.config;

import io.atozwatch.topology.time.Wait;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every number the rules use, read from properties laid over {@code pipeline-defaults.properties}
 * (which cites where each default comes from). Immutable; built once per topology.
 */
public final class PipelineConfig {
    private static final String DEFAULTS = "/io/atozwatch/topology/pipeline-defaults.properties";

    private final Properties props;
    private final TopicNames topics;
    private final Coverage coverage;
    private final PolicyDefaults defaultPolicy;
    private final Deadlines deadlines;
    private final Warnings warnings;
    private final Duration orphanHorizon;
    private final Punctuation punctuation;
    private final Clock clock;
    private final Limits limits;
    private final OptionalInt objectCacheEntries;

    private final double objectCacheHeapShare;
    private final Performance performance;
    private final Reserve reserve;
    private final Map<String, Marketplace> marketplaces = new HashMap<>();
    private final Marketplace defaultMarketplace;

    public record Coverage(
            Duration notReceivedAfterMaxDelivery,
            Duration notReceivedAfterOrder,
            Set<String> notAsDescribedReasons,
            BigDecimal capMajorUnits,
            Map<String, BigDecimal> capByCurrency,
            Duration filingWindow) {

        /**
         * The cap in major units of {@code currency}: its own ({@code coverage.cap.JPY}: by default USD 2,500 in
         * that currency, see pipeline-defaults.properties) or, for a currency without one, {@code coverage.cap}.
         */
        public BigDecimal capFor(String currency) {
            return currency == null
                    ? capMajorUnits
                    : capByCurrency.getOrDefault(currency.toUpperCase(Locale.ROOT), capMajorUnits);
        }
    }

    public record PolicyDefaults(boolean acceptsReturns, int returnWindowDays, int refundWithinDays) {}

    public record Deadlines(Duration chargebackResponse, Duration reminderBefore) {}

    /**
     * The at-risk warnings' lead times (pipeline-defaults.properties says where each comes from).
     *
     * @param notReceivedLead    how long before a buyer may claim "item not received" an undelivered order is flagged
     * @param returnAnswerWithin how long a return request may stay unanswered before the merchant is warned
     * @param returnDefectAfter  when an unanswered return request counts against the merchant
     * @param contactLead        how long before the contact-first wait ends an unanswered buyer contact is flagged
     */
    public record Warnings(
            Duration notReceivedLead, Duration returnAnswerWithin, Duration returnDefectAfter, Duration contactLead) {}

    /** @param locale the language its merchants' notices are written in ({@code marketplace.<CODE>.locale}) */
    public record Marketplace(String code, Wait contactWait, Wait claimResponse, ZoneId zone, Locale locale) {}

    public record Punctuation(Duration interval, int maxDuePerRun) {}

    /**
     * The pipeline's clock (see {@code io.atozwatch.topology.time.Watermark}).
     *
     * @param grace           how late (in event time) an event may arrive after later ones and still count
     * @param quietPeriod     how long a caught-up task must have read nothing before the wall clock moves it
     * @param futureTolerance how far ahead of the wall clock an event may say it occurred
     * @param inputSkew       how long (wall-clock time) after an input partition's last event it holds its task's
     *                        clock back at that event's instant, for the other inputs to catch up
     */
    public record Clock(Duration grace, Duration quietPeriod, Duration futureTolerance, Duration inputSkew) {}

    /**
     * Bounds on what one record or one case may hold, so that no input, however large, stops a partition.
     *
     * @param maxIdLength       characters of an identifier or code
     * @param maxTextLength     characters of free text (a dispute's reason)
     * @param maxEventsPerCase  events of one order
     * @param maxCaseBytes      bytes of the records of one order's events, as received
     */
    public record Limits(int maxIdLength, int maxTextLength, int maxEventsPerCase, long maxCaseBytes) {}

    /** Windows of the merchant metrics, in whole days, and how often snapshots go out. */
    public record Performance(
            int odrDays,
            int onTimeDeliveryDays,
            int notReceivedDays,
            int merchantCancelDays,
            int returnRefusalDays,
            int breachDays,
            int chargebackDays,
            int retentionDays,
            Duration publishInterval,
            int lateShipmentDays,
            int preFulfilmentCancelDays,
            int validTrackingDays,
            int returnDissatisfactionDays,
            Targets targets) {}

    /**
     * The reference metrics' targets (domain brief, section 3): the rates to stay under (ODR, late shipment,
     * pre-fulfilment cancel, return dissatisfaction) or over (valid tracking, on-time delivery).
     */
    public record Targets(
            double odr,
            double lateShipment,
            double preFulfilmentCancel,
            double validTracking,
            double onTimeDelivery,
            double returnDissatisfaction) {}

    /** The reserve tiers' thresholds. */
    public record Reserve(
            Duration tierOneAccountAge,
            long tierOneMaxOrders,
            double odrThreshold,
            boolean tierTwoPlusEnabled,
            double amountStep,
            double odrWarningShare) {}

    private PipelineConfig(Properties props) {
        this.props = props;
        this.topics = TopicNames.from(props);
        this.coverage = new Coverage(
                duration("coverage.not-received.after-max-delivery"),
                duration("coverage.not-received.after-order"),
                Arrays.stream(string("coverage.not-as-described.reasons").split(","))
                        .map(s -> s.trim().toUpperCase(Locale.ROOT))
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()),
                amount("coverage.cap"),
                props.stringPropertyNames().stream()
                        .filter(k -> k.startsWith("coverage.cap."))
                        .collect(Collectors.toUnmodifiableMap(k -> capCurrency(k), this::capOf)),
                duration("coverage.filing-window"));
        this.defaultPolicy = new PolicyDefaults(
                Boolean.parseBoolean(string("policy.default.accepts-returns")),
                nonNegativeInt("policy.default.return-window-days"),
                nonNegativeInt("policy.default.refund-within-days"));
        this.deadlines = new Deadlines(duration("deadline.chargeback-response"), duration("deadline.reminder-before"));
        this.warnings = new Warnings(
                duration("warning.not-received-lead"),
                duration("warning.return-answer-within"),
                duration("warning.return-defect-after"),
                duration("warning.contact-lead"));
        if (warnings.returnDefectAfter().compareTo(warnings.returnAnswerWithin()) < 0) {
            throw new IllegalArgumentException("warning.return-defect-after (" + warnings.returnDefectAfter()
                    + ") must not be shorter than warning.return-answer-within (" + warnings.returnAnswerWithin()
                    + ")");
        }
        this.orphanHorizon = duration("case.orphan-horizon");
        this.punctuation =
                new Punctuation(duration("punctuation.interval"), nonNegativeInt("punctuation.max-due-per-run"));
        this.clock = new Clock(
                duration("clock.grace"),
                duration("clock.quiet-period"),
                duration("clock.future-tolerance"),
                duration("clock.input-skew"));
        this.limits = new Limits(
                positiveInt("input.max-id-length"),
                positiveInt("input.max-text-length"),
                positiveInt("case.max-events"),
                positiveInt("case.max-bytes"));
        this.objectCacheEntries = string("state.object-cache.max-entries").equals(AUTO)
                ? OptionalInt.empty()
                : OptionalInt.of(positiveInt("state.object-cache.max-entries"));
        this.objectCacheHeapShare = fraction("state.object-cache.heap-share");
        if (objectCacheHeapShare == 0) {
            throw new IllegalArgumentException("state.object-cache.heap-share=0: must be more than 0");
        }
        long idleMs;
        try {
            idleMs = Long.parseLong(string("max.task.idle.ms"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "max.task.idle.ms=" + props.getProperty("max.task.idle.ms") + " is not a number of milliseconds");
        }
        if (clock.quietPeriod().toMillis() <= idleMs) {
            // A task waiting for an empty partition would be taken for one that has read everything.
            throw new IllegalArgumentException("clock.quiet-period (" + clock.quietPeriod()
                    + ") must be longer than max.task.idle.ms (" + idleMs + " ms)");
        }
        if (clock.quietPeriod().compareTo(clock.inputSkew()) <= 0) {
            // The wall clock would move a task's clock past an input that still holds it back.
            throw new IllegalArgumentException("clock.quiet-period (" + clock.quietPeriod()
                    + ") must be longer than clock.input-skew (" + clock.inputSkew() + ")");
        }
        this.performance = new Performance(
                days("performance.window.odr"),
                days("performance.window.on-time-delivery"),
                days("performance.window.not-received"),
                days("performance.window.merchant-cancel"),
                days("performance.window.return-refusal"),
                days("performance.window.breaches"),
                days("performance.window.chargebacks"),
                days("performance.retention"),
                duration("performance.publish-interval"),
                days("performance.window.late-shipment"),
                days("performance.window.pre-fulfilment-cancel"),
                days("performance.window.valid-tracking"),
                days("performance.window.return-dissatisfaction"),
                new Targets(
                        fraction("target.odr"),
                        fraction("target.late-shipment"),
                        fraction("target.pre-fulfilment-cancel"),
                        fraction("target.valid-tracking"),
                        fraction("target.on-time-delivery"),
                        fraction("target.return-dissatisfaction")));
        this.reserve = new Reserve(
                duration("reserve.tier-i.account-age"),
                nonNegativeInt("reserve.tier-i.max-orders"),
                fraction("reserve.odr-threshold"),
                Boolean.parseBoolean(string("reserve.tier-ii-plus.enabled")),
                fraction("reserve.amount-step"),
                fraction("reserve.odr-warning-share"));
        // The reserve's windows end yesterday: the days kept reach one day further back than the longest window.
        int longest = java.util.stream.IntStream.of(
                        performance.odrDays(),
                        performance.onTimeDeliveryDays(),
                        performance.notReceivedDays(),
                        performance.merchantCancelDays(),
                        performance.returnRefusalDays(),
                        performance.breachDays(),
                        performance.chargebackDays(),
                        performance.lateShipmentDays(),
                        performance.preFulfilmentCancelDays(),
                        performance.validTrackingDays(),
                        performance.returnDissatisfactionDays(),
                        30)
                .max()
                .orElseThrow();
        int needed = Math.max(longest, Math.max(performance.odrDays(), 30) + 1);
        if (performance.retentionDays() < needed) {
            throw new IllegalArgumentException("performance.retention (" + performance.retentionDays()
                    + " days) must cover the longest window (" + longest + " days) and the reserve's windows, which end"
                    + " yesterday (" + needed + " days)");
        }
        this.defaultMarketplace = new Marketplace(
                "default",
                wait("marketplace.default.contact-wait"),
                wait("marketplace.default.claim-response"),
                ZoneId.of(string("marketplace.default.zone")),
                Locale.forLanguageTag(string("marketplace.default.locale")));
        if (punctuation.maxDuePerRun() < 1) {
            throw new IllegalArgumentException("punctuation.max-due-per-run must be at least 1");
        }
        if (punctuation.interval().isZero() || punctuation.interval().isNegative()) {
            throw new IllegalArgumentException("punctuation.interval must be positive");
        }
        // Resolve every configured marketplace now so that a typo fails at start-up, not mid-stream.
        props.stringPropertyNames().stream()
                .filter(k -> k.startsWith("marketplace.") && !k.startsWith("marketplace.default."))
                .map(k -> k.split("\\.")[1])
                .distinct()
                .forEach(this::marketplace);
    }

    /** The defaults alone. */
    public static PipelineConfig defaults() {
        return from(new Properties());
    }

    /** {@code overrides} laid over the defaults. Unknown keys are kept (they may be client settings). */
    public static PipelineConfig from(Properties overrides) {
        Properties merged = loadDefaults();
        overrides.stringPropertyNames().forEach(k -> merged.setProperty(k, overrides.getProperty(k)));
        return new PipelineConfig(merged);
    }

    public static PipelineConfig from(Map<String, String> overrides) {
        Properties p = new Properties();
        p.putAll(overrides);
        return from(p);
    }

    static Properties loadDefaults() {
        Properties p = new Properties();
        try (InputStream in = PipelineConfig.class.getResourceAsStream(DEFAULTS)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULTS, e);
        }
        return p;
    }

    public TopicNames topics() {
        return topics;
    }

    public Coverage coverage() {
        return coverage;
    }

    public PolicyDefaults defaultPolicy() {
        return defaultPolicy;
    }

    public Deadlines deadlines() {
        return deadlines;
    }

    public Warnings warnings() {
        return warnings;
    }

    /** How long events of an order whose PLACED is unknown wait, in event time. */
    public Duration orphanHorizon() {
        return orphanHorizon;
    }

    public Punctuation punctuation() {
        return punctuation;
    }

    public Clock clock() {
        return clock;
    }

    public Limits limits() {
        return limits;
    }

    /** What {@code state.object-cache.max-entries} is set to for no number of its own: the heap share decides. */
    public static final String AUTO = "auto";

    /**
     * How many cases (or merchants' figures) each task keeps decoded in front of its store, if a number is set; empty
     * for {@link #AUTO}: as many as {@link #objectCacheHeapShare} of the heap holds, between every task's caches.
     */
    public OptionalInt objectCacheEntries() {
        return objectCacheEntries;
    }

    /** The share of the heap the caches of decoded values may take between them, when no number is set. */
    public double objectCacheHeapShare() {
        return objectCacheHeapShare;
    }

    /** The currency a merchant's figures are kept in, if configured ({@code merchant.<id>.currency}). */
    public java.util.Optional<String> merchantCurrency(String merchantId) {
        String v = props.getProperty("merchant." + merchantId + ".currency");
        return v == null || v.isBlank()
                ? java.util.Optional.empty()
                : java.util.Optional.of(v.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * The language a merchant's own texts (reserve reasons, tier and ODR notices) are written in, if configured
     * ({@code merchant.<id>.locale}, BCP 47); without it, that of its home marketplace (most orders).
     */
    public java.util.Optional<Locale> merchantLocale(String merchantId) {
        String v = props.getProperty("merchant." + merchantId + ".locale");
        return v == null || v.isBlank()
                ? java.util.Optional.empty()
                : java.util.Optional.of(Locale.forLanguageTag(v.trim()));
    }

    /** The Kafka Streams setting {@code max.task.idle.ms} the pipeline's clock relies on. */
    public String maxTaskIdleMs() {
        return string("max.task.idle.ms");
    }

    public Performance performance() {
        return performance;
    }

    public Reserve reserve() {
        return reserve;
    }

    /** The rules of a marketplace: its own settings where given, the default ones otherwise. */
    public Marketplace marketplace(String code) {
        String mp = code == null ? "default" : code.toUpperCase(Locale.ROOT);
        return marketplaces.computeIfAbsent(
                mp,
                c -> new Marketplace(
                        c,
                        waitOr("marketplace." + c + ".contact-wait", defaultMarketplace.contactWait()),
                        waitOr("marketplace." + c + ".claim-response", defaultMarketplace.claimResponse()),
                        props.containsKey("marketplace." + c + ".zone")
                                ? ZoneId.of(props.getProperty("marketplace." + c + ".zone"))
                                : defaultMarketplace.zone(),
                        props.containsKey("marketplace." + c + ".locale")
                                ? Locale.forLanguageTag(props.getProperty("marketplace." + c + ".locale"))
                                : defaultMarketplace.locale()));
    }

    /** Every key and value in force, for start-up logs and {@code --help}. */
    public Map<String, String> asMap() {
        return props.stringPropertyNames().stream()
                .sorted()
                .collect(Collectors.toMap(k -> k, props::getProperty, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    public List<String> keys() {
        return props.stringPropertyNames().stream().sorted().toList();
    }

    private String string(String key) {
        String v = props.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing setting " + key);
        }
        return v.trim();
    }

    private Duration duration(String key) {
        try {
            Duration d = Duration.parse(string(key));
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    key + "=" + props.getProperty(key) + " is not a non-negative ISO-8601 duration (e.g. P7D, PT48H)");
        }
    }

    /** A whole number of days, written as an ISO-8601 duration (P60D). */
    private int days(String key) {
        Duration d = duration(key);
        if (!d.equals(Duration.ofDays(d.toDays())) || d.isZero()) {
            throw new IllegalArgumentException(
                    key + "=" + props.getProperty(key) + " must be a whole number of days (e.g. P30D)");
        }
        return (int) d.toDays();
    }

    /** A non-negative amount in major units. */
    private BigDecimal amount(String key) {
        BigDecimal v;
        try {
            v = new BigDecimal(string(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + props.getProperty(key)
                    + " is not an amount in major units of the currency (e.g. 2500 or 2500.50)");
        }
        if (v.signum() < 0) {
            throw new IllegalArgumentException(key + " must not be negative");
        }
        return v;
    }

    /** The currency of a {@code coverage.cap.<CUR>} key: an ISO 4217 code of three letters. */
    private static String capCurrency(String key) {
        String currency = key.substring("coverage.cap.".length()).toUpperCase(Locale.ROOT);
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException(key + ": not a currency code (e.g. coverage.cap.EUR)");
        }
        return currency;
    }

    /** A currency's own cap, which must be expressible in its minor units (no fraction of a yen). */
    private BigDecimal capOf(String key) {
        BigDecimal v = amount(key);
        int digits = io.atozwatch.topology.rules.Money.fractionDigits(capCurrency(key));
        if (v.stripTrailingZeros().scale() > digits) {
            throw new IllegalArgumentException(key + "=" + props.getProperty(key) + " has more decimals than "
                    + capCurrency(key) + " has (" + digits + ")");
        }
        return v;
    }

    /** A share between 0 and 1. */
    private double fraction(String key) {
        try {
            double v = Double.parseDouble(string(key));
            if (v < 0 || v > 1) {
                throw new IllegalArgumentException("out of range");
            }
            return v;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    key + "=" + props.getProperty(key) + " is not a share between 0 and 1 (e.g. 0.01)");
        }
    }

    private int nonNegativeInt(String key) {
        try {
            int v = Integer.parseInt(string(key));
            if (v < 0) {
                throw new IllegalArgumentException("negative");
            }
            return v;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + "=" + props.getProperty(key) + " is not a non-negative integer");
        }
    }

    private int positiveInt(String key) {
        int v = nonNegativeInt(key);
        if (v == 0) {
            throw new IllegalArgumentException(key + "=0: must be at least 1");
        }
        return v;
    }

    private Wait wait(String key) {
        try {
            return Wait.parse(string(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    private Wait waitOr(String key, Wait fallback) {
        return props.containsKey(key) ? wait(key) : fallback;
    }
}
