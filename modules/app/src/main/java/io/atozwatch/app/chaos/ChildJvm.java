package io.atozwatch.app.chaos;

import io.atozwatch.app.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@code atoz-watch} subcommands in JVMs of their own, on this JVM's java and class path, so that
 * they can be SIGKILLed like a crashed host: nothing of theirs runs in this process. Every process started
 * is remembered until it exits, so that {@link #killAll()} (at the end, or from a shutdown hook on Ctrl-C)
 * leaves nothing behind.
 */
final class ChildJvm {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    /**
     * Options of every child JVM besides its heap: on a small machine four JVMs start and restart side by side,
     * and the C2 compiler's and parallel GC's threads would compete with them for the cores. The work of the
     * run is light (hundreds of events a second), so C1-compiled code and the serial collector do it; what they
     * change is how long a JVM takes to start, which restore times include.
     */
    static final List<String> SMALL_MACHINE = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private ChildJvm() {}

    /** {@code java <jvmOptions> -cp <this class path> io.atozwatch.app.Main <args>}. */
    static List<String> command(List<String> jvmOptions, List<String> args) {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(SMALL_MACHINE);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    /** Starts the subcommand; its stdout and stderr are appended to {@code log} (kept across restarts). */
    static Process start(List<String> jvmOptions, List<String> args, Path log) throws IOException {
        Process p = new ProcessBuilder(command(jvmOptions, args))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        LIVE.add(p);
        p.onExit().thenAccept(LIVE::remove);
        return p;
    }

    /** SIGKILL (on Linux, {@code destroyForcibly} is SIGKILL) and wait until the process is gone. */
    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + p.pid() + " survived SIGKILL for 30 s");
        }
        LIVE.remove(p);
    }

    /**
     * Asks a child JVM for a thread dump: on SIGQUIT a JVM prints every thread's stack to its output (here its
     * {@code log}) and goes on running. For a run that timed out waiting on a child: its log then says where each
     * thread was. Returns whether a dump appeared in the log within {@code wait}.
     */
    static boolean dumpThreads(Process p, Path log, Duration wait) throws IOException, InterruptedException {
        if (!p.isAlive()) {
            return false;
        }
        long before = Files.size(log);
        Process quit = new ProcessBuilder("kill", "-QUIT", Long.toString(p.pid()))
                .redirectErrorStream(true)
                .start();
        if (!quit.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) || quit.exitValue() != 0) {
            return false;
        }
        try {
            Poll.until("a thread dump in " + log, wait, () -> LogTails.lastThreadDump(newLines(log, before)) >= 0);
            return true;
        } catch (Poll.TimedOut e) {
            return false;
        }
    }

    private static List<String> newLines(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        int start = (int) Math.min(from, all.length);
        return new String(all, start, all.length - start, StandardCharsets.ISO_8859_1)
                .lines()
                .toList();
    }

    /** Kills every child still running; safe to call more than once and from a shutdown hook. */
    static void killAll() {
        for (Process p : List.copyOf(LIVE)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : List.copyOf(LIVE)) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            LIVE.remove(p);
        }
    }
}
