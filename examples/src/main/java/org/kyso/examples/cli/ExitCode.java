package org.kyso.examples.cli;

import java.util.Optional;

import org.kyso.core.Message;
import org.kyso.core.ValidationReport;

/** The exit codes of CONTRACT.md (the 6x and 7x codes are those of BSD's sysexits.h). */
final class ExitCode {

    static final int OK = 0;
    static final int INDETERMINATE = 1;
    static final int INVALID = 2;
    static final int NO_SIGNATURE = 3;
    static final int USAGE = 64;
    static final int DATA_ERR = 65;
    static final int NO_INPUT = 66;
    static final int UNAVAILABLE = 69;
    static final int SOFTWARE = 70;
    static final int CANT_CREATE = 73;
    static final int IO_ERR = 74;
    static final int NO_PERM = 77;

    private ExitCode() {
    }

    /** The exit code a validation report stands for; with several reports the highest wins. */
    static int of(ValidationReport report) {
        return switch (report.verdict()) {
            case VALID -> OK;
            case INDETERMINATE -> INDETERMINATE;
            case INVALID -> INVALID;
            case NO_SIGNATURE -> NO_SIGNATURE;
            case ERROR -> ofError(report.error());
        };
    }

    private static int ofError(Optional<Message> error) {
        String key = error.map(Message::key).orElse("");
        if ("kyso.internal".equals(key)) {
            return SOFTWARE; // a bug in KySo, not the file's fault
        }
        // An unknown key is DSS failing on the document's content: treat it as malformed input.
        return "kyso.file.unreadable".equals(key) ? NO_INPUT : DATA_ERR;
    }
}
