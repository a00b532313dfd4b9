package io.atozwatch.app.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks, before anything is started, that a port a command is told to listen on is free. */
public final class Ports {
    private Ports() {}

    /**
     * Throws a {@link UserError} naming the port, what it was for and the option that changes it, if nothing
     * can listen on {@code port} (0, any free port, always passes).
     */
    public static void requireFree(String host, int port, String what, String option) {
        if (port == 0) {
            return;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as Jetty and Kafka bind: a port in TIME_WAIT is free
            s.bind(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            throw new UserError("port " + port + " (" + what + ") is already in use or not allowed (" + e.getMessage()
                    + "); choose another with " + option);
        }
    }
}
