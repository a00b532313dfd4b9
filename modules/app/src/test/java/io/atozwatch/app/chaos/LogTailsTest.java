package io.atozwatch.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
        assertThat(out.indexOf("---- instance-1.log: 100 lines"))
                .as("the instances' logs first: a run gives up waiting on them")
                .isGreaterThanOrEqualTo(0)
                .isLessThan(out.indexOf("---- broker.log: 1 lines"));
        assertThat(out)
                .contains("broker started", "warning 10", "warning 100", "INFO line 86", "INFO line 99")
                .doesNotContain("INFO line 85\n");
    }

    @Test
    void whereEachInstanceWasComesFirstWithItsStatesSinceItsStartAndWhatItsThreadsDid(@TempDir Path workDir)
            throws Exception {
        List<String> log = new ArrayList<>(List.of(
                "2026-11-29T17:40:00.000Z [main] INFO PipelineApp - event=streams-state from=CREATED to=REBALANCING",
                "2026-11-29T17:43:30.100Z [main] INFO PipelineApp - event=streams-state from=CREATED to=REBALANCING",
                "2026-11-29T17:43:34.476Z [app-StreamThread-1] INFO PipelineApp - event=streams-state from=REBALANCING"
                        + " to=RUNNING",
                "2026-11-29T17:43:40.000Z [app-StreamThread-1] INFO PipelineApp - event=streams-state from=RUNNING"
                        + " to=REBALANCING",
                "2026-11-29 17:45:58",
                "Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode):",
                "",
                "\"main\" #1 prio=5 os_prio=0 cpu=1.00ms waiting on condition",
                "   java.lang.Thread.State: WAITING (parking)",
                "\tat jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)",
                "\tat java.util.concurrent.CountDownLatch.await(java.base@17.0.15/CountDownLatch.java:230)",
                "\tat io.atozwatch.app.run.RunCommand.call(RunCommand.java:106)",
                "",
                "\"app-0c59c2f0-09bc-4c14-91c8-9db72899c263-GlobalStreamThread\" #18 prio=5 os_prio=0",
                "   java.lang.Thread.State: RUNNABLE",
                "\tat sun.nio.ch.EPoll.wait(java.base@17.0.15/Native Method)",
                "\tat org.apache.kafka.clients.consumer.KafkaConsumer.poll(KafkaConsumer.java:920)",
                "\tat org.apache.kafka.streams.processor.internals.GlobalStreamThread$StateConsumer.pollAndUpdate("
                        + "GlobalStreamThread.java:261)",
                "",
                "\"app-0c59c2f0-09bc-4c14-91c8-9db72899c263-StateUpdater-1\" #42 daemon prio=5",
                "   java.lang.Thread.State: WAITING (parking)",
                "\tat jdk.internal.misc.Unsafe.park(java.base@17.0.15/Native Method)",
                "\tat org.apache.kafka.streams.processor.internals.DefaultStateUpdater$StateUpdaterThread"
                        + ".waitIfAllChangelogsCompletelyRead(DefaultStateUpdater.java:518)",
                "",
                "\"app-0c59c2f0-09bc-4c14-91c8-9db72899c263-StreamThread-1\" #30 prio=5 os_prio=0 cpu=9.00ms",
                "   java.lang.Thread.State: WAITING (parking)"));
        for (int f = 1; f <= 20; f++) {
            log.add("\tat org.apache.kafka.Frame" + f + ".call(Frame.java:" + f + ")");
        }
        log.addAll(List.of(
                "",
                "\"kafka-producer-network-thread | app-StreamThread-1-producer\" #31 daemon prio=5",
                "\tat sun.nio.ch.EPoll.wait(java.base@17.0.15/Native Method)",
                "",
                "JNI global refs: 20, weak refs: 0"));
        Path instanceLog = workDir.resolve("instance-2.log");
        Files.write(instanceLog, log);

        StringWriter text = new StringWriter();
        LogTails.printWhereTheyWere(
                List.of(
                        new LogTails.Watched(
                                "instance-2",
                                "/health/ready answers 503 {\"streams\":\"REBALANCING\"}",
                                instanceLog,
                                Instant.parse("2026-11-29T17:43:29Z")),
                        new LogTails.Watched(
                                "instance-1", "exited with 1", workDir.resolve("none.log"), Instant.EPOCH)),
                new PrintWriter(text));

        assertThat(text.toString())
                .isEqualTo(String.join(
                        "\n",
                        "---- where the instances were",
                        "instance-2: /health/ready answers 503 {\"streams\":\"REBALANCING\"}",
                        "  state changes since its start at 17:43:29.000: 17:43:30.100 CREATED->REBALANCING;"
                                + " 17:43:34.476 REBALANCING->RUNNING; 17:43:40.000 RUNNING->REBALANCING",
                        "  \"main\" WAITING (parking): started, waiting for the shutdown",
                        "  \"app-GlobalStreamThread\" RUNNABLE: polling, from GlobalStreamThread$StateConsumer"
                                + ".pollAndUpdate",
                        "  \"app-StateUpdater-1\" WAITING (parking): idle, every changelog read",
                        "  \"app-StreamThread-1\" WAITING (parking)",
                        "      at org.apache.kafka.Frame1.call(Frame.java:1)",
                        "      at org.apache.kafka.Frame2.call(Frame.java:2)",
                        "      at org.apache.kafka.Frame3.call(Frame.java:3)",
                        "      at org.apache.kafka.Frame4.call(Frame.java:4)",
                        "      at org.apache.kafka.Frame5.call(Frame.java:5)",
                        "      at org.apache.kafka.Frame6.call(Frame.java:6)",
                        "      at org.apache.kafka.Frame7.call(Frame.java:7)",
                        "      at org.apache.kafka.Frame8.call(Frame.java:8)",
                        "      at org.apache.kafka.Frame9.call(Frame.java:9)",
                        "      at org.apache.kafka.Frame10.call(Frame.java:10)",
                        "      at org.apache.kafka.Frame11.call(Frame.java:11)",
                        "      at org.apache.kafka.Frame12.call(Frame.java:12)",
                        "      at org.apache.kafka.Frame13.call(Frame.java:13)",
                        "      at org.apache.kafka.Frame14.call(Frame.java:14)",
                        "instance-1: exited with 1",
                        "  state changes since its start at 00:00:00.000: none logged",
                        "  no thread dump",
                        ""));
    }

    @Test
    void theLinesLoggedLeaveOutEveryThreadDump() {
        List<String> log = List.of(
                "2026 INFO one",
                "Full thread dump OpenJDK",
                "\"main\" #1",
                "JNI global refs: 20, weak refs: 0",
                "2026 INFO two",
                "Full thread dump OpenJDK",
                "\"main\" #1");
        assertThat(LogTails.logged(log)).containsExactly("2026 INFO one", "2026 INFO two");
        assertThat(LogTails.lastThreadDump(log)).isEqualTo(5);
    }

    @Test
    void aRunOfTheSameWarningIsFoldedIntoOneLine() {
        List<String> warnings = List.of(
                "2026-11-30T02:30:04.750Z [TxnMarkerSenderThread-1] WARN NetworkClient - Connection to node 1"
                        + " (/127.0.0.1:33047) could not be established.",
                "2026-11-30T02:30:04.800Z [TxnMarkerSenderThread-1] WARN NetworkClient - Connection to node 1"
                        + " (/127.0.0.1:33047) could not be established.",
                "2026-11-30T02:30:05.950Z [TxnMarkerSenderThread-1] WARN NetworkClient - Connection to node 1"
                        + " (/127.0.0.1:33047) could not be established.",
                "2026-11-30T02:30:06.000Z [main] WARN Other - something else",
                "Caused by: java.io.IOException");

        assertThat(LogTails.folded(warnings))
                .containsExactly(
                        warnings.get(0) + "  [and 2 more like it, to 2026-11-30T02:30:05.950Z]",
                        warnings.get(3),
                        warnings.get(4));
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
