package org.kyso.xml;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.MalformedDocumentException;
import org.kyso.core.SigningKey;
import org.kyso.core.Tsa;
import org.kyso.core.Validator;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kyso.xml.Fixtures.assertValid;

/** XAdES signatures over elements by Id, placed where the caller says, with the canonicalization the caller picks. */
class XadesPlacementTest {

    private static final String DOSSIER = XmlDsigSignerTest.DOSSIER;

    private static TestPki pki;
    private static SigningKey rsa;
    private static Tsa tsa;
    private static Validator validator;

    @TempDir
    static Path pem;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() throws Exception {
        pki = TestPki.builder().start();
        rsa = Fixtures.rsaKey(pki);
        tsa = Tsa.rfc3161(pki.tsaUrl());
        validator = Fixtures.validator(pki);
        Pem.write(pem.resolve("root.pem"), pki.root().certificate());
        Pem.write(pem.resolve("intermediate.pem"), pki.intermediate().certificate());
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    @Test
    void levelTOverElementsByIdPlacedByXpathKeepsEveryOtherByte() throws Exception {
        XmlSigner signer = XmlSigner.builder().key(rsa).level(XadesLevel.T).timestamping(tsa)
                .referenceIds("DDN-01", "BV-01").placement("/hs:HoSo/hs:ChuKy").build();

        byte[] signed = signer.sign(bytes(DOSSIER), "ho-so.xml");

        String text = new String(signed, StandardCharsets.UTF_8);
        int start = text.indexOf("<ds:Signature ");
        int end = text.indexOf("</ds:Signature>") + "</ds:Signature>".length();
        assertThat(text.substring(0, start)).endsWith("<hs:ChuKy>");
        assertThat(text.substring(0, start) + text.substring(end))
                .isEqualTo(DOSSIER.replace("<hs:ChuKy/>", "<hs:ChuKy></hs:ChuKy>"));
        assertThat(text).contains("URI=\"#DDN-01\"", "URI=\"#BV-01\"").doesNotContain("URI=\"\"");
        assertValid(validator.validate(signed, "ho-so-signed.xml"), "XAdES-BASELINE-T");
        assertVerifiedByXmlsec1(signed, "placed-t.xml");
    }

    @Test
    void signatureInsideTheSignedElementLeavesItselfOut() throws Exception {
        byte[] signed = XmlSigner.builder().key(rsa).referenceIds("HS-01").placement("//hs:ChuKy").build()
                .sign(bytes(DOSSIER), "ho-so.xml");

        assertThat(new String(signed, StandardCharsets.UTF_8)).contains("xmldsig-filter2");
        assertValid(validator.validate(signed, "ho-so-signed.xml"), "XAdES-BASELINE-B");
        assertVerifiedByXmlsec1(signed, "inside.xml");
    }

    @Test
    void inclusiveCanonicalizationIsUsedThroughout() throws Exception {
        byte[] signed = XmlSigner.builder().key(rsa).canonicalization(XmlCanonicalization.INCLUSIVE).build()
                .sign(Fixtures.document(), "ho-so.xml");

        String text = new String(signed, StandardCharsets.UTF_8);
        assertThat(text).contains("<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/>")
                .doesNotContain("xml-exc-c14n");
        assertValid(validator.validate(signed, "ho-so-signed.xml"), "XAdES-BASELINE-B");
        assertVerifiedByXmlsec1(signed, "inclusive.xml");
    }

    @Test
    void missingIdAndEmptyPlacementAreMalformedDocuments() {
        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).referenceIds("KHONG-CO").build().sign(bytes(DOSSIER), "ho-so.xml"))
                .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("KHONG-CO");
        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).placement("/hs:HoSo/hs:KhongCo").build().sign(bytes(DOSSIER), "ho-so.xml"))
                .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("selects nothing");
    }

    @Test
    void idsAndPlacementAreForEnvelopedSignaturesOnly() {
        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).packaging(XmlPackaging.DETACHED).referenceIds("DDN-01").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("enveloped");
        XmlSigner signer = XmlSigner.builder().key(rsa).referenceIds("DDN-01").placement("//hs:ChuKy").build();
        XmlSigner variant = signer.toBuilder().level(XadesLevel.T).timestamping(tsa).build();
        assertThat(variant.referenceIds()).containsExactly("DDN-01");
        assertThat(variant.placement()).isEqualTo("//hs:ChuKy");
    }

    private static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    private void assertVerifiedByXmlsec1(byte[] signed, String name) throws Exception {
        Path file = Files.write(dir.resolve(name), signed);
        ExternalTools.Result result = EinvoiceFixtures.xmlsec1(file, pem.resolve("root.pem"), pem.resolve("intermediate.pem"),
                null, "http://uri.etsi.org/01903/v1.3.2#:SignedProperties", "urn:kyso:ho-so:DonDeNghi",
                "urn:kyso:ho-so:BanVe", "urn:kyso:ho-so:HoSo");
        assertThat(result.exitCode()).as("xmlsec1 on %s:%n%s%n%s", name, result.stdout(), result.stderr()).isZero();
        assertThat(result.stderr()).contains("OK");
    }
}
