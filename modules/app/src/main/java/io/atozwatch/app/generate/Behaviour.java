package io.atozwatch.app.generate;

/**
 * How a synthetic merchant treats its buyers. Each merchant of a generated run has exactly one; it
 * drives the probabilities of its orders' lives (see {@link OrderPlanner}), so that the pipeline's
 * verdicts and breaches concentrate on the merchants that deserve them.
 */
public enum Behaviour {
    /** Ships fast, delivers on time, refunds returns promptly, answers claims and chargebacks. */
    RELIABLE,
    /** Ships slowly: many deliveries after the maximum delivery date, some never delivered. */
    LATE_SHIPPER,
    /** Receives returns and then refunds nothing, or only part of the returned amount. */
    NEVER_REFUNDS,
    /** Rejects return requests made inside its own return window, although its policy accepts returns. */
    REFUSES_RETURNS,
    /** Captures more than the buyer authorised on some orders. */
    OVERCHARGES,
    /** Buyers file A-to-z claims; the merchant never answers them. */
    IGNORES_CLAIMS,
    /** Buyers file chargebacks with their bank; the merchant answers only some of them in time. */
    CHARGEBACK_PRONE
}
