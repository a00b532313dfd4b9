package io.atozwatch.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailsTest {

    @Test
    void aFailedRunPrintsEachLogsWarningsAndLastLines(@TempDir Path workDir) throws Exception {
        Files.createDirectories(workDir.resolve("logs"));
        List<String> instance = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            instance.add(
                    i % 10 == 0 ? "2026-11-28T18:00:00Z WARN TaskManager - warning " + i : "2026-11-28 INFO line " + i);
        }
        Files.write(workDir.resolve("logs/instance-1.log"), instance);
        Files.write(workDir.resolve("logs/broker.log"), List.of("broker started"));

        StringWriter text = new StringWriter();
        LogTails.print(workDir, new PrintWriter(text));

        String out = text.toString();
        assertThat(out.indexOf("---- broker.log: 1 lines"))
                .isGreaterThanOrEqualTo(0)
                .isLessThan(out.indexOf("---- instance-1.log: 100 lines"));
        assertThat(out)
                .contains("broker started", "warning 10", "warning 100", "INFO line 86", "INFO line 99")
                .doesNotContain("INFO line 85\n");
    }

    @Test
    void aLogEndingWithAThreadDumpShowsItsStreamThreadsStacks(@TempDir Path workDir) throws Exception {
        Files.createDirectories(workDir.resolve("logs"));
        Files.write(
                workDir.resolve("logs/instance-2.log"),
                List.of(
                        "2026-11-29T17:43:34.476Z [app-StreamThread-1] INFO PipelineApp - event=streams-state",
                        "2026-11-29 17:45:58",
                        "Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode):",
                        "",
                        "\"main\" #1 prio=5 os_prio=0 cpu=1.00ms waiting on condition",
                        "   java.lang.Thread.State: TIMED_WAITING (sleeping)",
                        "\tat java.lang.Thread.sleep(java.base@17.0.15/Native Method)",
                        "",
                        "\"app-StreamThread-1\" #30 prio=5 os_prio=0 cpu=9.00ms waiting on condition",
                        "   java.lang.Thread.State: WAITING (parking)",
                        "\tat org.apache.kafka.clients.producer.KafkaProducer.close(KafkaProducer.java:1)",
                        "",
                        "\"kafka-producer-network-thread | app-StreamThread-1-producer\" #31 daemon prio=5",
                        "\tat sun.nio.ch.EPoll.wait(java.base@17.0.15/Native Method)",
                        "",
                        "JNI global refs: 20, weak refs: 0"));

        StringWriter text = new StringWriter();
        LogTails.print(workDir, new PrintWriter(text));

        String out = text.toString();
        assertThat(out)
                .contains("---- instance-2.log: 2 lines;", "event=streams-state")
                .contains("---- instance-2.log: its stream threads when the run gave up (thread dump)")
                .contains("\"app-StreamThread-1\" #30", "KafkaProducer.close")
                .doesNotContain("Thread.sleep", "EPoll.wait", "JNI global refs");
    }

    @Test
    void aRunWithoutAWorkingDirectoryOrLogsPrintsWhatItCan(@TempDir Path workDir) {
        StringWriter text = new StringWriter();
        LogTails.print(null, new PrintWriter(text));
        assertThat(text.toString()).isEmpty();
        LogTails.print(workDir, new PrintWriter(text));
        assertThat(text.toString()).startsWith("(the processes' logs could not be read");
    }

    @Test
    void keepsTheLastWarningsOnly() {
        List<Integer> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(i);
        }
        assertThat(LogTails.tail(many, LogTails.WARNINGS))
                .hasSize(25)
                .startsWith(15)
                .endsWith(39);
        assertThat(LogTails.tail(List.of(1, 2), 5)).containsExactly(1, 2);
        assertThat(LogTails.isWarning("Caused by: java.io.IOException")).isTrue();
        assertThat(LogTails.isWarning("2026 INFO all fine")).isFalse();
    }
}
