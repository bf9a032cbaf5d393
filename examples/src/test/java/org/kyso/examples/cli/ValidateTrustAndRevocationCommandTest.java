package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import eu.europa.esig.dss.cades.CAdESSignatureParameters;
import eu.europa.esig.dss.cades.signature.CAdESService;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.Revocation;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.internal.DssTspSource;
import org.kyso.pdf.PadesLevel;
import org.kyso.pdf.PdfSigner;
import org.kyso.testkit.Endpoint;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;
import org.kyso.testkit.TrustedListXml;
import org.kyso.xml.XmlCanonicalization;
import org.kyso.xml.XmlPackaging;
import org.kyso.xml.XmlSigner;

/**
 * {@code kyso validate} acceptance checks of issue 6: revocation from the test PKI (CRL reachable,
 * revoked signer, offline), {@code revocationChecked} in the JSON, {@code --policy} and
 * {@code --tl}/{@code --tl-signer}. Everything on 127.0.0.1 or in local files.
 */
class ValidateTrustAndRevocationCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    static TestPki pki;
    static Path rootPem;
    static Leaf crlOnly;
    static Leaf revoked;
    static Leaf operator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() throws Exception {
        pki = TestPki.builder().start();
        rootPem = shared.resolve("root.pem");
        Pem.write(rootPem, pki.root().certificate());
        crlOnly = pki.issue(LeafSpec.builder().subject("CN=Trần Thị Bình, O=Sở Tư pháp, C=VN").withoutOcsp().build());
        revoked = pki.issue(LeafSpec.builder().subject("CN=Lê Văn Cường, O=Sở Tư pháp, C=VN").withoutOcsp().revoked().build());
        operator = pki.issue(LeafSpec.builder().subject("CN=KySo Test TL Operator, O=KySo Test, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    @BeforeEach
    void resetCounts() {
        pki.resetRequestCounts();
    }

    private Path signPdf(Leaf leaf, PadesLevel level, String name) throws Exception {
        PdfSigner.Builder b = PdfSigner.builder().key(SoftwareKey.of(leaf.privateKey(), leaf.chain())).level(level);
        if (level != PadesLevel.B) {
            b.timestamping(Tsa.rfc3161(pki.tsaUrl()));
        }
        if (level == PadesLevel.LT || level == PadesLevel.LTA) {
            b.trust(TrustAnchors.of(pki.root().certificate())).revocation(Revocation.online().build());
        }
        Path signed = dir.resolve(name);
        b.build().sign(Samples.pdf(dir), signed);
        return signed;
    }

    private static JsonNode json(Cli.Result result) throws Exception {
        return JSON.readTree(result.out().strip());
    }

    // --- revocation ---------------------------------------------------------------------------

    @Test
    void aTrustedChainWithItsCrlReachableExitsZero() throws Exception {
        Path pdf = signPdf(crlOnly, PadesLevel.B, "cong-van-ky.pdf");

        Cli.Result result = Cli.run("validate", "--format", "json", "--trust", rootPem.toString(), pdf.toString()).succeeds();

        JsonNode report = json(result);
        assertThat(report.get("verdict").asText()).isEqualTo("VALID");
        assertThat(report.get("signatures").get(0).get("indication").asText()).isEqualTo("TOTAL_PASSED");
        assertThat(report.get("revocationChecked").asBoolean()).isTrue();
        assertThat(pki.requestCount(Endpoint.CRL)).isPositive();
    }

    @Test
    void aRevokedSignerWithoutProofOfWhenItSignedExitsOneWithRevokedNoPoe() throws Exception {
        Path pdf = signPdf(revoked, PadesLevel.B, "cong-van-thu-hoi.pdf");

        Cli.Result result = Cli.run("validate", "--format", "json", "--trust", rootPem.toString(), pdf.toString());

        assertThat(result.exit()).as(result.err()).isEqualTo(ExitCode.INDETERMINATE);
        JsonNode signature = json(result).get("signatures").get(0);
        assertThat(signature.get("indication").asText()).isEqualTo("INDETERMINATE");
        assertThat(signature.get("subIndication").asText()).isEqualTo("REVOKED_NO_POE");
    }

    @Test
    void aRevokedSignerWithAContentTimestampAfterTheRevocationExitsTwoWithRevoked() throws Exception {
        Path p7s = Files.write(dir.resolve("quyet-dinh.p7s"), cadesWithContentTimestamp(revoked, "Quyết định số 2/QĐ"));

        Cli.Result result = Cli.run("validate", "--format", "json", "--trust", rootPem.toString(), p7s.toString());

        assertThat(result.exit()).as(result.err()).isEqualTo(ExitCode.INVALID);
        JsonNode signature = json(result).get("signatures").get(0);
        assertThat(signature.get("indication").asText()).isEqualTo("TOTAL_FAILED");
        assertThat(signature.get("subIndication").asText()).isEqualTo("REVOKED");
    }

    @Test
    void offlineInVietnameseATimestampedSignatureIsIndeterminateWithARevocationWarning() throws Exception {
        Path pdf = signPdf(crlOnly, PadesLevel.T, "cong-van-t.pdf");

        Cli.Result text = Cli.run("validate", "--offline", "--lang", "vi", "--trust", rootPem.toString(), pdf.toString());
        Cli.Result json = Cli.run("validate", "--offline", "--lang", "vi", "--format", "json", "--trust", rootPem.toString(),
                pdf.toString());

        assertThat(text.exit()).as(text.err()).isEqualTo(ExitCode.INDETERMINATE);
        assertThat(text.out()).contains("INDETERMINATE").contains("Không kiểm tra được tình trạng thu hồi");
        JsonNode report = json(json);
        assertThat(report.get("revocationChecked").asBoolean()).isFalse();
        assertThat(report.get("signatures").get(0).get("warnings").toString()).contains("Không kiểm tra được tình trạng thu hồi");
        assertThat(pki.requestCount(Endpoint.CRL) + pki.requestCount(Endpoint.OCSP)).isZero();
    }

    @Test
    void offlineAnLtSignatureIsCheckedFromTheRevocationDataItCarries() throws Exception {
        Path pdf = signPdf(crlOnly, PadesLevel.LT, "cong-van-lt.pdf");
        pki.resetRequestCounts();

        Cli.Result result = Cli.run("validate", "--offline", "--format", "json", "--trust", rootPem.toString(), pdf.toString())
                .succeeds();

        JsonNode report = json(result);
        assertThat(report.get("revocationChecked").asBoolean()).isTrue();
        assertThat(report.get("signatures").get(0).get("format").asText()).isEqualTo("PAdES-BASELINE-LT");
        assertThat(report.get("signatures").get(0).get("warnings").toString()).doesNotContain("revocation status");
        assertThat(pki.requestCount(Endpoint.CRL) + pki.requestCount(Endpoint.OCSP)).isZero();
    }

    // --- --policy -----------------------------------------------------------------------------

    /** DSS's default policy (policy/constraint.xml of dss-policy-jaxb) with RSA keys of 3072 bits at least. */
    private Path rsa3072Policy() throws Exception {
        String original;
        try (InputStream in = getClass().getResourceAsStream("/policy/constraint.xml")) {
            original = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String minimum = "<Algo Size=\"786\">RSA</Algo>";
        assertThat(original).contains(minimum);
        return Files.writeString(dir.resolve("rsa-3072.xml"), original.replaceFirst(minimum, "<Algo Size=\"3072\">RSA</Algo>"));
    }

    @Test
    void aStricterPolicyChangesTheVerdict() throws Exception {
        Path pdf = signPdf(crlOnly, PadesLevel.B, "cong-van-rsa2048.pdf");
        Path policy = rsa3072Policy();

        Cli.run("validate", "--trust", rootPem.toString(), pdf.toString()).succeeds();
        Cli.Result strict = Cli.run("validate", "--format", "json", "--policy", policy.toString(),
                "--trust", rootPem.toString(), pdf.toString());

        assertThat(strict.exit()).as(strict.err()).isEqualTo(ExitCode.INDETERMINATE);
        JsonNode signature = json(strict).get("signatures").get(0);
        assertThat(signature.get("indication").asText()).isEqualTo("INDETERMINATE");
        assertThat(signature.get("subIndication").asText()).startsWith("CRYPTO_CONSTRAINTS_FAILURE");
    }

    @Test
    void aMissingPolicyExitsSixtySixNamingIt() throws Exception {
        Path missing = dir.resolve("khong-co-policy.xml");

        Cli.Result result = Cli.run("validate", "--policy", missing.toString(), Samples.pdf(dir).toString())
                .failsWith(ExitCode.NO_INPUT);

        assertThat(result.err()).contains(missing.toString());
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aFileThatIsNoPolicyExitsSixtyFourNamingIt() throws Exception {
        Path notAPolicy = Files.writeString(dir.resolve("policy.xml"), "<hoa-don><so>1</so></hoa-don>");

        Cli.Result result = Cli.run("validate", "--policy", notAPolicy.toString(), Samples.pdf(dir).toString())
                .failsWith(ExitCode.USAGE);

        assertThat(result.err()).contains(notAPolicy.toString()).contains("not a DSS validation policy");
    }

    // --- --tl ---------------------------------------------------------------------------------

    /** A trusted list naming the test PKI's intermediate CA, signed (enveloped XAdES) with sdk-xml's XmlSigner. */
    private Path trustedList(Leaf signedBy, String tspName) throws Exception {
        byte[] unsigned = TrustedListXml.of(pki.intermediate().certificate(), tspName, Instant.now().plus(Duration.ofDays(180)));
        XmlSigner signer = XmlSigner.builder().key(SoftwareKey.of(signedBy.privateKey(), signedBy.chain()))
                .packaging(XmlPackaging.ENVELOPED).canonicalization(XmlCanonicalization.EXCLUSIVE).build();
        return Files.write(dir.resolve("tl-vn.xml"), signer.sign(unsigned, "tl-vn.xml"));
    }

    private Path operatorPem() throws Exception {
        Path pem = dir.resolve("tl-operator.pem");
        Pem.write(pem, operator.certificate());
        return pem;
    }

    @Test
    void aTrustedListSignedByItsOperatorMakesItsCaTrusted() throws Exception {
        Path pdf = signPdf(crlOnly, PadesLevel.B, "cong-van-tl.pdf");
        Path tl = trustedList(operator, "KySo Test CA Provider");

        assertThat(Cli.run("validate", pdf.toString()).exit()).as("nothing is trusted without the list")
                .isEqualTo(ExitCode.INDETERMINATE);
        Cli.Result result = Cli.run("validate", "--format", "json", "--tl", tl.toString(), "--tl-signer", operatorPem().toString(),
                "--tl-cache", dir.resolve("cache").toString(), pdf.toString()).succeeds();

        assertThat(json(result).get("signatures").get(0).get("indication").asText()).isEqualTo("TOTAL_PASSED");
    }

    @Test
    void aChangedTrustedListExitsSixtyFiveAndTrustsNothing() throws Exception {
        Path pdf = signPdf(crlOnly, PadesLevel.B, "cong-van-tl.pdf");
        Path tl = trustedList(operator, "KySo Test CA Provider");
        Files.writeString(tl, Files.readString(tl).replace("KySo Test CA Provider", "KySo Test CA Pr0vider"));

        Cli.Result result = Cli.run("validate", "--tl", tl.toString(), "--tl-signer", operatorPem().toString(), pdf.toString())
                .failsWith(ExitCode.DATA_ERR);

        assertThat(result.err()).contains(tl.toString()).contains("changed after it was signed");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aTrustedListSignedByAnotherCertificateExitsSixtyFive() throws Exception {
        Leaf stranger = pki.issue(LeafSpec.builder().subject("CN=Someone Else, C=VN").keyType(KeyType.ECDSA_P256).build());
        Path tl = trustedList(stranger, "KySo Test CA Provider");

        Cli.Result result = Cli.run("validate", "--tl", tl.toString(), "--tl-signer", operatorPem().toString(),
                Samples.pdf(dir).toString()).failsWith(ExitCode.DATA_ERR);

        assertThat(result.err()).contains("not made with any of the certificates allowed to sign it");
    }

    @Test
    void aTrustedListNeedsItsSigningCertificates() throws Exception {
        Path tl = trustedList(operator, "KySo Test CA Provider");

        Cli.Result result = Cli.run("validate", "--tl", tl.toString(), Samples.pdf(dir).toString()).failsWith(ExitCode.USAGE);

        assertThat(result.err()).contains("--tl-signer");
    }

    // --- helpers ------------------------------------------------------------------------------

    /** An enveloping CAdES-BASELINE-T signature whose signed attributes carry a content time-stamp from the test TSA. */
    private static byte[] cadesWithContentTimestamp(Leaf signer, String text) throws Exception {
        CAdESService service = new CAdESService(new CommonCertificateVerifier());
        service.setTspSource(new DssTspSource(Tsa.rfc3161(pki.tsaUrl())));
        CAdESSignatureParameters parameters = new CAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.CAdES_BASELINE_T);
        parameters.setSignaturePackaging(SignaturePackaging.ENVELOPING);
        parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
        parameters.setSigningCertificate(new CertificateToken(signer.certificate()));
        parameters.setCertificateChain(signer.chain().stream().map(CertificateToken::new).toList());
        DSSDocument document = new InMemoryDocument(text.getBytes(StandardCharsets.UTF_8), "quyet-dinh.txt");
        parameters.setContentTimestamps(java.util.List.of(service.getContentTimestamp(document, parameters)));
        ToBeSigned toBeSigned = service.getDataToSign(document, parameters);
        eu.europa.esig.dss.enumerations.SignatureAlgorithm algorithm = eu.europa.esig.dss.enumerations.SignatureAlgorithm
                .getAlgorithm(EncryptionAlgorithm.forKey(signer.privateKey()), DigestAlgorithm.SHA256);
        Signature signature = Signature.getInstance(algorithm.getJCEId());
        signature.initSign(signer.privateKey());
        signature.update(toBeSigned.getBytes());
        SignatureValue value = new SignatureValue(algorithm, signature.sign());
        return DSSUtils.toByteArray(service.signDocument(document, parameters, value));
    }
}
