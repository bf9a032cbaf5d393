package org.kyso.xml;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SignatureReport;
import org.kyso.core.SigningKey;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.TestPki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kyso.xml.Fixtures.assertValid;

class XmlSignerTest {

    private static TestPki pki;
    private static SigningKey rsa;
    private static Tsa tsa;
    private static Validator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        rsa = Fixtures.rsaKey(pki);
        tsa = Tsa.rfc3161(pki.tsaUrl());
        validator = Fixtures.validator(pki);
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    @Test
    void signsEnvelopedLevelBThatValidatesAsBaselineB() throws Exception {
        Path in = write("ho-so.xml", Fixtures.document());
        Path out = dir.resolve("ho-so-signed.xml");

        XmlSigner.builder().key(rsa).level(XadesLevel.B).build().sign(in, out);

        SignatureReport signature = assertValid(validator.validate(out), "XAdES-BASELINE-B");
        assertThat(signature.signer().toString()).contains("Nguyễn Văn An");
        assertThat(Files.readAllBytes(in)).isEqualTo(Fixtures.document());
    }

    @Test
    void signsEnvelopedLevelTThatValidatesAsBaselineT() throws Exception {
        Path in = write("ho-so.xml", Fixtures.document());
        Path out = dir.resolve("ho-so-signed.xml");

        XmlSigner.builder().key(rsa).level(XadesLevel.T).timestamping(tsa).build().sign(in, out);

        SignatureReport signature = assertValid(validator.validate(out), "XAdES-BASELINE-T");
        assertThat(signature.timestamps()).hasSize(1);
        assertThat(signature.bestSignatureTime()).isNotNull();
    }

    @Test
    void placesEnvelopedSignatureAsLastChildOfRootAndKeepsEveryOtherByte() throws Exception {
        byte[] signed = XmlSigner.builder().key(rsa).build().sign(Fixtures.document(), "ho-so.xml");

        String original = Fixtures.DOCUMENT;
        String text = new String(signed, StandardCharsets.UTF_8);
        int rootEnd = original.lastIndexOf("</HoSo>");
        assertThat(text).startsWith(original.substring(0, rootEnd) + "<ds:Signature ");
        assertThat(text).endsWith("</ds:Signature>" + original.substring(rootEnd));
        assertThat(text).contains("&#x2014;", "<DinhKem/>", "<?xml version='1.0' encoding='UTF-8'?>");
    }

    @Test
    void keepsByteOrderMarkButDropsBlankLinesBeforeTheRoot() throws Exception {
        String root = Fixtures.DOCUMENT.substring(Fixtures.DOCUMENT.indexOf("<HoSo"));
        byte[] original = ("\uFEFF\n\n" + root).getBytes(StandardCharsets.UTF_8);

        byte[] signed = XmlSigner.builder().key(rsa).build().sign(original, "ho-so.xml");

        String text = new String(signed, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF" + root.substring(0, root.lastIndexOf("</HoSo>")) + "<ds:Signature ");
        assertValid(validator.validate(signed, "ho-so-signed.xml"), "XAdES-BASELINE-B");
    }

    @Test
    void signsLatin1DocumentAsDssSerialisesIt() throws Exception {
        byte[] latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<Ho>Caf\u00e9 &#x1EA1;</Ho>\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        byte[] signed = XmlSigner.builder().key(rsa).build().sign(latin1, "latin1.xml");

        assertValid(validator.validate(signed, "latin1-signed.xml"), "XAdES-BASELINE-B");
    }

    @Test
    void signsDocumentWhoseRootIsAnEmptyElementTag() throws Exception {
        byte[] signed = XmlSigner.builder().key(rsa).build().sign("<HoSo Id=\"x\"/>".getBytes(StandardCharsets.UTF_8), "empty.xml");

        assertThat(new String(signed, StandardCharsets.UTF_8)).contains("<HoSo Id=\"x\"><ds:Signature ");
        assertValid(validator.validate(signed, "empty-signed.xml"), "XAdES-BASELINE-B");
    }

    @Test
    void signedContentChangedByOneCharacterIsInvalid() throws Exception {
        byte[] signed = XmlSigner.builder().key(rsa).build().sign(Fixtures.document(), "ho-so.xml");
        String tampered = new String(signed, StandardCharsets.UTF_8).replace("Bảo Ngọc", "Bảo Ngọa");
        assertThat(tampered).isNotEqualTo(new String(signed, StandardCharsets.UTF_8));

        ValidationReport report = validator.validate(tampered.getBytes(StandardCharsets.UTF_8), "tampered.xml");

        assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(report.signatures()).singleElement().satisfies(s -> assertThat(s.integrity()).isFalse());
    }

    @Test
    void signsWithEcdsaP256Key() throws Exception {
        SigningKey ec = Fixtures.key(pki, KeyType.ECDSA_P256);
        XmlSigner signer = XmlSigner.builder().key(ec).level(XadesLevel.T).timestamping(tsa).build();
        assertThat(signer.signatureAlgorithm()).isEqualTo(SignatureAlgorithm.ECDSA_SHA256);

        byte[] signed = signer.sign(Fixtures.document(), "ho-so.xml");

        assertValid(validator.validate(signed, "ho-so-signed.xml"), "XAdES-BASELINE-T");
        assertThat(new String(signed, StandardCharsets.UTF_8)).contains("xmldsig-more#ecdsa-sha256");
    }

    @Test
    void signsWithRsaPss() throws Exception {
        byte[] signed = XmlSigner.builder().key(rsa).signatureAlgorithm(SignatureAlgorithm.RSA_PSS_SHA256).build()
                .sign(Fixtures.document(), "ho-so.xml");

        assertValid(validator.validate(signed, "ho-so-signed.xml"), "XAdES-BASELINE-B");
        assertThat(new String(signed, StandardCharsets.UTF_8)).contains("sha256-rsa-MGF1");
    }

    @Test
    void signsEnvelopingWithTheDocumentInsideTheSignature() throws Exception {
        byte[] signed = XmlSigner.builder().key(rsa).packaging(XmlPackaging.ENVELOPING).build()
                .sign(Fixtures.document(), "ho-so.xml");

        String text = new String(signed, StandardCharsets.UTF_8);
        assertThat(text).containsPattern("^(<\\?xml[^>]*>)?\\s*<ds:Signature ");
        assertThat(text).contains("<ds:Object", "Nguyễn Thị Bảo Ngọc");
        assertValid(validator.validate(signed, "ho-so-signed.xml"), "XAdES-BASELINE-B");
    }

    @Test
    void signsDetachedReferencingTheInputByFileName() throws Exception {
        Path in = write("hồ-sơ.xml", Fixtures.document());
        Path signature = dir.resolve("hồ-sơ.xml.sig.xml");

        XmlSigner.builder().key(rsa).level(XadesLevel.T).timestamping(tsa).packaging(XmlPackaging.DETACHED).build()
                .sign(in, signature);

        assertThat(Files.readString(signature)).doesNotContain("Bảo Ngọc");
        assertValid(validator.validate(signature, in), "XAdES-BASELINE-T");
        Path changed = write("other/hồ-sơ.xml", Fixtures.DOCUMENT.replace("Ngọc", "Ngoc").getBytes(StandardCharsets.UTF_8));
        assertThat(validator.validate(signature, changed).verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void signsDetachedNonXmlData() throws Exception {
        Path in = write("scan.pdf", "%PDF-1.7 not really a pdf".getBytes(StandardCharsets.US_ASCII));
        Path signature = dir.resolve("scan.pdf.xml");

        XmlSigner.builder().key(rsa).packaging(XmlPackaging.DETACHED).build().sign(in, signature);

        assertValid(validator.validate(signature, in), "XAdES-BASELINE-B");
    }

    @Test
    void signsLevelLtWithEmbeddedRevocationData() throws Exception {
        XmlSigner signer = XmlSigner.builder().key(rsa).level(XadesLevel.LT).timestamping(tsa)
                .trust(org.kyso.core.TrustAnchors.of(pki.root().certificate())).build();

        byte[] signed = signer.sign(Fixtures.document(), "ho-so.xml");

        assertValid(validator.validate(signed, "ho-so-signed.xml"), "XAdES-BASELINE-LT");
        assertThat(new String(signed, StandardCharsets.UTF_8)).contains("RevocationValues");
    }

    @Test
    void signsLevelLtaWithArchiveTimestamp() throws Exception {
        XmlSigner signer = XmlSigner.builder().key(rsa).level(XadesLevel.LTA).timestamping(tsa)
                .trust(org.kyso.core.TrustAnchors.of(pki.root().certificate())).build();

        byte[] signed = signer.sign(Fixtures.document(), "ho-so.xml");

        SignatureReport signature = assertValid(validator.validate(signed, "ho-so-signed.xml"), "XAdES-BASELINE-LTA");
        assertThat(signature.timestamps()).hasSize(2);
    }

    @Test
    void signsTheBundledSampleDossier() throws Exception {
        byte[] sample;
        try (InputStream in = XmlSigner.class.getResourceAsStream("/org/kyso/xml/samples/ho-so-mau.xml")) {
            assertThat(in).as("bundled sample").isNotNull();
            sample = in.readAllBytes();
        }

        byte[] signed = XmlSigner.builder().key(rsa).build().sign(sample, "ho-so-mau.xml");

        assertValid(validator.validate(signed, "ho-so-mau-signed.xml"), "XAdES-BASELINE-B");
        String text = new String(signed, StandardCharsets.UTF_8);
        assertThat(text).startsWith(new String(sample, StandardCharsets.UTF_8).substring(0, sample.length / 2));
    }

    @Test
    void addsParallelSignatureThatLeavesTheFirstValid() throws Exception {
        XmlSigner signer = XmlSigner.builder().key(rsa).build();
        byte[] once = signer.sign(Fixtures.document(), "ho-so.xml");

        byte[] twice = signer.toBuilder().key(Fixtures.key(pki, KeyType.ECDSA_P256)).build().sign(once, "ho-so.xml");

        // DSS's enveloped reference subtracts every ds:Signature (XPath Filter 2.0), so parallel
        // signatures do not break each other
        ValidationReport report = validator.validate(twice, "ho-so-twice.xml");
        assertThat(report.verdict()).as(report.summary(java.util.Locale.ENGLISH)).isEqualTo(Verdict.VALID);
        assertThat(report.signatures()).hasSize(2).allSatisfy(s -> assertThat(s.integrity()).isTrue());
    }

    @Test
    void derivesVariantsWithToBuilder() {
        XmlSigner t = XmlSigner.builder().key(rsa).timestamping(tsa).build();
        assertThat(t.level()).isEqualTo(XadesLevel.T);

        XmlSigner detached = t.toBuilder().packaging(XmlPackaging.DETACHED).build();

        assertThat(detached.level()).isEqualTo(XadesLevel.T);
        assertThat(detached.packaging()).isEqualTo(XmlPackaging.DETACHED);
        assertThat(detached.timestamping()).isSameAs(tsa);
        assertThat(t.packaging()).isEqualTo(XmlPackaging.ENVELOPED);
        assertThat(t.timestamping().url()).isEqualTo(URI.create(pki.tsaUrl().toString()));
    }

    private Path write(String name, byte[] content) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }
}
