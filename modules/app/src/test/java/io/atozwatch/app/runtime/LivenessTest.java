package io.atozwatch.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.atozwatch.app.runtime.Liveness.PartitionProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LivenessTest {
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private final Liveness liveness = new Liveness(3, Duration.ofMinutes(10), Duration.ofMinutes(2));

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aFreshInstanceIsLive() {
        assertThat(liveness.problem(T0)).isEmpty();
    }

    @Test
    void threadsThatKeepDyingMakeTheInstanceNotLive() {
        for (int i = 0; i < 3; i++) {
            liveness.threadReplaced(at(i * 60));
        }
        assertThat(liveness.problem(at(200))).isEmpty(); // three in ten minutes: tolerated
        liveness.threadReplaced(at(240));
        assertThat(liveness.problem(at(241)))
                .hasValueSatisfying(p -> assertThat(p)
                        .isEqualTo("4 stream threads died and were replaced in the last PT10M (more than 3)"));
        assertThat(liveness.problem(at(601))).isEmpty(); // the first one is now out of the window
        assertThat(liveness.replacementsTotal()).isEqualTo(4);
    }

    @Test
    void aPartitionWithRecordsWhoseCommittedOffsetStandsStillIsStuck() {
        liveness.observe(
                List.of(new PartitionProgress("orders-0", 10, 11), new PartitionProgress("orders-1", 5, 90)), at(0));
        liveness.observe(
                List.of(new PartitionProgress("orders-0", 10, 11), new PartitionProgress("orders-1", 50, 90)), at(60));
        liveness.observe(
                List.of(new PartitionProgress("orders-0", 10, 11), new PartitionProgress("orders-1", 80, 95)), at(119));
        assertThat(liveness.problem(at(119))).isEmpty();
        liveness.observe(
                List.of(new PartitionProgress("orders-0", 10, 11), new PartitionProgress("orders-1", 95, 99)), at(120));
        assertThat(liveness.problem(at(120)))
                .hasValue("partition(s) orders-0 have records to process and made no progress for PT2M");
        assertThat(liveness.stuckPartitions()).isEqualTo(1);

        liveness.observe(List.of(new PartitionProgress("orders-0", 11, 11)), at(130)); // got past it
        assertThat(liveness.problem(at(130))).isEmpty();
    }

    @Test
    void aQuietPartitionIsNotStuckAndOneNoLongerOwnedIsForgotten() {
        liveness.observe(List.of(new PartitionProgress("orders-2", 40, 40)), at(0));
        liveness.observe(List.of(new PartitionProgress("orders-2", 40, 40)), at(600));
        assertThat(liveness.problem(at(600))).isEmpty();

        liveness.observe(List.of(new PartitionProgress("orders-3", 1, 9)), at(0));
        liveness.observe(List.of(), at(60));
        liveness.observe(List.of(new PartitionProgress("orders-3", 1, 9)), at(150)); // owned again: counted afresh
        assertThat(liveness.problem(at(150))).isEmpty();
    }
}
