package io.atozwatch.topology.notices;

import io.atozwatch.topology.rules.Money;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders {@link Text}s in one language, from the {@code messages} resource bundles (English, French, German,
 * Spanish, Italian). English keeps the pipeline's own forms: instants in ISO-8601 UTC and amounts as
 * "USD 12.99", as support agents and the English texts always had them; the other languages write instants as
 * that language writes a date and time (in UTC, said so) and amounts with its own decimal and grouping marks.
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

    private Messages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale, ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
        this.english = bundle.getLocale().getLanguage().isEmpty() || bundle.getLocale().getLanguage().equals("en");
        this.instants = english ? null
                : DateTimeFormatter.ofPattern(bundle.getString("format.instant"), locale).withZone(ZoneOffset.UTC);
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

    private String arg(Object arg) {
        if (arg instanceof Text t) {
            return render(t);
        }
        if (arg instanceof Instant instant) {
            return english ? instant.toString() : instants.format(instant);
        }
        if (arg instanceof Text.Amount a) {
            return english ? Money.format(a.minor(), a.currency()) : amount(a);
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
}
