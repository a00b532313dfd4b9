package io.atozwatch.topology.stores;

import static io.atozwatch.topology.Ev.charged;
import static io.atozwatch.topology.Ev.dispute;
import static io.atozwatch.topology.Ev.placed;
import static io.atozwatch.topology.Ev.shipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.atozwatch.events.DisputeEventType;
import io.atozwatch.state.DeadlineOutcome;
import io.atozwatch.state.OrderCase;
import io.atozwatch.topology.PipelineFixture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class RecordCopyTest {

    private static ByteBuffer encoded(OrderCase c) throws IOException {
        return c.toByteBuffer();
    }

    /** Cases with every part filled: events kept as received, a policy, verdicts, deadlines, notices, figures. */
    private static List<OrderCase> cases() {
        try (PipelineFixture p = new PipelineFixture()) {
            p.pipe(placed("o-1", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            p.pipe(charged("o-1", "2026-03-01T10:01:00Z", 5000));
            p.pipe(shipped("o-1", "s-1", "2026-03-02T10:00:00Z"));
            p.streamTimeTo("2026-03-20T00:00:00Z"); // the delivery promise is broken
            p.pipe(dispute("o-1", "d-1", DisputeEventType.CLAIM_FILED, "2026-03-20T01:00:00Z"));
            p.streamTimeTo("2026-03-21T00:00:00Z");
            p.pipe(shipped("o-early", "s-1", "2026-03-21T00:00:00Z")); // before its PLACED: kept with its bytes
            OrderCase early = p.caseOf("o-early");
            OrderCase full = p.caseOf("o-1");
            assertThat(early.getEvents().get(0).getRaw()).isNotNull();
            assertThat(full.getVerdicts()).isNotEmpty();
            assertThat(full.getDeadlines()).isNotEmpty();
            assertThat(full.getNotifications()).isNotEmpty();
            assertThat(full.getFigures()).isNotNull();
            return List.of(early, full);
        }
    }

    @Test
    void aCopyIsWrittenAsTheOriginalIs() throws IOException {
        for (OrderCase c : cases()) {
            assertThat(encoded(RecordCopy.of(c))).isEqualTo(encoded(c));
        }
    }

    @Test
    void changingACopyLeavesTheOriginalAsItWas() throws IOException {
        for (OrderCase c : cases()) {
            ByteBuffer before = encoded(c);
            OrderCase copy = RecordCopy.of(c);
            copy.getEvents().get(0).setSourceTopic("elsewhere");
            if (copy.getEvents().get(0).getRaw() != null) {
                copy.getEvents().get(0).getRaw().put(0, (byte) 42);
            }
            copy.getEvents().add(copy.getEvents().get(0));
            copy.getDeadlines().forEach(d -> d.setOutcome(DeadlineOutcome.CANCELLED));
            copy.getVerdicts().forEach(v -> v.setEvidence("changed"));
            copy.getNotifications().clear();
            if (copy.getFigures() != null) {
                copy.getFigures().setUnresolvedDisputeMinor(123_456);
            }
            copy.setFactSequence(c.getFactSequence() + 1);
            assertThat(encoded(c)).isEqualTo(before);
        }
    }

    @Test
    void theFieldsNamedAreCopiedAsTheirFunctionSaysTheRestDeeply() throws IOException {
        OrderCase c = cases().get(1);
        OrderCase copy = RecordCopy.copier(OrderCase.class, Map.of("events", events -> events))
                .apply(c);

        assertThat(encoded(copy)).isEqualTo(encoded(c));
        assertThat(copy.getEvents()).as("shared, as asked").isSameAs(c.getEvents());
        assertThat(copy.getVerdicts()).isNotSameAs(c.getVerdicts());
        assertThat(copy.getVerdicts().get(0)).isNotSameAs(c.getVerdicts().get(0));
        assertThat(copy.getFigures()).isNotSameAs(c.getFigures()).isEqualTo(c.getFigures());
    }

    @Test
    void aCopierWorkedOutOnceCopiesAsTheCallDoesAndRefusesAFieldTheRecordHasNot() throws IOException {
        OrderCase c = cases().get(1);
        UnaryOperator<OrderCase> copier = RecordCopy.copier(OrderCase.class, Map.of("events", events -> events));
        OrderCase copy = copier.apply(c);

        assertThat(encoded(copy)).isEqualTo(encoded(c));
        assertThat(copy.getEvents()).isSameAs(c.getEvents());
        assertThat(copy.getDeadlines()).isNotSameAs(c.getDeadlines());
        assertThat(copy.getDeadlines().get(0)).isNotSameAs(c.getDeadlines().get(0));
        assertThatThrownBy(() -> RecordCopy.copier(OrderCase.class, Map.of("evnts", events -> events)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("evnts");
    }

    @Test
    void refusesAValueItDoesNotKnowRatherThanShareIt() {
        OrderCase c = cases().get(1);
        c.getEvents().get(0).put("event", new StringBuilder("not an event"));
        assertThatThrownBy(() -> RecordCopy.of(c))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("StringBuilder");
    }
}
