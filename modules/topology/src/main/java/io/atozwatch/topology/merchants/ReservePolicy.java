package io.atozwatch.topology.merchants;

import io.atozwatch.events.MerchantPerformance;
import io.atozwatch.events.ReserveTier;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.rules.Money;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reserve tiers (domain brief, section 4): Tier I for the first months, few orders or a high ODR
 * (hold the larger of the past 7 days' payments and unresolved disputes); Tier II otherwise (the larger
 * of ODR x the past 30 days' sales and unresolved disputes); Tier II-Plus, where enabled, instead of
 * Tier II (unresolved disputes only). Thresholds are configuration; reasons are written for account managers.
 */
public final class ReservePolicy {
    private ReservePolicy() {}

    /** Sets tier, reserve and reasons on figures computed by {@link MerchantMetrics}. */
    public static MerchantPerformance decide(MerchantPerformance.Builder p, PipelineConfig.Reserve r) {
        long ageDays = p.getFirstOrderAt() == null ? 0 : Duration.between(p.getFirstOrderAt(), p.getAsOf()).toDays();
        double odr = p.getOdr() == null ? 0 : p.getOdr();
        List<String> reasons = new ArrayList<>();
        String currency = p.getCurrency() == null ? "" : p.getCurrency();
        long ageLimit = r.tierOneAccountAge().toDays();
        if (ageDays < ageLimit) {
            reasons.add("the account is " + ageDays + " days old, younger than " + ageLimit + " days");
        }
        if (p.getOrderCount() <= r.tierOneMaxOrders()) {
            reasons.add(p.getOrderCount() + " orders, " + r.tierOneMaxOrders() + " or fewer");
        }
        if (odr >= r.odrThreshold()) {
            reasons.add("ODR " + percent(odr) + ", at or above " + percent(r.odrThreshold()));
        }
        long unresolved = p.getUnresolvedDisputeMinor();
        ReserveTier tier;
        long amount;
        String how;
        if (!reasons.isEmpty()) {
            tier = ReserveTier.TIER_I;
            amount = Math.max(p.getSales7dMinor(), unresolved);
            how = "holds the larger of the past 7 days' payments (" + money(p.getSales7dMinor(), currency)
                    + ") and unresolved disputes (" + money(unresolved, currency) + ")";
            reasons.replaceAll(reason -> "Tier I: " + reason);
        } else if (r.tierTwoPlusEnabled()) {
            tier = ReserveTier.TIER_II_PLUS;
            amount = unresolved;
            how = "holds unresolved disputes only (" + money(unresolved, currency) + ")";
            reasons.add("Tier II-Plus: account " + ageDays + " days old, " + p.getOrderCount() + " orders, "
                    + odrBelow(p, r));
        } else {
            tier = ReserveTier.TIER_II;
            long odrShare = Math.round(odr * p.getSales30dMinor());
            amount = Math.max(odrShare, unresolved);
            how = p.getOdr() == null
                    ? "holds unresolved disputes (" + money(unresolved, currency) + "): with no ODR, ODR x sales is nothing"
                    : "holds the larger of ODR x the past 30 days' sales (" + percent(odr) + " x "
                            + money(p.getSales30dMinor(), currency) + " = " + money(odrShare, currency)
                            + ") and unresolved disputes (" + money(unresolved, currency) + ")";
            reasons.add("Tier II: account " + ageDays + " days old, " + p.getOrderCount() + " orders, " + odrBelow(p, r));
        }
        reasons.add("Reserve " + money(amount, currency) + ": " + how + ".");
        return p.setTier(tier).setReserveMinor(amount).setReasons(reasons).build();
    }

    /** What is known of the ODR of a merchant below the threshold: a rate, or that there is none. */
    private static String odrBelow(MerchantPerformance.Builder p, PipelineConfig.Reserve r) {
        if (p.getOdr() == null) {
            return "no ODR yet: no orders placed in its window";
        }
        return "ODR " + percent(p.getOdr()) + " below " + percent(r.odrThreshold()) + " (" + p.getOdrDefects()
                + " of " + p.getOdrOrders() + " orders with a defect)";
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    private static String money(long minor, String currency) {
        return currency.isEmpty() ? String.valueOf(minor) : Money.format(minor, currency);
    }
}
