package org.kyso.testkit;

/**
 * How the test CRL distribution points answer, switched at run time with
 * {@link TestPki#crlMode(CrlMode)}. Both CRLs (intermediate and root) follow the mode.
 *
 * <pre>{@code
 * pki.crlMode(CrlMode.CORRUPT);
 * }</pre>
 */
public enum CrlMode {
    /** A freshly signed CRL listing every revocation so far. */
    NORMAL,
    /**
     * HTTP 200, content type {@code application/pkix-crl}, and the first half of a real DER CRL: a
     * download cut short, which does not parse.
     */
    CORRUPT,
    /** A correctly signed CRL whose thisUpdate lies 30 days and nextUpdate 29 days in the past. */
    STALE
}
