package org.kyso.examples.cli;

/**
 * A command failed in a way it has already explained: {@link #getMessage()} is the one line shown
 * after {@code kyso:}, {@link #code()} the exit code.
 */
final class CliFailure extends Exception {

    private final int code;

    CliFailure(int code, String message) {
        super(message);
        this.code = code;
    }

    CliFailure(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    int code() {
        return code;
    }

    /** Exit 64 for an option declared by the contract that this build cannot serve yet. */
    static CliFailure notYetSupported(String what) {
        return new CliFailure(ExitCode.USAGE, what + " is not yet supported");
    }
}
