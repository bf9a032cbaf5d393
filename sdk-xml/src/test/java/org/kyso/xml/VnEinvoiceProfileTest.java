package org.kyso.xml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import org.kyso.core.MalformedDocumentException;
import org.kyso.core.SigningKey;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kyso.xml.EinvoiceFixtures.bytes;
import static org.kyso.xml.EinvoiceFixtures.text;

/**
 * The Vietnamese e-invoice profiles: the seller signs, the tax authority adds its code and signs,
 * each signature verifies with xmlsec1 and KySo, and each is built as the real invoices in the
 * shared corpus are.
 */
class VnEinvoiceProfileTest {

    private static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    private static final String NBAN_SIGNATURE = "/HDon/DSCKS/NBan/*[local-name()='Signature']";
    private static final String CQT_SIGNATURE = "/HDon/DSCKS/CQT/*[local-name()='Signature']";

    private static TestPki pki;
    private static SigningKey sellerKey;
    private static SigningKey taxKey;
    private static XmlSigner seller;
    private static XmlSigner taxAuthority;
    private static Validator validator;

    @TempDir
    static Path pem;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() throws Exception {
        pki = TestPki.builder().start();
        sellerKey = EinvoiceFixtures.key(pki, EinvoiceFixtures.SELLER_SUBJECT);
        taxKey = EinvoiceFixtures.key(pki, EinvoiceFixtures.TAX_SUBJECT);
        seller = XmlSigner.builder().key(sellerKey).profile(XmlProfile.VN_EINVOICE_SELLER).build();
        taxAuthority = XmlSigner.builder().key(taxKey).profile(XmlProfile.VN_EINVOICE_TAX).build();
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
    void sellerThenTaxAuthorityBothVerifyWithXmlsec1AndKySo() throws Exception {
        byte[] signedBySeller = seller.sign(EinvoiceFixtures.invoice(), "hoa-don.xml");
        byte[] coded = EinvoiceFixtures.withTaxCode(signedBySeller);

        byte[] signedByBoth = taxAuthority.sign(coded, "hoa-don.xml");

        Path file = Files.write(dir.resolve("hoa-don-cqt.xml"), signedByBoth);
        assertXmlsec1Verifies(file, NBAN_SIGNATURE, 2);
        assertXmlsec1Verifies(file, CQT_SIGNATURE, 3);
        ValidationReport report = validator.validate(signedByBoth, "hoa-don-cqt.xml");
        assertThat(report.signatures()).as(report.summary(Locale.ENGLISH)).hasSize(2)
                .allSatisfy(s -> {
                    assertThat(s.integrity()).isTrue();
                    assertThat(s.format()).isEqualTo("XMLDSig");
                });
        assertThat(report.signatures().get(0).signer().toString()).contains("0101234567");
        assertThat(report.signatures().get(1).signer().toString()).contains("CỤC THUẾ");
    }

    @Test
    void oneChangedCharacterInsideDlhdonBreaksBothSignatures() throws Exception {
        byte[] signedByBoth = taxAuthority.sign(EinvoiceFixtures.withTaxCode(seller.sign(EinvoiceFixtures.invoice(),
                "hoa-don.xml")), "hoa-don.xml");
        String original = text(signedByBoth);
        String tampered = original.replace("<SLuong>1</SLuong>", "<SLuong>7</SLuong>");
        assertThat(tampered).isNotEqualTo(original);

        ValidationReport report = validator.validate(bytes(tampered), "hoa-don-sua.xml");

        assertThat(report.signatures()).as(report.summary(Locale.ENGLISH)).hasSize(2)
                .allSatisfy(s -> assertThat(s.integrity()).isFalse());
        Path file = Files.writeString(dir.resolve("hoa-don-sua.xml"), tampered);
        assertThat(xmlsec1(file, NBAN_SIGNATURE).exitCode()).isNotZero();
        assertThat(xmlsec1(file, CQT_SIGNATURE).exitCode()).isNotZero();
    }

    @Test
    void buyerSignsInNMuaAndLeavesTheSellerValid() throws Exception {
        XmlSigner buyer = XmlSigner.builder().key(EinvoiceFixtures.key(pki, EinvoiceFixtures.BUYER_SUBJECT))
                .profile(XmlProfile.VN_EINVOICE_BUYER).build();

        byte[] signed = buyer.sign(seller.sign(EinvoiceFixtures.invoice(), "hoa-don.xml"), "hoa-don.xml");

        assertThat(text(signed)).contains("<NMua><Signature xmlns=\"" + DS + "\" Id=\"NMua-770001\">",
                "<Reference URI=\"#Obj-NMua-770001\">", "<SignatureProperty Target=\"#NMua-770001\">");
        Path file = Files.write(dir.resolve("hoa-don-nmua.xml"), signed);
        assertXmlsec1Verifies(file, NBAN_SIGNATURE, 2);
        assertXmlsec1Verifies(file, "/HDon/DSCKS/NMua/*[local-name()='Signature']", 2);
        assertThat(validator.validate(signed, "hoa-don-nmua.xml").signatures()).hasSize(2)
                .allSatisfy(s -> assertThat(s.integrity()).isTrue());
    }

    @Test
    void keepsEveryByteOutsideTheSignature() throws Exception {
        String original = text(EinvoiceFixtures.invoice());

        String signed = text(seller.sign(EinvoiceFixtures.invoice(), "hoa-don.xml"));

        int start = signed.indexOf("<NBan><Signature ");
        int end = signed.indexOf("</Signature></NBan>") + "</Signature></NBan>".length();
        assertThat(signed.substring(0, start) + "<NBan/>" + signed.substring(end)).isEqualTo(original);
    }

    @Test
    void sellerSignatureIsBuiltAsTheRealInvoicesAre() throws Exception {
        Document ours = parse(seller.sign(EinvoiceFixtures.invoice(), "hoa-don.xml"));

        for (String sample : List.of("vn/xml/hdon-ca2-sha256-adjustment-507527be.xml",
                "vn/xml/tdiep202-seller-ca2-plus-cqt-g2-5ab06dc1.xml")) {
            Document real = parse(Files.readAllBytes(EinvoiceFixtures.corpus(sample)));
            assertThat(shape(signatureIn(ours, "NBan"))).as("seller signature compared with %s", sample)
                    .isEqualTo(shape(signatureIn(real, "NBan")));
        }
        Element signature = signatureIn(ours, "NBan");
        assertThat(signature.getAttribute("Id")).isEqualTo("NBan-770001");
        assertThat(path(signature)).isEqualTo("HDon/DSCKS/NBan/Signature");
    }

    @Test
    void taxAuthoritySignatureIsBuiltAsTheTaxAuthoritysIs() throws Exception {
        Document ours = parse(taxAuthority.sign(EinvoiceFixtures.withTaxCode(seller.sign(EinvoiceFixtures.invoice(),
                "hoa-don.xml")), "hoa-don.xml"));

        Document real = parse(Files.readAllBytes(EinvoiceFixtures.corpus("vn/xml/tdiep202-seller-ca2-plus-cqt-g2-5ab06dc1.xml")));

        assertThat(shape(signatureIn(ours, "CQT"))).isEqualTo(shape(signatureIn(real, "CQT")));
        Element signature = signatureIn(ours, "CQT");
        assertThat(signature.getAttribute("Id")).matches("Tct-[0-9a-f]{32}");
        assertThat(path(signature)).isEqualTo("HDon/DSCKS/CQT/Signature");
        assertThat(childNames((Element) signature.getParentNode().getParentNode())).containsExactly("NBan", "NMua", "CQT");
    }

    @Test
    void signingTimeIsTheLocalTimeInVietnam() throws Exception {
        String signed = text(seller.sign(EinvoiceFixtures.invoice(), "hoa-don.xml"));

        String time = signed.replaceAll("(?s).*<SigningTime>([^<]*)</SigningTime>.*", "$1");
        assertThat(time).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
        LocalDateTime local = LocalDateTime.parse(time);
        assertThat(Duration.between(local, LocalDateTime.now(ZoneId.of("Asia/Ho_Chi_Minh"))).abs())
                .isLessThan(Duration.ofMinutes(2));
    }

    @Test
    void invoiceDataWithoutIdIsRefusedNamingIt() {
        byte[] noId = bytes(text(EinvoiceFixtures.invoice()).replace("<DLHDon Id=\"_770001\">", "<DLHDon>"));

        assertThatThrownBy(() -> seller.sign(noId, "hoa-don.xml"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("HDon/DLHDon has no Id attribute");
    }

    @Test
    void invoiceWithoutSellerSlotIsRefusedNamingIt() {
        byte[] noSlot = bytes(text(EinvoiceFixtures.invoice()).replace("<NBan/>", ""));

        assertThatThrownBy(() -> seller.sign(noSlot, "hoa-don.xml"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("HDon/DSCKS/NBan");
    }

    @Test
    void taxAuthorityNeedsTheTaxCode() throws Exception {
        byte[] signedBySeller = seller.sign(EinvoiceFixtures.invoice(), "hoa-don.xml");

        assertThatThrownBy(() -> taxAuthority.sign(signedBySeller, "hoa-don.xml"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("HDon/MCCQT");
    }

    @Test
    void secondSellerSignatureIsRefused() throws Exception {
        byte[] signedBySeller = seller.sign(EinvoiceFixtures.invoice(), "hoa-don.xml");

        assertThatThrownBy(() -> seller.sign(signedBySeller, "hoa-don.xml"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("already signed by the seller");
    }

    @Test
    void findsTheInvoiceInsideATaxMessage() throws Exception {
        String invoice = text(EinvoiceFixtures.invoice()).replaceFirst("^<\\?xml[^>]*\\?>", "");
        byte[] message = bytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><TDiep><TTChung><MLTDiep>200</MLTDiep></TTChung>"
                + "<DLieu>" + invoice + "</DLieu></TDiep>");

        byte[] signed = seller.sign(message, "tdiep-200.xml");

        Path file = Files.write(dir.resolve("tdiep-200.xml"), signed);
        assertXmlsec1Verifies(file, "//*[local-name()='NBan']/*[local-name()='Signature']", 2);
    }

    @Test
    void keepsTheByteOrderMarkOfAnInvoiceWithoutDeclaration() throws Exception {
        // as hdon-ca2-sha1-rsa1024-bom-9717190.xml: a BOM, no XML declaration, <NBan /> with a space
        String body = text(EinvoiceFixtures.invoice()).replaceFirst("^<\\?xml[^>]*\\?>", "").replace("<NBan/>", "<NBan />");
        byte[] original = bytes("\uFEFF" + body);

        byte[] signed = seller.sign(original, "hoa-don-bom.xml");

        assertThat(text(signed)).startsWith("\uFEFF<HDon><DLHDon Id=\"_770001\">").contains("<NBan ><Signature ");
        Path file = Files.write(dir.resolve("hoa-don-bom.xml"), signed);
        assertXmlsec1Verifies(file, NBAN_SIGNATURE, 2);
    }

    @Test
    void profileNeedsAnRsaKeyAndFixesItsOwnOptions() {
        SigningKey ec = Fixtures.key(pki, KeyType.ECDSA_P256);

        assertThatThrownBy(() -> XmlSigner.builder().key(ec).profile(XmlProfile.VN_EINVOICE_SELLER).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RSA-SHA256");
        assertThatThrownBy(() -> XmlSigner.builder().key(sellerKey).profile(XmlProfile.VN_EINVOICE_SELLER)
                .referenceIds("_770001").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fixes");
        assertThatThrownBy(() -> XmlSigner.builder().key(sellerKey).profile(XmlProfile.VN_EINVOICE_SELLER)
                .format(XmlFormat.XADES).build())
                .isInstanceOf(IllegalStateException.class);
        assertThat(seller.format()).isEqualTo(XmlFormat.XMLDSIG);
        assertThat(seller.level()).isNull();
        assertThat(XmlProfile.fromName("vn-einvoice-tax")).isEqualTo(XmlProfile.VN_EINVOICE_TAX);
    }

    private static void assertXmlsec1Verifies(Path file, String signatureXpath, int references) {
        ExternalTools.Result result = xmlsec1(file, signatureXpath);
        assertThat(result.exitCode()).as("xmlsec1 on %s %s:%n%s%n%s", file, signatureXpath, result.stdout(), result.stderr())
                .isZero();
        assertThat(result.stderr()).contains("SignedInfo References (ok/all): " + references + "/" + references);
    }

    private static ExternalTools.Result xmlsec1(Path file, String signatureXpath) {
        return EinvoiceFixtures.xmlsec1(file, pem.resolve("root.pem"), pem.resolve("intermediate.pem"), signatureXpath);
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml));
    }

    private static Element signatureIn(Document document, String slot) {
        NodeList signatures = document.getElementsByTagNameNS(DS, "Signature");
        for (int i = 0; i < signatures.getLength(); i++) {
            Element s = (Element) signatures.item(i);
            if (slot.equals(s.getParentNode().getLocalName())) {
                return s;
            }
        }
        throw new AssertionError("no signature in " + slot);
    }

    /**
     * The structure of a signature with its concrete values abstracted: every element with its
     * namespace, every attribute with its value, Ids and references written as patterns
     * ({DLHDon}, {MCCQT}, {Signature}, {Object}), text left out (digests, certificates, times).
     */
    private static List<String> shape(Element signature) {
        Document document = signature.getOwnerDocument();
        String dataId = ((Element) document.getElementsByTagName("DLHDon").item(0)).getAttribute("Id");
        Node code = document.getElementsByTagName("MCCQT").item(0);
        String codeId = code == null ? null : ((Element) code).getAttribute("Id");
        String signatureId = signature.getAttribute("Id");
        String objectId = ((Element) signature.getElementsByTagNameNS(DS, "Object").item(0)).getAttribute("Id");
        if (signature.getParentNode().getLocalName().equals("CQT")) {
            assertThat(signatureId).matches("Tct-[0-9a-f]{32}");
            assertThat(objectId).matches("SigningTime-[0-9a-f]{32}");
        } else {
            String slot = signature.getParentNode().getLocalName();
            assertThat(signatureId).isIn(slot + "-" + dataId.replaceFirst("^_", ""), slot + "_" + dataId.replaceFirst("^_", ""));
            assertThat(objectId).isEqualTo("Obj-" + signatureId);
        }
        List<String> shape = new ArrayList<>();
        collect(signature, 0, shape, dataId, codeId, signatureId, objectId);
        return shape;
    }

    private static void collect(Element e, int depth, List<String> shape, String dataId, String codeId, String signatureId,
                                String objectId) {
        TreeMap<String, String> attributes = new TreeMap<>();
        NamedNodeMap map = e.getAttributes();
        for (int i = 0; i < map.getLength(); i++) {
            Attr a = (Attr) map.item(i);
            if ("http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) {
                continue; // declarations are captured by the elements' namespaces
            }
            String v = a.getValue();
            v = v.equals(signatureId) ? "{Signature}" : v.equals("#" + signatureId) ? "#{Signature}"
                    : v.equals(objectId) ? "{Object}" : v.equals("#" + objectId) ? "#{Object}"
                    : v.equals("#" + dataId) ? "#{DLHDon}" : codeId != null && v.equals("#" + codeId) ? "#{MCCQT}" : v;
            attributes.put(a.getName(), v);
        }
        shape.add("  ".repeat(depth) + "{" + (e.getNamespaceURI() == null ? "" : e.getNamespaceURI()) + "}"
                + e.getLocalName() + attributes);
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                collect(child, depth + 1, shape, dataId, codeId, signatureId, objectId);
            }
        }
    }

    private static String path(Element element) {
        String path = element.getLocalName();
        for (Node p = element.getParentNode(); p instanceof Element e; p = e.getParentNode()) {
            path = e.getLocalName() + "/" + path;
            if (e.getLocalName().equals("HDon")) {
                break;
            }
        }
        return path;
    }

    private static List<String> childNames(Element element) {
        List<String> names = new ArrayList<>();
        for (Node c = element.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e) {
                names.add(e.getLocalName());
            }
        }
        return names;
    }
}
