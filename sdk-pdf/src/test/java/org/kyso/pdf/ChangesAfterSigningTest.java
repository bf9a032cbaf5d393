package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.Message;
import org.kyso.core.Modification;
import org.kyso.core.Revocation;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

/**
 * {@code SignatureReport.changesAfterSigning()}: what changed in a PDF after a signature, in plain
 * words, for PDFs changed after signing the way editors do it (PDFBox incremental saves).
 */
class ChangesAfterSigningTest {

    private static final Locale VI = Locale.forLanguageTag("vi");
    private static final String PERMITTED = "These changes are permitted: what this signature signed is unchanged.";
    private static final String NOT_PERMITTED = "These changes are NOT permitted: the document was changed after"
            + " signing in a way this signature does not allow.";

    private static TestPki pki;
    private static Leaf first;
    private static Leaf second;
    private static Validator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        first = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        second = pki.issue(LeafSpec.builder().subject("CN=Trần Thị Bình, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        validator = Validator.builder().trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.online().build()).build();
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    private static SoftwareKey key(Leaf leaf) {
        return SoftwareKey.of(leaf.privateKey(), leaf.chain());
    }

    /** A two-page PDF signed (invisibly) by the first signer. */
    private Path signedTwoPages() throws Exception {
        Path out = dir.resolve("signed.pdf");
        PdfSigner.builder().key(key(first)).build().sign(TestPdfs.write(dir, "two.pdf", "Cong van so 7", 2), out);
        return out;
    }

    private static List<String> changes(ValidationReport report, int signature, Locale locale) {
        return report.signatures().get(signature).changesAfterSigning().stream().map(m -> m.text(locale)).toList();
    }

    /** {@link PdfChecks#edit} into a file of this test's folder. */
    private Path edit(Path in, String name, PdfChecks.Edit edit) throws Exception {
        return PdfChecks.edit(in, dir.resolve(name), edit);
    }

    @Test
    void aSecondSignatureIsNamedWithItsField() throws Exception {
        Path twice = dir.resolve("twice.pdf");
        PdfSigner.builder().key(key(second)).appearance(Appearance.builder().page(1).rect(300, 60, 200, 60).build())
                .build().sign(signedTwoPages(), twice);

        ValidationReport report = validator.validate(twice);

        assertThat(report.signatures()).extracting(s -> s.modifiedAfterSigning())
                .containsExactly(Modification.PERMITTED, Modification.NONE);
        assertThat(changes(report, 0, Locale.ENGLISH)).as(PdfChecks.describe(report))
                .containsExactly("Another signature was added (field Signature2).", PERMITTED);
        assertThat(changes(report, 0, VI)).containsExactly("Đã thêm một chữ ký khác (trường Signature2).",
                "Những thay đổi này được phép: nội dung mà chữ ký này đã ký vẫn không thay đổi.");
        assertThat(changes(report, 1, Locale.ENGLISH)).containsExactly("Nothing in the document changed after this signature.");
        assertThat(report.signatures().get(0).changesAfterSigning()).extracting(Message::key)
                .containsExactly("kyso.pdf.change.signature-added.field", "kyso.pdf.change.permitted");

        JsonNode json = new ObjectMapper().readTree(report.toJson(VI));
        assertThat(json.get("signatures").get(0).get("changesAfterSigning")).hasSize(2);
        assertThat(json.get("signatures").get(0).get("changesAfterSigning").get(0).asText())
                .isEqualTo("Đã thêm một chữ ký khác (trường Signature2).");
        assertThat(report.summary(Locale.ENGLISH))
                .contains("after signing: Another signature was added (field Signature2).");
    }

    @Test
    void aFilledFormFieldIsNamed() throws Exception {
        Path signed = dir.resolve("form-signed.pdf");
        PdfSigner.builder().key(key(first)).build().sign(PdfChecks.formPdf(dir, "form.pdf"), signed);

        ValidationReport report = validator.validate(PdfChecks.fillField(signed, dir.resolve("filled.pdf"), "ghi_chu", "da xem"));

        // Only form filling since signing: the pages are not rendered to compare them (the verdict
        // cannot depend on how they look), so no "looks different" line (PageComparisonTest).
        assertThat(changes(report, 0, Locale.ENGLISH)).as(PdfChecks.describe(report)).containsExactly(
                "Form field 'ghi_chu' was filled in or changed.",
                PERMITTED);
        assertThat(changes(report, 0, VI)).contains("Trường biểu mẫu 'ghi_chu' đã được điền hoặc sửa.");
    }

    @Test
    void formFillingAgainstANoChangesCertificationIsNotPermitted() throws Exception {
        Path certified = dir.resolve("certified.pdf");
        PdfSigner.builder().key(key(first)).certify(Certification.NO_CHANGES).build()
                .sign(PdfChecks.formPdf(dir, "form.pdf"), certified);

        ValidationReport report = validator.validate(PdfChecks.fillField(certified, dir.resolve("filled.pdf"), "ghi_chu", "x"));

        assertThat(changes(report, 0, Locale.ENGLISH)).as(PdfChecks.describe(report))
                .startsWith("Form field 'ghi_chu' was filled in or changed.")
                .endsWith("These changes are NOT permitted: the signer certified or locked the document against such changes.");
    }

    @Test
    void anAnnotationIsReported() throws Exception {
        Path signed = signedTwoPages();

        ValidationReport onPageWithAnnotations = validator.validate(edit(signed, "note1.pdf", d -> PdfChecks.annotate(d, 0)));
        ValidationReport onBarePage = validator.validate(edit(signed, "note2.pdf", d -> PdfChecks.annotate(d, 1)));

        assertThat(changes(onPageWithAnnotations, 0, Locale.ENGLISH)).as(PdfChecks.describe(onPageWithAnnotations))
                .containsExactly("An annotation (a comment, highlight, stamp or drawing) was added.", PERMITTED);
        assertThat(changes(onPageWithAnnotations, 0, VI))
                .startsWith("Đã thêm một chú thích (ghi chú, tô sáng, con dấu hoặc hình vẽ).");
        // DSS files a page's first annotation with form fields and signatures: the new /Annots array
        assertThat(changes(onBarePage, 0, Locale.ENGLISH)).as(PdfChecks.describe(onBarePage))
                .containsExactly("An annotation or a form field was added to a page that had none.", PERMITTED);
    }

    @Test
    void addedAndRemovedPagesAreCounted() throws Exception {
        Path signed = signedTwoPages();

        ValidationReport added = validator.validate(edit(signed, "added.pdf", d -> {
            d.addPage(new PDPage(PDRectangle.A4));
            d.getPages().getCOSObject().setNeedToBeUpdated(true);
            d.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
        }));
        ValidationReport removed = validator.validate(edit(signed, "removed.pdf", d -> {
            d.removePage(1);
            d.getPages().getCOSObject().setNeedToBeUpdated(true);
            d.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
        }));

        assertThat(changes(added, 0, Locale.ENGLISH)).as(PdfChecks.describe(added))
                .containsExactly("1 page was added: the document had 2 pages when signed and has 3 pages now.", NOT_PERMITTED);
        assertThat(changes(added, 0, VI)).startsWith("Đã thêm 1 trang: khi ký tài liệu có 2 trang, nay có 3 trang.");
        assertThat(changes(removed, 0, Locale.ENGLISH)).as(PdfChecks.describe(removed))
                .containsExactly("1 page was removed: the document had 2 pages when signed and has 1 page now.", NOT_PERMITTED);
    }

    @Test
    void changedPageContentIsNamedByPage() throws Exception {
        Path changed = edit(signedTwoPages(), "content.pdf", d -> {
            PDPage page = d.getPage(0);
            try (PDPageContentStream content = new PDPageContentStream(d, page, PDPageContentStream.AppendMode.APPEND, false)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText("So tien: 9.000.000");
                content.endText();
            }
            page.getCOSObject().setNeedToBeUpdated(true);
        });

        ValidationReport report = validator.validate(changed);

        assertThat(report.signatures().get(0).modifiedAfterSigning()).isEqualTo(Modification.NOT_PERMITTED);
        assertThat(changes(report, 0, Locale.ENGLISH)).as(PdfChecks.describe(report)).containsExactly(
                "The content of page 1 changed: it looks different from when signed.", NOT_PERMITTED);
        assertThat(changes(report, 0, VI)).containsExactly(
                "Nội dung trang 1 đã bị thay đổi: trang hiển thị khác với lúc ký.",
                "Những thay đổi này KHÔNG được phép: tài liệu đã bị sửa sau khi ký theo cách mà chữ ký này không cho phép.");
    }

    @Test
    void anUnexplainedChangeIsSaidToBeOne() throws Exception {
        ValidationReport report = validator.validate(edit(signedTwoPages(), "lang.pdf", d -> {
            d.getDocumentCatalog().setLanguage("vi-VN");
            d.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
        }));

        assertThat(changes(report, 0, Locale.ENGLISH)).as(PdfChecks.describe(report)).containsExactly(
                "Something else in the document changed that is not explained by signing, form filling or annotations.",
                NOT_PERMITTED);
    }

    @Test
    void longTermExtensionIsDocumentTimestampsAndValidationData() throws Exception {
        Path lta = dir.resolve("lta.pdf");
        PdfExtender.builder().level(PadesLevel.LTA).timestamping(Tsa.rfc3161(pki.tsaUrl()))
                .trust(TrustAnchors.of(pki.root().certificate())).build().extend(signedTwoPages(), lta);

        ValidationReport report = validator.validate(lta);

        assertThat(changes(report, 0, Locale.ENGLISH)).as(PdfChecks.describe(report)).containsExactly(
                "A document timestamp was added (field Signature2).",
                "A document timestamp was added (field Signature3).",
                "Validation data (certificates, OCSP and CRL answers: the DSS/VRI dictionaries) was added for"
                        + " long-term validation.",
                PERMITTED);
    }

    @Test
    void theHtmlReportOfARealPdfSaysWhatChangedAndCarriesDssReportInertly() throws Exception {
        Path twice = dir.resolve("twice.pdf");
        PdfSigner.builder().key(key(second)).appearance(Appearance.builder().page(1).rect(300, 60, 200, 60).build())
                .build().sign(signedTwoPages(), twice);
        ValidationReport report = validator.validate(twice);

        String html = report.toHtml(VI);

        assertThat(html).contains("<html lang=\"vi\">").contains("<span class=\"word\">HỢP LỆ</span>")
                .contains("Nguyễn Văn An").contains("Trần Thị Bình")
                .contains("<li>Đã thêm một chữ ký khác (trường Signature2).</li>")
                .contains("<details><summary>Chi tiết kỹ thuật (báo cáo tóm tắt của DSS, bằng tiếng Anh)</summary>")
                .contains("id=\"f1-");
        String dss = html.substring(html.indexOf("<details>"), html.indexOf("</details>"));
        assertThat(dss).as("DSS's simple report, rendered by DSS's XSLT").contains("card").contains("TOTAL_PASSED");
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("src=")
                .doesNotContain("<script").doesNotContain("<link").doesNotContain("data-toggle");
        Files.writeString(dir.resolve("report.html"), html);
    }
}
