package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.Indication;
import org.kyso.core.Message;
import org.kyso.core.ReferenceReport;
import org.kyso.core.SignatureReport;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

/**
 * Plain XMLDSig signatures made by another implementation, xmlsec1 (libxmlsec1 over OpenSSL), from
 * a template (enveloped, exclusive canonicalization, the signer's certificates in
 * {@code KeyInfo/X509Data}) with a PKCS#12 file of the test PKI, validated by KySo with the test
 * root trusted and the test OCSP/CRL reachable: not failed for lacking XAdES properties, the report
 * saying what the format does not prove; a changed text node breaks it.
 */
class XmlsecSignedInteropTest {

    private static final Locale VI = Locale.forLanguageTag("vi");
    private static final String PASSWORD = "secret";

    private static TestPki pki;
    private static Validator validator;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startPki() throws Exception {
        pki = TestPki.builder().start();
        validator = Fixtures.validator(pki);
        Pem.write(dir.resolve("root.pem"), pki.root().certificate());
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    /** An xmlsec1 template: an enveloped signature over the whole document, to be filled in by xmlsec1. */
    private static String template(String signatureMethod) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<HoSo xmlns=\"urn:kyso:test\">\n"
                + "  <MaHoSo>HS-2026-000456</MaHoSo>\n"
                + "  <NoiDung>Đề nghị cấp giấy phép xây dựng cho hộ ông Lê Văn Cường — UBND Xã Đại An</NoiDung>\n"
                + "  <Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">\n"
                + "    <SignedInfo>\n"
                + "      <CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>\n"
                + "      <SignatureMethod Algorithm=\"" + signatureMethod + "\"/>\n"
                + "      <Reference URI=\"\">\n"
                + "        <Transforms>\n"
                + "          <Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>\n"
                + "          <Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>\n"
                + "        </Transforms>\n"
                + "        <DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>\n"
                + "        <DigestValue/>\n"
                + "      </Reference>\n"
                + "    </SignedInfo>\n"
                + "    <SignatureValue/>\n"
                + "    <KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo>\n"
                + "  </Signature>\n"
                + "</HoSo>\n";
    }

    /** Signs the template with xmlsec1 and a PKCS#12 file of a new signer with a {@code type} key. */
    private static Path xmlsec1Sign(String name, KeyType type, String signatureMethod) throws Exception {
        ExternalTools.require("xmlsec1");
        Leaf signer = pki.issue(LeafSpec.builder().subject("CN=Lê Văn Cường, O=UBND Xã Đại An, C=VN").keyType(type).build());
        Path p12 = dir.resolve(name + ".p12");
        signer.writePkcs12(p12, PASSWORD.toCharArray());
        Path template = Files.writeString(dir.resolve(name + "-template.xml"), template(signatureMethod), StandardCharsets.UTF_8);
        Path out = dir.resolve(name + ".xml");
        ExternalTools.Result r = ExternalTools.run(Duration.ofSeconds(60), "xmlsec1", "--sign", "--pkcs12", p12.toString(),
                "--pwd", PASSWORD, "--output", out.toString(), template.toString());
        assertThat(r.exitCode()).as("xmlsec1 --sign:%n%s%n%s", r.stdout(), r.stderr()).isZero();
        return out;
    }

    private static ExternalTools.Result xmlsec1Verify(Path signed) {
        return ExternalTools.run(Duration.ofSeconds(60), "xmlsec1", "--verify",
                "--trusted-pem", dir.resolve("root.pem").toString(), signed.toString());
    }

    private static List<String> keys(List<Message> messages) {
        return messages.stream().map(Message::key).toList();
    }

    @Test
    void anXmlsec1RsaSignatureIsValidAndSaysWhatXmldsigDoesNotProve() throws Exception {
        Path signed = xmlsec1Sign("rsa", KeyType.RSA_2048, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        ExternalTools.Result own = xmlsec1Verify(signed);
        assertThat(own.exitCode()).as("xmlsec1 --verify:%n%s", own.stderr()).isZero();

        ValidationReport report = validator.validate(signed);

        SignatureReport signature = Fixtures.assertValid(report, "XMLDSig");
        assertThat(signature.indication()).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(report.revocationChecked()).isTrue();
        assertThat(signature.signer().subject()).contains("Lê Văn Cường");
        assertThat(signature.references()).containsExactly(new ReferenceReport("", "/", "SHA-256", true, true));
        // No XAdES SigningCertificate: DSS warns, the default XMLDSig policy does not fail it.
        assertThat(signature.warnings()).extracting(Message::english).contains("The signed attribute: 'signing-certificate' is absent!");
        assertThat(keys(signature.infos())).containsExactly("kyso.format.xmldsig");

        JsonNode json = new ObjectMapper().readTree(report.toJson(VI));
        assertThat(json.get("signatures").get(0).get("infos").get(0).asText())
                .startsWith("Định dạng XMLDSig (chữ ký XML thuần, không phải XAdES)");
        assertThat(report.summary(Locale.ENGLISH)).contains("info: Format XMLDSig (plain XML signature, not XAdES)");
        assertThat(report.toHtml(VI)).contains("Định dạng XMLDSig");
    }

    @Test
    void anXmlsec1EcdsaSignatureIsValid() throws Exception {
        Path signed = xmlsec1Sign("ecdsa", KeyType.ECDSA_P256, "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256");

        ValidationReport report = validator.validate(signed);

        SignatureReport signature = Fixtures.assertValid(report, "XMLDSig");
        assertThat(keys(signature.infos())).containsExactly("kyso.format.xmldsig");
    }

    @Test
    void aChangedTextNodeBreaksTheXmlsec1Signature() throws Exception {
        Path signed = xmlsec1Sign("tampered", KeyType.RSA_2048, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        String text = Files.readString(signed, StandardCharsets.UTF_8);
        assertThat(text).contains("HS-2026-000456");
        Path tampered = Files.writeString(dir.resolve("tampered-changed.xml"), text.replace("HS-2026-000456", "HS-2026-000457"),
                StandardCharsets.UTF_8);
        assertThat(xmlsec1Verify(tampered).exitCode()).as("xmlsec1 rejects the changed copy too").isNotZero();

        ValidationReport report = validator.validate(tampered);

        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.INVALID);
        assertThat(report.signatures()).singleElement().satisfies(s -> {
            assertThat(s.format()).isEqualTo("XMLDSig");
            assertThat(s.integrity()).isFalse();
            assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
            assertThat(s.subIndication()).isEqualTo("HASH_FAILURE");
            assertThat(s.references()).containsExactly(new ReferenceReport("", "/", "SHA-256", true, false));
            assertThat(s.infos()).isEmpty();
        });
    }
}
