package org.kyso.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import org.kyso.core.KeyAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.KysoIOException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.ServiceException;

/** Maps an exception that ended a command to its exit code and its one-line message. */
final class Failures {

    /** What to print and which code to exit with. */
    record Failure(int code, String message) {
    }

    private Failures() {
    }

    static Failure classify(Throwable e) {
        if (e instanceof UncheckedIOException unchecked) {
            e = unchecked.getCause();
        }
        String message = oneLine(e.getMessage());
        if (e instanceof CliFailure failure) {
            return new Failure(failure.code(), message);
        }
        if (e instanceof KeyAccessException) {
            // Every reason (wrong password, locked, not permitted, no such key) means: this key cannot be used now.
            return new Failure(ExitCode.NO_PERM, message);
        }
        if (e instanceof ServiceException) {
            return new Failure(ExitCode.UNAVAILABLE, message);
        }
        if (e instanceof MalformedDocumentException) {
            return new Failure(ExitCode.DATA_ERR, message);
        }
        if (e instanceof KysoIOException io) {
            int code = switch (io.kind()) {
                case INPUT -> ExitCode.NO_INPUT;
                case OUTPUT -> ExitCode.CANT_CREATE;
                case OTHER -> ExitCode.IO_ERR;
            };
            return new Failure(code, message);
        }
        if (e instanceof KysoException) {
            return new Failure(ExitCode.SOFTWARE, message);
        }
        if (e instanceof NoSuchFileException missing) {
            return new Failure(ExitCode.NO_INPUT, "Cannot open " + missing.getFile() + ": no such file");
        }
        if (e instanceof AccessDeniedException denied) {
            return new Failure(ExitCode.NO_INPUT, "Cannot open " + denied.getFile() + ": permission denied");
        }
        if (e instanceof IOException) {
            return new Failure(ExitCode.IO_ERR, message);
        }
        return new Failure(ExitCode.SOFTWARE, "internal error: " + e.getClass().getSimpleName()
                + (message.isEmpty() ? "" : ": " + message));
    }

    /** Messages are shown on one line: line breaks become "; ". */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }
}
