package org.kyso.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestPkiServicesTest {

    private static final String POLICY = "1.3.6.1.4.1.99999.1.1";
    private static final Duration TSA_DELAY = Duration.ofMillis(400);

    private static TestPki pki;
    private static Leaf good;
    private static Leaf revoked;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().tsaPolicy(POLICY).tsaDelay(TSA_DELAY).ocspNextUpdate(Duration.ofMinutes(30)).start();
        good = pki.issue(LeafSpec.builder().subject("CN=Good Signer, C=VN").keyType(KeyType.ECDSA_P256).build());
        revoked = pki.issue(LeafSpec.builder().subject("CN=Revoked Signer, C=VN").keyType(KeyType.ECDSA_P256).revoked().build());
    }

    @AfterAll
    static void closePki() {
        pki.close();
    }

    @BeforeEach
    void restoreNormalService() {
        for (Endpoint endpoint : Endpoint.values()) {
            pki.failures(endpoint, Failure.NONE);
        }
        pki.tsaMode(TsaMode.NORMAL);
        pki.ocspMode(OcspMode.NORMAL);
        pki.crlMode(CrlMode.NORMAL);
        pki.resetRequestCounts();
    }

    // ---- TSA (RFC 3161)

    @Test
    void tsaAnswersWithMatchingNonceImprintAndPolicyAndItsCertificate() throws Exception {
        TimeStampRequest request = timeStampRequest(TSPAlgorithms.SHA256, "SHA-256", true, null);

        HttpResponse<byte[]> http = Http.post(pki.tsaUrl(), "application/timestamp-query", request.getEncoded());

        assertThat(http.statusCode()).isEqualTo(200);
        assertThat(http.headers().firstValue("Content-Type")).hasValue("application/timestamp-reply");
        TimeStampResponse response = new TimeStampResponse(http.body());
        assertThat(response.getStatus()).isEqualTo(PKIStatus.GRANTED);
        response.validate(request); // nonce, imprint, policy, certReq
        TimeStampToken token = response.getTimeStampToken();
        assertThat(token.getTimeStampInfo().getNonce()).isEqualTo(request.getNonce());
        assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(request.getMessageImprintDigest());
        assertThat(token.getTimeStampInfo().getPolicy().getId()).isEqualTo(POLICY);
        assertThat(token.getTimeStampInfo().getGenTime()).isCloseTo(new Date(), 5_000);
        assertThat(token.getTimeStampInfo().getAccuracy().getSeconds()).isEqualTo(new ASN1Integer(1));
        assertThat(token.getSignedAttributes().get(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_aa_signingCertificateV2))
                .as("ESSCertIDv2 signing certificate").isNotNull();
        X509CertificateHolder tsaCert = onlyMatching(token);
        assertThat(tsaCert.getEncoded()).isEqualTo(pki.tsa().certificate().getEncoded());
        Extension eku = tsaCert.getExtension(Extension.extendedKeyUsage);
        assertThat(eku.isCritical()).isTrue();
        // validate() checks the signature, the ESSCertIDv2 hash and that the EKU is timeStamping only
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(pki.tsa().certificate()));
        assertThat(pki.requestCount(Endpoint.TSA)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512"})
    void tsaAcceptsEveryShaImprint(String digest) throws Exception {
        org.bouncycastle.asn1.ASN1ObjectIdentifier oid = switch (digest) {
            case "SHA-1" -> TSPAlgorithms.SHA1;
            case "SHA-224" -> TSPAlgorithms.SHA224;
            case "SHA-256" -> TSPAlgorithms.SHA256;
            case "SHA-384" -> TSPAlgorithms.SHA384;
            default -> TSPAlgorithms.SHA512;
        };
        TimeStampRequest request = timeStampRequest(oid, digest, false, null);

        TimeStampResponse response = timeStamp(request);

        assertThat(response.getStatus()).isEqualTo(PKIStatus.GRANTED);
        response.validate(request);
        assertThat(response.getTimeStampToken().getCertificates().getMatches(null))
                .as("no certificates without certReq").isEmpty();
    }

    @Test
    void tsaHonoursRequestedPolicyOnlyIfItIsTheConfiguredOne() throws Exception {
        TimeStampResponse same = timeStamp(timeStampRequest(TSPAlgorithms.SHA256, "SHA-256", true, POLICY));
        TimeStampResponse other = timeStamp(timeStampRequest(TSPAlgorithms.SHA256, "SHA-256", true, "1.2.3.4.5"));

        assertThat(same.getStatus()).isEqualTo(PKIStatus.GRANTED);
        assertThat(other.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(other.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.unacceptedPolicy);
        assertThat(other.getTimeStampToken()).isNull();
    }

    @Test
    void tsaRejectsImprintOfWrongLengthAndBodiesThatAreNotRequests() throws Exception {
        TimeStampRequest shortImprint = new TimeStampRequestGenerator().generate(TSPAlgorithms.SHA256, new byte[20]);
        TimeStampResponse wrongLength = timeStamp(shortImprint);
        TimeStampResponse notRequest = new TimeStampResponse(
                Http.post(pki.tsaUrl(), "application/timestamp-query", "hello".getBytes(StandardCharsets.US_ASCII)).body());

        assertThat(wrongLength.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(wrongLength.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badDataFormat);
        assertThat(notRequest.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(notRequest.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badDataFormat);
    }

    @Test
    void tsaModeRejectAnswersRejectionWithoutToken() throws Exception {
        pki.tsaMode(TsaMode.REJECT);

        TimeStampResponse response = timeStamp(timeStampRequest(TSPAlgorithms.SHA256, "SHA-256", true, null));

        assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(response.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.systemFailure);
        assertThat(response.getTimeStampToken()).isNull();
    }

    @Test
    void tsaModeWrongNonceAnswersValidTokenForAnotherNonce() throws Exception {
        pki.tsaMode(TsaMode.WRONG_NONCE);
        TimeStampRequest request = timeStampRequest(TSPAlgorithms.SHA256, "SHA-256", true, null);

        TimeStampResponse response = timeStamp(request);

        assertThat(response.getTimeStampToken().getTimeStampInfo().getNonce()).isNotEqualTo(request.getNonce());
        assertThatThrownBy(() -> response.validate(request)).isInstanceOf(TSPValidationException.class)
                .hasMessageContaining("nonce");
        response.getTimeStampToken().validate(new JcaSimpleSignerInfoVerifierBuilder().build(pki.tsa().certificate()));
    }

    @Test
    void tsaModeWrongImprintAnswersValidTokenForOtherData() throws Exception {
        pki.tsaMode(TsaMode.WRONG_IMPRINT);
        TimeStampRequest request = timeStampRequest(TSPAlgorithms.SHA256, "SHA-256", true, null);

        TimeStampResponse response = timeStamp(request);

        assertThat(response.getTimeStampToken().getTimeStampInfo().getMessageImprintDigest())
                .hasSameSizeAs(request.getMessageImprintDigest()).isNotEqualTo(request.getMessageImprintDigest());
        assertThat(response.getTimeStampToken().getTimeStampInfo().getNonce()).isEqualTo(request.getNonce());
        assertThatThrownBy(() -> response.validate(request)).isInstanceOf(TSPValidationException.class);
    }

    @Test
    void tsaModeCertWithoutEkuSignsWithCertificateLackingTimeStampingEku() throws Exception {
        pki.tsaMode(TsaMode.CERT_WITHOUT_EKU);
        TimeStampRequest request = timeStampRequest(TSPAlgorithms.SHA256, "SHA-256", true, null);

        TimeStampResponse response = timeStamp(request);

        assertThat(response.getStatus()).isEqualTo(PKIStatus.GRANTED);
        response.validate(request); // the answer itself matches the request
        TimeStampToken token = response.getTimeStampToken();
        X509CertificateHolder signer = onlyMatching(token);
        assertThat(signer.getExtension(Extension.extendedKeyUsage)).isNull();
        assertThat(signer.getSubject()).isEqualTo(new JcaX509CertificateHolder(pki.tsa().certificate()).getSubject());
        assertThat(signer.getEncoded()).isNotEqualTo(pki.tsa().certificate().getEncoded());
        assertThatThrownBy(() -> token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(signer)))
                .isInstanceOf(TSPValidationException.class).hasMessageContaining("ExtendedKeyUsage");
    }

    @Test
    void tsaModeGarbageAnswersBodyThatIsNotAsn1() throws Exception {
        pki.tsaMode(TsaMode.GARBAGE);

        HttpResponse<byte[]> http = Http.post(pki.tsaUrl(), "application/timestamp-query",
                timeStampRequest(TSPAlgorithms.SHA256, "SHA-256", true, null).getEncoded());

        assertThat(http.statusCode()).isEqualTo(200);
        assertThat(http.headers().firstValue("Content-Type")).hasValue("application/timestamp-reply");
        assertThatThrownBy(() -> new TimeStampResponse(http.body())).isInstanceOfAny(IOException.class, RuntimeException.class,
                org.bouncycastle.tsp.TSPException.class);
    }

    @Test
    void tsaModeSlowAnswersNormallyAfterTheDelay() throws Exception {
        pki.tsaMode(TsaMode.SLOW);
        TimeStampRequest request = timeStampRequest(TSPAlgorithms.SHA256, "SHA-256", true, null);

        long started = System.nanoTime();
        TimeStampResponse response = timeStamp(request);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isGreaterThanOrEqualTo(TSA_DELAY);
        response.validate(request);
    }

    @Test
    void tsaRequiresBasicAuthenticationWhenConfigured() throws Exception {
        char[] password = "mật khẩu".toCharArray();
        try (TestPki secured = TestPki.builder().tsaBasicAuth("kyso", password).start()) {
            byte[] body = timeStampRequest(TSPAlgorithms.SHA256, "SHA-256", true, null).getEncoded();
            HttpRequest.Builder base = HttpRequest.newBuilder(secured.tsaUrl()).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/timestamp-query").POST(HttpRequest.BodyPublishers.ofByteArray(body));

            HttpResponse<byte[]> anonymous = Http.send(base.copy().build());
            HttpResponse<byte[]> wrong = Http.send(base.copy().header("Authorization", basic("kyso", "wrong")).build());
            HttpResponse<byte[]> right = Http.send(base.copy().header("Authorization", basic("kyso", "mật khẩu")).build());

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(new TimeStampResponse(right.body()).getStatus()).isEqualTo(PKIStatus.GRANTED);
            assertThat(secured.requestCount(Endpoint.TSA)).isEqualTo(3);
            assertThat(Http.get(secured.crlUrl()).statusCode()).as("only the TSA is protected").isEqualTo(200);
        }
    }

    // ---- OCSP (RFC 6960)

    @Test
    void ocspSaysGoodForGoodLeafSignedByIssuerWithNonceEchoed() throws Exception {
        OCSPReq request = ocspRequest(good, true);

        HttpResponse<byte[]> http = Http.post(pki.ocspUrl(), "application/ocsp-request", request.getEncoded());

        assertThat(http.headers().firstValue("Content-Type")).hasValue("application/ocsp-response");
        BasicOCSPResp basic = basic(http.body());
        assertThat(basic.isSignatureValid(verifier(pki.intermediate().certificate().getPublicKey()))).isTrue();
        assertThat(basic.getResponderId().toASN1Primitive().getKeyHash())
                .as("responder identified by the SHA-1 of the intermediate's key")
                .isEqualTo(keyHash(pki.intermediate().certificate()));
        assertThat(basic.getCerts()).isEmpty();
        assertThat(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue())
                .isEqualTo(request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue());
        SingleResp single = basic.getResponses()[0];
        assertThat(single.getCertID()).isEqualTo(request.getRequestList()[0].getCertID());
        assertThat(single.getCertStatus()).isEqualTo(CertificateStatus.GOOD);
        Instant now = Instant.now();
        assertThat(single.getThisUpdate().toInstant()).isBetween(now.minusSeconds(30), now);
        assertThat(Duration.between(single.getThisUpdate().toInstant(), single.getNextUpdate().toInstant()))
                .isBetween(Duration.ofMinutes(30), Duration.ofMinutes(30).plusSeconds(10));
        assertThat(pki.requestCount(Endpoint.OCSP)).isEqualTo(1);
    }

    @Test
    void ocspSaysRevokedWithTimeAndKeyCompromiseForRevokedLeaf() throws Exception {
        BasicOCSPResp basic = basic(Http.post(pki.ocspUrl(), "application/ocsp-request", ocspRequest(revoked, false).getEncoded()).body());

        assertThat(basic.isSignatureValid(verifier(pki.intermediate().certificate().getPublicKey()))).isTrue();
        assertThat(basic.getResponses()[0].getCertStatus()).isInstanceOfSatisfying(RevokedStatus.class, status -> {
            assertThat(status.getRevocationReason()).isEqualTo(CRLReason.keyCompromise);
            assertThat(status.getRevocationTime()).isEqualTo(revoked.certificate().getNotBefore());
        });
        assertThat(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isNull();
    }

    @Test
    void ocspSaysUnknownForSerialTheCaNeverIssued() throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(pki.intermediate().certificate()), BigInteger.valueOf(42));

        BasicOCSPResp basic = basic(Http.post(pki.ocspUrl(), "application/ocsp-request",
                new OCSPReqBuilder().addRequest(id).build().getEncoded()).body());

        assertThat(basic.getResponses()[0].getCertStatus()).isInstanceOf(UnknownStatus.class);
    }

    @Test
    void ocspAnswersGetRequestsAndReflectsLaterRevocation() throws Exception {
        Leaf leaf = pki.issue(LeafSpec.builder().keyType(KeyType.ECDSA_P256).build());
        Instant when = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        URI get = URI.create(pki.ocspUrl() + "/"
                + java.net.URLEncoder.encode(Base64.getEncoder().encodeToString(ocspRequest(leaf, true).getEncoded()),
                        StandardCharsets.US_ASCII));

        CertificateStatus before = basic(Http.get(get).body()).getResponses()[0].getCertStatus();
        pki.revoke(leaf, when);
        CertificateStatus after = basic(Http.get(get).body()).getResponses()[0].getCertStatus();

        assertThat(before).isEqualTo(CertificateStatus.GOOD);
        assertThat(after).isInstanceOfSatisfying(RevokedStatus.class,
                status -> assertThat(status.getRevocationTime().toInstant()).isEqualTo(when));
        assertThat(pki.requestCount(Endpoint.OCSP)).isEqualTo(2);
    }

    @Test
    void ocspAnswersForIntermediateSignedByRoot() throws Exception {
        BasicOCSPResp basic = basic(Http.post(pki.ocspUrl(), "application/ocsp-request",
                ocspRequest(pki.intermediate(), false).getEncoded()).body());

        assertThat(basic.isSignatureValid(verifier(pki.root().certificate().getPublicKey()))).isTrue();
        assertThat(basic.getResponses()[0].getCertStatus()).isEqualTo(CertificateStatus.GOOD);
    }

    @Test
    void ocspAnswersMalformedRequestForGarbage() throws Exception {
        OCSPResp response = new OCSPResp(Http.post(pki.ocspUrl(), "application/ocsp-request", new byte[] {1, 2, 3}).body());

        assertThat(response.getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = OcspMode.class, names = {"TRY_LATER", "UNAUTHORIZED"})
    void ocspModesAnswerAnErrorStatusWithoutResponseBytes(OcspMode mode) throws Exception {
        pki.ocspMode(mode);

        HttpResponse<byte[]> http = Http.post(pki.ocspUrl(), "application/ocsp-request", ocspRequest(good, false).getEncoded());

        assertThat(http.statusCode()).isEqualTo(200);
        OCSPResp response = new OCSPResp(http.body());
        assertThat(response.getStatus()).isEqualTo(mode == OcspMode.TRY_LATER ? OCSPResp.TRY_LATER : OCSPResp.UNAUTHORIZED);
        assertThat(response.getResponseObject()).isNull();
    }

    @Test
    void ocspModeStaleAnswersASignedGoodStatusWhoseNextUpdateIsLongPast() throws Exception {
        pki.ocspMode(OcspMode.STALE);

        BasicOCSPResp basic = basic(Http.post(pki.ocspUrl(), "application/ocsp-request", ocspRequest(good, false).getEncoded()).body());

        assertThat(basic.isSignatureValid(verifier(pki.intermediate().certificate().getPublicKey()))).isTrue();
        SingleResp single = basic.getResponses()[0];
        assertThat(single.getCertStatus()).isEqualTo(CertificateStatus.GOOD);
        assertThat(single.getNextUpdate()).isBefore(Date.from(Instant.now().minus(Duration.ofDays(28))));
        assertThat(single.getThisUpdate()).isBefore(single.getNextUpdate());
    }

    // ---- CRL and CA certificates

    @Test
    void crlModeCorruptServesACrlCutShort() throws Exception {
        int full = Http.get(pki.crlUrl()).body().length;
        pki.crlMode(CrlMode.CORRUPT);

        HttpResponse<byte[]> http = Http.get(pki.crlUrl());

        assertThat(http.statusCode()).isEqualTo(200);
        assertThat(http.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        assertThat(http.body().length).isLessThan(full);
        assertThatThrownBy(() -> crl(http.body())).isInstanceOf(java.security.cert.CRLException.class);
        assertThatThrownBy(() -> crl(Http.get(pki.rootCrlUrl()).body())).as("the root's CRL too")
                .isInstanceOf(java.security.cert.CRLException.class);
    }

    @Test
    void crlModeStaleServesASignedCrlWhoseNextUpdateIsLongPast() throws Exception {
        pki.crlMode(CrlMode.STALE);

        X509CRL crl = crl(Http.get(pki.crlUrl()).body());

        crl.verify(pki.intermediate().certificate().getPublicKey());
        assertThat(crl.getNextUpdate()).isBefore(Date.from(Instant.now().minus(Duration.ofDays(28))));
        assertThat(crl.isRevoked(revoked.certificate())).isTrue();
    }

    @Test
    void crlOfIntermediateListsRevokedSerialAndIsSignedByIntermediate() throws Exception {
        HttpResponse<byte[]> http = Http.get(pki.crlUrl());

        assertThat(http.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        X509CRL crl = crl(http.body());
        crl.verify(pki.intermediate().certificate().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(pki.intermediate().certificate().getSubjectX500Principal());
        assertThat(crl.getVersion()).isEqualTo(2);
        X509CRLEntry entry = crl.getRevokedCertificate(revoked.certificate().getSerialNumber());
        assertThat(entry).isNotNull();
        assertThat(entry.getRevocationReason()).isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
        assertThat(crl.isRevoked(good.certificate())).isFalse();
        assertThat(crl.getExtensionValue(Extension.cRLNumber.getId())).isNotNull();
        assertThat(crl.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
        assertThat(Duration.between(crl.getThisUpdate().toInstant(), crl.getNextUpdate().toInstant()))
                .isEqualTo(Duration.ofDays(1));
        assertThat(pki.requestCount(Endpoint.CRL)).isEqualTo(1);
    }

    @Test
    void crlsReflectLaterRevocationsIncludingTheIntermediate() throws Exception {
        try (TestPki own = TestPki.builder().crlNextUpdate(Duration.ZERO).start()) {
            Leaf leaf = own.issue(LeafSpec.builder().keyType(KeyType.ECDSA_P256).build());
            assertThat(crl(Http.get(own.crlUrl()).body()).getRevokedCertificates()).isNull();
            assertThat(crl(Http.get(own.rootCrlUrl()).body()).getRevokedCertificates()).isNull();

            own.revoke(leaf, Instant.now());
            own.revoke(own.intermediate(), Instant.now());

            X509CRL intermediateCrl = crl(Http.get(own.crlUrl()).body());
            X509CRL rootCrl = crl(Http.get(own.rootCrlUrl()).body());
            assertThat(intermediateCrl.isRevoked(leaf.certificate())).isTrue();
            assertThat(intermediateCrl.getNextUpdate()).as("Duration.ZERO leaves nextUpdate out").isNull();
            rootCrl.verify(own.root().certificate().getPublicKey());
            assertThat(rootCrl.isRevoked(own.intermediate().certificate())).isTrue();
            assertThat(crlNumber(intermediateCrl)).isGreaterThan(BigInteger.ONE);
            assertThatThrownBy(() -> own.revoke(own.root(), Instant.now())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> own.revoke(good, Instant.now())).as("a leaf of another PKI")
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void servesCaCertificatesForAiaCaIssuers() throws Exception {
        HttpResponse<byte[]> intermediate = Http.get(pki.intermediateCertUrl());
        HttpResponse<byte[]> root = Http.get(pki.rootCertUrl());

        assertThat(intermediate.headers().firstValue("Content-Type")).hasValue("application/pkix-cert");
        assertThat(intermediate.body()).isEqualTo(pki.intermediate().certificate().getEncoded());
        assertThat(root.body()).isEqualTo(pki.root().certificate().getEncoded());
        assertThat(pki.requestCount(Endpoint.CA_ISSUERS)).isEqualTo(2);
    }

    // ---- Counting, failures, HTTP details

    @Test
    void countsRequestsPerEndpointUntilReset() throws Exception {
        Http.get(pki.crlUrl());
        Http.get(pki.rootCrlUrl());
        Http.get(pki.rootCertUrl());

        assertThat(pki.requestCount(Endpoint.CRL)).isEqualTo(2);
        assertThat(pki.requestCount(Endpoint.CA_ISSUERS)).isEqualTo(1);
        assertThat(pki.requestCount(Endpoint.TSA)).isZero();
        pki.resetRequestCounts();
        assertThat(pki.requestCount(Endpoint.CRL)).isZero();
    }

    @Test
    void answersNotFoundForUnknownPathsAndMethodNotAllowedForWrongMethods() throws Exception {
        assertThat(Http.get(pki.ocspUrl().resolve("/nothing-here")).statusCode()).isEqualTo(404);
        assertThat(Http.get(pki.tsaUrl()).statusCode()).isEqualTo(405);
        assertThat(Http.post(pki.crlUrl(), "text/plain", new byte[1]).statusCode()).isEqualTo(405);
    }

    @Test
    void failureHttp503IsServedUntilRestoredAndStillCounted() throws Exception {
        pki.failures(Endpoint.OCSP, Failure.HTTP_503);
        int during = Http.post(pki.ocspUrl(), "application/ocsp-request", ocspRequest(good, false).getEncoded()).statusCode();
        int otherEndpoint = Http.get(pki.crlUrl()).statusCode();
        pki.failures(Endpoint.OCSP, Failure.NONE);
        int after = Http.post(pki.ocspUrl(), "application/ocsp-request", ocspRequest(good, false).getEncoded()).statusCode();

        assertThat(during).isEqualTo(503);
        assertThat(otherEndpoint).isEqualTo(200);
        assertThat(after).isEqualTo(200);
        assertThat(pki.requestCount(Endpoint.OCSP)).isEqualTo(2);
    }

    @Test
    void failureTimeoutNeverAnswersSoTheClientTimesOut() throws Exception {
        pki.failures(Endpoint.TSA, Failure.TIMEOUT);
        HttpRequest request = HttpRequest.newBuilder(pki.tsaUrl()).timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofByteArray(timeStampRequest(TSPAlgorithms.SHA256, "SHA-256", true, null).getEncoded()))
                .build();

        assertThatThrownBy(() -> Http.send(request)).isInstanceOf(HttpTimeoutException.class);
        assertThat(pki.requestCount(Endpoint.TSA)).isEqualTo(1);
        assertThat(Http.get(pki.crlUrl()).statusCode()).as("held connections do not block other requests").isEqualTo(200);
    }

    @Test
    void closeReleasesHeldConnectionsAndFreesThePort() throws Exception {
        TestPki own = TestPki.builder().start();
        int port = own.tsaUrl().getPort();
        own.failures(Endpoint.CRL, Failure.TIMEOUT);
        CompletableFuture<HttpResponse<byte[]>> held = Http.CLIENT.sendAsync(
                HttpRequest.newBuilder(own.crlUrl()).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        awaitCount(own, Endpoint.CRL, 1);

        long started = System.nanoTime();
        own.close();
        Duration closing = Duration.ofNanos(System.nanoTime() - started);

        assertThat(closing).isLessThan(Duration.ofSeconds(1));
        assertThatThrownBy(() -> held.get(5, TimeUnit.SECONDS)).as("the held client gets an error, not a 20 s wait")
                .hasCauseInstanceOf(IOException.class);
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        }
        assertThatCode(own::close).as("closing twice").doesNotThrowAnyException();
        assertThat(own.root().certificate()).as("certificates outlive the server").isNotNull();
    }

    @Test
    void servesAndIssuesFromManyThreadsAtOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<CertificateStatus>> statuses = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                statuses.add(threads.submit(() -> {
                    Leaf leaf = pki.issue(LeafSpec.builder().keyType(KeyType.ECDSA_P256).build());
                    return basic(Http.post(pki.ocspUrl(), "application/ocsp-request", ocspRequest(leaf, true).getEncoded())
                            .body()).getResponses()[0].getCertStatus();
                }));
            }
            for (Future<CertificateStatus> status : statuses) {
                assertThat(status.get(20, TimeUnit.SECONDS)).isEqualTo(CertificateStatus.GOOD);
            }
            assertThat(pki.requestCount(Endpoint.OCSP)).isEqualTo(32);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void startsQuickly() {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            TestPki fresh = TestPki.builder().start();
            millis.add((System.nanoTime() - started) / 1_000_000);
            fresh.close();
        }
        // Printed, not asserted: timing on shared CI machines is too noisy to gate a build on.
        System.out.println("TestPki.start() with ECDSA P-256 CAs took (ms): " + millis);
    }

    // ---- helpers

    private static TimeStampRequest timeStampRequest(org.bouncycastle.asn1.ASN1ObjectIdentifier algorithm, String digest,
            boolean certReq, String policy) throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(certReq);
        if (policy != null) {
            generator.setReqPolicy(new org.bouncycastle.asn1.ASN1ObjectIdentifier(policy));
        }
        byte[] imprint = MessageDigest.getInstance(digest).digest("cong van so 123".getBytes(StandardCharsets.UTF_8));
        return generator.generate(algorithm, imprint, new BigInteger(64, new java.security.SecureRandom()));
    }

    private static TimeStampResponse timeStamp(TimeStampRequest request) throws Exception {
        HttpResponse<byte[]> http = Http.post(pki.tsaUrl(), "application/timestamp-query", request.getEncoded());
        assertThat(http.statusCode()).isEqualTo(200);
        return new TimeStampResponse(http.body());
    }

    @SuppressWarnings("unchecked")
    private static X509CertificateHolder onlyMatching(TimeStampToken token) {
        java.util.Collection<X509CertificateHolder> matches = token.getCertificates().getMatches(token.getSID());
        assertThat(matches).hasSize(1);
        return matches.iterator().next();
    }

    private static OCSPReq ocspRequest(Leaf leaf, boolean nonce) throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(leaf.chain().get(1)), leaf.certificate().getSerialNumber());
        OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
        if (nonce) {
            byte[] value = new byte[16];
            new java.security.SecureRandom().nextBytes(value);
            builder.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(value).getEncoded())));
        }
        return builder.build();
    }

    private static BasicOCSPResp basic(byte[] body) throws Exception {
        OCSPResp response = new OCSPResp(body);
        assertThat(response.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        return (BasicOCSPResp) response.getResponseObject();
    }

    private static org.bouncycastle.operator.ContentVerifierProvider verifier(PublicKey key) throws Exception {
        return new JcaContentVerifierProviderBuilder().build(key);
    }

    private static byte[] keyHash(X509Certificate certificate) throws Exception {
        return MessageDigest.getInstance("SHA-1").digest(
                SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()).getPublicKeyData().getBytes());
    }

    private static X509CRL crl(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    private static BigInteger crlNumber(X509CRL crl) {
        byte[] value = crl.getExtensionValue(Extension.cRLNumber.getId());
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(value).getOctets()).getValue();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void awaitCount(TestPki pki, Endpoint endpoint, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pki.requestCount(endpoint) < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(pki.requestCount(endpoint)).isEqualTo(count);
    }
}
