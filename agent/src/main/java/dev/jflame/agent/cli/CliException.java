package dev.jflame.agent.cli;

/**
 * A failure the CLI reports as one line on stderr and an exit code: {@link #FAILURE} when something
 * went wrong, {@link #USAGE} when the command line itself is wrong. Immutable.
 */
final class CliException extends RuntimeException {
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private static final long serialVersionUID = 1L;
    final int exitCode;

    private CliException(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliException failure(String message) {
        return new CliException(message, FAILURE);
    }

    static CliException usage(String message) {
        return new CliException(message, USAGE);
    }
}
