package org.kyso.core.internal;

import java.util.Objects;

import org.kyso.core.Message;

/**
 * A {@link ValidationChecks} refuses a document before DSS reads it (a DOCTYPE, a signature
 * construct that secure validation forbids, ...). The validator answers with a report whose
 * verdict is ERROR and whose error is {@link #report()}.
 */
public final class RefusedDocumentException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Message report;

    public RefusedDocumentException(Message report, Throwable cause) {
        super(Objects.requireNonNull(report, "report").english(), cause);
        this.report = report;
    }

    /** The error for the report, in English and Vietnamese. */
    public Message report() {
        return report;
    }
}
