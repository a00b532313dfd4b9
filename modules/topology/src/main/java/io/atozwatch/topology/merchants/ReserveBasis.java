package io.atozwatch.topology.merchants;

import java.time.LocalDate;

/**
 * What a reserve decision rests on: the merchant's figures over whole days (UTC) ending on
 * {@code coveredTo}, the day before the decision's, and the disputes open at the decision. The windows
 * stay put from one day boundary to the next, so the amount does not drift with the hours of the current
 * day; what they hold is what is known at the decision (a claim filed today on an order placed last week
 * counts in the ODR).
 *
 * @param currency               the merchant's currency (null if not known yet)
 * @param coveredTo              the last whole day covered
 * @param orders                 orders placed up to the end of {@code coveredTo}
 * @param accountAgeDays         whole days from the first order's day to the decision's day
 * @param odrDays                the ODR window, in days, ending on {@code coveredTo}
 * @param odrOrders              orders placed in that window
 * @param odrDefects             of those, orders with a defect
 * @param sales7dMinor           captured amounts of the 7 days ending on {@code coveredTo}
 * @param sales30dMinor          captured amounts of the 30 days ending on {@code coveredTo}
 * @param unresolvedDisputeMinor open A-to-z claims and chargebacks, now
 */
public record ReserveBasis(
        String currency,
        LocalDate coveredTo,
        long orders,
        long accountAgeDays,
        int odrDays,
        long odrOrders,
        long odrDefects,
        long sales7dMinor,
        long sales30dMinor,
        long unresolvedDisputeMinor) {

    /** Orders with a defect / orders over the ODR window; null when no order was placed in it. */
    public Double odr() {
        return odrOrders <= 0 ? null : (double) odrDefects / odrOrders;
    }

    public LocalDate sales7dFrom() {
        return coveredTo.minusDays(6);
    }

    public LocalDate sales30dFrom() {
        return coveredTo.minusDays(29);
    }

    public LocalDate odrFrom() {
        return coveredTo.minusDays(odrDays - 1L);
    }
}
