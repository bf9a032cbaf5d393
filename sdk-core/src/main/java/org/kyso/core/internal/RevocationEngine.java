package org.kyso.core.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CRLException;
import java.security.cert.CRLReason;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.kyso.core.RevocationException;
import org.kyso.core.RevocationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link org.kyso.core.Revocation} runs on: OCSP (RFC 6960) and CRL (RFC 5280) fetching with
 * Bouncy Castle and the JDK HTTP client, signature checks, and the shared {@link RevocationCache}.
 * {@link RevocationSupport} builds DSS sources on the same instance so DSS validation and
 * {@code Revocation.check} share one cache. Not part of KySo's API.
 *
 * <p>This class is thread-safe.
 */
public final class RevocationEngine {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationEngine.class);

    /** Allowance for clocks that disagree, as the JDK's own OCSP checker (com.sun.security.ocsp.clockSkew). */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(15);
    private static final long MAX_OCSP_BYTES = 1 << 20;
    /** Large enough for national CA CRLs of a few hundred thousand entries. */
    private static final long MAX_CRL_BYTES = 64L << 20;

    private final ServiceHttp http;
    private final Clock clock;
    private final RevocationCache cache;
    private final int capacity;

    private RevocationEngine(ServiceHttp http, Clock clock, int capacity) {
        this.http = http;
        this.clock = clock;
        this.capacity = capacity;
        this.cache = http == null ? null : new RevocationCache(capacity, clock);
    }

    public static RevocationEngine offline() {
        return new RevocationEngine(null, Clock.systemUTC(), 0);
    }

    public static RevocationEngine online(Duration connectTimeout, Duration readTimeout, int cacheSize, Clock clock) {
        return new RevocationEngine(new ServiceHttp(connectTimeout, readTimeout, true), clock, cacheSize);
    }

    public boolean isOffline() {
        return http == null;
    }

    /** Connect timeout for other fetches KySo makes on this configuration's behalf (AIA); null offline. */
    public Duration connectTimeout() {
        return http == null ? null : http.connectTimeout();
    }

    /** Read timeout for other fetches KySo makes on this configuration's behalf (AIA); null offline. */
    public Duration readTimeout() {
        return http == null ? null : http.readTimeout();
    }

    /** Answers cached now (OCSP answers plus CRLs). */
    public int cachedEntries() {
        return cache == null ? 0 : cache.size();
    }

    /** An OCSP answer checked to be signed by the issuer or a responder it authorised. */
    public record OcspAnswer(URI url, BasicOCSPResp response, SingleResp single, RevocationStatus status) {
    }

    /** A CRL and what it says about one certificate. */
    public record CrlAnswer(CrlDocument crl, RevocationStatus status) {
    }

    /**
     * One CRL as fetched from one distribution point, its signature checked against the issuer. Kept
     * once per URL and shared by every certificate of that CA.
     */
    public static final class CrlDocument {
        private final URI url;
        private final byte[] encoded;
        private final X509CRL crl;
        private final String verifiedIssuerKey;
        private final ConcurrentMap<Object, Object> derived = new ConcurrentHashMap<>();

        CrlDocument(URI url, byte[] encoded, X509CRL crl, String verifiedIssuerKey) {
            this.url = url;
            this.encoded = encoded;
            this.crl = crl;
            this.verifiedIssuerKey = verifiedIssuerKey;
        }

        public URI url() {
            return url;
        }

        /** The CRL as served (DER or PEM). Shared, do not modify. */
        public byte[] encoded() {
            return encoded;
        }

        public X509CRL crl() {
            return crl;
        }

        /**
         * A value derived from this CRL and kept as long as it is (DSS's parsed form, for
         * instance), made once per key even under concurrent use.
         */
        @SuppressWarnings("unchecked")
        public <T> T derived(Object key, Function<Object, T> make) {
            return (T) derived.computeIfAbsent(key, make);
        }
    }

    /** Revocation.check: OCSP first, then CRL; see {@link org.kyso.core.Revocation}. */
    public RevocationStatus check(X509Certificate certificate, X509Certificate issuer) throws RevocationException {
        String subject = certificate.getSubjectX500Principal().getName();
        if (isOffline()) {
            throw new RevocationException(null, "offline: revocation not checked for " + subject
                    + " (Revocation.offline() never contacts OCSP responders or CRL distribution points)", null);
        }
        requireIssuer(certificate, issuer);
        List<String> problems = new ArrayList<>();
        URI firstUrl = null;
        Throwable lastCause = null;
        RevocationStatus unknown = null;

        Locations ocsp = ocspLocations(certificate);
        problems.addAll(ocsp.skipped());
        if (!ocsp.usable().isEmpty()) {
            firstUrl = ocsp.usable().get(0);
            try {
                OcspAnswer answer = ocspAnswer(certificate, issuer, ocsp.usable());
                if (answer.status().status() != RevocationStatus.Status.UNKNOWN) {
                    return answer.status();
                }
                // The responder does not know the certificate; a CRL may.
                unknown = answer.status();
                problems.add("OCSP " + answer.url() + " answered UNKNOWN");
            } catch (SourceFailure e) {
                problems.add(e.getMessage());
                lastCause = e;
            }
        }
        Locations crl = crlLocations(certificate);
        problems.addAll(crl.skipped());
        for (URI url : crl.usable()) {
            firstUrl = firstUrl == null ? url : firstUrl;
            try {
                return crlAnswer(certificate, issuer, url).status();
            } catch (SourceFailure e) {
                problems.add(e.getMessage());
                lastCause = e;
            }
        }
        if (unknown != null) {
            return unknown;
        }
        if (ocsp.usable().isEmpty() && crl.usable().isEmpty()) {
            throw new RevocationException(null, "Cannot check revocation of " + subject + ": it names no http(s) OCSP "
                    + "responder (AIA) and no http(s) CRL distribution point" + (problems.isEmpty() ? "" : " ("
                    + String.join("; ", problems) + ")"), null);
        }
        throw new RevocationException(firstUrl, "Cannot check revocation of " + subject + ": "
                + String.join("; ", problems), lastCause);
    }

    /**
     * The OCSP answer for {@code certificate} from its AIA responders (cached), or {@code null}
     * when it names none.
     */
    public OcspAnswer ocsp(X509Certificate certificate, X509Certificate issuer) throws RevocationException {
        requireOnline();
        requireIssuer(certificate, issuer);
        List<URI> urls = ocspLocations(certificate).usable();
        if (urls.isEmpty()) {
            return null;
        }
        try {
            return ocspAnswer(certificate, issuer, urls);
        } catch (SourceFailure e) {
            throw new RevocationException(urls.get(0), "Cannot get an OCSP answer for "
                    + certificate.getSubjectX500Principal().getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The CRL answer for {@code certificate} from the first of its distribution points that works
     * (cached per URL), or {@code null} when it names none.
     */
    public CrlAnswer crl(X509Certificate certificate, X509Certificate issuer) throws RevocationException {
        requireOnline();
        requireIssuer(certificate, issuer);
        List<URI> urls = crlLocations(certificate).usable();
        if (urls.isEmpty()) {
            return null;
        }
        List<String> problems = new ArrayList<>();
        SourceFailure last = null;
        for (URI url : urls) {
            try {
                return crlAnswer(certificate, issuer, url);
            } catch (SourceFailure e) {
                problems.add(e.getMessage());
                last = e;
            }
        }
        throw new RevocationException(urls.get(0), "Cannot get a CRL for "
                + certificate.getSubjectX500Principal().getName() + ": " + String.join("; ", problems), last);
    }

    // ---------------------------------------------------------------- OCSP

    private record OcspKey(String issuerKey, BigInteger serial) {
    }

    private OcspAnswer ocspAnswer(X509Certificate certificate, X509Certificate issuer, List<URI> urls)
            throws SourceFailure {
        OcspKey key = new OcspKey(keyId(issuer), certificate.getSerialNumber());
        return cache.get(key, () -> {
            List<String> problems = new ArrayList<>();
            SourceFailure last = null;
            for (URI url : urls) {
                try {
                    OcspAnswer answer = fetchOcsp(url, certificate, issuer);
                    return new RevocationCache.Expiring<>(answer, answer.status().nextUpdate());
                } catch (SourceFailure e) {
                    LOG.debug("{}", e.getMessage(), e);
                    problems.add(e.getMessage());
                    last = e;
                }
            }
            throw new SourceFailure(urls.get(0), String.join("; ", problems), last);
        });
    }

    private OcspAnswer fetchOcsp(URI url, X509Certificate certificate, X509Certificate issuer) throws SourceFailure {
        String source = "OCSP " + url;
        X509CertificateHolder issuerHolder;
        DigestCalculatorProvider digests;
        CertificateID id;
        byte[] request;
        try {
            issuerHolder = new JcaX509CertificateHolder(issuer);
            digests = new JcaDigestCalculatorProviderBuilder().build();
            // SHA-1 CertID: the one hash every responder supports (RFC 5019); it identifies, it does not secure.
            id = new CertificateID(digests.get(CertificateID.HASH_SHA1), issuerHolder, certificate.getSerialNumber());
            // No nonce: answers are cached and shared, and RFC 5019 responders ignore nonces anyway;
            // freshness comes from thisUpdate/nextUpdate, checked below.
            request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        } catch (CertificateEncodingException | OperatorCreationException | OCSPException | IOException e) {
            throw new SourceFailure(url, source + ": cannot build the request (" + e.getMessage() + ")", e);
        }
        ServiceHttp.Response response = exchange(url, source, () -> http.post(url, "application/ocsp-request",
                "application/ocsp-response", request, null, MAX_OCSP_BYTES));
        if (response.status() != 200) {
            throw new SourceFailure(url, source + httpStatus(response.status()), null);
        }
        BasicOCSPResp basic;
        try {
            OCSPResp ocspResp = new OCSPResp(response.body());
            if (ocspResp.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new SourceFailure(url, source + " answered status " + ocspStatusName(ocspResp.getStatus()), null);
            }
            if (!(ocspResp.getResponseObject() instanceof BasicOCSPResp b)) {
                throw new SourceFailure(url, source + " answered without a basic OCSP response", null);
            }
            basic = b;
        } catch (IOException | OCSPException | RuntimeException e) {
            throw new SourceFailure(url, source + " answered something that is not an OCSP response (content type "
                    + response.contentType() + ")", e);
        }
        verifyOcspSignature(url, source, basic, issuer, issuerHolder);
        SingleResp single = null;
        for (SingleResp candidate : basic.getResponses()) {
            boolean matches;
            try {
                matches = candidate.getCertID().getSerialNumber().equals(certificate.getSerialNumber())
                        && candidate.getCertID().matchesIssuer(issuerHolder, digests);
            } catch (OCSPException e) {
                matches = false;
            }
            if (matches && (single == null || candidate.getThisUpdate().after(single.getThisUpdate()))) {
                single = candidate;
            }
        }
        if (single == null) {
            throw new SourceFailure(url, source + " answered about other certificates, not serial "
                    + certificate.getSerialNumber().toString(16), null);
        }
        Instant thisUpdate = single.getThisUpdate().toInstant();
        Instant nextUpdate = single.getNextUpdate() == null ? null : single.getNextUpdate().toInstant();
        checkFreshness(url, source, thisUpdate, nextUpdate);
        CertificateStatus status = single.getCertStatus();
        RevocationStatus result;
        if (status == CertificateStatus.GOOD) {
            result = new RevocationStatus(RevocationStatus.Status.GOOD, RevocationStatus.Source.OCSP, thisUpdate,
                    nextUpdate, null, null, url);
        } else if (status instanceof RevokedStatus revoked) {
            CRLReason reason = revoked.hasRevocationReason() ? reason(revoked.getRevocationReason()) : null;
            result = new RevocationStatus(RevocationStatus.Status.REVOKED, RevocationStatus.Source.OCSP, thisUpdate,
                    nextUpdate, revoked.getRevocationTime().toInstant(), reason, url);
        } else if (status instanceof UnknownStatus) {
            result = new RevocationStatus(RevocationStatus.Status.UNKNOWN, RevocationStatus.Source.OCSP, thisUpdate,
                    nextUpdate, null, null, url);
        } else {
            throw new SourceFailure(url, source + " answered an unrecognised certificate status", null);
        }
        return new OcspAnswer(url, basic, single, result);
    }

    /** RFC 6960 §4.2.2.2: signed by the CA itself, or by a responder the CA certified for OCSP signing. */
    private static void verifyOcspSignature(URI url, String source, BasicOCSPResp basic, X509Certificate issuer,
                                            X509CertificateHolder issuerHolder) throws SourceFailure {
        if (signedBy(basic, issuerHolder)) {
            return;
        }
        X500Name issuerName = issuerHolder.getSubject();
        for (X509CertificateHolder responder : basic.getCerts()) {
            try {
                if (!responder.getIssuer().equals(issuerName)
                        || !responder.isSignatureValid(verifiers().build(issuer.getPublicKey()))) {
                    continue;
                }
            } catch (Exception e) {
                continue;
            }
            ExtendedKeyUsage usage = ExtendedKeyUsage.fromExtensions(responder.getExtensions());
            if (usage == null || !usage.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)) {
                continue;
            }
            if (!responder.isValidOn(basic.getProducedAt())) {
                continue;
            }
            if (signedBy(basic, responder)) {
                return;
            }
        }
        throw new SourceFailure(url, source + " sent an answer not signed by the issuer " + issuer.getSubjectX500Principal()
                .getName() + " nor by a responder certificate it issued with id-kp-OCSPSigning", null);
    }

    /**
     * Signature verifiers on Bouncy Castle (DSS's provider), as DSS verifies: the JDK's SunEC
     * verifies P-256 about five times slower on JDK 17, which made checking OCSP answers a sixth of
     * the CPU of validating an XML document.
     */
    private static JcaContentVerifierProviderBuilder verifiers() {
        return new JcaContentVerifierProviderBuilder().setProvider(eu.europa.esig.dss.spi.DSSSecurityProvider.getSecurityProvider());
    }

    private static boolean signedBy(BasicOCSPResp basic, X509CertificateHolder signer) {
        try {
            return basic.isSignatureValid(verifiers().build(signer));
        } catch (OperatorCreationException | OCSPException | CertificateException | RuntimeException e) {
            // A key of another type (EC key, RSA signature) throws rather than answering false.
            return false;
        }
    }

    private static String ocspStatusName(int status) {
        return switch (status) {
            case 1 -> "malformedRequest";
            case 2 -> "internalError";
            case 3 -> "tryLater";
            case 5 -> "sigRequired";
            case 6 -> "unauthorized";
            default -> String.valueOf(status);
        };
    }

    // ---------------------------------------------------------------- CRL

    private record CrlKey(URI url) {
    }

    private CrlAnswer crlAnswer(X509Certificate certificate, X509Certificate issuer, URI url) throws SourceFailure {
        String issuerKey = keyId(issuer);
        CrlDocument document = cache.get(new CrlKey(url), () -> {
            CrlDocument fetched = fetchCrl(url, issuer, issuerKey);
            Date next = fetched.crl().getNextUpdate();
            return new RevocationCache.Expiring<>(fetched, next == null ? null : next.toInstant());
        });
        if (!document.verifiedIssuerKey.equals(issuerKey)) {
            // Cached for a certificate of another CA sharing the URL (rare): check against this issuer too.
            verifyCrl(url, "CRL " + url, document.crl(), issuer);
        }
        X509CRL crl = document.crl();
        Instant thisUpdate = crl.getThisUpdate().toInstant();
        Instant nextUpdate = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
        X509CRLEntry entry = crl.getRevokedCertificate(certificate.getSerialNumber());
        RevocationStatus status;
        if (entry == null || entry.getRevocationReason() == CRLReason.REMOVE_FROM_CRL) {
            status = new RevocationStatus(RevocationStatus.Status.GOOD, RevocationStatus.Source.CRL, thisUpdate,
                    nextUpdate, null, null, url);
        } else {
            status = new RevocationStatus(RevocationStatus.Status.REVOKED, RevocationStatus.Source.CRL, thisUpdate,
                    nextUpdate, entry.getRevocationDate().toInstant(), entry.getRevocationReason(), url);
        }
        return new CrlAnswer(document, status);
    }

    private CrlDocument fetchCrl(URI url, X509Certificate issuer, String issuerKey) throws SourceFailure {
        String source = "CRL " + url;
        ServiceHttp.Response response = exchange(url, source, () -> http.get(url, MAX_CRL_BYTES));
        if (response.status() != 200) {
            throw new SourceFailure(url, source + httpStatus(response.status()), null);
        }
        X509CRL crl;
        try {
            crl = (X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(response.body()));
        } catch (CertificateException | CRLException | RuntimeException e) {
            throw new SourceFailure(url, source + " answered something that is not a CRL (content type "
                    + response.contentType() + ")", e);
        }
        verifyCrl(url, source, crl, issuer);
        checkFreshness(url, source, crl.getThisUpdate().toInstant(),
                crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant());
        return new CrlDocument(url, response.body(), crl, issuerKey);
    }

    private static void verifyCrl(URI url, String source, X509CRL crl, X509Certificate issuer) throws SourceFailure {
        if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new SourceFailure(url, source + " is issued by " + crl.getIssuerX500Principal().getName()
                    + ", not by the certificate's issuer " + issuer.getSubjectX500Principal().getName()
                    + " (indirect CRLs are not supported)", null);
        }
        boolean[] keyUsage = issuer.getKeyUsage();
        if (keyUsage != null && (keyUsage.length < 7 || !keyUsage[6])) {
            throw new SourceFailure(url, source + ": the issuer " + issuer.getSubjectX500Principal().getName()
                    + " may not sign CRLs (its key usage lacks cRLSign)", null);
        }
        try {
            crl.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SourceFailure(url, source + " is not signed by the issuer "
                    + issuer.getSubjectX500Principal().getName(), e);
        }
    }

    // ---------------------------------------------------------------- shared

    private interface Exchange {
        ServiceHttp.Response run() throws IOException, InterruptedException;
    }

    /**
     * How long a responder that could not be reached (timeout, refused connection) is not asked
     * again: a batch of documents from one CA must not wait for the same dead server each time.
     */
    private static final Duration UNREACHABLE_BACKOFF = Duration.ofSeconds(60);

    /** Until when a URL is not asked again, and what went wrong when it was last asked. */
    private record Backoff(Instant until, String why) {
    }

    private final java.util.concurrent.ConcurrentHashMap<URI, Backoff> unreachable = new java.util.concurrent.ConcurrentHashMap<>();

    private ServiceHttp.Response exchange(URI url, String source, Exchange exchange) throws SourceFailure {
        Backoff backoff = unreachable.get(url);
        if (backoff != null) {
            if (clock.instant().isBefore(backoff.until())) {
                // The reason stays the one seen: a report about a second certificate says "did not answer within 2 s" too.
                throw new SourceFailure(url, source + " " + backoff.why() + " (a moment ago; not asked again before "
                        + backoff.until() + ")", null);
            }
            unreachable.remove(url, backoff);
        }
        try {
            return exchange.run();
        } catch (IOException e) {
            String why = http.why(e);
            unreachable.put(url, new Backoff(clock.instant().plus(UNREACHABLE_BACKOFF), why));
            throw new SourceFailure(url, source + " " + why, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceFailure(url, source + ": interrupted", e);
        }
    }

    private static String httpStatus(int status) {
        return " answered HTTP " + status + (status >= 500 ? " (the service is failing, retry later)" : " (check the URL)");
    }

    /** Refuses answers from the future or long past their nextUpdate: replayed or from a broken clock. */
    private void checkFreshness(URI url, String source, Instant thisUpdate, Instant nextUpdate) throws SourceFailure {
        Instant now = clock.instant();
        if (thisUpdate.isAfter(now.plus(CLOCK_SKEW))) {
            throw new SourceFailure(url, source + " sent an answer dated " + thisUpdate
                    + ", in the future: check the clocks", null);
        }
        if (nextUpdate != null && nextUpdate.isBefore(now.minus(CLOCK_SKEW))) {
            throw new SourceFailure(url, source + " sent a stale answer (nextUpdate " + nextUpdate + " has passed)", null);
        }
    }

    private static CRLReason reason(int code) {
        CRLReason[] reasons = CRLReason.values();
        return code >= 0 && code < reasons.length ? reasons[code] : CRLReason.UNSPECIFIED;
    }

    private void requireOnline() {
        if (isOffline()) {
            throw new IllegalStateException("Revocation is offline: no OCSP or CRL request may be made");
        }
    }

    private static void requireIssuer(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new IllegalArgumentException(issuer.getSubjectX500Principal().getName() + " is not the issuer of "
                    + certificate.getSubjectX500Principal().getName() + ", which names "
                    + certificate.getIssuerX500Principal().getName());
        }
    }

    /** Identifies an issuer by its public key, as OCSP's CertID does. */
    private static String keyId(X509Certificate issuer) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(issuer.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private record Locations(List<URI> usable, List<String> skipped) {
    }

    private static Locations ocspLocations(X509Certificate certificate) {
        List<String> raw = new ArrayList<>();
        ASN1Encodable value = extension(certificate, Extension.authorityInfoAccess.getId());
        if (value != null) {
            for (AccessDescription access : AuthorityInformationAccess.getInstance(value).getAccessDescriptions()) {
                if (AccessDescription.id_ad_ocsp.equals(access.getAccessMethod())) {
                    addUri(raw, access.getAccessLocation());
                }
            }
        }
        return locations("OCSP", raw);
    }

    private static Locations crlLocations(X509Certificate certificate) {
        List<String> raw = new ArrayList<>();
        ASN1Encodable value = extension(certificate, Extension.cRLDistributionPoints.getId());
        if (value != null) {
            for (DistributionPoint point : CRLDistPoint.getInstance(value).getDistributionPoints()) {
                DistributionPointName name = point.getDistributionPoint();
                if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
                    for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
                        addUri(raw, general);
                    }
                }
            }
        }
        return locations("CRL", raw);
    }

    private static ASN1Encodable extension(X509Certificate certificate, String oid) {
        byte[] encoded = certificate.getExtensionValue(oid);
        if (encoded == null) {
            return null;
        }
        try {
            return JcaX509ExtensionUtils.parseExtensionValue(encoded);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Unreadable extension {} in {}", oid, certificate.getSubjectX500Principal(), e);
            return null;
        }
    }

    private static void addUri(List<String> raw, GeneralName name) {
        if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
            raw.add(ASN1IA5String.getInstance(name.getName()).getString());
        }
    }

    private static Locations locations(String kind, List<String> raw) {
        List<URI> usable = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String text : raw) {
            try {
                URI uri = new URI(text.trim());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    usable.add(uri);
                } else {
                    skipped.add(kind + " " + text + " skipped: only http and https locations are fetched");
                }
            } catch (java.net.URISyntaxException e) {
                skipped.add(kind + " location '" + text + "' skipped: not a valid URL");
            }
        }
        return new Locations(List.copyOf(usable), List.copyOf(skipped));
    }

    @Override
    public String toString() {
        return isOffline() ? "Revocation[offline]"
                : "Revocation[online, " + cache.size() + "/" + capacity + " cached, connect "
                        + ServiceHttp.seconds(http.connectTimeout()) + ", read " + ServiceHttp.seconds(http.readTimeout()) + "]";
    }
}
