package io.atozwatch.app.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chaos}: Kafka Streams' exactly-once system test, for this pipeline. A seeded workload goes through
 * two instances while they and the broker are SIGKILLed; at the end what they committed must be exactly what
 * {@code replay} says, record for record: nothing missing, nothing extra, nothing twice.
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Verifies exactly-once under failures, in the spirit of Apache Kafka's Streams EOS system test.",
            "",
            "Starts a single-node broker as a child process, creates the topics, and runs two 'run' instances "
                    + "(exactly-once, one application id) as child processes. While a seeded workload (a month of "
                    + "orders, months ago) is produced, it SIGKILLs an instance every --kill-every seconds and "
                    + "restarts it (one restart first wipes its state directory), --kills times, and once SIGKILLs "
                    + "the broker and restarts it on the same port and data. Each restart's restore time (restart "
                    + "to /health/ready) is printed.",
            "",
            "At the end it waits until the group has committed to the end of its inputs and its clocks have "
                    + "moved on, reads the committed verdicts, breaches and order notifications (read_committed) "
                    + "and compares them, id by id, with replay of the same events: it prints ALL-VERDICTS-DELIVERED "
                    + "and the counts, or what is missing, extra, duplicated or changed.",
            "",
            "Child processes and the working directory are removed at exit, also on Ctrl-C.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every verdict, breach and order notification was delivered exactly once",
            "1:differences were found, or the run could not be completed (a timeout, a process that died)",
            "2:invalid command line",
        })
public final class ChaosCommand implements Callable<Integer> {

    @Option(
            names = "--orders",
            defaultValue = "5000",
            paramLabel = "N",
            description = "Orders in the workload (default: ${DEFAULT-VALUE}).")
    long orders;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description = "Seed of the workload (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--merchants",
            defaultValue = "20",
            paramLabel = "N",
            description = "Merchants in the workload (default: ${DEFAULT-VALUE}).")
    int merchants;

    @Option(
            names = "--kills",
            defaultValue = "12",
            paramLabel = "K",
            description =
                    "Instance kills (SIGKILL, then restart), alternating between the instances (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(
            names = "--kill-every",
            defaultValue = "20",
            paramLabel = "SECONDS",
            description = "Seconds between kills; the next kill also waits for the last restarted instance to be ready "
                    + "(default: ${DEFAULT-VALUE}).")
    int killEvery;

    @Option(
            names = "--standby-replicas",
            defaultValue = "0",
            paramLabel = "N",
            description = "num.standby.replicas of the instances (default: ${DEFAULT-VALUE}).")
    int standbyReplicas;

    @Option(
            names = "--partitions",
            defaultValue = "3",
            paramLabel = "N",
            description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
            names = "--session-timeout",
            defaultValue = "10",
            paramLabel = "SECONDS",
            description = "The instances' consumer session.timeout.ms, in seconds: how soon the group notices a killed "
                    + "instance and moves its tasks (default: ${DEFAULT-VALUE}; Kafka's own default, 45, makes each "
                    + "restart wait that long).")
    int sessionTimeout;

    @Option(
            names = "--quiet-period",
            defaultValue = "30",
            paramLabel = "SECONDS",
            description =
                    "The pipeline's clock.quiet-period, in seconds: a caught-up task that reads nothing this long "
                            + "takes its input to be complete up to the wall clock. It must outlast the broker outage, or the "
                            + "pause would be taken for the end of the history being produced (default: ${DEFAULT-VALUE}).")
    int quietPeriod;

    @Option(
            names = "--application-id",
            defaultValue = "atoz-chaos",
            paramLabel = "ID",
            description = "Application id of the instances (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "Where the broker's data, the instances' state and every process's log go (default: a new "
                    + "temporary directory). Removed at exit unless --keep-work-dir.")
    Path workDir;

    @Option(names = "--keep-work-dir", description = "Keep the working directory (logs, data) at exit.")
    boolean keepWorkDir;

    @Spec
    CommandSpec spec;

    /** What a run does, checked. */
    record Plan(
            long orders,
            long seed,
            int merchants,
            int kills,
            Duration killEvery,
            int standbyReplicas,
            int partitions,
            Duration sessionTimeout,
            Duration quietPeriod,
            String applicationId,
            Path workDir,
            boolean keepWorkDir) {

        /** The kill after which the instance is restarted on a wiped state directory: the second, if any. */
        int wipeAt() {
            return Math.min(2, kills);
        }

        /** The kill after which the broker is SIGKILLed: the middle one. */
        int brokerKillAfter() {
            return (kills + 1) / 2;
        }
    }

    @Override
    public Integer call() throws Exception {
        Plan plan = plan();
        // Before any Kafka client exists: the broker kill would fill the output with reconnection warnings.
        io.atozwatch.app.runtime.Logging.setLevel("org.apache.kafka.clients", "error");
        return new ChaosRun(
                        plan, spec.commandLine().getOut(), spec.commandLine().getErr())
                .run();
    }

    Plan plan() {
        require(orders >= 1, "--orders must be at least 1");
        require(merchants >= 1, "--merchants must be at least 1");
        require(kills >= 1, "--kills must be at least 1");
        require(killEvery >= 1, "--kill-every must be at least 1 second");
        require(standbyReplicas >= 0, "--standby-replicas must not be negative");
        require(partitions >= 1, "--partitions must be at least 1");
        require(
                sessionTimeout >= 6,
                "--session-timeout must be at least 6 seconds (the broker's group.min.session.timeout.ms)");
        require(
                quietPeriod >= 2,
                "--quiet-period must be at least 2 seconds (longer than the clock's input skew, 1 s)");
        return new Plan(
                orders,
                seed,
                merchants,
                kills,
                Duration.ofSeconds(killEvery),
                standbyReplicas,
                partitions,
                Duration.ofSeconds(sessionTimeout),
                Duration.ofSeconds(quietPeriod),
                applicationId,
                workDir,
                keepWorkDir);
    }

    private void require(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
