package org.kyso.core;

/**
 * A signing key could not be used: wrong password or PIN, locked token, key not found, or the
 * key refused the operation. Never retried automatically (a retried wrong PIN locks tokens).
 */
public class KeyAccessException extends KysoException {

    /** Why the key could not be used; lets a caller decide whether asking again makes sense. */
    public enum Reason {
        /** The password or PIN was not accepted. Ask the person again, never retry silently. */
        WRONG_PASSWORD,
        /** The token or key is locked; only an administrator can unlock it. */
        LOCKED,
        /** No key matched, or several did. */
        NOT_FOUND,
        /** The key exists but refused this operation or algorithm. */
        NOT_PERMITTED,
        /** Anything else (token removed, driver failure). */
        OTHER
    }

    private final Reason reason;

    public KeyAccessException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public KeyAccessException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
