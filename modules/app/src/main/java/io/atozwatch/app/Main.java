package io.atozwatch.app;

import io.atozwatch.app.bench.BenchCommand;
import io.atozwatch.app.broker.BrokerCommand;
import io.atozwatch.app.chaos.ChaosCommand;
import io.atozwatch.app.demo.DemoCommand;
import io.atozwatch.app.generate.GenerateCommand;
import io.atozwatch.app.replay.ReplayCommand;
import io.atozwatch.app.run.RunCommand;
import io.atozwatch.app.runtime.UserError;
import io.atozwatch.app.topics.TopicsCommand;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code atoz-watch} executable. Each tool is a picocli subcommand: to add one, list its class in
 * {@code subcommands} below.
 */
@Command(name = "atoz-watch",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Watches Amazon Pay orders for A-to-z Guarantee claim eligibility, merchant deadlines and breaches.",
        subcommands = {
                DemoCommand.class,
                RunCommand.class,
                GenerateCommand.class,
                TopicsCommand.class,
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

    /**
     * Runs the command line with the given streams and returns the exit code instead of exiting, for tests.
     * Output is UTF-8 whatever the platform's default charset, as JSON lines must be.
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return new CommandLine(new Main()).setOut(outWriter).setErr(errWriter)
                    .setExecutionExceptionHandler(Main::userErrors).execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
        }
    }

    /**
     * A {@link UserError} (a missing or invalid setting, a busy port, an unreachable cluster, an unreadable file)
     * is one line on stderr, "atoz-watch run: missing setting ...", and its exit code; anything else is a bug,
     * reported with its stack trace as picocli does.
     */
    static int userErrors(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError user) {
                cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + user.getMessage());
                cmd.getErr().flush();
                return user.exitCode();
            }
        }
        throw e;
    }

    /** {@code atoz-watch} alone is a usage error: a subcommand is needed. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** The version Maven recorded in the jar; "development" when run from classes (IDE, tests). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws Exception {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/META-INF/maven/io.atozwatch/atoz-app/pom.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"atoz-watch " + p.getProperty("version", "development")};
        }
    }
}
