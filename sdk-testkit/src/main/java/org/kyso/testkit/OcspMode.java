package org.kyso.testkit;

/**
 * How the test OCSP responder answers, switched at run time with {@link TestPki#ocspMode(OcspMode)}.
 * Each mode except {@link #NORMAL} produces an answer a correct client must not use as a status.
 * Transport failures (503, no answer at all) are {@link Failure}s instead.
 *
 * <pre>{@code
 * pki.ocspMode(OcspMode.TRY_LATER);
 * pki.crlMode(CrlMode.CORRUPT);     // so that no fallback answers either
 * ValidationReport report = validator.validate(signed);   // INDETERMINATE, warning says "tryLater"
 * }</pre>
 */
public enum OcspMode {
    /** A successful answer signed by the issuing CA, with the real status. */
    NORMAL,
    /** RFC 6960 response status {@code tryLater} (3) and no response bytes. */
    TRY_LATER,
    /** RFC 6960 response status {@code unauthorized} (6) and no response bytes. */
    UNAUTHORIZED,
    /**
     * A successful, correctly signed answer with the real status whose thisUpdate lies 30 days and
     * nextUpdate 29 days in the past: a replayed or stale answer.
     */
    STALE
}
