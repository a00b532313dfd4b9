package io.atozwatch.app.chaos;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a failed run prints of its processes' logs before it removes them: a run in CI leaves nothing else
 * behind, and CI may keep only the first lines of what it prints. So the decisive part comes first: for each
 * instance, how it answered {@code /health/ready}, its Kafka Streams state changes since its last start and, where
 * its log ends with a thread dump ({@link ChildJvm#dumpThreads}), where its stream threads were. Then, each instance's
 * log before the broker's, the last warnings (a run of the same warning, as a client retrying a connection,
 * folded into one line) and the last lines.
 */
final class LogTails {
    static final int WARNINGS = 25;
    static final int LAST_LINES = 15;
    /** How many of its latest state changes an instance's summary shows. */
    static final int STATE_CHANGES = 6;
    /** How many frames of each stream thread's stack the summary shows: where it waits, and what called it. */
    static final int FRAMES = 14;
    /** How the JVM begins the thread dump it prints on SIGQUIT. */
    static final String THREAD_DUMP = "Full thread dump";
    /** The last line of such a dump. */
    static final String DUMP_END = "JNI global refs";

    private static final Pattern STREAM_THREAD = Pattern.compile(".*(StreamThread(-\\d+)?|StateUpdater-\\d+)");
    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\S+ ");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern UUID =
            Pattern.compile("-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String THREAD_STATE = "java.lang.Thread.State: ";
    private static final DateTimeFormatter TIME_OF_DAY =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final String STATE_CHANGE = "event=streams-state ";

    private LogTails() {}

    /** One process watched by the run: its name, how it answers now, its log, and when it was last started. */
    record Watched(String name, String answer, Path log, Instant started) {}

    /** Where each instance is: at a stall, and first in a failed run's output, before any log. */
    static void printWhereTheyWere(List<Watched> instances, PrintWriter out) {
        out.println("---- where the instances were");
        for (Watched w : instances) {
            out.printf("%s: %s%n", w.name(), w.answer());
            List<String> all;
            try {
                all = Files.exists(w.log()) ? Files.readAllLines(w.log(), StandardCharsets.ISO_8859_1) : List.of();
            } catch (IOException e) {
                out.println("  (its log could not be read: " + e + ")");
                continue;
            }
            int dump = lastThreadDump(all);
            List<String> changes = tail(
                    logged(all).stream()
                            .filter(l ->
                                    l.contains(STATE_CHANGE) && !loggedAt(l).isBefore(w.started()))
                            .map(LogTails::stateChange)
                            .toList(),
                    STATE_CHANGES);
            out.println("  state changes since its start at " + TIME_OF_DAY.format(w.started()) + ": "
                    + (changes.isEmpty() ? "none logged" : String.join("; ", changes)));
            if (dump < 0) {
                out.println("  no thread dump");
            } else {
                streamThreads(all.subList(dump, all.size()), FRAMES).forEach(l -> out.println("  " + l));
            }
        }
        out.flush();
    }

    static void print(Path workDir, PrintWriter out) {
        if (workDir == null) {
            return;
        }
        try (Stream<Path> logs = Files.list(workDir.resolve("logs"))) {
            // the instances' logs first: a run gives up waiting on them
            for (Path log : logs.sorted(Comparator.comparing(
                                    (Path p) -> p.getFileName().toString().startsWith("broker"))
                            .thenComparing(Path::getFileName))
                    .toList()) {
                List<String> lines = logged(Files.readAllLines(log, StandardCharsets.ISO_8859_1));
                out.printf(
                        "---- %s: %,d lines; its last %d warnings and errors (repeats folded), then its last %d lines%n",
                        log.getFileName(), lines.size(), WARNINGS, LAST_LINES);
                tail(folded(lines.stream().filter(LogTails::isWarning).toList()), WARNINGS)
                        .forEach(out::println);
                out.println("   ...");
                tail(lines, LAST_LINES).forEach(out::println);
            }
        } catch (IOException e) {
            out.println("(the processes' logs could not be read: " + e + ")");
        }
        out.flush();
    }

    /**
     * The lines, a run of lines that differ only in their timestamp and numbers (a client retrying, a thread
     * renumbered) written as its first line and how many more there were until when.
     */
    static List<String> folded(List<String> lines) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String first = lines.get(i);
            String shape = shape(first);
            int j = i + 1;
            while (j < lines.size() && shape(lines.get(j)).equals(shape)) {
                j++;
            }
            int more = j - i - 1;
            out.add(
                    more == 0
                            ? first
                            : first + "  [and " + more + " more like it, to " + timestamp(lines.get(j - 1)) + "]");
            i = j;
        }
        return out;
    }

    private static String shape(String line) {
        return NUMBER.matcher(TIMESTAMP.matcher(line).replaceFirst("")).replaceAll("#");
    }

    private static String timestamp(String line) {
        int space = line.indexOf(' ');
        return TIMESTAMP.matcher(line).lookingAt() ? line.substring(0, space) : "?";
    }

    /** {@code 02:30:15.101 REBALANCING->RUNNING} from a state change's log line. */
    static String stateChange(String line) {
        Instant at = loggedAt(line);
        return (at.equals(Instant.MAX) ? "?" : TIME_OF_DAY.format(at)) + " " + field(line, "from=") + "->"
                + field(line, "to=");
    }

    /** When a line was logged, from its timestamp; the end of time for a line without one (never left out). */
    private static Instant loggedAt(String line) {
        try {
            return Instant.parse(timestamp(line));
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }

    private static String field(String line, String name) {
        int at = line.indexOf(name);
        if (at < 0) {
            return "?";
        }
        int end = line.indexOf(' ', at);
        return line.substring(at + name.length(), end < 0 ? line.length() : end);
    }

    /** The lines a process logged: its log without the thread dumps in it (each to its "JNI global refs" line). */
    static List<String> logged(List<String> lines) {
        List<String> out = new ArrayList<>();
        boolean inDump = false;
        for (String line : lines) {
            if (line.startsWith(THREAD_DUMP)) {
                inDump = true;
            } else if (inDump && line.startsWith(DUMP_END)) {
                inDump = false;
                continue;
            }
            if (!inDump) {
                out.add(line);
            }
        }
        return out;
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
     * Where, in a thread dump, Kafka Streams' processing threads, its state updaters and its global thread were (not
     * their clients' network threads), and the {@code main} thread (an instance that has not started them is still in
     * {@code main}). A thread doing what it does when all is well (polling, an idle state updater, {@code main}
     * waiting for the shutdown) is one line; any other, its name, state and first {@code frames} frames.
     */
    static List<String> streamThreads(List<String> dump, int frames) {
        List<String> out = new ArrayList<>();
        String name = null;
        String state = "";
        List<String> stack = new ArrayList<>();
        for (String line : dump) {
            if (line.startsWith("\"")) {
                describe(name, state, stack, frames, out);
                String quoted = line.substring(1, Math.max(1, line.indexOf('"', 1)));
                name = quoted.equals("main") || STREAM_THREAD.matcher(quoted).matches() ? quoted : null;
                state = "";
                stack.clear();
            } else if (name != null && line.trim().startsWith(THREAD_STATE)) {
                state = line.trim().substring(THREAD_STATE.length());
            } else if (name != null && line.startsWith("\tat ")) {
                stack.add(line.substring(4));
            }
        }
        describe(name, state, stack, frames, out);
        return out;
    }

    private static void describe(String name, String state, List<String> stack, int frames, List<String> out) {
        if (name == null) {
            return;
        }
        String thread = "\"" + UUID.matcher(name).replaceAll("") + "\" " + state;
        int poll = lastFrame(stack, "KafkaConsumer.poll(");
        if (poll >= 0 && poll + 1 < stack.size()) {
            out.add(thread + ": polling, from " + method(stack.get(poll + 1)));
        } else if (lastFrame(stack, "waitIfAllChangelogsCompletelyRead(") >= 0) {
            out.add(thread + ": idle, every changelog read");
        } else if (name.equals("main")
                && lastFrame(stack, "RunCommand.call(") >= 0
                && lastFrame(stack, "CountDownLatch.await(") >= 0) {
            out.add(thread + ": started, waiting for the shutdown");
        } else {
            out.add(thread);
            stack.stream().limit(frames).forEach(f -> out.add("    at " + f));
        }
    }

    private static int lastFrame(List<String> stack, String method) {
        for (int i = stack.size() - 1; i >= 0; i--) {
            if (stack.get(i).contains(method)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code StreamThread.pollRequests} from a frame such as {@code org.apache...StreamThread.pollRequests(S.java:1)}. */
    static String method(String frame) {
        int paren = frame.indexOf('(');
        String qualified = paren < 0 ? frame : frame.substring(0, paren);
        int method = qualified.lastIndexOf('.');
        int type = method < 0 ? -1 : qualified.lastIndexOf('.', method - 1);
        return qualified.substring(type + 1);
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
