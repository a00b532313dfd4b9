package io.atozwatch.topology.cases;

import io.atozwatch.events.OrderEvent;
import io.atozwatch.events.OrderEventType;
import io.atozwatch.state.CaseEvent;
import io.atozwatch.state.OrderCase;
import io.atozwatch.topology.config.PipelineConfig;
import java.util.Optional;

/**
 * How much one order's case may hold. An event past a limit is set aside (dead-lettered with the
 * reason) and the case goes on with what it has: one case cannot grow until its changelog record is
 * refused by the broker, which would stop its whole partition.
 */
final class CaseLimits {
    private final int maxEvents;
    private final long maxBytes;

    CaseLimits(PipelineConfig.Limits limits) {
        this.maxEvents = limits.maxEventsPerCase();
        this.maxBytes = limits.maxCaseBytes();
    }

    /**
     * Why the case cannot take {@code event}, whose record has {@code recordBytes} bytes, if it cannot. The
     * order's PLACED is always taken (it is small, its fields being bounded): the events that fill a case may
     * be read before it, and without it the case could judge nothing.
     */
    Optional<String> refusal(OrderCase c, CaseEvent event, int recordBytes) {
        if (isPlaced(event)) {
            return Optional.empty();
        }
        long others = 0;
        for (CaseEvent e : c.getEvents()) {
            others += isPlaced(e) ? 0 : 1;
        }
        if (others >= maxEvents) {
            return Optional.of("order " + c.getOrderId() + " already has " + others
                    + " events besides its PLACED, the limit (case.max-events); its case goes on without this one");
        }
        if (c.getInputBytes() + recordBytes > maxBytes) {
            return Optional.of("order " + c.getOrderId() + " would hold " + (c.getInputBytes() + recordBytes)
                    + " bytes of events with this record of " + recordBytes + " bytes, more than the limit of "
                    + maxBytes + " (case.max-bytes); its case goes on without this one");
        }
        return Optional.empty();
    }

    private static boolean isPlaced(CaseEvent e) {
        return e.getEvent() instanceof OrderEvent o && o.getType() == OrderEventType.PLACED;
    }

    /** Counts an event taken into the case. */
    static void taken(OrderCase c, int recordBytes) {
        c.setInputBytes(c.getInputBytes() + recordBytes);
    }
}
