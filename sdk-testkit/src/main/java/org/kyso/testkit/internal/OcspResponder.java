package org.kyso.testkit.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.kyso.testkit.OcspMode;

/**
 * An RFC 6960 OCSP responder for the test CAs. Each answer is signed by the CA that issued the
 * certificate asked about (no delegated responder certificate), with the responder identified by
 * key hash. This class is thread-safe.
 */
public final class OcspResponder {

    // Clients compare thisUpdate with their own clock; backdating a little tolerates clock skew the
    // way production responders do.
    private static final Duration BACKDATE = Duration.ofSeconds(5);
    /** How far in the past a {@link OcspMode#STALE} answer was made (its nextUpdate is a day later). */
    public static final Duration STALE_AGE = Duration.ofDays(30);

    private final List<CertificateAuthority> authorities;
    private final CertificateAuthority fallback;
    private final Duration nextUpdate;

    /**
     * @param authorities the CAs to answer for
     * @param fallback the CA that signs answers about issuers nobody here knows (status unknown)
     * @param nextUpdate nextUpdate minus thisUpdate; zero leaves nextUpdate out
     */
    public OcspResponder(List<CertificateAuthority> authorities, CertificateAuthority fallback, Duration nextUpdate) {
        this.authorities = List.copyOf(authorities);
        this.fallback = fallback;
        this.nextUpdate = nextUpdate;
    }

    /** Answers a DER OCSPRequest with a DER OCSPResponse; a request that cannot be parsed gets malformedRequest. */
    public byte[] respond(byte[] request) {
        return respond(request, OcspMode.NORMAL);
    }

    /** As {@link #respond(byte[])}, misbehaving as {@code mode} says. */
    public byte[] respond(byte[] request, OcspMode mode) {
        try {
            if (mode == OcspMode.TRY_LATER) {
                return new OCSPRespBuilder().build(OCSPRespBuilder.TRY_LATER, null).getEncoded();
            }
            if (mode == OcspMode.UNAUTHORIZED) {
                return new OCSPRespBuilder().build(OCSPRespBuilder.UNAUTHORIZED, null).getEncoded();
            }
            OCSPReq parsed;
            try {
                parsed = new OCSPReq(request);
            } catch (IOException | RuntimeException e) {
                return new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded();
            }
            Req[] requests = parsed.getRequestList();
            if (requests.length == 0) {
                return new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded();
            }
            DigestCalculatorProvider digests = Bc.digestCalculators();
            // One response has one signer, so the CA named in the first request signs; a request
            // about another issuer in the same batch is answered "unknown".
            CertificateAuthority signer = issuerOf(requests[0].getCertID(), digests).orElse(fallback);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            if (mode == OcspMode.STALE) {
                now = now.minus(STALE_AGE);
            }
            Date thisUpdate = Date.from(now.minus(BACKDATE));
            Date next = mode == OcspMode.STALE ? Date.from(now.plus(Duration.ofDays(1)))
                    : nextUpdate.isZero() ? null : Date.from(now.plus(nextUpdate));

            BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(
                    SubjectPublicKeyInfo.getInstance(signer.certificate().getPublicKey().getEncoded()), Bc.sha1Calculator());
            for (Req req : requests) {
                CertificateID id = req.getCertID();
                builder.addResponse(id, status(signer, id, digests), thisUpdate, next, null);
            }
            Extension nonce = parsed.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null) {
                builder.setResponseExtensions(new Extensions(
                        new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, nonce.getExtnValue())));
            }
            BasicOCSPResp basic = builder.build(Bc.contentSigner(signer.privateKey()), null, Date.from(now));
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("Cannot build an OCSP response", e);
        }
    }

    private Optional<CertificateAuthority> issuerOf(CertificateID id, DigestCalculatorProvider digests) {
        return authorities.stream().filter(ca -> matches(id, ca, digests)).findFirst();
    }

    // A CertID hashed with an algorithm we cannot compute names no issuer we know: "unknown", not an error.
    private static boolean matches(CertificateID id, CertificateAuthority ca, DigestCalculatorProvider digests) {
        try {
            return id.matchesIssuer(ca.holder(), digests);
        } catch (OCSPException e) {
            return false;
        }
    }

    private static CertificateStatus status(CertificateAuthority signer, CertificateID id, DigestCalculatorProvider digests) {
        if (!matches(id, signer, digests) || !signer.hasIssued(id.getSerialNumber())) {
            return new UnknownStatus();
        }
        return signer.revocation(id.getSerialNumber())
                .<CertificateStatus>map(r -> new RevokedStatus(Date.from(r.time()), r.reason()))
                .orElse(CertificateStatus.GOOD);
    }
}
