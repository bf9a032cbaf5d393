package org.kyso.core;

import java.net.URI;
import java.security.cert.CRLReason;
import java.time.Instant;
import java.util.Objects;

/**
 * What an OCSP responder (RFC 6960) or a CRL (RFC 5280 §5) said about one certificate, after KySo
 * checked that the issuing CA (or a responder it authorised) signed the answer.
 *
 * <pre>{@code
 * RevocationStatus st = Revocation.online().build().check(leaf, issuer);
 * if (st.status() == RevocationStatus.Status.REVOKED) {
 *     System.out.println("revoked on " + st.revocationTime() + " (" + st.revocationReason() + ")");
 * }
 * }</pre>
 *
 * @param status GOOD, REVOKED or UNKNOWN (an OCSP responder that does not know the certificate)
 * @param source where the answer came from
 * @param thisUpdate when the answer was known to be correct
 * @param nextUpdate when newer information will be available; {@code null} when the source gives
 *        none (such an answer is never reused from the cache)
 * @param revocationTime when the certificate was revoked; {@code null} unless REVOKED
 * @param revocationReason the reason code; {@code null} unless REVOKED with a reason given
 * @param url the responder or distribution point that answered
 */
public record RevocationStatus(Status status, Source source, Instant thisUpdate, Instant nextUpdate,
                               Instant revocationTime, CRLReason revocationReason, URI url) {

    /** The certificate's revocation state. */
    public enum Status {
        /** Not revoked (as of {@code thisUpdate}). */
        GOOD,
        /** Revoked at {@code revocationTime}. */
        REVOKED,
        /** The OCSP responder does not know the certificate. */
        UNKNOWN
    }

    /** The kind of source that answered. */
    public enum Source {
        OCSP, CRL
    }

    public RevocationStatus {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(url, "url");
        if (status == Status.REVOKED) {
            Objects.requireNonNull(revocationTime, "revocationTime of a REVOKED status");
        }
    }

    public boolean isGood() {
        return status == Status.GOOD;
    }

    public boolean isRevoked() {
        return status == Status.REVOKED;
    }
}
