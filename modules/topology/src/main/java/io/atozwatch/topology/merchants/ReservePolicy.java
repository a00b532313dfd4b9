package io.atozwatch.topology.merchants;

import io.atozwatch.events.ReserveTier;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.notices.Messages;
import io.atozwatch.topology.notices.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * The reserve tiers (domain brief, section 4): Tier I for the first months, few orders or a high ODR
 * (hold the larger of the past 7 days' payments and unresolved disputes); Tier II otherwise (the larger
 * of ODR x the past 30 days' sales and unresolved disputes); Tier II-Plus, where enabled, instead of
 * Tier II (unresolved disputes only). Decided on a {@link ReserveBasis}: whole days ending yesterday and
 * the disputes open now. Thresholds are configuration; reasons are written for account managers, as
 * {@link Text}s of the {@code messages} bundles, rendered in the merchant's language and in English.
 */
public final class ReservePolicy {
    private ReservePolicy() {}

    /** A tier, the amount it holds, and why, in words to be rendered. */
    public record Decision(ReserveTier tier, long reserveMinor, List<Text> reasonTexts) {

        /** The reasons in English. */
        public List<String> reasons() {
            return reasons(Messages.ENGLISH);
        }

        /** The reasons in the language of {@code messages}. */
        public List<String> reasons(Messages messages) {
            return messages.render(reasonTexts);
        }
    }

    public static Decision decide(ReserveBasis b, PipelineConfig.Reserve r) {
        long ageDays = b.accountAgeDays();
        Double odr = b.odr();
        double rate = odr == null ? 0 : odr;
        List<Text> reasons = new ArrayList<>();
        long ageLimit = r.tierOneAccountAge().toDays();
        if (ageDays < ageLimit) {
            reasons.add(Text.of("reserve.young", days(ageDays), ageLimit));
        }
        if (b.orders() <= r.tierOneMaxOrders()) {
            reasons.add(Text.of("reserve.few-orders", orders(b.orders()), r.tierOneMaxOrders()));
        }
        if (rate >= r.odrThreshold()) {
            reasons.add(Text.of("reserve.high-odr", new Text.Percent(rate), new Text.Percent(r.odrThreshold())));
        }
        long unresolved = b.unresolvedDisputeMinor();
        ReserveTier tier;
        long amount;
        Text how;
        Text basis;
        if (!reasons.isEmpty()) {
            tier = ReserveTier.TIER_I;
            amount = Math.max(b.sales7dMinor(), unresolved);
            how = Text.of(
                    "reserve.how.tier-one", money(b.sales7dMinor(), b.currency()), money(unresolved, b.currency()));
            basis = Text.of("reserve.basis.payments", b.coveredTo(), b.sales7dFrom(), b.odrFrom());
            reasons.replaceAll(reason -> Text.of("reserve.tier-one", reason));
        } else if (r.tierTwoPlusEnabled()) {
            tier = ReserveTier.TIER_II_PLUS;
            amount = unresolved;
            how = Text.of("reserve.how.tier-two-plus", money(unresolved, b.currency()));
            basis = Text.of("reserve.basis.disputes", b.coveredTo(), b.odrFrom());
            reasons.add(Text.of("reserve.tier-two-plus", days(ageDays), orders(b.orders()), odrBelow(b, r)));
        } else {
            tier = ReserveTier.TIER_II;
            long odrShare = Math.round(rate * b.sales30dMinor());
            amount = Math.max(odrShare, unresolved);
            how = odr == null
                    ? Text.of("reserve.how.tier-two-no-odr", money(unresolved, b.currency()))
                    : Text.of(
                            "reserve.how.tier-two",
                            new Text.Percent(rate),
                            money(b.sales30dMinor(), b.currency()),
                            money(odrShare, b.currency()),
                            money(unresolved, b.currency()));
            basis = Text.of("reserve.basis.sales", b.coveredTo(), b.sales30dFrom(), b.odrFrom());
            reasons.add(Text.of("reserve.tier-two", days(ageDays), orders(b.orders()), odrBelow(b, r)));
        }
        reasons.add(Text.of("reserve.amount", money(amount, b.currency()), how));
        reasons.add(basis);
        return new Decision(tier, amount, List.copyOf(reasons));
    }

    /** What is known of the ODR of a merchant below the threshold: a rate, or that there is none. */
    private static Text odrBelow(ReserveBasis b, PipelineConfig.Reserve r) {
        if (b.odr() == null) {
            return Text.of("reserve.no-odr");
        }
        return Text.of(
                "reserve.odr-below",
                new Text.Percent(b.odr()),
                new Text.Percent(r.odrThreshold()),
                b.odrDefects(),
                b.odrOrders());
    }

    /** "1 day", "3 days". */
    private static Text.Count days(long n) {
        return new Text.Count(n, "days");
    }

    /** "1 order", "3 orders". */
    static Text.Count orders(long n) {
        return new Text.Count(n, "orders");
    }

    /** With its currency; a merchant whose currency is not known yet has its amounts said to be in minor units. */
    static Object money(long minor, String currency) {
        return currency == null || currency.isEmpty()
                ? Text.of("amount.minor-units", minor)
                : new Text.Amount(minor, currency);
    }
}
