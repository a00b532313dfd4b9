package io.atozwatch.app.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atozwatch.state.DeadlineOutcome;
import io.atozwatch.state.DeadlineState;
import io.atozwatch.state.OrderCase;
import io.atozwatch.topology.rules.OrderView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The open-deadlines view ({@code GET /orders?openDeadlines=true&merchantId=...}): the deadlines of a merchant's
 * orders that are still OPEN (neither met, breached nor cancelled), soonest first, as the cases hold them.
 */
public final class OpenDeadlines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenDeadlines() {}

    public static List<ObjectNode> of(List<OrderCase> cases, String merchantId) {
        List<ObjectNode> open = new ArrayList<>();
        for (OrderCase c : cases) {
            if (c.getEvents().isEmpty()
                    || c.getDeadlines().stream().noneMatch(d -> d.getOutcome() == DeadlineOutcome.OPEN)) {
                continue;
            }
            OrderView view = OrderView.of(c.getEvents()); // a case keeps its events in time order
            if (!view.isPlaced() || !merchantId.equals(view.placed().getMerchantId())) {
                continue;
            }
            for (DeadlineState d : c.getDeadlines()) {
                if (d.getOutcome() != DeadlineOutcome.OPEN) {
                    continue;
                }
                ObjectNode n = JSON.createObjectNode();
                n.put("orderId", c.getOrderId());
                n.put("merchantId", merchantId);
                n.put("kind", d.getKind().name());
                n.put("referenceId", d.getReferenceId());
                n.put("startedAt", d.getStartedAt().toString());
                n.put("dueAt", d.getDueAt().toString());
                open.add(n);
            }
        }
        return sorted(open);
    }

    /** Soonest first, then by order, kind and reference: the same order on every instance, after a merge too. */
    static List<ObjectNode> sorted(List<ObjectNode> deadlines) {
        List<ObjectNode> out = new ArrayList<>(deadlines);
        out.sort(Comparator.comparing(
                        (JsonNode n) -> Instant.parse(n.get("dueAt").asText()))
                .thenComparing(n -> n.get("orderId").asText())
                .thenComparing(n -> n.get("kind").asText())
                .thenComparing(n -> n.get("referenceId").asText()));
        return out;
    }
}
