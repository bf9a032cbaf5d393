package org.kyso.core;

import java.nio.file.Path;

/** Reading an input or writing an output failed. The input is never changed by KySo. */
public class KysoIOException extends KysoException {

    /** Which side of the operation failed. */
    public enum Kind {
        /** An input could not be found or read. */
        INPUT,
        /** An output could not be created (exists, folder missing, no permission). */
        OUTPUT,
        /** Any other I/O failure. */
        OTHER
    }

    private final Kind kind;
    private final Path file;

    public KysoIOException(Kind kind, Path file, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.file = file;
    }

    public Kind kind() {
        return kind;
    }

    /** The file involved, when there is one. */
    public Path file() {
        return file;
    }
}
