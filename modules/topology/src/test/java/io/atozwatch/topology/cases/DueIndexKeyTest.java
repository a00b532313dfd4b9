package io.atozwatch.topology.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The due index's keys: their byte order is time order, then id order, for every instant a case can carry. */
class DueIndexKeyTest {

    @Test
    void keysAreTheInstantZeroPaddedToNineteenDigitsThenTheId() {
        assertThat(DueIndex.key(Instant.ofEpochMilli(1_767_225_600_123L), "o-1")).isEqualTo("0000001767225600123|o-1");
        assertThat(DueIndex.key(Instant.EPOCH, "o-1")).isEqualTo("0000000000000000000|o-1");
        assertThat(DueIndex.key(Instant.ofEpochMilli(Long.MAX_VALUE), "o")).isEqualTo(Long.MAX_VALUE + "|o");
        assertThat(DueIndex.key(Instant.ofEpochMilli(-5), "o")).as("before 1970: filed at the epoch")
                .isEqualTo("0000000000000000000|o");
    }

    @Test
    void byteOrderIsTimeOrderAcrossDigitCounts() {
        List<Instant> instants = Stream.of(0L, 9L, 10L, 999L, 1_000L, 86_400_000L, 1_767_225_600_000L, Long.MAX_VALUE)
                .map(Instant::ofEpochMilli).toList();
        List<String> keys = instants.stream().map(at -> DueIndex.key(at, "z")).toList();
        assertThat(keys).isSorted();
        assertThat(DueIndex.key(Instant.ofEpochMilli(10), "a")).isLessThan(DueIndex.key(Instant.ofEpochMilli(10), "b"))
                .isGreaterThan(DueIndex.key(Instant.ofEpochMilli(9), "z"));
    }
}
