package io.atozwatch.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorThreadsTest {

    @TempDir
    Path tasks;

    @Test
    void countsTheUserAndSystemTicksOfTheCollectorThreadsOnly() throws IOException {
        thread("101", "GC Thread#0", 250, 12);
        thread("102", "G1 Conc#0", 700, 3);
        thread("103", "G1 Refine#1", 40, 0);
        thread("104", "scaling-1f2e-StreamThread-1", 9_000, 400);
        thread("105", "C2 CompilerThre", 5_000, 20);

        // (250 + 12 + 700 + 3 + 40) ticks at 100 a second
        assertThat(CollectorThreads.cpuNanos(tasks)).hasValue(10_050_000_000L);
    }

    @Test
    void aThreadThatEndedWhileTheyAreReadCountsNothing() throws IOException {
        thread("101", "GC Thread#0", 100, 0);
        Files.createDirectory(tasks.resolve("102")); // its comm and stat are gone

        assertThat(CollectorThreads.cpuNanos(tasks)).hasValue(1_000_000_000L);
    }

    @Test
    void withoutProcThereIsNoFigure() {
        assertThat(CollectorThreads.cpuNanos(tasks.resolve("absent"))).isEmpty();
    }

    @Test
    void theTimesAreCountedAfterTheCommandWhateverItHolds() {
        String stat = "4242 (odd) name (x) S 1 4242 4242 0 -1 4194368 10 0 0 0 77 5 0 0 20 0 1 0 100 0 0";

        assertThat(CollectorThreads.ticks(stat)).isEqualTo(82);
    }

    @Test
    void hotSpotNamesItsCollectorThreads() {
        assertThat(CollectorThreads.isCollector("GC Thread#1")).isTrue();
        assertThat(CollectorThreads.isCollector("G1 Main Marker")).isTrue();
        assertThat(CollectorThreads.isCollector("G1 Service")).isTrue();
        assertThat(CollectorThreads.isCollector("VM Thread")).isFalse();
        assertThat(CollectorThreads.isCollector("main")).isFalse();
    }

    private void thread(String id, String name, long userTicks, long systemTicks) throws IOException {
        Path dir = Files.createDirectory(tasks.resolve(id));
        Files.writeString(dir.resolve("comm"), name + "\n");
        Files.writeString(
                dir.resolve("stat"),
                id + " (" + name + ") S 1 " + id + " " + id + " 0 -1 4194368 10 0 0 0 " + userTicks + " " + systemTicks
                        + " 0 0 20 0 1 0 100 0 0\n");
    }
}
