package io.atozwatch.app.runtime;

/**
 * A failure the user can fix (a missing or invalid setting, a busy port, an unreachable cluster, an unreadable
 * file): the command line prints its message, without a stack trace, and exits with its code (2 for what is
 * wrong in the command line, settings or input; 1 for what is wrong around it).
 */
public class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** A problem with the command line, settings or input: exit code 2. */
    public UserError(String message) {
        this(message, 2);
    }

    public int exitCode() {
        return exitCode;
    }
}
