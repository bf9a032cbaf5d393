package org.kyso.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestPkiCertificatesTest {

    private static final String VIETNAMESE =
            "CN=Nguyễn Văn An, O=UBND Xã Đại An, L=Hà Nội, C=VN, UID=MST:0101234567";

    private static TestPki pki;
    private static Leaf signer;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        signer = pki.issue(LeafSpec.builder().subject(VIETNAMESE).email("an@example.vn").keyType(KeyType.ECDSA_P256).build());
    }

    @AfterAll
    static void closePki() {
        pki.close();
    }

    @Test
    void chainsLeafToIntermediateToRootEachVerifiedByItsIssuersKey() throws Exception {
        List<X509Certificate> chain = signer.chain();

        assertThat(chain).containsExactly(signer.certificate(), pki.intermediate().certificate(), pki.root().certificate());
        chain.get(0).verify(chain.get(1).getPublicKey());
        chain.get(1).verify(chain.get(2).getPublicKey());
        chain.get(2).verify(chain.get(2).getPublicKey());
        assertThatThrownBy(() -> chain.get(0).verify(chain.get(2).getPublicKey()))
                .as("the leaf is signed by the intermediate, not the root")
                .isInstanceOf(java.security.SignatureException.class);
    }

    @Test
    void chainValidatesWithJdkPkixAgainstTheRootAlone() throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(pki.root().certificate(), null)));
        parameters.setRevocationEnabled(false);

        PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(signer.chain().subList(0, 2)), parameters);

        assertThat(result.getPublicKey()).isEqualTo(signer.certificate().getPublicKey());
    }

    @Test
    void marksCasWithCriticalBasicConstraintsAndCertSignKeyUsage() {
        X509Certificate root = pki.root().certificate();
        X509Certificate intermediate = pki.intermediate().certificate();

        assertThat(root.getBasicConstraints()).as("root path length").isEqualTo(Integer.MAX_VALUE);
        assertThat(intermediate.getBasicConstraints()).as("intermediate path length").isZero();
        for (X509Certificate ca : List.of(root, intermediate)) {
            assertThat(ca.getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
            // keyUsage bits: 5 keyCertSign, 6 cRLSign
            assertThat(ca.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
            assertThat(ca.getVersion()).isEqualTo(3);
        }
        assertThat(root.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=KySo Test Root CA, O=KySo Test, C=VN"));
        assertThat(intermediate.getSubjectX500Principal())
                .isEqualTo(new X500Principal("CN=KySo Test Issuing CA, O=KySo Test, C=VN"));
    }

    @Test
    void linksAuthorityKeyIdentifiersToIssuerSubjectKeyIdentifiers() {
        List<X509Certificate> chain = signer.chain();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate issuer = chain.get(Math.min(i + 1, chain.size() - 1));
            assertThat(authorityKeyId(chain.get(i))).as("AKI of %s", chain.get(i).getSubjectX500Principal())
                    .isEqualTo(subjectKeyId(issuer));
        }
    }

    @Test
    void keepsVietnameseSubjectInUtf8AndInTheOrderWritten() throws Exception {
        X500Principal subject = signer.certificate().getSubjectX500Principal();

        assertThat(subject.getName()).contains("Nguyễn Văn An").startsWith("CN=Nguyễn Văn An,O=UBND Xã Đại An,L=Hà Nội,C=VN");
        X500Name der = X500Name.getInstance(subject.getEncoded());
        RDN[] rdns = der.getRDNs();
        assertThat(rdns[rdns.length - 1].getFirst().getType()).as("DER holds the written order reversed: CN last")
                .isEqualTo(BCStyle.CN);
        assertThat(rdns[0].getFirst().getType()).isEqualTo(BCStyle.UID);
        assertThat(value(der, BCStyle.CN)).isInstanceOf(DERUTF8String.class).hasToString("Nguyễn Văn An");
        assertThat(value(der, BCStyle.C)).isInstanceOf(DERPrintableString.class);
        assertThat(value(der, BCStyle.UID)).hasToString("MST:0101234567");
    }

    @Test
    void acceptsBcStyleAttributeNamesForVietnameseIdentifiers() {
        Leaf leaf = pki.issue(LeafSpec.builder().keyType(KeyType.ECDSA_P256)
                .subject("CN=Trần Thị Bình, T=Chủ tịch, SERIALNUMBER=CMND:012345678, E=binh@example.vn, C=VN").build());

        X500Name der = X500Name.getInstance(leaf.certificate().getSubjectX500Principal().getEncoded());
        assertThat(value(der, BCStyle.T)).hasToString("Chủ tịch");
        assertThat(value(der, BCStyle.SERIALNUMBER)).hasToString("CMND:012345678");
        assertThat(value(der, BCStyle.EmailAddress)).hasToString("binh@example.vn");
    }

    @Test
    void addsEmailAsRfc822SubjectAlternativeName() throws Exception {
        assertThat(signer.certificate().getSubjectAlternativeNames())
                .containsExactly(List.of(GeneralName.rfc822Name, "an@example.vn"));
    }

    @Test
    void givesLeavesCriticalSigningKeyUsage() {
        X509Certificate leaf = signer.certificate();

        // bits: 0 digitalSignature, 1 nonRepudiation
        assertThat(leaf.getKeyUsage()).containsExactly(true, true, false, false, false, false, false, false, false);
        assertThat(leaf.getCriticalExtensionOIDs()).containsExactly(Extension.keyUsage.getId());
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void pointsLeafAiaAndCdpAtTheServer() {
        X509Certificate leaf = signer.certificate();

        assertThat(aia(leaf, AccessDescription.id_ad_ocsp)).isEqualTo(pki.ocspUrl().toString());
        assertThat(aia(leaf, AccessDescription.id_ad_caIssuers)).isEqualTo(pki.intermediateCertUrl().toString())
                .startsWith("http://127.0.0.1:").endsWith("/ca/intermediate.cer");
        assertThat(cdp(leaf)).isEqualTo(pki.crlUrl().toString()).endsWith("/crl/intermediate.crl");
        assertThat(pki.ocspUrl().getPort()).isPositive().isEqualTo(pki.tsaUrl().getPort());
    }

    @Test
    void pointsIntermediateAtRootCrlAndRootCertificate() {
        X509Certificate intermediate = pki.intermediate().certificate();

        assertThat(aia(intermediate, AccessDescription.id_ad_ocsp)).isEqualTo(pki.ocspUrl().toString());
        assertThat(aia(intermediate, AccessDescription.id_ad_caIssuers)).isEqualTo(pki.rootCertUrl().toString());
        assertThat(cdp(intermediate)).isEqualTo(pki.rootCrlUrl().toString()).endsWith("/crl/root.crl");
        assertThat(pki.root().certificate().getExtensionValue(Extension.authorityInfoAccess.getId())).isNull();
    }

    @Test
    void issuesTsaCertificateWithOnlyCriticalTimeStampingEku() throws Exception {
        X509Certificate tsa = pki.tsa().certificate();

        assertThat(tsa.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.8");
        assertThat(tsa.getCriticalExtensionOIDs()).contains(Extension.extendedKeyUsage.getId());
        tsa.verify(pki.intermediate().certificate().getPublicKey());
        assertThat(pki.tsa().chain()).hasSize(3);
    }

    @Test
    void makesExpiredLeafThatEndedBeforeNow() {
        X509Certificate leaf = pki.issue(LeafSpec.builder().keyType(KeyType.ECDSA_P256).expired().build()).certificate();

        assertThatThrownBy(leaf::checkValidity).isInstanceOf(CertificateExpiredException.class);
        assertThat(leaf.getNotBefore()).as("still inside the CA's validity").isAfter(pki.intermediate().certificate().getNotBefore());
    }

    @Test
    void makesNotYetValidLeafThatStartsAfterNow() {
        X509Certificate leaf = pki.issue(LeafSpec.builder().keyType(KeyType.ECDSA_P256).notYetValid().build()).certificate();

        assertThatThrownBy(leaf::checkValidity).isInstanceOf(CertificateNotYetValidException.class);
    }

    @Test
    void validatesByDefaultFromAnHourAgoForTwoYears() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate leaf = pki.issue(LeafSpec.builder().keyType(KeyType.ECDSA_P256).build()).certificate();

        leaf.checkValidity();
        assertThat(leaf.getNotBefore().toInstant()).isBetween(before.minus(Duration.ofMinutes(61)), before.minus(Duration.ofMinutes(59)));
        assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(730).plusHours(1));
    }

    @Test
    void keepsCustomValidityToTheSecond() {
        Instant from = Instant.parse("2024-01-01T00:00:00Z");
        Instant to = Instant.parse("2025-06-30T23:59:59Z");

        X509Certificate leaf = pki.issue(LeafSpec.builder().keyType(KeyType.ECDSA_P256).validity(from, to).build()).certificate();

        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(from);
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(to);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void issuesLeafWithRequestedKeyType(KeyType type) throws Exception {
        Leaf leaf = pki.issue(LeafSpec.builder().keyType(type).build());

        switch (type) {
            case RSA_2048 -> assertThat(((RSAPublicKey) leaf.certificate().getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
            case RSA_3072 -> assertThat(((RSAPublicKey) leaf.certificate().getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
            case RSA_4096 -> assertThat(((RSAPublicKey) leaf.certificate().getPublicKey()).getModulus().bitLength()).isEqualTo(4096);
            case ECDSA_P256 -> assertThat(((ECPublicKey) leaf.certificate().getPublicKey()).getParams().getCurve().getField().getFieldSize())
                    .isEqualTo(256);
            case ECDSA_P384 -> assertThat(((ECPublicKey) leaf.certificate().getPublicKey()).getParams().getCurve().getField().getFieldSize())
                    .isEqualTo(384);
        }
        assertThat(leaf.privateKey().getAlgorithm()).isEqualTo(leaf.certificate().getPublicKey().getAlgorithm());
        java.security.Signature signature = java.security.Signature.getInstance(
                leaf.privateKey().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA");
        signature.initSign(leaf.privateKey());
        signature.update(new byte[] {1, 2, 3});
        byte[] value = signature.sign();
        signature.initVerify(leaf.certificate());
        signature.update(new byte[] {1, 2, 3});
        assertThat(signature.verify(value)).as("private key matches the certificate").isTrue();
    }

    @Test
    void usesSixteenBytePositiveRandomSerials() {
        BigInteger first = signer.certificate().getSerialNumber();
        BigInteger second = pki.issue(LeafSpec.builder().keyType(KeyType.ECDSA_P256).build()).certificate().getSerialNumber();

        for (BigInteger serial : List.of(first, second, pki.root().certificate().getSerialNumber())) {
            assertThat(serial.signum()).isPositive();
            assertThat(new ASN1Integer(serial).getValue().toByteArray()).hasSize(16);
        }
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void signsWithSha256EcdsaByDefaultAndSha256RsaForRsaCas() {
        assertThat(signer.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");

        try (TestPki rsa = TestPki.builder().caKeyType(KeyType.RSA_2048)
                .rootSubject("CN=Root RSA, C=VN").intermediateSubject("CN=Issuing RSA, C=VN").start()) {
            Leaf leaf = rsa.issue(LeafSpec.builder().keyType(KeyType.ECDSA_P256).build());
            assertThat(leaf.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
            assertThat(rsa.root().certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
            assertThat(rsa.tsa().certificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
            assertThat(rsa.root().certificate().getSubjectX500Principal().getName()).isEqualTo("CN=Root RSA,C=VN");
        }
    }

    @Test
    void derivesVariantsWithToBuilder() {
        LeafSpec base = LeafSpec.builder().subject("CN=Lê Văn Cường, C=VN").keyType(KeyType.ECDSA_P256).build();

        Leaf expired = pki.issue(base.toBuilder().expired().build());

        assertThat(expired.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=Lê Văn Cường,C=VN");
        assertThatThrownBy(expired.certificate()::checkValidity).isInstanceOf(CertificateExpiredException.class);
        assertThatCode(pki.issue(base).certificate()::checkValidity).doesNotThrowAnyException();
    }

    @Test
    void rejectsBadSpecsWhenBuilt() {
        assertThatThrownBy(() -> LeafSpec.builder().subject("XYZ=oops").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("XYZ=oops");
        assertThatThrownBy(() -> LeafSpec.builder().email("not-an-address").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-an-address");
        Instant now = Instant.now();
        assertThatThrownBy(() -> LeafSpec.builder().validity(now, now.minusSeconds(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before it starts");
        assertThatThrownBy(() -> TestPki.builder().tsaPolicy("not.an.oid").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not.an.oid");
        assertThatThrownBy(() -> TestPki.builder().ocspNextUpdate(Duration.ofSeconds(-1)).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ocspNextUpdate");
    }

    private static ASN1Encodable value(X500Name name, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        assertThat(rdns).as("RDNs of type %s", type).hasSize(1);
        return rdns[0].getFirst().getValue();
    }

    private static byte[] subjectKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets()).getKeyIdentifier();
    }

    private static byte[] authorityKeyId(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets()).getKeyIdentifierOctets();
    }

    static String aia(X509Certificate certificate, org.bouncycastle.asn1.ASN1ObjectIdentifier method) {
        byte[] value = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
        assertThat(value).as("AIA in %s", certificate.getSubjectX500Principal()).isNotNull();
        for (AccessDescription d : AuthorityInformationAccess.getInstance(ASN1OctetString.getInstance(value).getOctets())
                .getAccessDescriptions()) {
            if (d.getAccessMethod().equals(method)) {
                return d.getAccessLocation().getName().toString();
            }
        }
        return null;
    }

    static String cdp(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
        assertThat(value).as("CDP in %s", certificate.getSubjectX500Principal()).isNotNull();
        DistributionPoint[] points = CRLDistPoint.getInstance(ASN1OctetString.getInstance(value).getOctets()).getDistributionPoints();
        assertThat(points).hasSize(1);
        return GeneralNames.getInstance(points[0].getDistributionPoint().getName()).getNames()[0].getName().toString();
    }
}
