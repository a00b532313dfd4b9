package io.atozwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jar's {@code chaos} verifier, small: 500 orders through two instances, three instance kills (one on a
 * wiped state directory) and one broker kill, and then every verdict, breach and order notification committed
 * exactly once, as replay says. Also: nothing is left behind, whether the run ends or is stopped.
 */
class ChaosVerifierTest {

    @Test
    void killsInstancesAndTheBrokerAndStillDeliversEveryVerdictExactlyOnce() throws Exception {
        Path workDir = Path.of("target", "chaos-e2e-" + System.nanoTime()).toAbsolutePath();
        long t0 = System.nanoTime();
        try (JarProcess chaos = JarProcess.start(
                "chaos",
                "chaos",
                "--orders",
                "500",
                "--kills",
                "3",
                "--kill-every",
                "8",
                "--session-timeout",
                "6",
                "--seed",
                "7",
                "--work-dir",
                workDir.toString())) {
            // A guard against a hang, not a speed target: a run takes about 110 s here, but after the broker's
            // restart the workload's own producer may wait out a delivery timeout (120 s by default). The run's
            // own waits give up sooner and print its processes' logs; if it hangs anyway, the test prints them.
            if (!chaos.process.waitFor(420, TimeUnit.SECONDS)) {
                throw new AssertionError("not finished within 420 s; output so far:\n" + chaos.output()
                        + "\nits processes' logs:\n" + logTails(workDir.resolve("logs")));
            }
            String out = chaos.output();
            System.out.printf("chaos run took %.1f s:%n%s%n", (System.nanoTime() - t0) / 1e9, out);
            assertThat(chaos.process.exitValue()).as(out).isZero();
            assertThat(out)
                    .contains("ALL-VERDICTS-DELIVERED")
                    .containsPattern(
                            "kill 2/3: instance-2 SIGKILLed, state directory wiped, and restarted; ready after [0-9.]+ s")
                    .containsPattern("broker SIGKILLed and restarted: serving again after [0-9.]+ s")
                    .containsPattern("Restore times \\(restart to /health/ready\\): min [0-9.]+ s, median [0-9.]+ s, "
                            + "max [0-9.]+ s \\(3 restarts\\)");
            Matcher compared = Pattern.compile(
                            "compared ([0-9,]+) verdicts, ([0-9,]+) breaches, ([0-9,]+) order notifications")
                    .matcher(out);
            assertThat(compared.find()).isTrue();
            System.out.println("verdicts compared: " + compared.group(1) + ", breaches: " + compared.group(2)
                    + ", order notifications: " + compared.group(3));
            assertThat(Integer.parseInt(compared.group(1).replace(",", ""))).isPositive();
            assertThat(workDir).doesNotExist();
            assertThat(childrenOf(workDir, chaos.process)).isEmpty();
        }
    }

    @Test
    void stoppedMidRunItLeavesNoProcessAndNoFileBehind() throws Exception {
        Path workDir = Path.of("target", "chaos-stop-" + System.nanoTime()).toAbsolutePath();
        try (JarProcess chaos = JarProcess.start(
                "chaos-stop", "chaos", "--orders", "200", "--kills", "3", "--work-dir", workDir.toString())) {
            chaos.await(
                    "both instances to be ready",
                    Duration.ofSeconds(120),
                    () -> chaos.output().contains("instances (exactly_once_v2"));
            assertThat(childrenOf(workDir, chaos.process)).hasSize(3); // the broker and two instances
            chaos.process.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook cleans up
            assertThat(chaos.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(childrenOf(workDir, chaos.process)).isEmpty();
            assertThat(workDir).doesNotExist();
        }
    }

    private static String logTails(Path logs) throws IOException {
        StringBuilder b = new StringBuilder();
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path log : files.sorted().toList()) {
                    List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
                    b.append("---- ").append(log.getFileName()).append(", its last 40 lines:\n");
                    lines.subList(Math.max(0, lines.size() - 40), lines.size())
                            .forEach(l -> b.append(l).append('\n'));
                }
            }
        }
        return b.toString();
    }

    /** Processes but the chaos one whose command line names its work directory: its broker and instances. */
    private static List<ProcessHandle> childrenOf(Path workDir, Process chaos) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.pid() != chaos.pid())
                .filter(p -> p.info()
                                .arguments()
                                .map(a -> String.join(" ", a).contains(workDir.toString()))
                                .orElse(false)
                        && p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .toList();
    }
}
