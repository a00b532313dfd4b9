package io.atozwatch.topology.merchants;

import io.atozwatch.events.ReserveTier;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.rules.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reserve tiers (domain brief, section 4): Tier I for the first months, few orders or a high ODR
 * (hold the larger of the past 7 days' payments and unresolved disputes); Tier II otherwise (the larger
 * of ODR x the past 30 days' sales and unresolved disputes); Tier II-Plus, where enabled, instead of
 * Tier II (unresolved disputes only). Decided on a {@link ReserveBasis}: whole days ending yesterday and
 * the disputes open now. Thresholds are configuration; reasons are written for account managers.
 */
public final class ReservePolicy {
    private ReservePolicy() {}

    /** A tier, the amount it holds, and why, in words. */
    public record Decision(ReserveTier tier, long reserveMinor, List<String> reasons) {}

    public static Decision decide(ReserveBasis b, PipelineConfig.Reserve r) {
        long ageDays = b.accountAgeDays();
        Double odr = b.odr();
        double rate = odr == null ? 0 : odr;
        List<String> reasons = new ArrayList<>();
        long ageLimit = r.tierOneAccountAge().toDays();
        if (ageDays < ageLimit) {
            reasons.add("the account is " + count(ageDays, "day") + " old, younger than " + ageLimit + " days");
        }
        if (b.orders() <= r.tierOneMaxOrders()) {
            reasons.add(count(b.orders(), "order") + ", " + r.tierOneMaxOrders() + " or fewer");
        }
        if (rate >= r.odrThreshold()) {
            reasons.add("ODR " + percent(rate) + ", at or above " + percent(r.odrThreshold()));
        }
        long unresolved = b.unresolvedDisputeMinor();
        ReserveTier tier;
        long amount;
        String how;
        String days;
        if (!reasons.isEmpty()) {
            tier = ReserveTier.TIER_I;
            amount = Math.max(b.sales7dMinor(), unresolved);
            how = "holds the larger of the past 7 days' payments (" + money(b.sales7dMinor(), b.currency())
                    + ") and unresolved disputes (" + money(unresolved, b.currency()) + ")";
            days = "payments since " + b.sales7dFrom() + ", ";
            reasons.replaceAll(reason -> "Tier I: " + reason);
        } else if (r.tierTwoPlusEnabled()) {
            tier = ReserveTier.TIER_II_PLUS;
            amount = unresolved;
            how = "holds unresolved disputes only (" + money(unresolved, b.currency()) + ")";
            days = "";
            reasons.add("Tier II-Plus: account " + count(ageDays, "day") + " old, " + count(b.orders(), "order") + ", " + odrBelow(b, r));
        } else {
            tier = ReserveTier.TIER_II;
            long odrShare = Math.round(rate * b.sales30dMinor());
            amount = Math.max(odrShare, unresolved);
            how = odr == null
                    ? "holds unresolved disputes (" + money(unresolved, b.currency()) + "): with no ODR, ODR x sales is nothing"
                    : "holds the larger of ODR x the past 30 days' sales (" + percent(rate) + " x "
                            + money(b.sales30dMinor(), b.currency()) + " = " + money(odrShare, b.currency())
                            + ") and unresolved disputes (" + money(unresolved, b.currency()) + ")";
            days = "sales since " + b.sales30dFrom() + ", ";
            reasons.add("Tier II: account " + count(ageDays, "day") + " old, " + count(b.orders(), "order") + ", " + odrBelow(b, r));
        }
        reasons.add("Reserve " + money(amount, b.currency()) + ": " + how + ".");
        reasons.add("Decided on the whole days (UTC) up to " + b.coveredTo() + ": " + days + "ODR of orders placed since "
                + b.odrFrom() + "; and the disputes open now.");
        return new Decision(tier, amount, List.copyOf(reasons));
    }

    /** What is known of the ODR of a merchant below the threshold: a rate, or that there is none. */
    private static String odrBelow(ReserveBasis b, PipelineConfig.Reserve r) {
        if (b.odr() == null) {
            return "no ODR yet: no orders placed in its window";
        }
        return "ODR " + percent(b.odr()) + " below " + percent(r.odrThreshold()) + " (" + b.odrDefects()
                + " of " + b.odrOrders() + " orders with a defect)";
    }

    /** "1 order", "3 orders". */
    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * "1.25%": as {@code String.format(Locale.ROOT, "%.2f%%", fraction * 100)} says it (the shortest decimal
     * of the double, rounded half up), without a formatter per call.
     */
    static String percent(double fraction) {
        double value = fraction * 100;
        if (!Double.isFinite(value) || value < 0 || Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(-0.0)) {
            return String.format(Locale.ROOT, "%.2f%%", value);
        }
        return new BigDecimal(Double.toString(value)).setScale(2, RoundingMode.HALF_UP).toPlainString() + '%';
    }

    /** With its currency; a merchant whose currency is not known yet has its amounts said to be in minor units. */
    static String money(long minor, String currency) {
        return currency == null || currency.isEmpty() ? minor + " (minor units)" : Money.format(minor, currency);
    }
}
