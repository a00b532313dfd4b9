package io.atozwatch.app.chaos;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a failed run prints of its processes' logs before it removes them: a run in CI leaves nothing else
 * behind, so the warnings and the last lines of the broker's and every instance's log go to the output.
 */
final class LogTails {
    static final int WARNINGS = 25;
    static final int LAST_LINES = 15;

    private LogTails() {}

    static void print(Path workDir, PrintWriter out) {
        if (workDir == null) {
            return;
        }
        try (Stream<Path> logs = Files.list(workDir.resolve("logs"))) {
            for (Path log : logs.sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
                out.printf(
                        "---- %s: %,d lines; its last %d warnings and errors, then its last %d lines%n",
                        log.getFileName(), lines.size(), WARNINGS, LAST_LINES);
                tail(lines.stream().filter(LogTails::isWarning).toList(), WARNINGS)
                        .forEach(out::println);
                out.println("   ...");
                tail(lines, LAST_LINES).forEach(out::println);
            }
        } catch (IOException e) {
            out.println("(the processes' logs could not be read: " + e + ")");
        }
        out.flush();
    }

    static boolean isWarning(String line) {
        return line.contains(" WARN ")
                || line.contains(" ERROR ")
                || line.startsWith("Exception")
                || line.startsWith("Caused by");
    }

    static <T> List<T> tail(List<T> list, int n) {
        return new ArrayList<>(list.subList(Math.max(0, list.size() - n), list.size()));
    }
}
