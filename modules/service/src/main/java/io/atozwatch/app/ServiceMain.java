package io.atozwatch.app;

import io.atozwatch.app.health.HealthCommand;
import io.atozwatch.app.run.RunCommand;
import io.atozwatch.app.topics.TopicsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The production executable, {@code atoz-watch-service.jar}: the pipeline ({@code run}, with its query API
 * and dashboard), {@code topics} and {@code health} (a container's health check), and nothing else: no broker, no generator, no test driver. The tools
 * (demo, generate, replay, bench, chaos, the embedded broker) are in {@code atoz-watch.jar}.
 */
@Command(
        name = "atoz-watch",
        mixinStandardHelpOptions = true,
        versionProvider = Cli.Version.class,
        description =
                "Watches Amazon Pay orders for A-to-z Guarantee claim eligibility, merchant deadlines and breaches.",
        subcommands = {
            RunCommand.class,
            TopicsCommand.class,
            HealthCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class ServiceMain implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Cli.run(new ServiceMain(), System.out, System.err, args));
    }

    /** {@code atoz-watch} alone is a usage error: a subcommand is needed. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
