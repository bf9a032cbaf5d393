package org.kyso.core;

import java.nio.file.Path;

/** The input is not a well-formed document of the expected kind (not a PDF, broken XML, ...). */
public class MalformedDocumentException extends KysoException {

    private final Path file;

    public MalformedDocumentException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The offending file, or {@code null} when the document came from memory. */
    public Path file() {
        return file;
    }
}
