package org.kyso.core;

import java.nio.file.Path;

/**
 * The validation policy given to {@link Validator.Builder#policy(Path)} cannot be used: the file
 * does not exist or cannot be read, or it is not a DSS validation policy (constraint XML). Thrown by
 * {@link Validator.Builder#build()}, before any document is validated; the message names the file.
 */
public class ValidationPolicyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final boolean unreadable;

    public ValidationPolicyException(Path file, boolean unreadable, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.unreadable = unreadable;
    }

    /** The policy file. */
    public Path file() {
        return file;
    }

    /** True when the file is missing or unreadable; false when it was read but is not a usable policy. */
    public boolean unreadable() {
        return unreadable;
    }
}
