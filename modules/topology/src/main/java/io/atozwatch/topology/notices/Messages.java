package io.atozwatch.topology.notices;

import io.atozwatch.topology.rules.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders {@link Text}s in one language, from the {@code messages} resource bundles (English, French, German,
 * Spanish, Italian). English keeps the pipeline's own forms: instants in ISO-8601 UTC and amounts as
 * "USD 12.99", days as ISO-8601 dates and rates as "1.25%", as support agents and the English texts always had
 * them; the other languages write instants and days as that language writes a date and time (in UTC, said so),
 * and amounts and rates with its own decimal and grouping marks.
 */
public final class Messages {
    public static final Locale ENGLISH_LOCALE = Locale.ENGLISH;
    public static final Messages ENGLISH = new Messages(ENGLISH_LOCALE);
    private static final String BUNDLE = "io.atozwatch.topology.notices.messages";
    private static final Map<Locale, Messages> BY_LOCALE = new ConcurrentHashMap<>(Map.of(ENGLISH_LOCALE, ENGLISH));

    private final Locale locale;
    private final ResourceBundle bundle;
    private final boolean english;
    private final DateTimeFormatter instants;
    private final DateTimeFormatter dates;

    private Messages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(
                BUNDLE, locale, ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        this.english = bundle.getLocale().getLanguage().isEmpty()
                || bundle.getLocale().getLanguage().equals("en");
        this.instants = english
                ? null
                : DateTimeFormatter.ofPattern(bundle.getString("format.instant"), locale)
                        .withZone(ZoneOffset.UTC);
        this.dates = english ? null : DateTimeFormatter.ofPattern(bundle.getString("format.date"), locale);
    }

    /** The messages of {@code locale}; a language without a bundle gets English. */
    public static Messages of(Locale locale) {
        return BY_LOCALE.computeIfAbsent(locale, Messages::new);
    }

    public Locale locale() {
        return locale;
    }

    /** Whether the texts come out in English (a language without a bundle does too). */
    public boolean english() {
        return english;
    }

    public String render(Text text) {
        String out = bundle.getString(text.key());
        for (int i = 0; i < text.args().size(); i++) {
            out = out.replace("{" + i + "}", arg(text.args().get(i)));
        }
        return out;
    }

    /** Each of {@code texts}, rendered. */
    public List<String> render(List<Text> texts) {
        return texts.stream().map(this::render).toList();
    }

    private String arg(Object arg) {
        if (arg instanceof Text t) {
            return render(t);
        }
        if (arg instanceof Instant instant) {
            return english ? instant.toString() : instants.format(instant);
        }
        if (arg instanceof LocalDate day) {
            return english ? day.toString() : dates.format(day);
        }
        if (arg instanceof Text.Amount a) {
            return english ? Money.format(a.minor(), a.currency()) : amount(a);
        }
        if (arg instanceof Text.Count c) {
            boolean one = c.n() == 1 || c.n() == 0 && locale.getLanguage().equals("fr");
            return bundle.getString("count." + c.noun() + (one ? ".one" : ".other"))
                    .replace("{0}", String.valueOf(c.n()));
        }
        if (arg instanceof Text.Percent p) {
            return english ? englishPercent(p.fraction()) : percent(p);
        }
        return String.valueOf(arg);
    }

    private String amount(Text.Amount a) {
        int digits = Money.fractionDigits(a.currency());
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        return f.format(BigDecimal.valueOf(a.minor(), digits)) + " " + a.currency();
    }

    /**
     * "1.25%": as {@code String.format(Locale.ROOT, "%.2f%%", fraction * 100)} says it (the shortest decimal
     * of the double, rounded half up), without a formatter per call.
     */
    public static String englishPercent(double fraction) {
        double value = fraction * 100;
        if (!Double.isFinite(value)
                || value < 0
                || Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(-0.0)) {
            return String.format(Locale.ROOT, "%.2f%%", value);
        }
        return new BigDecimal(Double.toString(value))
                        .setScale(2, RoundingMode.HALF_UP)
                        .toPlainString()
                + '%';
    }

    private String percent(Text.Percent p) {
        NumberFormat f = NumberFormat.getNumberInstance(locale);
        f.setMinimumFractionDigits(2);
        f.setMaximumFractionDigits(2);
        return bundle.getString("format.percent").replace("{0}", f.format(p.fraction() * 100));
    }
}
