package org.kyso.xml;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.signature.XMLSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.kyso.core.Indication;
import org.kyso.core.Message;
import org.kyso.core.ReferenceReport;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.TrustAnchors;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation of plain XMLDSig e-invoices signed as the Vietnamese platforms sign them: what each
 * reference covers, several signatures in different places, weak algorithms, the tax code check
 * and signature wrapping.
 */
class XmlValidationTest {

    private static final Locale VI = Locale.forLanguageTag("vi");
    private static final String SELLER = "CN=CÔNG TY TNHH KÝ SỐ THỬ NGHIỆM, UID=MST:0101234567, L=Hà Nội, C=VN";
    private static final String TAX = "CN=CỤC THUẾ THỬ NGHIỆM, O=BỘ TÀI CHÍNH, L=Hà Nội, C=VN";

    private static TestPki pki;
    private static Leaf seller;
    private static Leaf taxAuthority;
    private static Validator validator;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        seller = pki.issue(LeafSpec.builder().subject(SELLER).build());
        taxAuthority = pki.issue(LeafSpec.builder().subject(TAX).build());
        validator = Validator.builder()
                .trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.online().build())
                .build();
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    /** The invoice signed by the seller (NBan) and then by the tax authority (CQT, over DLHDon and MCCQT). */
    private static byte[] sellerAndTaxAuthority() {
        Document invoice = RawXmlDsig.parse(RawXmlDsig.INVOICE);
        RawXmlDsig.sign(invoice, RawXmlDsig.slot(invoice, "NBan"), "NBan-100001", List.of("_100001"),
                seller.privateKey(), seller.certificate());
        Document signed = RawXmlDsig.parse(RawXmlDsig.bytes(invoice));
        RawXmlDsig.sign(signed, RawXmlDsig.slot(signed, "CQT"), "Tct-100001", List.of("_100001", "Id-mccqt-100001"),
                taxAuthority.privateKey(), taxAuthority.certificate());
        return RawXmlDsig.bytes(signed);
    }

    private static byte[] signedBySeller(Leaf signer) {
        Document invoice = RawXmlDsig.parse(RawXmlDsig.INVOICE);
        RawXmlDsig.sign(invoice, RawXmlDsig.slot(invoice, "NBan"), "NBan-100001", List.of("_100001"),
                signer.privateKey(), signer.certificate());
        return RawXmlDsig.bytes(invoice);
    }

    private static List<String> keys(List<Message> messages) {
        return messages.stream().map(Message::key).toList();
    }

    @Test
    void sellerAndTaxAuthoritySignaturesInDifferentPlacesAreBothValidInDocumentOrder() {
        ValidationReport report = validator.validate(sellerAndTaxAuthority(), "hoa-don.xml");

        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
        assertThat(report.signatures()).extracting(s -> s.signer().commonName())
                .containsExactly("CÔNG TY TNHH KÝ SỐ THỬ NGHIỆM", "CỤC THUẾ THỬ NGHIỆM");
        assertThat(report.signatures()).allSatisfy(s -> {
            assertThat(s.format()).isEqualTo("XMLDSig");
            assertThat(s.integrity()).isTrue();
            assertThat(s.indication()).isEqualTo(Indication.TOTAL_PASSED);
        });
    }

    @Test
    void everyReportSaysWhichElementEachReferenceCovers() {
        ValidationReport report = validator.validate(sellerAndTaxAuthority(), "hoa-don.xml");

        assertThat(report.signatures().get(0).references()).containsExactly(
                new ReferenceReport("#_100001", "/HDon/DLHDon", "SHA-256", true, true),
                new ReferenceReport("#Obj-NBan-100001", "/HDon/DSCKS/NBan/ds:Signature/ds:Object", "SHA-256", true, true));
        assertThat(report.signatures().get(1).references()).containsExactly(
                new ReferenceReport("#_100001", "/HDon/DLHDon", "SHA-256", true, true),
                new ReferenceReport("#Id-mccqt-100001", "/HDon/MCCQT", "SHA-256", true, true),
                new ReferenceReport("#Obj-Tct-100001", "/HDon/DSCKS/CQT/ds:Signature/ds:Object", "SHA-256", true, true));
        assertThat(report.summary(Locale.ENGLISH)).contains("covers: #_100001 → /HDon/DLHDon (SHA-256, intact)");
        assertThat(report.summary(VI)).contains("ký trên: #Id-mccqt-100001 → /HDon/MCCQT (SHA-256, toàn vẹn)");
    }

    @Test
    void jsonReportCarriesTheReferencesAndTheTaxCodeCheck() throws Exception {
        ValidationReport report = validator.validate(sellerAndTaxAuthority(), "hoa-don.xml");

        JsonNode seller = new ObjectMapper().readTree(report.toJson(Locale.ENGLISH)).get("signatures").get(0);
        JsonNode reference = seller.get("references").get(0);
        assertThat(reference.get("uri").asText()).isEqualTo("#_100001");
        assertThat(reference.get("covers").asText()).isEqualTo("/HDon/DLHDon");
        assertThat(reference.get("digestAlgorithm").asText()).isEqualTo("SHA-256");
        assertThat(reference.get("found").asBoolean()).isTrue();
        assertThat(reference.get("intact").asBoolean()).isTrue();
        // infos: what plain XMLDSig does not prove (kyso.format.xmldsig), then the tax code check
        assertThat(seller.get("infos").get(1).asText()).contains("0101234567");
    }

    @Test
    void claimedSigningTimeIsTheSignedSigningTimeInVietnameseLocalTime() {
        SignatureReport signature = validator.validate(signedBySeller(seller), "hoa-don.xml").signatures().get(0);

        assertThat(signature.claimedSigningTime()).hasToString("2026-03-02T02:15:00Z");
    }

    @Test
    void oneChangedCharacterInsideDlhdonBreaksBothSignatures() {
        String signed = new String(sellerAndTaxAuthority(), StandardCharsets.UTF_8);
        byte[] changed = signed.replace("<TgTTTBSo>1100000<", "<TgTTTBSo>1100001<").getBytes(StandardCharsets.UTF_8);

        ValidationReport report = validator.validate(changed, "hoa-don.xml");

        assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(report.signatures()).hasSize(2).allSatisfy(s -> {
            assertThat(s.integrity()).isFalse();
            assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
            assertThat(s.references().get(0)).isEqualTo(new ReferenceReport("#_100001", "/HDon/DLHDon", "SHA-256", true, false));
            assertThat(keys(s.errors())).contains("kyso.xml.reference.changed");
        });
    }

    @Test
    void sellerTaxCodeMatchingTheCertificateIsReportedAsAPassedCheck() {
        SignatureReport signature = validator.validate(signedBySeller(seller), "hoa-don.xml").signatures().get(0);

        assertThat(keys(signature.infos())).containsExactly("kyso.format.xmldsig", "kyso.vn.mst.match");
        assertThat(signature.infos().get(1).english()).contains("0101234567", "/HDon/DLHDon/NDHDon/NBan/MST");
        assertThat(signature.infos().get(1).text(VI)).startsWith("Kiểm tra mã số thuế").contains("người bán");
        assertThat(signature.indication()).isEqualTo(Indication.TOTAL_PASSED);
    }

    @Test
    void sellerSignatureWithAnotherCompanysCertificateFailsTheTaxCodeCheck() {
        Leaf other = pki.issue(LeafSpec.builder().subject("CN=CÔNG TY KHÁC, UID=MST:0109999999, C=VN").build());

        SignatureReport signature = validator.validate(signedBySeller(other), "hoa-don.xml").signatures().get(0);

        assertThat(signature.integrity()).isTrue();
        assertThat(keys(signature.errors())).contains("kyso.vn.mst.mismatch");
        assertThat(signature.errors()).filteredOn(m -> "kyso.vn.mst.mismatch".equals(m.key())).singleElement()
                .satisfies(m -> assertThat(m.english()).contains("0109999999", "0101234567"))
                .satisfies(m -> assertThat(m.text(VI)).startsWith("Sai mã số thuế"));
        assertThat(signature.indication()).isEqualTo(Indication.INDETERMINATE);
        assertThat(signature.subIndication()).isEqualTo("SIG_CONSTRAINTS_FAILURE");
    }

    @Test
    void taxCodeInAnotherSubjectAttributeIsFound() {
        Leaf inOrganisationalUnit = pki.issue(LeafSpec.builder()
                .subject("CN=CÔNG TY TNHH KÝ SỐ THỬ NGHIỆM, OU=MST:0101234567, C=VN").build());

        SignatureReport signature = validator.validate(signedBySeller(inOrganisationalUnit), "hoa-don.xml").signatures().get(0);

        assertThat(keys(signature.infos())).containsExactly("kyso.format.xmldsig", "kyso.vn.mst.match");
    }

    @Test
    void certificateWithoutTaxCodeIsAWarning() {
        Leaf noTaxCode = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, C=VN").build());

        SignatureReport signature = validator.validate(signedBySeller(noTaxCode), "hoa-don.xml").signatures().get(0);

        assertThat(keys(signature.warnings())).contains("kyso.vn.mst.absent");
        assertThat(signature.indication()).isEqualTo(Indication.TOTAL_PASSED);
    }

    @Test
    void taxCodeIsCheckedOnlyInEinvoices() {
        Document minutes = RawXmlDsig.parse(RawXmlDsig.INVOICE.replace("DLHDon", "NDBBan").replace("<HDon>", "<BBan>")
                .replace("</HDon>", "</BBan>"));
        RawXmlDsig.sign(minutes, RawXmlDsig.slot(minutes, "NBan"), "NBan-100001", List.of("_100001"),
                seller.privateKey(), seller.certificate());

        SignatureReport signature = validator.validate(RawXmlDsig.bytes(minutes), "bien-ban.xml").signatures().get(0);

        assertThat(signature.integrity()).isTrue();
        assertThat(keys(signature.infos())).containsExactly("kyso.format.xmldsig");
        assertThat(keys(signature.errors()).stream().filter(k -> k.startsWith("kyso.vn."))).isEmpty();
    }

    @Test
    void rsaSha1AndRsa1024StillVerifyButAreReportedAsWeak() {
        RawXmlDsig.SelfSigned weak = RawXmlDsig.selfSigned("CN=CÔNG TY TNHH KÝ SỐ THỬ NGHIỆM, UID=MST:0101234567, C=VN", 1024);
        Document invoice = RawXmlDsig.parse(RawXmlDsig.INVOICE);
        RawXmlDsig.sign(invoice, RawXmlDsig.slot(invoice, "NBan"), "NBan-100001", List.of("_100001"),
                weak.key(), weak.certificate(), XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA1);
        Validator trustingIt = Validator.builder().trust(TrustAnchors.of(weak.certificate())).revocation(Revocation.offline()).build();

        SignatureReport signature = trustingIt.validate(RawXmlDsig.bytes(invoice), "hoa-don.xml").signatures().get(0);

        assertThat(signature.integrity()).as("still verifies").isTrue();
        assertThat(signature.indication()).as("weak, not broken").isNotEqualTo(Indication.TOTAL_FAILED);
        // DSS's default cryptographic constraints (ETSI TS 119 312): SHA-1 retired 2012, RSA-1024 2019
        assertThat(signature.indication()).isEqualTo(Indication.INDETERMINATE);
        assertThat(signature.subIndication()).isEqualTo("CRYPTO_CONSTRAINTS_FAILURE_NO_POE");
        assertThat(keys(signature.warnings())).contains("kyso.crypto.weak.signature", "kyso.crypto.weak.digest", "kyso.crypto.weak.key");
        assertThat(signature.warnings()).filteredOn(m -> m.key().startsWith("kyso.crypto."))
                .allSatisfy(m -> assertThat(m.vietnamese()).isNotBlank());
        assertThat(signature.warnings()).filteredOn(m -> "kyso.crypto.weak.key".equals(m.key())).singleElement()
                .satisfies(m -> assertThat(m.english()).contains("RSA", "1024", "2048"));
        assertThat(signature.references()).extracting(ReferenceReport::digestAlgorithm).containsOnly("SHA-1");
    }

    @Test
    void invoiceDataMovedAsideAndReplacedIsSignatureWrapping() {
        // The attacker keeps the signed DLHDon (so every digest still matches) but hides it, and puts
        // other invoice data where readers look for it.
        String signed = new String(signedBySeller(seller), StandardCharsets.UTF_8);
        int start = signed.indexOf("<DLHDon");
        int end = signed.indexOf("</DLHDon>") + "</DLHDon>".length();
        String original = signed.substring(start, end);
        String forged = original.replace("Id=\"_100001\"", "Id=\"_100002\"").replace("1100000", "9900000");
        String wrapped = signed.substring(0, start) + forged + "<TTKhac>" + original + "</TTKhac>" + signed.substring(end);

        ValidationReport report = validator.validate(wrapped.getBytes(StandardCharsets.UTF_8), "hoa-don.xml");

        SignatureReport signature = report.signatures().get(0);
        assertThat(signature.integrity()).as("every digest still matches").isTrue();
        assertThat(signature.references().get(0).covers()).isEqualTo("/HDon/TTKhac/DLHDon");
        assertThat(signature.indication()).isEqualTo(Indication.TOTAL_FAILED);
        assertThat(keys(signature.errors())).contains("kyso.vn.wrapping.uncovered");
        assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void signedInvoiceDataOfAnotherInvoiceIsSignatureWrapping() {
        // a seller signature moved into a second invoice of the same message still verifies
        String signed = new String(signedBySeller(seller), StandardCharsets.UTF_8);
        String body = signed.substring(signed.indexOf("<HDon>"));
        String signature = body.substring(body.indexOf("<ds:Signature"), body.indexOf("</ds:Signature>") + "</ds:Signature>".length());
        String other = RawXmlDsig.INVOICE.substring(RawXmlDsig.INVOICE.indexOf("<HDon>"))
                .replace("_100001", "_100002").replace("Id-mccqt-100001", "Id-mccqt-100002").replace("<NBan/>", "<NBan>" + signature + "</NBan>");
        String message = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><TDiep><DLieu>" + body.replace(signature, "") + other + "</DLieu></TDiep>";

        ValidationReport report = validator.validate(message.getBytes(StandardCharsets.UTF_8), "thong-diep.xml");

        SignatureReport moved = report.signatures().get(0);
        assertThat(moved.integrity()).isTrue();
        assertThat(moved.indication()).isEqualTo(Indication.TOTAL_FAILED);
        assertThat(keys(moved.errors())).contains("kyso.vn.wrapping.place");
        assertThat(moved.errors()).filteredOn(m -> "kyso.vn.wrapping.place".equals(m.key())).first()
                .satisfies(m -> assertThat(m.english()).contains("/TDiep/DLieu/HDon[1]/DLHDon", "/TDiep/DLieu/HDon[2]"));
    }

    @Test
    void duplicateIdIsSignatureWrapping() {
        String signed = new String(signedBySeller(seller), StandardCharsets.UTF_8);
        String copy = signed.substring(signed.indexOf("<DLHDon"), signed.indexOf("</DLHDon>") + "</DLHDon>".length())
                .replace("1100000", "9900000");
        byte[] duplicated = signed.replace("<DSCKS>", "<TTKhac>" + copy + "</TTKhac><DSCKS>").getBytes(StandardCharsets.UTF_8);

        SignatureReport signature = validator.validate(duplicated, "hoa-don.xml").signatures().get(0);

        assertThat(signature.integrity()).isFalse();
        assertThat(signature.indication()).isEqualTo(Indication.TOTAL_FAILED);
        assertThat(keys(signature.errors())).contains("kyso.xml.reference.duplicate-id");
        ReferenceReport reference = signature.references().get(0);
        assertThat(reference.found()).isFalse();
        assertThat(reference.covers()).isEqualTo("/HDon/DLHDon | /HDon/TTKhac/DLHDon");
        assertThat(signature.errors()).filteredOn(m -> "kyso.xml.reference.duplicate-id".equals(m.key())).singleElement()
                .satisfies(m -> assertThat(m.text(VI)).contains("signature wrapping", "_100001"));
    }

    @Test
    void signedDataThatIsNoLongerThereIsReportedWithItsReference() {
        String signed = new String(signedBySeller(seller), StandardCharsets.UTF_8);
        byte[] missing = signed.replace("<DLHDon Id=\"_100001\">", "<DLHDon Id=\"_349536\">").getBytes(StandardCharsets.UTF_8);

        SignatureReport signature = validator.validate(missing, "hoa-don.xml").signatures().get(0);

        assertThat(signature.integrity()).isFalse();
        assertThat(signature.indication()).isNotEqualTo(Indication.TOTAL_PASSED);
        assertThat(signature.references().get(0)).isEqualTo(new ReferenceReport("#_100001", null, "SHA-256", false, false));
        assertThat(keys(signature.errors())).contains("kyso.xml.reference.not-found");
        assertThat(signature.errors()).filteredOn(m -> "kyso.xml.reference.not-found".equals(m.key())).singleElement()
                .satisfies(m -> assertThat(m.text(VI)).startsWith("Tham chiếu #_100001 không trỏ tới phần tử nào"));
    }

    @Test
    void oneValidatorValidatesXmlFromManyThreadsAlike() throws Exception {
        byte[] good = sellerAndTaxAuthority();
        byte[] broken = new String(good, StandardCharsets.UTF_8).replace("1100000", "1100001").getBytes(StandardCharsets.UTF_8);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                byte[] document = i % 2 == 0 ? good : broken;
                results.add(pool.submit(() -> {
                    ValidationReport r = validator.validate(document, "hoa-don.xml");
                    return r.verdict() + " " + r.signatures().stream().map(s -> s.integrity() + ":" + s.references().size()).toList();
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(i % 2 == 0 ? "VALID [true:2, true:3]" : "INVALID [false:2, false:3]");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void xadesSignatureOfKysoCoversTheWholeDocumentAndItsSignedProperties() throws Exception {
        byte[] signed = XmlSigner.builder().key(org.kyso.core.SoftwareKey.of(seller.privateKey(), seller.chain())).build()
                .sign(Fixtures.document(), "ho-so.xml");

        SignatureReport signature = validator.validate(signed, "ho-so.xml").signatures().get(0);

        assertThat(signature.integrity()).isTrue();
        assertThat(signature.indication()).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(signature.references()).anySatisfy(r -> assertThat(r.covers())
                .endsWith("ds:Object/xades:QualifyingProperties/xades:SignedProperties"));
        assertThat(signature.references()).allSatisfy(r -> assertThat(r.intact()).isTrue());
        assertThat(signature.warnings()).noneSatisfy(m -> assertThat(m.key()).startsWith("kyso."));
    }
}
