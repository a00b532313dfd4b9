package io.atozwatch.topology.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The due index: kept in memory, walked in time order, and its text keys (for tests and logs) ordered as time, then id. */
class DueIndexTest {
    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void aMoveTakesTheKeyFromWhereItWasFiled() {
        DueIndex index = new DueIndex();

        index.reschedule("o-1", null, T.plusSeconds(60));
        index.reschedule("o-1", T.plusSeconds(60), T.plusSeconds(30));
        index.reschedule("o-2", null, T);
        index.reschedule("o-3", null, T.plusSeconds(1));
        index.reschedule("o-3", T.plusSeconds(1), null);

        assertThat(index.scan(Instant.EPOCH, T.plusSeconds(90), 10).due())
                .containsExactly(new DueIndex.Due(T, "o-2"), new DueIndex.Due(T.plusSeconds(30), "o-1"));
        assertThat(index.earliest()).isEqualTo(T);
    }

    @Test
    void aScanStopsAtNowOrAtTheLimitAndSaysWhatComesNext() {
        DueIndex index = new DueIndex();
        index.reschedule("b", null, T);
        index.reschedule("a", null, T);
        index.reschedule("c", null, T.plusSeconds(10));

        assertThat(index.scan(T, T, 10))
                .isEqualTo(new DueIndex.Scan(
                        List.of(new DueIndex.Due(T, "a"), new DueIndex.Due(T, "b")), T.plusSeconds(10)));
        assertThat(index.scan(Instant.EPOCH, T.plusSeconds(10), 1))
                .isEqualTo(new DueIndex.Scan(List.of(new DueIndex.Due(T, "a")), T));
        assertThat(index.scan(T.plusMillis(1), T.plusSeconds(20), 10))
                .isEqualTo(new DueIndex.Scan(List.of(new DueIndex.Due(T.plusSeconds(10), "c")), null));
    }

    @Test
    void aRefileLeavesTheEntryOfTheFailedStepToBeFoundStale() {
        DueIndex index = new DueIndex();
        index.reschedule("o-1", null, T);
        index.reschedule("o-1", T, T.plusSeconds(9)); // a step that then failed had moved it

        index.refile("o-1", T); // the case put back says T

        assertThat(index.keys()).containsExactly(DueIndex.key(T, "o-1"), DueIndex.key(T.plusSeconds(9), "o-1"));
        index.remove(new DueIndex.Due(T.plusSeconds(9), "o-1")); // found stale when due
        assertThat(index.keys()).containsExactly(DueIndex.key(T, "o-1"));
        index.refile("o-2", null);
        index.remove(new DueIndex.Due(T, "o-1"));
        assertThat(index.keys()).isEmpty();
        assertThat(index.earliest()).isNull();
    }

    @Test
    void keysAreTheInstantZeroPaddedToNineteenDigitsThenTheId() {
        assertThat(DueIndex.key(Instant.ofEpochMilli(1_767_225_600_123L), "o-1"))
                .isEqualTo("0000001767225600123|o-1");
        assertThat(DueIndex.key(Instant.EPOCH, "o-1")).isEqualTo("0000000000000000000|o-1");
        assertThat(DueIndex.key(Instant.ofEpochMilli(Long.MAX_VALUE), "o")).isEqualTo(Long.MAX_VALUE + "|o");
        assertThat(DueIndex.key(Instant.ofEpochMilli(-5), "o"))
                .as("before 1970: filed at the epoch")
                .isEqualTo("0000000000000000000|o");
    }

    @Test
    void byteOrderIsTimeOrderAcrossDigitCounts() {
        List<Instant> instants = Stream.of(0L, 9L, 10L, 999L, 1_000L, 86_400_000L, 1_767_225_600_000L, Long.MAX_VALUE)
                .map(Instant::ofEpochMilli)
                .toList();
        List<String> keys = instants.stream().map(at -> DueIndex.key(at, "z")).toList();
        assertThat(keys).isSorted();
        assertThat(DueIndex.key(Instant.ofEpochMilli(10), "a"))
                .isLessThan(DueIndex.key(Instant.ofEpochMilli(10), "b"))
                .isGreaterThan(DueIndex.key(Instant.ofEpochMilli(9), "z"));
    }
}
