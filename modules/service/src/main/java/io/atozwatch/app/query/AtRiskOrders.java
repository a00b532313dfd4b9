package io.atozwatch.app.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.state.OrderCase;
import io.atozwatch.topology.config.PipelineConfig;
import io.atozwatch.topology.notices.Messages;
import io.atozwatch.topology.rules.OrderView;
import io.atozwatch.topology.rules.RuleContext;
import io.atozwatch.topology.warnings.Risk;
import io.atozwatch.topology.warnings.Warnings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The at-risk view ({@code GET /orders?atRisk=true&merchantId=...}): a merchant's orders whose risk of a claim
 * (or a defect) is open, soonest first. A risk is open once its warning is due, while nothing has settled it and
 * it has not yet turned into a claim. It is judged as of the pipeline's clock on this instance, which the cases
 * show: the latest instant any of them was judged up to.
 */
final class AtRiskOrders {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AtRiskOrders() {}

    /** How far this instance's cases were judged: the clock the view is judged by (null with no case). */
    static Instant clock(List<OrderCase> cases) {
        Instant clock = null;
        for (OrderCase c : cases) {
            Instant judged = c.getJudgedUpTo();
            if (judged != null && (clock == null || judged.isAfter(clock))) {
                clock = judged;
            }
        }
        return clock;
    }

    /** The open risks of {@code merchantId}'s orders among {@code cases} at {@code now}, soonest first. */
    static List<ObjectNode> of(List<OrderCase> cases, String merchantId, PipelineConfig config, Instant now) {
        List<ObjectNode> open = new ArrayList<>();
        if (now == null) {
            return open;
        }
        for (OrderCase c : cases) {
            if (c.getPolicy() == null || c.getEvents().isEmpty()) {
                continue; // no PLACED yet: nothing to judge
            }
            OrderView view = OrderView.of(c.getEvents()).asOf(now); // a case keeps its events in time order
            if (!view.isPlaced() || !merchantId.equals(view.placed().getMerchantId())) {
                continue;
            }
            for (Risk r : Warnings.open(new RuleContext(view, c.getPolicy(), config, now))) {
                ObjectNode n = JSON.createObjectNode();
                n.put("orderId", c.getOrderId());
                n.put("merchantId", merchantId);
                n.put("risk", r.kind().name());
                n.put("referenceId", r.referenceId());
                n.put("warnedAt", r.warnAt().toString());
                n.put("dueAt", r.dueAt().toString());
                n.put("advice", Messages.ENGLISH.render(r.advice()));
                open.add(n);
            }
        }
        return sorted(open);
    }

    /** Soonest claim first, then by order and risk: the same order on every instance, after a merge too. */
    static List<ObjectNode> sorted(List<ObjectNode> risks) {
        List<ObjectNode> out = new ArrayList<>(risks);
        out.sort(Comparator.comparing(
                        (JsonNode n) -> Instant.parse(n.get("dueAt").asText()))
                .thenComparing(n -> n.get("orderId").asText())
                .thenComparing(n -> n.get("risk").asText())
                .thenComparing(n -> n.get("referenceId").asText()));
        return out;
    }
}
