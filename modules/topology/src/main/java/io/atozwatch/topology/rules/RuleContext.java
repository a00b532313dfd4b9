package io.atozwatch.topology.rules;

import io.atozwatch.state.PolicySnapshot;
import io.atozwatch.topology.config.PipelineConfig;
import java.time.Instant;

/**
 * What a rule may look at: the order's events, the merchant's policy at the time of ordering, the
 * configured figures, and the current time (stream time, or wall-clock time in production).
 */
public record RuleContext(OrderView view, PolicySnapshot policy, PipelineConfig config, Instant now) {

    public String currency() {
        return view.placed().getCurrency();
    }

    public String money(long amountMinor) {
        return Money.format(amountMinor, currency());
    }

    public boolean hasPassed(Instant instant) {
        return !now.isBefore(instant);
    }
}
