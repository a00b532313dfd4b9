package io.atozwatch.app.chaos;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a failed run prints of its processes' logs before it removes them: a run in CI leaves nothing else
 * behind, so the warnings and the last lines of the broker's and every instance's log go to the output, and,
 * where a log ends with a thread dump ({@link ChildJvm#dumpThreads}), the stacks of its stream threads.
 */
final class LogTails {
    static final int WARNINGS = 25;
    static final int LAST_LINES = 15;
    /** How the JVM begins the thread dump it prints on SIGQUIT. */
    static final String THREAD_DUMP = "Full thread dump";

    private static final Pattern STREAM_THREAD = Pattern.compile(".*StreamThread(-\\d+)?");

    private LogTails() {}

    static void print(Path workDir, PrintWriter out) {
        if (workDir == null) {
            return;
        }
        try (Stream<Path> logs = Files.list(workDir.resolve("logs"))) {
            for (Path log : logs.sorted().toList()) {
                List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
                int dump = lastThreadDump(all);
                List<String> lines = dump < 0 ? all : all.subList(0, dump);
                out.printf(
                        "---- %s: %,d lines; its last %d warnings and errors, then its last %d lines%n",
                        log.getFileName(), lines.size(), WARNINGS, LAST_LINES);
                tail(lines.stream().filter(LogTails::isWarning).toList(), WARNINGS)
                        .forEach(out::println);
                out.println("   ...");
                tail(lines, LAST_LINES).forEach(out::println);
                if (dump >= 0) {
                    out.printf("---- %s: its stream threads when the run gave up (thread dump)%n", log.getFileName());
                    streamThreads(all.subList(dump, all.size())).forEach(out::println);
                }
            }
        } catch (IOException e) {
            out.println("(the processes' logs could not be read: " + e + ")");
        }
        out.flush();
    }

    /** Where the last thread dump in {@code lines} begins; -1 if there is none. */
    static int lastThreadDump(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith(THREAD_DUMP)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The stacks, in a thread dump, of Kafka Streams' processing threads and its global thread (not of their clients'
     * network threads): each from its quoted name to the blank line after its frames.
     */
    static List<String> streamThreads(List<String> dump) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : dump) {
            if (line.startsWith("\"")) {
                in = STREAM_THREAD
                        .matcher(line.substring(1, Math.max(1, line.indexOf('"', 1))))
                        .matches();
            } else if (line.isBlank()) {
                if (in) {
                    out.add("");
                }
                in = false;
            }
            if (in) {
                out.add(line);
            }
        }
        return out;
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
