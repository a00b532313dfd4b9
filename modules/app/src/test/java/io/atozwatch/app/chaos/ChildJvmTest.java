package io.atozwatch.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

    /** A child that waits to be killed, in a method whose name its thread dump must show. */
    public static final class Waits {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("started");
            waitHere();
        }

        static void waitHere() throws InterruptedException {
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }

    @Test
    void aChildJvmDumpsItsThreadsIntoItsLogAndGoesOn(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Waits.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            Poll.until(
                    "the child to start",
                    Duration.ofSeconds(60),
                    () -> Files.readString(log).contains("started"));

            assertThat(ChildJvm.dumpThreads(child, log, Duration.ofSeconds(30))).isTrue();

            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            int dump = LogTails.lastThreadDump(lines);
            assertThat(dump).isPositive();
            assertThat(String.join("\n", lines.subList(dump, lines.size())))
                    .contains("\"main\"", "ChildJvmTest$Waits.waitHere");
            assertThat(child.isAlive()).isTrue();
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(ChildJvm.dumpThreads(child, log, Duration.ofSeconds(1))).isFalse();
    }
}
