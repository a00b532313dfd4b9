package io.atozwatch.app.generate;

import io.atozwatch.events.MerchantPolicy;
import io.atozwatch.topology.config.PipelineConfig;

/**
 * A synthetic merchant: its id, behaviour, home marketplace, the return policy it published (null if
 * none: the pipeline's default applies), and its relative share of the orders.
 */
public record MerchantProfile(
        String merchantId,
        Behaviour behaviour,
        String marketplace,
        MerchantPolicy publishedPolicy,
        double volumeWeight) {

    private static final PipelineConfig.PolicyDefaults DEFAULT_POLICY =
            PipelineConfig.defaults().defaultPolicy();

    /** Whether the policy in force (published, or the default) accepts returns. */
    public boolean acceptsReturns() {
        return publishedPolicy != null ? publishedPolicy.getAcceptsReturns() : DEFAULT_POLICY.acceptsReturns();
    }

    /** Days after delivery (inclusive) in which the policy in force accepts a return request. */
    public int returnWindowDays() {
        return publishedPolicy != null ? publishedPolicy.getReturnWindowDays() : DEFAULT_POLICY.returnWindowDays();
    }

    /** Days after receiving a return within which the policy in force says the merchant refunds. */
    public int refundWithinDays() {
        return publishedPolicy != null ? publishedPolicy.getRefundWithinDays() : DEFAULT_POLICY.refundWithinDays();
    }
}
