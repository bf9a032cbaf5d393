package org.kyso.xml;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.MalformedDocumentException;
import org.kyso.core.SignatureReport;
import org.kyso.core.SigningKey;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plain XMLDSig (no profile): whole document or elements by Id, placement, signing time, canonicalization. */
class XmlDsigSignerTest {

    /** A dossier whose elements carry Ids, with a place for signatures; prefixed namespace, no declaration. */
    static final String DOSSIER = "<hs:HoSo xmlns:hs=\"urn:kyso:ho-so\" Id=\"HS-01\">\n"
            + "  <hs:DonDeNghi Id=\"DDN-01\">Đề nghị cấp phép xây dựng nhà ở riêng lẻ &#x2014; Phường Đại An</hs:DonDeNghi>\n"
            + "  <hs:BanVe Id='BV-01' soTo='3'/>\n"
            + "  <!-- chữ ký của các bên -->\n"
            + "  <hs:ChuKy/>\n"
            + "</hs:HoSo>\n";

    private static TestPki pki;
    private static SigningKey rsa;
    private static SigningKey ec;
    private static Validator validator;

    @TempDir
    static Path pem;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() throws Exception {
        pki = TestPki.builder().start();
        rsa = Fixtures.rsaKey(pki);
        ec = Fixtures.key(pki, KeyType.ECDSA_P256);
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
    void signsElementsByIdWithEcdsaP256AndXmlsec1VerifiesIt() throws Exception {
        XmlSigner signer = XmlSigner.builder().key(ec).format(XmlFormat.XMLDSIG)
                .referenceIds("DDN-01", "BV-01").placement("/hs:HoSo/hs:ChuKy").signingTimeProperty(true).build();

        byte[] signed = signer.sign(bytes(DOSSIER), "ho-so.xml");

        String text = new String(signed, StandardCharsets.UTF_8);
        assertThat(text).contains("<hs:ChuKy><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"sig-",
                "xmldsig-more#ecdsa-sha256", "<Reference URI=\"#DDN-01\">", "<Reference URI=\"#BV-01\">",
                "<Reference URI=\"#Obj-sig-", "<SigningTime>");
        assertVerifiedByXmlsec1(signed, "ecdsa.xml", "urn:kyso:ho-so:DonDeNghi", "urn:kyso:ho-so:BanVe");
        SignatureReport signature = singleIntact(validator.validate(signed, "ho-so-signed.xml"));
        assertThat(signature.format()).isEqualTo("XMLDSig");
    }

    @Test
    void ecdsaSignatureValueIsRAndSConcatenated() throws Exception {
        byte[] signed = XmlSigner.builder().key(ec).format(XmlFormat.XMLDSIG).build().sign(bytes(DOSSIER), "ho-so.xml");

        String value = new String(signed, StandardCharsets.UTF_8).replaceAll("(?s).*<SignatureValue>([^<]*)</SignatureValue>.*", "$1");
        assertThat(java.util.Base64.getDecoder().decode(value)).hasSize(64);
    }

    @Test
    void signsWholeDocumentByDefaultKeepingEveryOtherByte() throws Exception {
        byte[] signed = XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).build().sign(bytes(DOSSIER), "ho-so.xml");

        String text = new String(signed, StandardCharsets.UTF_8);
        int start = text.indexOf("<Signature ");
        int end = text.indexOf("</Signature>") + "</Signature>".length();
        assertThat(text.substring(0, start) + text.substring(end)).isEqualTo(DOSSIER);
        assertThat(start).isEqualTo(DOSSIER.lastIndexOf("</hs:HoSo>"));
        assertThat(text).contains("<Reference URI=\"\"><Transforms><Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/></Transforms>",
                "<CanonicalizationMethod Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\"/>");
        assertVerifiedByXmlsec1(signed, "whole.xml");
        singleIntact(validator.validate(signed, "ho-so-signed.xml"));
    }

    @Test
    void findsThePlaceAmongMarkupThatLooksLikeTags() throws Exception {
        String tricky = "<?xml version=\"1.0\"?>\r\n<?app <ChuKy/> ?><a x=\"1>2\" y='a/>\"b' Id=\"k\">"
                + "<!-- <ChuKy/> --><![CDATA[</a><ChuKy/>]]><b Id=\"b1\"/><ChuKy\r\n  z=\"/>\" /></a>\r\n<!-- end -->";

        byte[] signed = XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).referenceIds("b1").placement("//ChuKy").build()
                .sign(bytes(tricky), "tricky.xml");

        String text = new String(signed, StandardCharsets.UTF_8);
        int start = text.indexOf("<Signature ");
        int end = text.indexOf("</Signature></ChuKy>") + "</Signature>".length();
        assertThat(text.substring(0, start) + text.substring(end))
                .isEqualTo(tricky.replace("<ChuKy\r\n  z=\"/>\" />", "<ChuKy\r\n  z=\"/>\" ></ChuKy>"));
        assertVerifiedByXmlsec1(signed, "tricky.xml", "b");
    }

    @Test
    void exclusiveCanonicalizationIsAlsoATransformOfEveryReference() throws Exception {
        byte[] signed = XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).canonicalization(XmlCanonicalization.EXCLUSIVE)
                .referenceIds("DDN-01").signingTimeProperty(true).build().sign(bytes(DOSSIER), "ho-so.xml");

        String text = new String(signed, StandardCharsets.UTF_8);
        assertThat(text).contains("<CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>");
        assertThat(text.split("<Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>", -1)).hasSize(3);
        assertVerifiedByXmlsec1(signed, "exclusive.xml", "urn:kyso:ho-so:DonDeNghi");
        singleIntact(validator.validate(signed, "ho-so-signed.xml"));
    }

    @Test
    void signsLatin1DocumentWithCharacterReferences() throws Exception {
        byte[] latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<Ho Id=\"x\">Caf\u00e9 &#x1EA1;</Ho>\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        byte[] signed = XmlSigner.builder().key(Fixtures.key(pki, KeyType.RSA_2048)).format(XmlFormat.XMLDSIG).build()
                .sign(latin1, "latin1.xml");

        String text = new String(signed, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<Ho Id=\"x\">Caf\u00e9 &#x1EA1;<Signature ");
        assertThat(text).contains("<X509SubjectName>CN=Nguy&#x1EC5;n V&#x103;n An");
        assertVerifiedByXmlsec1(signed, "latin1.xml");
    }

    @Test
    void secondWholeDocumentSignatureIsRefusedBecauseItWouldBreakTheFirst() throws Exception {
        XmlSigner signer = XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).build();
        byte[] once = signer.sign(bytes(DOSSIER), "ho-so.xml");

        assertThatThrownBy(() -> signer.sign(once, "ho-so.xml"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("would break the signature");
        // signing elements by Id, outside what the first covers... there is nothing outside the whole document;
        // a signature over an element, placed outside it, leaves the first valid
        byte[] byId = XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).referenceIds("DDN-01").build()
                .sign(bytes(DOSSIER), "ho-so.xml");
        byte[] twice = XmlSigner.builder().key(ec).format(XmlFormat.XMLDSIG).referenceIds("BV-01")
                .placement("/hs:HoSo/hs:ChuKy").build().sign(byId, "ho-so.xml");
        assertThat(validator.validate(twice, "twice.xml").signatures()).hasSize(2)
                .allSatisfy(s -> assertThat(s.integrity()).isTrue());
    }

    @Test
    void referenceToAMissingOrDuplicatedIdIsRefused() {
        XmlSigner missing = XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).referenceIds("KHONG-CO").build();
        assertThatThrownBy(() -> missing.sign(bytes(DOSSIER), "ho-so.xml"))
                .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("no element with Id \"KHONG-CO\"");

        String twice = DOSSIER.replace("Id='BV-01'", "Id='DDN-01'");
        XmlSigner duplicated = XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).referenceIds("DDN-01").build();
        assertThatThrownBy(() -> duplicated.sign(bytes(twice), "ho-so.xml"))
                .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("2 elements with Id \"DDN-01\"");
    }

    @Test
    void placementMustSelectExactlyOneElementOutsideSignatures() {
        XmlSigner none = XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).placement("/hs:HoSo/hs:KhongCo").build();
        assertThatThrownBy(() -> none.sign(bytes(DOSSIER), "ho-so.xml"))
                .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("selects nothing");
        XmlSigner many = XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).placement("/hs:HoSo/*").build();
        assertThatThrownBy(() -> many.sign(bytes(DOSSIER), "ho-so.xml"))
                .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("selects 3 nodes");
        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).placement("/hs:HoSo[").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid XPath");
    }

    @Test
    void plainXmlDsigHasNoLevelsNorOtherPackagings() {
        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).level(XadesLevel.T)
                .timestamping(Tsa.rfc3161(pki.tsaUrl())).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no levels");
        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).packaging(XmlPackaging.DETACHED).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("enveloped only");
        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).signingTimeProperty(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("plain XMLDSig");
        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).referenceIds("#DDN-01").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without '#'");
    }

    @Test
    void keyThatSignsWithAnotherPrivateKeyIsCaughtBeforeWriting() {
        assertThatThrownBy(() -> XmlSigner.builder().key(mismatched(rsa, KeyType.RSA_2048)).format(XmlFormat.XMLDSIG).build()
                .sign(bytes(DOSSIER), "x.xml"))
                .isInstanceOf(org.kyso.core.KeyAccessException.class).hasMessageContaining("do not belong together");
    }

    @Test
    void ecKeyThatSignsWithAnotherPrivateKeyIsReportedAsAMismatchedKey() {
        // checked only once the written signature fails to verify, and still reported as the key's fault
        assertThatThrownBy(() -> XmlSigner.builder().key(mismatched(ec, KeyType.ECDSA_P256)).format(XmlFormat.XMLDSIG).build()
                .sign(bytes(DOSSIER), "x.xml"))
                .isInstanceOf(org.kyso.core.KeyAccessException.class).hasMessageContaining("do not belong together");
    }

    /** A key that presents {@code key}'s certificates but signs with another private key of {@code type}. */
    private static SigningKey mismatched(SigningKey key, KeyType type) {
        SigningKey other = Fixtures.key(pki, type);
        return new SigningKey() {
            @Override
            public java.util.List<java.security.cert.X509Certificate> certificateChain() {
                return key.certificateChain();
            }

            @Override
            public byte[] sign(org.kyso.core.SignatureAlgorithm algorithm, byte[] data) throws org.kyso.core.KysoException {
                return other.sign(algorithm, data);
            }

            @Override
            public void close() {
            }
        };
    }

    private static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    private static SignatureReport singleIntact(ValidationReport report) {
        assertThat(report.signatures()).as(report.summary(Locale.ENGLISH)).hasSize(1);
        SignatureReport signature = report.signatures().get(0);
        assertThat(signature.integrity()).as(report.summary(Locale.ENGLISH)).isTrue();
        return signature;
    }

    private void assertVerifiedByXmlsec1(byte[] signed, String name, String... idAttrs) throws Exception {
        Path file = Files.write(dir.resolve(name), signed);
        ExternalTools.Result result = EinvoiceFixtures.xmlsec1(file, pem.resolve("root.pem"), pem.resolve("intermediate.pem"),
                null, idAttrs);
        assertThat(result.exitCode()).as("xmlsec1 on %s:%n%s%n%s", name, result.stdout(), result.stderr()).isZero();
        assertThat(result.stderr()).contains("OK");
    }
}
