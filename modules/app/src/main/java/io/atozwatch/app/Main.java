package io.atozwatch.app;

import io.atozwatch.app.bench.BenchCommand;
import io.atozwatch.app.broker.BrokerCommand;
import io.atozwatch.app.chaos.ChaosCommand;
import io.atozwatch.app.demo.DemoCommand;
import io.atozwatch.app.generate.GenerateCommand;
import io.atozwatch.app.health.HealthCommand;
import io.atozwatch.app.replay.ReplayCommand;
import io.atozwatch.app.run.RunCommand;
import io.atozwatch.app.topics.TopicsCommand;
import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The tools' executable, {@code atoz-watch.jar}: the production commands ({@code run}, {@code topics}, as in
 * {@link ServiceMain}'s lean {@code atoz-watch-service.jar}) and the tools (demo, generate, replay, bench, chaos,
 * the embedded broker). Each is a picocli subcommand: to add one, list its class in {@code subcommands} below.
 */
@Command(
        name = "atoz-watch",
        mixinStandardHelpOptions = true,
        versionProvider = Cli.Version.class,
        description =
                "Watches Amazon Pay orders for A-to-z Guarantee claim eligibility, merchant deadlines and breaches.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            GenerateCommand.class,
            TopicsCommand.class,
            HealthCommand.class,
            ReplayCommand.class,
            ChaosCommand.class,
            BrokerCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the command line with the given streams and returns the exit code instead of exiting, for tests. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return Cli.run(new Main(), out, err, args);
    }

    /** {@code atoz-watch} alone is a usage error: a subcommand is needed. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
