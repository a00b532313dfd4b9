package io.atozwatch.app;

import io.atozwatch.app.runtime.UserError;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What both executables share: the production one ({@link ServiceMain}: {@code run}, {@code topics}) and the
 * tools' one ({@code Main} in the tools module: those and {@code demo}, {@code generate}, {@code replay}, ...).
 */
public final class Cli {

    private Cli() {}

    /**
     * Runs {@code root}'s command line with the given streams and returns the exit code instead of exiting, for
     * tests. Output is UTF-8 whatever the platform's default charset, as JSON lines must be.
     */
    public static int run(Object root, PrintStream out, PrintStream err, String... args) {
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return new CommandLine(root)
                    .setOut(outWriter)
                    .setErr(errWriter)
                    .setExecutionExceptionHandler(Cli::userErrors)
                    .execute(args);
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

    /** The version Maven recorded in the jar; "development" when run from classes (IDE, tests). */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws Exception {
            Properties p = new Properties();
            try (InputStream in =
                    Cli.class.getResourceAsStream("/META-INF/maven/io.atozwatch/atoz-service/pom.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"atoz-watch " + p.getProperty("version", "development")};
        }
    }
}
