package org.kyso.testkit;

/**
 * How the test TSA answers RFC 3161 requests, switched at run time with {@link TestPki#tsaMode(TsaMode)}.
 * Each mode except {@link #NORMAL} and {@link #SLOW} produces an answer a correct client must refuse.
 *
 * <pre>{@code
 * pki.tsaMode(TsaMode.WRONG_NONCE);
 * assertThatThrownBy(() -> signer.sign(in, out)).isInstanceOf(TimestampException.class);
 * }</pre>
 */
public enum TsaMode {
    /** A granted answer with a token matching the request. */
    NORMAL,
    /** Status {@code rejection} with failure info {@code systemFailure} and no token. */
    REJECT,
    /** A validly signed token whose nonce differs from the request's (one is added if the request had none). */
    WRONG_NONCE,
    /** A validly signed token whose message imprint differs from the request's. */
    WRONG_IMPRINT,
    /**
     * A token signed with a second TSA certificate that lacks the critical extended key usage
     * {@code id-kp-timeStamping} RFC 3161 section 2.3 requires.
     */
    CERT_WITHOUT_EKU,
    /** HTTP 200 with content type {@code application/timestamp-reply} and a body that is not ASN.1. */
    GARBAGE,
    /** A normal answer, sent after the delay set with {@link TestPki.Builder#tsaDelay(java.time.Duration)}. */
    SLOW
}
