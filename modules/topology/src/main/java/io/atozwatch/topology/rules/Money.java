package io.atozwatch.topology.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Minor units and ISO 4217 currencies. */
public final class Money {
    private Money() {}

    /** Decimal places of a currency (2 when the code is unknown to the JDK). */
    public static int fractionDigits(String currency) {
        try {
            int d = Currency.getInstance(currency).getDefaultFractionDigits();
            return d < 0 ? 0 : d;
        } catch (IllegalArgumentException | NullPointerException e) {
            return 2;
        }
    }

    /**
     * An amount in major units expressed in the currency's minor units, e.g. 2500 USD = 250000; a fraction of
     * the smallest unit (coverage.cap=1000.50 in yen) is dropped.
     */
    public static long toMinor(BigDecimal major, String currency) {
        return major.movePointRight(fractionDigits(currency))
                .setScale(0, RoundingMode.DOWN)
                .longValueExact();
    }

    /** "EUR 12.99" */
    public static String format(long amountMinor, String currency) {
        return currency + " "
                + BigDecimal.valueOf(amountMinor, fractionDigits(currency)).toPlainString();
    }
}
