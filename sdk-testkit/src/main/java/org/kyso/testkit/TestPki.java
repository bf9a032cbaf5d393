package org.kyso.testkit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.kyso.testkit.internal.CertificateAuthority;
import org.kyso.testkit.internal.Keys;
import org.kyso.testkit.internal.Names;
import org.kyso.testkit.internal.OcspResponder;
import org.kyso.testkit.internal.PkiHttpServer;
import org.kyso.testkit.internal.PkiHttpServer.Reply;
import org.kyso.testkit.internal.TimeStampAuthority;
import org.kyso.testkit.internal.X509Extensions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PKI for tests and demos, served over HTTP on 127.0.0.1: a root CA, an intermediate
 * (issuing) CA, leaf certificates on demand, and a time-stamping authority, with an RFC 3161 TSA,
 * an RFC 6960 OCSP responder, RFC 5280 CRLs and the CA certificates (AIA caIssuers) on an
 * ephemeral port. Everything lives in memory and disappears with {@link #close()}.
 *
 * <pre>{@code
 * try (TestPki pki = TestPki.builder().start()) {
 *     Leaf signer = pki.issue(LeafSpec.builder()
 *             .subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, L=Hà Nội, C=VN, UID=MST:0101234567")
 *             .build());
 *     URI tsa = pki.tsaUrl();                       // http://127.0.0.1:PORT/tsa
 *     pki.failures(Endpoint.OCSP, Failure.HTTP_503); // simulate an outage
 *     pki.tsaMode(TsaMode.WRONG_NONCE);             // or a misbehaving TSA
 *     pki.ocspMode(OcspMode.TRY_LATER);             // OCSP and CRL misbehave too
 *     pki.crlMode(CrlMode.CORRUPT);
 * }
 * }</pre>
 *
 * <p>Endpoints: {@code POST /tsa}; {@code POST /ocsp} and {@code GET /ocsp/{base64 request}};
 * {@code GET /crl/intermediate.crl} and {@code /crl/root.crl}; {@code GET /ca/intermediate.cer}
 * and {@code /ca/root.cer}. Other paths answer 404. Every OCSP answer is signed by the CA that
 * issued the certificate in question; CRLs and OCSP reflect {@link #revoke(Leaf, Instant)} at once.
 *
 * <p>This class is thread-safe: leaves may be issued, and the services called, from many threads.
 * Nothing here is global: each instance has its own keys, port and threads, so tests may run
 * several side by side.
 */
public final class TestPki implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TestPki.class);

    // CAs start well in the past so that expired leaves and backdated validities still nest inside them.
    private static final Duration CA_BACKDATE = Duration.ofDays(5 * 365);
    private static final Duration ROOT_LIFETIME = Duration.ofDays(10 * 365);
    private static final Duration INTERMEDIATE_LIFETIME = Duration.ofDays(8 * 365);
    private static final Duration TSA_BACKDATE = Duration.ofDays(1);
    private static final Duration TSA_LIFETIME = Duration.ofDays(5 * 365);
    private static final Duration CRL_BACKDATE = Duration.ofSeconds(5);

    private static final String TSA_REPLY = "application/timestamp-reply";
    private static final String OCSP_REPLY = "application/ocsp-response";
    private static final String CRL = "application/pkix-crl";
    private static final String CERTIFICATE = "application/pkix-cert";

    private final Builder config;
    private final SecureRandom random;
    private final PkiHttpServer server;
    private final CertificateAuthority rootCa;
    private final CertificateAuthority intermediateCa;
    private final Leaf root;
    private final Leaf intermediate;
    private final Leaf tsa;
    private final OcspResponder ocsp;
    private final TimeStampAuthority timeStampAuthority;
    private Leaf tsaWithoutEku; // guarded by this, made on first use
    private volatile TsaMode tsaMode = TsaMode.NORMAL;
    private volatile OcspMode ocspMode = OcspMode.NORMAL;
    private volatile CrlMode crlMode = CrlMode.NORMAL;

    private TestPki(Builder config, SecureRandom random, PkiHttpServer server) {
        this.config = config;
        this.random = random;
        this.server = server;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        KeyPair rootKeys = Keys.generate(config.caKeyType, random);
        rootCa = CertificateAuthority.selfSigned(config.rootName, rootKeys, now.minus(CA_BACKDATE),
                now.plus(ROOT_LIFETIME), random);
        KeyPair intermediateKeys = Keys.generate(config.caKeyType, random);
        intermediateCa = rootCa.subordinate(config.intermediateName, intermediateKeys, now.minus(CA_BACKDATE),
                now.plus(INTERMEDIATE_LIFETIME), List.of(
                        X509Extensions.authorityInformationAccess(ocspUrl(), rootCertUrl()),
                        X509Extensions.crlDistributionPoint(rootCrlUrl())));
        root = new Leaf(rootKeys.getPrivate(), List.of(rootCa.certificate()));
        intermediate = new Leaf(intermediateKeys.getPrivate(), List.of(intermediateCa.certificate(), rootCa.certificate()));
        tsa = issueTsa(config.tsaName, true);

        ocsp = new OcspResponder(List.of(intermediateCa, rootCa), intermediateCa, config.ocspNextUpdate);
        timeStampAuthority = new TimeStampAuthority(tsa, this::tsaWithoutEku, config.tsaPolicy, random);

        if (config.tsaUser != null) {
            server.basicAuth(config.tsaUser, config.tsaPassword);
        }
        server.route("/tsa", Endpoint.TSA, Set.of("POST"), config.tsaUser != null, request -> {
            TsaMode mode = tsaMode;
            byte[] answer = timeStampAuthority.respond(request.body(), mode);
            return new Reply(200, TSA_REPLY, answer, mode == TsaMode.SLOW ? config.tsaDelay : Duration.ZERO);
        });
        server.route("/ocsp", Endpoint.OCSP, Set.of("POST"), false,
                request -> Reply.ok(OCSP_REPLY, ocsp.respond(request.body(), ocspMode)));
        server.routePrefix("/ocsp/", Endpoint.OCSP, Set.of("GET", "POST"), request -> Reply.ok(OCSP_REPLY,
                ocsp.respond(request.method().equals("POST") ? request.body()
                        : decodeOcspGet(request.path().substring("/ocsp/".length())), ocspMode)));
        server.route("/crl/intermediate.crl", Endpoint.CRL, Set.of("GET"), false,
                request -> Reply.ok(CRL, crl(intermediateCa)));
        server.route("/crl/root.crl", Endpoint.CRL, Set.of("GET"), false,
                request -> Reply.ok(CRL, crl(rootCa)));
        server.route("/ca/intermediate.cer", Endpoint.CA_ISSUERS, Set.of("GET"), false,
                request -> Reply.ok(CERTIFICATE, encoded(intermediateCa.certificate())));
        server.route("/ca/root.cer", Endpoint.CA_ISSUERS, Set.of("GET"), false,
                request -> Reply.ok(CERTIFICATE, encoded(rootCa.certificate())));
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Issues a certificate from the intermediate CA, with a fresh key pair, as {@code spec} says.
     * Key generation dominates the cost: about a millisecond for ECDSA P-256, typically 50 to 300 ms
     * for RSA 2048, several times that for RSA 3072.
     */
    public Leaf issue(LeafSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = spec.notBefore(now);
        KeyPair keys = Keys.generate(spec.keyType(), random);
        List<Extension> extensions = new ArrayList<>(spec.ocsp()
                ? leafExtensions(KeyUsage.digitalSignature | KeyUsage.nonRepudiation)
                : List.of(X509Extensions.keyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation),
                        X509Extensions.caIssuersOnly(intermediateCertUrl()),
                        X509Extensions.crlDistributionPoint(crlUrl())));
        if (spec.email() != null) {
            extensions.add(X509Extensions.emailAlternativeName(spec.email()));
        }
        X509Certificate certificate = intermediateCa.issue(spec.subjectName(), keys.getPublic(), notBefore,
                spec.notAfter(now), extensions);
        if (spec.revoked()) {
            // Second precision, as CRLs and OCSP answers carry it.
            Instant when = spec.revocationTime() != null ? spec.revocationTime().truncatedTo(ChronoUnit.SECONDS)
                    : notBefore.isBefore(now) ? notBefore : now;
            intermediateCa.revoke(certificate.getSerialNumber(), when, CRLReason.keyCompromise);
        }
        return new Leaf(keys.getPrivate(), List.of(certificate, intermediateCa.certificate(), rootCa.certificate()));
    }

    /**
     * Revokes {@code leaf} with reason keyCompromise at {@code when}. The next OCSP answer and the
     * next CRL download reflect it; the time is published as given, even if it is in the future.
     * The intermediate CA can be revoked too (it then appears in the root's CRL).
     *
     * @throws IllegalArgumentException if {@code leaf} is the root or was not issued by this PKI
     */
    public void revoke(Leaf leaf, Instant when) {
        Objects.requireNonNull(leaf, "leaf");
        Objects.requireNonNull(when, "when");
        List<X509Certificate> chain = leaf.chain();
        CertificateAuthority issuer = chain.size() < 2 ? null
                : chain.get(1).equals(intermediateCa.certificate()) ? intermediateCa
                : chain.get(1).equals(rootCa.certificate()) ? rootCa : null;
        if (issuer == null || !issuer.hasIssued(leaf.certificate().getSerialNumber())) {
            throw new IllegalArgumentException(leaf + " was not issued by this TestPki (a root cannot be revoked)");
        }
        issuer.revoke(leaf.certificate().getSerialNumber(), when.truncatedTo(ChronoUnit.SECONDS), CRLReason.keyCompromise);
    }

    /** The self-signed root CA. Trust this one, and only this one, in tests. */
    public Leaf root() {
        return root;
    }

    /** The intermediate CA (pathLen 0) that issues leaves and the TSA certificate. */
    public Leaf intermediate() {
        return intermediate;
    }

    /** The TSA certificate, with a critical extendedKeyUsage holding only id-kp-timeStamping. */
    public Leaf tsa() {
        return tsa;
    }

    /** {@code http://127.0.0.1:PORT/tsa}: RFC 3161 over HTTP. */
    public URI tsaUrl() {
        return server.url("/tsa");
    }

    /** {@code http://127.0.0.1:PORT/ocsp}: RFC 6960 OCSP, POST or GET. In every AIA. */
    public URI ocspUrl() {
        return server.url("/ocsp");
    }

    /** {@code http://127.0.0.1:PORT/crl/intermediate.crl}: the CRL covering leaves and the TSA. */
    public URI crlUrl() {
        return server.url("/crl/intermediate.crl");
    }

    /** {@code http://127.0.0.1:PORT/crl/root.crl}: the CRL covering the intermediate CA. */
    public URI rootCrlUrl() {
        return server.url("/crl/root.crl");
    }

    /** {@code http://127.0.0.1:PORT/ca/intermediate.cer}: the leaves' AIA caIssuers. */
    public URI intermediateCertUrl() {
        return server.url("/ca/intermediate.cer");
    }

    /** {@code http://127.0.0.1:PORT/ca/root.cer}: the intermediate's AIA caIssuers. */
    public URI rootCertUrl() {
        return server.url("/ca/root.cer");
    }

    /**
     * Requests received by {@code endpoint} since start or the last {@link #resetRequestCounts()},
     * including failed and rejected ones. Requests for unknown paths are not counted.
     */
    public int requestCount(Endpoint endpoint) {
        return server.requestCount(Objects.requireNonNull(endpoint, "endpoint"));
    }

    public void resetRequestCounts() {
        server.resetRequestCounts();
    }

    /** Makes {@code endpoint} fail as {@code failure} says from the next request on; {@link Failure#NONE} restores it. */
    public void failures(Endpoint endpoint, Failure failure) {
        server.failures(Objects.requireNonNull(endpoint, "endpoint"), Objects.requireNonNull(failure, "failure"));
    }

    /** Changes how the TSA answers from the next request on; {@link TsaMode#NORMAL} restores it. */
    public void tsaMode(TsaMode mode) {
        this.tsaMode = Objects.requireNonNull(mode, "mode");
    }

    /**
     * Changes how the OCSP responder answers from the next request on (tryLater, unauthorized, stale);
     * {@link OcspMode#NORMAL} restores it. Independent of {@link #failures(Endpoint, Failure)}, which wins.
     */
    public void ocspMode(OcspMode mode) {
        this.ocspMode = Objects.requireNonNull(mode, "mode");
    }

    /**
     * Changes what both CRL distribution points serve from the next request on (corrupt, stale);
     * {@link CrlMode#NORMAL} restores it. Independent of {@link #failures(Endpoint, Failure)}, which wins.
     */
    public void crlMode(CrlMode mode) {
        this.crlMode = Objects.requireNonNull(mode, "mode");
    }

    /**
     * Stops the server at once, dropping open and held connections, and ends its threads. Certificates
     * and keys stay usable; the URLs stop answering. Calling it again does nothing.
     */
    @Override
    public void close() {
        server.close();
        LOG.debug("KySo test PKI on port {} closed", server.port());
    }

    @Override
    public String toString() {
        return "TestPki[" + server.url("/") + ", root " + rootCa.certificate().getSubjectX500Principal().getName() + "]";
    }

    private synchronized Leaf tsaWithoutEku() {
        if (tsaWithoutEku == null) {
            tsaWithoutEku = issueTsa(config.tsaName, false);
        }
        return tsaWithoutEku;
    }

    private Leaf issueTsa(X500Name subject, boolean withEku) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KeyPair keys = Keys.generate(config.caKeyType, random);
        List<Extension> extensions = new ArrayList<>(leafExtensions(KeyUsage.digitalSignature));
        if (withEku) {
            extensions.add(X509Extensions.timeStampingOnly());
        }
        X509Certificate certificate = intermediateCa.issue(subject, keys.getPublic(), now.minus(TSA_BACKDATE),
                now.plus(TSA_LIFETIME), extensions);
        return new Leaf(keys.getPrivate(), List.of(certificate, intermediateCa.certificate(), rootCa.certificate()));
    }

    private List<Extension> leafExtensions(int keyUsage) {
        return List.of(X509Extensions.keyUsage(keyUsage),
                X509Extensions.authorityInformationAccess(ocspUrl(), intermediateCertUrl()),
                X509Extensions.crlDistributionPoint(crlUrl()));
    }

    private static Instant crlThisUpdate() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(CRL_BACKDATE);
    }

    private byte[] crl(CertificateAuthority ca) {
        CrlMode mode = crlMode;
        if (mode == CrlMode.STALE) {
            return ca.crl(crlThisUpdate().minus(OcspResponder.STALE_AGE), Duration.ofDays(1));
        }
        byte[] crl = ca.crl(crlThisUpdate(), config.crlNextUpdate);
        return mode == CrlMode.CORRUPT ? Arrays.copyOf(crl, crl.length / 2) : crl;
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    // RFC 6960 appendix A.1: GET {url}/{url-encoding of base-64 encoding of the DER OCSPRequest}.
    // Clients differ in what they escape, so undo %XX escapes only (a '+' stays a '+').
    private static byte[] decodeOcspGet(String rawPath) {
        byte[] bytes = rawPath.getBytes(StandardCharsets.US_ASCII);
        StringBuilder base64 = new StringBuilder(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length) {
                base64.append((char) Integer.parseInt(rawPath.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                base64.append((char) bytes[i]);
            }
        }
        String text = base64.toString();
        try {
            boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
        } catch (IllegalArgumentException e) {
            return new byte[0]; // answered as malformedRequest
        }
    }

    /**
     * Configures and starts a {@link TestPki}. Every setting has a default; checks happen in
     * {@link #start()}. A builder may start several independent PKIs.
     */
    public static final class Builder {
        private String rootSubject = "CN=KySo Test Root CA, O=KySo Test, C=VN";
        private String intermediateSubject = "CN=KySo Test Issuing CA, O=KySo Test, C=VN";
        private String tsaSubject = "CN=KySo Test TSA, O=KySo Test, C=VN";
        private KeyType caKeyType = KeyType.ECDSA_P256;
        private Duration ocspNextUpdate = Duration.ofHours(1);
        private Duration crlNextUpdate = Duration.ofDays(1);
        private String tsaPolicy = "1.3.6.1.4.1.99999.1.1";
        private Duration tsaDelay = Duration.ofSeconds(2);
        private String tsaUser;
        private char[] tsaPassword;

        // Set by start() on a private copy.
        private X500Name rootName;
        private X500Name intermediateName;
        private X500Name tsaName;

        private Builder() {
        }

        /** Default {@code "CN=KySo Test Root CA, O=KySo Test, C=VN"}; written as in {@link LeafSpec.Builder#subject(String)}. */
        public Builder rootSubject(String subject) {
            this.rootSubject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        /** Default {@code "CN=KySo Test Issuing CA, O=KySo Test, C=VN"}. */
        public Builder intermediateSubject(String subject) {
            this.intermediateSubject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        /** Default {@code "CN=KySo Test TSA, O=KySo Test, C=VN"}. */
        public Builder tsaSubject(String subject) {
            this.tsaSubject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        /**
         * Key type of the root, intermediate and TSA keys. Default {@link KeyType#ECDSA_P256}, which
         * keeps {@link #start()} in the tens of milliseconds; RSA costs a key generation each.
         */
        public Builder caKeyType(KeyType keyType) {
            this.caKeyType = Objects.requireNonNull(keyType, "keyType");
            return this;
        }

        /** nextUpdate minus thisUpdate in OCSP answers. Default one hour; {@link Duration#ZERO} leaves nextUpdate out. */
        public Builder ocspNextUpdate(Duration nextUpdate) {
            this.ocspNextUpdate = Objects.requireNonNull(nextUpdate, "nextUpdate");
            return this;
        }

        /** nextUpdate minus thisUpdate in CRLs. Default one day; {@link Duration#ZERO} leaves nextUpdate out. */
        public Builder crlNextUpdate(Duration nextUpdate) {
            this.crlNextUpdate = Objects.requireNonNull(nextUpdate, "nextUpdate");
            return this;
        }

        /**
         * The TSA policy OID written in tokens. Default {@code 1.3.6.1.4.1.99999.1.1}. A request asking
         * for another policy is rejected with failure info unacceptedPolicy.
         */
        public Builder tsaPolicy(String oid) {
            this.tsaPolicy = Objects.requireNonNull(oid, "oid");
            return this;
        }

        /** How long {@link TsaMode#SLOW} waits before answering. Default two seconds. */
        public Builder tsaDelay(Duration delay) {
            this.tsaDelay = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /**
         * Makes the TSA require HTTP Basic authentication (RFC 7617, UTF-8) and answer 401 otherwise.
         * The password is copied; wipe yours when convenient.
         */
        public Builder tsaBasicAuth(String user, char[] password) {
            this.tsaUser = Objects.requireNonNull(user, "user");
            this.tsaPassword = Objects.requireNonNull(password, "password").clone();
            return this;
        }

        /**
         * Generates the CA and TSA keys and certificates and starts serving on 127.0.0.1 and an
         * ephemeral port. Typically well under 100 ms with the default ECDSA keys once the JVM is warm.
         *
         * @throws IllegalArgumentException if a subject does not parse, a duration is negative, the
         *     policy is not an OID, or the Basic user contains ':'
         * @throws java.io.UncheckedIOException if the server cannot bind to 127.0.0.1
         */
        public TestPki start() {
            long started = System.nanoTime();
            Builder config = copy();
            config.rootName = Names.parse(rootSubject);
            config.intermediateName = Names.parse(intermediateSubject);
            config.tsaName = Names.parse(tsaSubject);
            requireNotNegative(ocspNextUpdate, "ocspNextUpdate");
            requireNotNegative(crlNextUpdate, "crlNextUpdate");
            requireNotNegative(tsaDelay, "tsaDelay");
            if (ASN1ObjectIdentifier.tryFromID(tsaPolicy) == null) {
                throw new IllegalArgumentException("TSA policy '" + tsaPolicy + "' is not an OID like 1.3.6.1.4.1.99999.1.1");
            }
            if (tsaUser != null && tsaUser.indexOf(':') >= 0) {
                throw new IllegalArgumentException("HTTP Basic user names cannot contain ':' (RFC 7617)");
            }
            PkiHttpServer server = new PkiHttpServer();
            try {
                TestPki pki = new TestPki(config, new SecureRandom(), server);
                LOG.debug("KySo test PKI started on {} in {} ms", server.url("/"), (System.nanoTime() - started) / 1_000_000);
                return pki;
            } catch (RuntimeException | Error e) {
                server.close();
                throw e;
            } finally {
                if (config.tsaPassword != null) {
                    Arrays.fill(config.tsaPassword, '\0');
                }
            }
        }

        private Builder copy() {
            Builder c = new Builder();
            c.rootSubject = rootSubject;
            c.intermediateSubject = intermediateSubject;
            c.tsaSubject = tsaSubject;
            c.caKeyType = caKeyType;
            c.ocspNextUpdate = ocspNextUpdate;
            c.crlNextUpdate = crlNextUpdate;
            c.tsaPolicy = tsaPolicy;
            c.tsaDelay = tsaDelay;
            c.tsaUser = tsaUser;
            c.tsaPassword = tsaPassword == null ? null : tsaPassword.clone();
            return c;
        }

        private static void requireNotNegative(Duration duration, String name) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + duration);
            }
        }
    }
}
