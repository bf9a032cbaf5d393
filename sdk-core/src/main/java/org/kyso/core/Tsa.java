package org.kyso.core;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.kyso.core.internal.ServiceHttp;

/**
 * An RFC 3161 (Time-Stamp Protocol) client: sends a digest to a time-stamping authority over
 * HTTP and returns the token only after checking it (RFC 3161 §2.4.2 and §2.3): status granted,
 * nonce echoed, message imprint and policy as requested, signature verified with the TSA
 * certificate included in the token, that certificate holding the critical extended key usage
 * id-kp-timeStamping alone and valid at the token's genTime. Anything else is a
 * {@link TimestampException} naming the URL and what to do.
 *
 * <pre>{@code
 * Tsa tsa = Tsa.builder(URI.create("http://127.0.0.1:8080/tsa"))
 *         .digest(DigestAlgorithm.SHA512)
 *         .readTimeout(Duration.ofSeconds(20))
 *         .basicAuth("kyso", PasswordSource.env("TSA_PASSWORD"))
 *         .build();
 * Timestamp ts = tsa.timestamp(Files.readAllBytes(Path.of("cong-van.pdf")));
 * System.out.println("stamped at " + ts.time());
 * }</pre>
 *
 * <p>Defaults: SHA-256, the TSA's own policy, a random 64-bit nonce per request, the TSA
 * certificate always requested (certReq, so the token can be verified here and validated later),
 * 10 s to connect and 30 s for the whole answer. Build once and share: this class is immutable
 * and thread-safe; each instance keeps one HTTP/1.1 client.
 */
public final class Tsa {

    /** RFC 3161 tokens are a few kilobytes; anything this large is not a time-stamp response. */
    private static final long MAX_RESPONSE_BYTES = 1 << 20;

    private final URI url;
    private final DigestAlgorithm digest;
    private final String policy;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final String user;
    private final PasswordSource password;
    private final ServiceHttp http;
    private final SecureRandom random = new SecureRandom();

    private Tsa(Builder b) {
        this.url = b.url;
        this.digest = b.digest;
        this.policy = b.policy;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.user = b.user;
        this.password = b.password;
        this.http = new ServiceHttp(connectTimeout, readTimeout, false);
    }

    /** A client for the TSA at {@code url} with the defaults. */
    public static Tsa rfc3161(URI url) {
        return builder(url).build();
    }

    /** Starts a client for the TSA at {@code url} (http or https). */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** A builder holding this client's settings, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder(url);
        b.digest = digest;
        b.policy = policy;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.user = user;
        b.password = password;
        return b;
    }

    /** The TSA's URL. */
    public URI url() {
        return url;
    }

    /** The hash algorithm {@link #timestamp(byte[])} uses. */
    public DigestAlgorithm digest() {
        return digest;
    }

    /** The policy OID requested from the TSA, if one was configured. */
    public Optional<String> policy() {
        return Optional.ofNullable(policy);
    }

    /** Hashes {@code data} with {@link #digest()} and time-stamps the digest. */
    public Timestamp timestamp(byte[] data) throws TimestampException {
        Objects.requireNonNull(data, "data");
        return timestampDigest(digest, digest.digest(data));
    }

    /**
     * Time-stamps a digest computed by the caller.
     *
     * @throws IllegalArgumentException when the digest length does not fit {@code algorithm}
     * @throws TimestampException when the TSA cannot be reached or its answer fails a check
     */
    public Timestamp timestampDigest(DigestAlgorithm algorithm, byte[] digest) throws TimestampException {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(digest, "digest");
        int expected = algorithm.digest(new byte[0]).length;
        if (digest.length != expected) {
            throw new IllegalArgumentException("A " + algorithm.jcaName() + " digest has " + expected
                    + " bytes, got " + digest.length);
        }
        BigInteger nonce = new BigInteger(64, random);
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        if (policy != null) {
            generator.setReqPolicy(new ASN1ObjectIdentifier(policy));
        }
        TimeStampRequest request = generator.generate(new ASN1ObjectIdentifier(algorithm.oid()), digest, nonce);
        ServiceHttp.Response response = exchange(request);
        return check(request, response, algorithm);
    }

    private ServiceHttp.Response exchange(TimeStampRequest request) throws TimestampException {
        String authorization = authorization();
        try {
            return http.post(url, "application/timestamp-query", "application/timestamp-reply",
                    request.getEncoded(), authorization, MAX_RESPONSE_BYTES);
        } catch (IOException e) {
            throw fail(http.why(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail("was interrupted while waiting for the answer", e);
        }
    }

    /**
     * "Basic base64(user:password)" (RFC 7617). The password lives in a char[] that is wiped; the
     * header itself has to be a String for the HTTP client, which is why it is built per request
     * and never kept.
     */
    private String authorization() throws TimestampException {
        if (user == null) {
            return null;
        }
        char[] secret;
        try {
            secret = password.password();
        } catch (KysoException e) {
            throw fail("needs a password that could not be obtained (" + e.getMessage() + ")", e);
        }
        CharBuffer chars = CharBuffer.allocate(user.length() + 1 + secret.length);
        ByteBuffer bytes = null;
        byte[] raw = null;
        try {
            chars.put(user).put(':').put(secret).flip();
            bytes = StandardCharsets.UTF_8.newEncoder().encode(chars);
            raw = new byte[bytes.remaining()];
            bytes.get(raw);
            return "Basic " + Base64.getEncoder().encodeToString(raw);
        } catch (CharacterCodingException e) {
            throw fail("needs a password that is not valid text", null);
        } finally {
            Arrays.fill(secret, '\0');
            Arrays.fill(chars.array(), '\0');
            if (bytes != null && bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0);
            }
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    private Timestamp check(TimeStampRequest request, ServiceHttp.Response response, DigestAlgorithm algorithm)
            throws TimestampException {
        int status = response.status();
        if (status == 401 || status == 403) {
            throw fail(user == null
                    ? "requires authentication (HTTP " + status + "): configure basicAuth(user, password)"
                    : "did not accept the credentials of user '" + user + "' (HTTP " + status
                            + "): check the user and password given to basicAuth", null);
        }
        if (status != 200) {
            throw fail("answered HTTP " + status + " instead of a time-stamp response: "
                    + (status >= 500 ? "the service is failing or overloaded, retry later" : "check the URL"), null);
        }
        TimeStampResponse reply;
        try {
            reply = new TimeStampResponse(response.body());
        } catch (TSPException | IOException | RuntimeException e) {
            // The content type is only a hint (some TSAs send application/octet-stream); the body decides.
            throw fail("answered something that is not an RFC 3161 time-stamp response (content type "
                    + response.contentType() + ", " + response.body().length + " bytes): check the URL", e);
        }
        int pkiStatus = reply.getStatus();
        if (pkiStatus != 0 && pkiStatus != 1) {
            throw fail("refused the request: status " + statusName(pkiStatus)
                    + (reply.getStatusString() == null ? "" : " \"" + reply.getStatusString() + "\"")
                    + failureText(reply.getFailInfo()), null);
        }
        TimeStampToken token = reply.getTimeStampToken();
        if (token == null) {
            throw fail("granted the request but sent no time-stamp token", null);
        }
        TimeStampTokenInfo info = token.getTimeStampInfo();
        if (!request.getNonce().equals(info.getNonce())) {
            throw fail("did not echo the request's nonce (sent " + request.getNonce().toString(16) + ", got "
                    + (info.getNonce() == null ? "none" : info.getNonce().toString(16))
                    + "): the answer may be replayed or meant for another request", null);
        }
        if (!info.getMessageImprintAlgOID().equals(request.getMessageImprintAlgOID())
                || !Arrays.equals(info.getMessageImprintDigest(), request.getMessageImprintDigest())) {
            throw fail("stamped a different message imprint than the one sent (algorithm "
                    + info.getMessageImprintAlgOID() + "): the token does not cover this data", null);
        }
        String tokenPolicy = info.getPolicy().getId();
        if (policy != null && !policy.equals(tokenPolicy)) {
            throw fail("issued the token under policy " + tokenPolicy + " instead of the requested " + policy, null);
        }
        X509CertificateHolder signer = signerCertificate(token);
        X509Certificate certificate;
        try {
            certificate = new JcaX509CertificateConverter().getCertificate(signer);
        } catch (CertificateException e) {
            throw fail("included a TSA certificate that cannot be read", e);
        }
        checkTimeStampingUsage(signer, certificate.getSubjectX500Principal().getName());
        Instant genTime = info.getGenTime().toInstant();
        try {
            certificate.checkValidity(info.getGenTime());
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw fail("signed at " + genTime + " with a certificate valid only from " + certificate.getNotBefore()
                    .toInstant() + " to " + certificate.getNotAfter().toInstant(), e);
        }
        try {
            // Checks the CMS signature and that the ESS signing-certificate attribute names this certificate.
            // Bouncy Castle (DSS's provider) rather than the JDK's: SunEC verifies P-256 about 5x slower on JDK 17.
            token.validate(new JcaSimpleSignerInfoVerifierBuilder()
                    .setProvider(eu.europa.esig.dss.spi.DSSSecurityProvider.getSecurityProvider()).build(signer));
        } catch (TSPException | OperatorCreationException | CertificateException | RuntimeException e) {
            throw fail("sent a token whose signature does not verify with its certificate "
                    + certificate.getSubjectX500Principal().getName() + " (" + e.getMessage() + ")", e);
        }
        byte[] encoded;
        try {
            encoded = token.toCMSSignedData().toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw fail("sent a token that cannot be re-encoded", e);
        }
        return new Timestamp(encoded, genTime, certificate, info.getSerialNumber(), tokenPolicy, algorithm,
                info.getMessageImprintDigest(), url);
    }

    @SuppressWarnings("unchecked") // Bouncy Castle's SignerId is a raw Selector
    private X509CertificateHolder signerCertificate(TimeStampToken token) throws TimestampException {
        Collection<X509CertificateHolder> matches = token.getCertificates().getMatches(token.getSID());
        if (matches.isEmpty()) {
            throw fail("did not include its signing certificate although the request asked for it (certReq)", null);
        }
        return matches.iterator().next();
    }

    /** RFC 3161 §2.3: exactly one purpose, id-kp-timeStamping, in a critical extension. */
    private void checkTimeStampingUsage(X509CertificateHolder signer, String subject) throws TimestampException {
        Extension extension = signer.getExtension(Extension.extendedKeyUsage);
        if (extension == null) {
            throw fail("signed with certificate " + subject + ", which lacks the extended key usage "
                    + "id-kp-timeStamping required by RFC 3161: it is not a time-stamping certificate", null);
        }
        ExtendedKeyUsage usage = ExtendedKeyUsage.getInstance(extension.getParsedValue());
        if (!usage.hasKeyPurposeId(KeyPurposeId.id_kp_timeStamping) || usage.size() != 1) {
            throw fail("signed with certificate " + subject + ", whose extended key usage is not solely "
                    + "id-kp-timeStamping as RFC 3161 requires", null);
        }
        if (!extension.isCritical()) {
            throw fail("signed with certificate " + subject + ", whose id-kp-timeStamping extended key usage is "
                    + "not marked critical as RFC 3161 requires", null);
        }
    }

    private static String statusName(int status) {
        return switch (status) {
            case 2 -> "rejection";
            case 3 -> "waiting";
            case 4 -> "revocationWarning";
            case 5 -> "revocationNotification";
            default -> String.valueOf(status);
        };
    }

    private String failureText(PKIFailureInfo failure) {
        if (failure == null) {
            return "";
        }
        int bits = failure.intValue();
        StringBuilder text = new StringBuilder();
        append(text, bits, PKIFailureInfo.badAlg, "badAlg: the TSA does not accept the digest algorithm, choose another one");
        append(text, bits, PKIFailureInfo.badRequest, "badRequest: the TSA does not understand the request");
        append(text, bits, PKIFailureInfo.badDataFormat, "badDataFormat: the request was malformed");
        append(text, bits, PKIFailureInfo.timeNotAvailable, "timeNotAvailable: the TSA's time source is unavailable, retry later");
        append(text, bits, PKIFailureInfo.unacceptedPolicy, "unacceptedPolicy: the TSA does not issue under the requested policy, check policy(...)");
        append(text, bits, PKIFailureInfo.unacceptedExtension, "unacceptedExtension: the TSA does not support a requested extension");
        append(text, bits, PKIFailureInfo.addInfoNotAvailable, "addInfoNotAvailable: the TSA lacks additional information it needs");
        append(text, bits, PKIFailureInfo.systemFailure, "systemFailure: the TSA failed internally, retry later");
        return text.length() == 0 ? ", failInfo " + Integer.toBinaryString(bits) : text.toString();
    }

    private static void append(StringBuilder text, int bits, int flag, String meaning) {
        if ((bits & flag) != 0) {
            text.append(text.length() == 0 ? ", failInfo " : "; ").append(meaning);
        }
    }

    private TimestampException fail(String what, Throwable cause) {
        return new TimestampException(url, "The TSA at " + url + " " + what, cause);
    }

    @Override
    public String toString() {
        return "Tsa[" + url + ", " + digest + (policy == null ? "" : ", policy " + policy)
                + (user == null ? "" : ", user " + user) + "]";
    }

    /** Configures a {@link Tsa}; every check happens in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final URI url;
        private DigestAlgorithm digest = DigestAlgorithm.SHA256;
        private String policy;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private String user;
        private PasswordSource password;

        private Builder(URI url) {
            this.url = url;
        }

        /** The hash {@link Tsa#timestamp(byte[])} applies to the data. Default SHA-256. */
        public Builder digest(DigestAlgorithm digest) {
            this.digest = digest;
            return this;
        }

        /** Asks the TSA to issue under this policy OID (reqPolicy) and checks that it did. */
        public Builder policy(String oid) {
            this.policy = oid;
            return this;
        }

        /** How long to wait for the TCP (and TLS) connection. Default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** How long to wait for the whole answer once connected. Default 30 s. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /**
         * HTTP Basic authentication (RFC 7617). The password is asked from {@code password} for each
         * request and wiped right after; use https so it does not cross the network in clear.
         */
        public Builder basicAuth(String user, PasswordSource password) {
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * @throws IllegalArgumentException when the URL is not absolute http(s), a timeout is not
         *         positive, the policy is not an OID, or the basic-auth user is empty or holds ':'
         */
        public Tsa build() {
            if (url == null || !url.isAbsolute() || url.getHost() == null
                    || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
                throw new IllegalArgumentException("The TSA URL must be an absolute http or https URL with a host, got " + url);
            }
            if (url.getRawUserInfo() != null) {
                // Never echo it: the user info may hold a password.
                throw new IllegalArgumentException("The TSA URL must not carry a user name or password ("
                        + url.getScheme() + "://…@" + url.getHost() + "): use basicAuth(user, PasswordSource) instead");
            }
            Objects.requireNonNull(digest, "digest");
            requirePositive(connectTimeout, "connectTimeout");
            requirePositive(readTimeout, "readTimeout");
            if (policy != null && ASN1ObjectIdentifier.tryFromID(policy) == null) {
                throw new IllegalArgumentException("The TSA policy must be an OID such as 1.2.3.4, got '" + policy + "'");
            }
            if (user != null || password != null) {
                if (user == null || user.isEmpty() || user.indexOf(':') >= 0) {
                    throw new IllegalArgumentException("The basic-auth user must be non-empty and without ':' (RFC 7617)");
                }
                Objects.requireNonNull(password, "password");
            }
            return new Tsa(this);
        }

        private static void requirePositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
        }
    }
}
