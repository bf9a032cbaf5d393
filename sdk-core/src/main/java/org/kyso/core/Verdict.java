package org.kyso.core;

/** The one answer a {@link ValidationReport} gives first. */
public enum Verdict {
    /** Every signature is TOTAL_PASSED. */
    VALID,
    /** Some signature is INDETERMINATE (untrusted chain, revocation unknown, ...), none failed. */
    INDETERMINATE,
    /** Some signature is TOTAL_FAILED (broken integrity, disallowed change, revoked, ...). */
    INVALID,
    /** The document carries no signature at all. */
    NO_SIGNATURE,
    /** The file could not be read; {@link ValidationReport#error()} says why. */
    ERROR
}
