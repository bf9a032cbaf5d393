package org.kyso.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpensslPkiTest {

    @TempDir
    static Path dir;

    private static OpensslPki pki;

    @BeforeAll
    static void start() {
        pki = OpensslPki.builder().signerSubject("/C=VN/O=Công ty Thử nghiệm/CN=Trần Thị Bình")
                .signerKeyType(KeyType.ECDSA_P384).start(dir);
    }

    @AfterAll
    static void stop() {
        if (pki != null) {
            pki.close();
        }
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static List<String> crlUrls(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
        CRLDistPoint cdp = CRLDistPoint.getInstance(ASN1OctetString.getInstance(value).getOctets());
        return java.util.Arrays.stream(cdp.getDistributionPoints())
                .map(DistributionPoint::getDistributionPoint)
                .flatMap(name -> java.util.Arrays.stream(GeneralNames.getInstance(name.getName()).getNames()))
                .filter(n -> n.getTagNo() == GeneralName.uniformResourceIdentifier)
                .map(n -> n.getName().toString())
                .toList();
    }

    private static X509CRL downloadCrl() throws Exception {
        HttpResponse<byte[]> http = Http.get(pki.crlUrl());
        assertThat(http.statusCode()).isEqualTo(200);
        assertThat(http.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(http.body()));
    }

    @Test
    void issuesSignerWithRequestedKeyAndVietnameseSubjectFromTheRootNamingTheCrl() throws Exception {
        X509Certificate root = certificate(pki.rootCertificate());
        X509Certificate signer = certificate(pki.signerCertificate());

        signer.verify(root.getPublicKey());
        assertThat(signer.getSubjectX500Principal().getName(X500Principal.RFC2253))
                .isEqualTo("CN=Trần Thị Bình,O=Công ty Thử nghiệm,C=VN");
        assertThat(((ECPublicKey) signer.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(384);
        assertThat(signer.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(signer.getKeyUsage()[1]).as("nonRepudiation").isTrue();
        assertThat(crlUrls(signer)).containsExactly(pki.crlUrl().toString());
        assertThat(pki.crlUrl().getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void issuesTsaCertificateWithCriticalTimeStampingOnlyEku() throws Exception {
        X509Certificate tsa = certificate(pki.tsaCertificate());

        tsa.verify(certificate(pki.rootCertificate()).getPublicKey());
        assertThat(tsa.getCriticalExtensionOIDs()).contains(Extension.extendedKeyUsage.getId());
        assertThat(tsa.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.8");
        assertThat(crlUrls(tsa)).containsExactly(pki.crlUrl().toString());
    }

    @Test
    void exportsPkcs12WithKeyAndChainUnderAliasSigner() throws Exception {
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        char[] password = pki.password();
        try (InputStream in = Files.newInputStream(pki.signerPkcs12())) {
            p12.load(in, password);
        }
        assertThat(Files.readString(pki.passwordFile())).isEqualTo(new String(password) + "\n");

        assertThat(p12.isKeyEntry("signer")).isTrue();
        assertThat(p12.getKey("signer", password)).isNotNull();
        Certificate[] chain = p12.getCertificateChain("signer");
        assertThat(chain).containsExactly(certificate(pki.signerCertificate()), certificate(pki.rootCertificate()));
    }

    @Test
    void servesFreshDerCrlSignedByTheRootThatListsTheSignerOnceRevoked() throws Exception {
        X509Certificate root = certificate(pki.rootCertificate());
        X509Certificate signer = certificate(pki.signerCertificate());

        X509CRL before = downloadCrl();
        before.verify(root.getPublicKey());
        assertThat(before.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(before.getThisUpdate()).isCloseTo(new Date(), 5_000);
        assertThat(before.getNextUpdate()).isAfter(new Date());
        assertThat(before.isRevoked(signer)).isFalse();

        try (OpensslPki own = OpensslPki.builder().start(Files.createDirectory(dir.resolve("own")))) {
            X509Certificate ownSigner = certificate(own.signerCertificate());
            own.revokeSigner();
            HttpResponse<byte[]> http = Http.get(own.crlUrl());
            X509CRL after = (X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(http.body()));
            assertThat(after.isRevoked(ownSigner)).isTrue();
            assertThat(after.getRevokedCertificate(ownSigner).getRevocationReason())
                    .isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
        }
        assertThat(pki.requestCount(Endpoint.CRL)).isPositive();
    }

    @Test
    void tsaAnswersWithOpensslTokenOverTheImprintSignedByTheTsaCertificate() throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        byte[] imprint = MessageDigest.getInstance("SHA-256").digest("dữ liệu".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, imprint, BigInteger.valueOf(42));

        HttpResponse<byte[]> http = Http.post(pki.tsaUrl(), "application/timestamp-query", request.getEncoded());

        assertThat(http.statusCode()).isEqualTo(200);
        TimeStampResponse response = new TimeStampResponse(http.body());
        assertThat(response.getStatus()).isEqualTo(PKIStatus.GRANTED);
        response.validate(request);
        assertThat(response.getTimeStampToken().getTimeStampInfo().getPolicy().getId()).isEqualTo(pki.tsaPolicy());
        response.getTimeStampToken().validate(new JcaSimpleSignerInfoVerifierBuilder()
                .build(certificate(pki.tsaCertificate())));
    }

    @Test
    void rejectsSubjectsNotInOpensslForm() {
        assertThatThrownBy(() -> OpensslPki.builder().signerSubject("CN=Nguyễn Văn An, C=VN"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/C=VN/O=Org/CN=Name");
    }
}
