package io.atozwatch.topology.cases;

import static io.atozwatch.topology.Ev.placed;
import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.events.ClaimEligibility;
import io.atozwatch.events.DeadLetter;
import io.atozwatch.topology.PipelineFixture;
import io.atozwatch.topology.PipelineListener;
import io.atozwatch.topology.time.InputProgress;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** A case that fails when it is due does not stop the check of the others, nor come back at every check. */
class DueCheckErrorsTest {

    @Test
    void aCaseThatFailsWhenDueIsSetAsideAndTheOthersAreJudged() {
        PipelineListener failsOnOneOrder = new PipelineListener() {
            @Override
            public void verdictEmitted(ClaimEligibility verdict, Instant watermark) {
                if (verdict.getOrderId().equals("o-bad")) {
                    throw new IllegalStateException("a bug in judging o-bad");
                }
            }
        };
        try (PipelineFixture p = new PipelineFixture(Map.of(), InputProgress.ALWAYS_CAUGHT_UP, failsOnOneOrder)) {
            p.pipe(
                    placed("o-bad", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"),
                    placed("o-good", "2026-03-01T10:00:00Z", 5000, "2026-03-06T10:00:00Z"));
            // Both not received: due from the wall-clock check, from the first instant due (the delivery reminder).
            p.timePassesTo("2026-03-10T00:00:00Z");

            assertThat(p.verdictsFor("o-good")).isNotEmpty();
            DeadLetter d = p.deadLetters().stream()
                    .map(TestRecord::value)
                    .reduce((a, b) -> {
                        throw new AssertionError("more than one dead letter");
                    })
                    .orElseThrow();
            assertThat(d.getReason())
                    .startsWith("judging order o-bad (due at 2026-03-04T10:00:00Z) failed: ")
                    .contains("a bug in judging o-bad")
                    .endsWith("the case waits for its next event");
            assertThat(d.getSourceTopic()).startsWith("punctuation:");
            assertThat(d.getKey()).isEqualTo("o-bad");
            assertThat(p.dueIndexKeys()).noneMatch(k -> k.endsWith("o-bad"));

            p.timePassesTo("2026-03-11T00:00:00Z");
            assertThat(p.deadLetters()).hasSize(1); // not tried again at every check
        }
    }
}
