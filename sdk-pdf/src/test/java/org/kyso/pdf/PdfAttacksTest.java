package org.kyso.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationSquareCircle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.kyso.core.Indication;
import org.kyso.core.KysoException;
import org.kyso.core.Modification;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.ReliabilityTally;
import org.kyso.testkit.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PDF attacks (issue 8, item 3), built with PDFBox on a PDF KySo signed with a trusted test key,
 * whose unattacked form validates VALID: shadow attacks (hide, replace, hide-and-replace; Mainka,
 * Mladenov, Rohlmann, Schwenk 2021), incremental saving attacks, signature spoofing and universal
 * signature forgery (Mladenov, Mainka, Meyer zu Selhausen, Grothe, Schwenk 2019). Each must be
 * reported as a failure (integrity false, TOTAL_FAILED) or a NOT_PERMITTED change, and the
 * document is never VALID. The corpus rows (dss-2236-*, pdf-spoofing-attack, coverage-anomalies-*)
 * are checked by {@link PdfCorpusConformanceTest}.
 *
 * <p>Every validation of an attacked document is a trial of a {@link ReliabilityTally}
 * ({@code target/reliability/sdk-pdf_PdfAttacksTest.txt}): inputs tried, hangs, untyped
 * exceptions, and attacks missed (reported VALID, or not as the test expects).
 */
class PdfAttacksTest {

    /** Validation of any attacked document here takes a few seconds; a minute is a hang. */
    private static final Duration LIMIT = Duration.ofMinutes(1);
    /** The documents built to make DSS's comparison explode must be cut short well before. */
    private static final Duration QUICKLY = Duration.ofSeconds(20);
    private static final ReliabilityTally TALLY = ReliabilityTally.attacks("sdk-pdf/PdfAttacksTest", KysoException.class);

    private static TestPki pki;
    private static Leaf signer;
    private static Validator validator;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        signer = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN").build());
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
        TALLY.write();
    }

    private static PdfSigner signer() {
        return PdfSigner.builder().key(SoftwareKey.of(signer.privateKey(), signer.chain())).build();
    }

    /**
     * A one-page letter whose page content is two streams: the text the signer reads ("SO TIEN:
     * 1.000.000") and an opaque white cover over a hidden line ("SO TIEN: 999.000.000"), plus an
     * unused stream holding other page content, kept in the catalog.
     */
    private static byte[] letterWithHiddenContent() throws IOException {
        return letterWithHiddenContent(true);
    }

    /** @param cover whether the page content covers the hidden line (else it shows, for an annotation to cover it) */
    private static byte[] letterWithHiddenContent(boolean cover) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            try (PDPageContentStream content = new PDPageContentStream(document, page, PDPageContentStream.AppendMode.OVERWRITE, false)) {
                content.beginText();
                content.setFont(font, 14);
                content.newLineAtOffset(72, 760);
                content.showText("CONG VAN SO 12/UBND - SO TIEN: 1.000.000");
                content.newLineAtOffset(0, -40);
                content.showText("SO TIEN: 999.000.000 (hidden)");
                content.endText();
            }
            try (PDPageContentStream white = new PDPageContentStream(document, page, PDPageContentStream.AppendMode.APPEND, false)) {
                if (cover) {
                    white.setNonStrokingColor(1f, 1f, 1f);
                    white.addRect(60, 700, 480, 40);
                    white.fill();
                }
            }
            COSStream other = document.getDocument().createCOSStream();
            try (OutputStream out = other.createOutputStream()) {
                out.write("BT /F1 14 Tf 72 760 Td (CONG VAN SO 12/UBND - SO TIEN: 999.000.000) Tj ET".getBytes(StandardCharsets.US_ASCII));
            }
            document.getDocumentCatalog().getCOSObject().setItem(COSName.getPDFName("KysoSpare"), other);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] signedLetter() throws Exception {
        return signer().sign(letterWithHiddenContent());
    }

    /** {@code pdf} with an incremental update made by {@code change}. */
    private static byte[] incremental(byte[] pdf, Consumer<PDDocument> change) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            change.accept(document);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.saveIncremental(out);
            byte[] update = out.toByteArray();
            assertThat(Arrays.equals(update, 0, pdf.length, pdf, 0, pdf.length)).as("an incremental update").isTrue();
            return update;
        }
    }

    private static ValidationReport validate(byte[] pdf, String name) {
        return validate(pdf, name, LIMIT);
    }

    /** Validates an attacked document as one trial: a report within {@code limit}, never an exception. */
    private static ValidationReport validate(byte[] pdf, String name, Duration limit) {
        ReliabilityTally.Trial<ValidationReport> trial = TALLY.run(limit, () -> validator.validate(pdf, name));
        assertThat(trial.hung()).as("%s validated within %s", name, limit).isFalse();
        assertThat(trial.thrown()).as("%s: validation answers with a report, it does not throw", name).isNull();
        return trial.value();
    }

    /** Counts a missed attack when {@code caught} is false; the caller's assertions then say what was wrong. */
    private static void tally(boolean caught) {
        if (!caught) {
            TALLY.missed(1);
        }
    }

    /** The attack is seen: never VALID, and the first (KySo's) signature failed or was changed in a way not permitted. */
    private static void assertCaught(ValidationReport report) {
        tally(report.verdict() != Verdict.VALID && report.signatures().stream().anyMatch(s -> !s.integrity()
                || s.indication() == Indication.TOTAL_FAILED || s.modifiedAfterSigning() == Modification.NOT_PERMITTED));
        String summary = report.summary(Locale.ENGLISH);
        assertThat(report.verdict()).as(summary).isNotEqualTo(Verdict.VALID);
        assertThat(report.signatures()).as(summary).isNotEmpty();
        assertThat(report.signatures()).as(summary).anySatisfy(PdfAttacksTest::failedOrNotPermitted);
    }

    private static void failedOrNotPermitted(SignatureReport s) {
        assertThat(!s.integrity() || s.indication() == Indication.TOTAL_FAILED || s.modifiedAfterSigning() == Modification.NOT_PERMITTED)
                .as("integrity %s, %s/%s, modified %s", s.integrity(), s.indication(), s.subIndication(), s.modifiedAfterSigning())
                .isTrue();
    }

    @Test
    void theUnattackedLetterIsValid() throws Exception {
        ValidationReport report = validator.validate(signedLetter(), "letter.pdf"); // the control, not an attack
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
    }

    // ------------------------------------------------------------------ shadow attacks

    @Test
    void shadowHideRemovesTheCoverAfterSigning() throws Exception {
        byte[] attacked = incremental(signedLetter(), d -> {
            PDPage page = d.getPage(0);
            COSArray contents = (COSArray) page.getCOSObject().getDictionaryObject(COSName.CONTENTS);
            COSArray onlyText = new COSArray();
            onlyText.add(contents.get(0));
            page.getCOSObject().setItem(COSName.CONTENTS, onlyText);
            page.getCOSObject().setNeedToBeUpdated(true);
        });
        assertCaught(validate(attacked, "shadow-hide.pdf"));
    }

    @Test
    void shadowHideRemovesACoveringAnnotationAfterSigning() throws Exception {
        byte[] letter;
        try (PDDocument document = Loader.loadPDF(letterWithHiddenContent(false))) {
            org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationSquare square = new org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationSquare();
            square.setRectangle(new PDRectangle(60, 700, 480, 40));
            square.setColor(new org.apache.pdfbox.pdmodel.graphics.color.PDColor(new float[] {1, 1, 1},
                    org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB.INSTANCE));
            square.setInteriorColor(square.getColor());
            square.constructAppearances(document);
            document.getPage(0).getAnnotations().add(square);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            letter = out.toByteArray();
        }
        byte[] signed = signer().sign(letter);
        byte[] attacked = incremental(signed, d -> {
            PDPage page = d.getPage(0);
            try {
                List<org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation> annotations = page.getAnnotations();
                assertThat(annotations.removeIf(a -> a instanceof PDAnnotationSquareCircle)).isTrue();
                page.setAnnotations(annotations);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            page.getCOSObject().setNeedToBeUpdated(true);
        });
        assertCaught(validate(attacked, "shadow-hide-annotation.pdf"));
    }

    @Test
    void shadowReplaceSwapsTheFontAfterSigning() throws Exception {
        byte[] attacked = incremental(signedLetter(), d -> {
            PDPage page = d.getPage(0);
            PDResources resources = page.getResources();
            COSDictionary fonts = resources.getCOSObject().getCOSDictionary(COSName.FONT);
            for (COSName name : fonts.keySet()) {
                COSDictionary font = new COSDictionary();
                font.setItem(COSName.TYPE, COSName.FONT);
                font.setItem(COSName.SUBTYPE, COSName.TYPE1);
                font.setItem(COSName.BASE_FONT, COSName.getPDFName("Courier"));
                fonts.setItem(name, font);
            }
            fonts.setNeedToBeUpdated(true);
            resources.getCOSObject().setNeedToBeUpdated(true);
            page.getCOSObject().setNeedToBeUpdated(true);
        });
        assertCaught(validate(attacked, "shadow-replace.pdf"));
    }

    @Test
    void shadowHideAndReplacePointsThePageAtContentSignedUnused() throws Exception {
        byte[] attacked = incremental(signedLetter(), d -> {
            COSBase spare = d.getDocumentCatalog().getCOSObject().getItem(COSName.getPDFName("KysoSpare"));
            PDPage page = d.getPage(0);
            page.getCOSObject().setItem(COSName.CONTENTS, spare);
            page.getCOSObject().setNeedToBeUpdated(true);
        });
        assertCaught(validate(attacked, "shadow-hide-and-replace.pdf"));
    }

    // ------------------------------------------------------------------ incremental saving attacks

    @Test
    void incrementalSavingAttackWithANewCatalog() throws Exception {
        byte[] attacked = incremental(signedLetter(), d -> {
            COSDictionary catalog = d.getDocumentCatalog().getCOSObject();
            COSDictionary copy = new COSDictionary(catalog);
            PDPage page = new PDPage(PDRectangle.A4);
            COSDictionary pages = new COSDictionary();
            pages.setItem(COSName.TYPE, COSName.PAGES);
            COSArray kids = new COSArray();
            kids.add(page.getCOSObject());
            pages.setItem(COSName.KIDS, kids);
            pages.setInt(COSName.COUNT, 1);
            page.getCOSObject().setItem(COSName.PARENT, pages);
            copy.setItem(COSName.PAGES, pages);
            d.getDocument().getTrailer().setItem(COSName.ROOT, copy);
            copy.setNeedToBeUpdated(true);
            d.getDocument().getTrailer().setNeedToBeUpdated(true);
        });
        assertCaught(validate(attacked, "isa-new-catalog.pdf"));
    }

    @Test
    void incrementalSavingAttackWithObjectsAppendedWithoutAnXref() throws Exception {
        byte[] signed = signedLetter();
        String text = new String(signed, StandardCharsets.ISO_8859_1);
        int pageObject = Integer.parseInt(text.replaceAll("(?s).*?(\\d+) 0 obj\\s*<<\\s*/Type\\s*/Page\\b.*", "$1"));
        byte[] appended = ("\n" + pageObject + " 0 obj\n<< /Type /Page /MediaBox [0 0 595 842] >>\nendobj\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] attacked = Arrays.copyOf(signed, signed.length + appended.length);
        System.arraycopy(appended, 0, attacked, signed.length, appended.length);
        assertCaught(validate(attacked, "isa-no-xref.pdf"));
    }

    // ------------------------------------------------------------------ signature spoofing

    @Test
    void aSecondSignatureReusingTheByteRangeWithContentsOutsideTheGap() throws Exception {
        byte[] signed = signedLetter();
        byte[] attacked = incremental(signed, d -> {
            PDSignature original = d.getSignatureDictionaries().get(0);
            COSDictionary copy = new COSDictionary(original.getCOSObject());
            copy.setItem(COSName.NAME, new COSString("Người khác"));
            addSignatureField(d, copy, "Spoof");
        });
        ValidationReport report = validate(attacked, "spoof-contents-outside-gap.pdf");
        assertCaught(report);
        assertThat(report.signatures()).as(report.summary(Locale.ENGLISH)).filteredOn(s -> "Spoof".equals(s.fieldName()))
                .singleElement().satisfies(s -> assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED));
    }

    @Test
    void aByteRangeThatDoesNotCoverTheFile() throws Exception {
        byte[] signed = signedLetter();
        byte[] tail = "\n% appended after signing, no revision\nBT (SO TIEN: 999.000.000) Tj ET\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] attacked = Arrays.copyOf(signed, signed.length + tail.length);
        System.arraycopy(tail, 0, attacked, signed.length, tail.length);
        assertCaught(validate(attacked, "spoof-uncovered-tail.pdf"));
    }

    // ------------------------------------------------------------------ denial of service

    /** A one-page PDF whose catalog holds {@code value} under /KysoExtra, signed by KySo. */
    private static byte[] signedWithCatalogEntry(COSBase value) throws Exception {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage(PDRectangle.A4));
            document.getDocumentCatalog().getCOSObject().setItem(COSName.getPDFName("KysoExtra"), value);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return signer().sign(out.toByteArray());
        }
    }

    private static COSArray nested(int depth) {
        COSArray outer = new COSArray();
        COSArray current = outer;
        for (int i = 1; i < depth; i++) {
            COSArray next = new COSArray();
            current.add(next);
            current = next;
        }
        return outer;
    }

    @Test
    void arraysNestedFiftyDeepAreRefusedBeforeDssComparesForEver() throws Exception {
        byte[] pdf = signedWithCatalogEntry(nested(50));

        ValidationReport report = validate(pdf, "nested-50.pdf", QUICKLY);

        tally(report.verdict() == Verdict.ERROR);
        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.error().orElseThrow().key()).isEqualTo("kyso.file.malformed");
    }

    @Test
    void aComparisonCutShortIsNotPermittedNeverValid() throws Exception {
        // 20 nested arrays cost DSS about a million steps, under the refusal threshold; KySo's bound
        // on the comparison it gives DSS (16 nested arrays) still stops it.
        byte[] pdf = signedWithCatalogEntry(nested(20));

        ValidationReport report = validate(pdf, "nested-20.pdf", QUICKLY);

        assertCaught(report);
        assertThat(report.signatures().get(0).changesAfterSigning()).extracting(m -> m.key()).contains("kyso.pdf.change.not-compared");
    }

    @Test
    void twentyThousandReferencesInOneArrayAreRefusedQuickly() throws Exception {
        COSArray references = new COSArray();
        for (int i = 0; i < 20_000; i++) {
            COSDictionary item = new COSDictionary();
            item.setDirect(false);
            item.setInt(COSName.N, i);
            references.add(item);
        }
        byte[] pdf = signedWithCatalogEntry(references);

        ValidationReport report = validate(pdf, "references.pdf", QUICKLY);

        tally(report.verdict() == Verdict.ERROR);
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.ERROR);
        assertThat(report.error().orElseThrow().key()).isEqualTo("kyso.file.malformed");
    }

    // ------------------------------------------------------------------ universal signature forgery

    private static void addSignatureField(PDDocument d, COSDictionary value, String name) {
        try {
            PDAcroForm form = d.getDocumentCatalog().getAcroForm();
            if (form == null) {
                form = new PDAcroForm(d);
                d.getDocumentCatalog().setAcroForm(form);
            }
            PDSignatureField field = new PDSignatureField(form);
            field.setPartialName(name);
            field.getCOSObject().setItem(COSName.V, value);
            PDAnnotationWidget widget = field.getWidgets().get(0);
            widget.setRectangle(new PDRectangle(0, 0, 0, 0));
            PDPage page = d.getPage(0);
            widget.setPage(page);
            page.getAnnotations().add(widget);
            page.setAnnotations(page.getAnnotations());
            form.getFields().add(field);
            form.getCOSObject().setItem(COSName.FIELDS, form.getCOSObject().getCOSArray(COSName.FIELDS));
            form.setSignaturesExist(true);
            form.setAppendOnly(true);
            form.getCOSObject().setNeedToBeUpdated(true);
            form.getCOSObject().getCOSArray(COSName.FIELDS).setNeedToBeUpdated(true);
            d.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
            page.getCOSObject().setNeedToBeUpdated(true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The USF variants: a signature dictionary that is empty or malformed in one way each. */
    private static List<Object[]> forgeries() {
        byte[] zeros = new byte[8192];
        return List.of(
                new Object[] {"missing-contents", forged(d -> d.removeItem(COSName.CONTENTS))},
                new Object[] {"empty-contents", forged(d -> d.setItem(COSName.CONTENTS, hex(new byte[0])))},
                new Object[] {"zero-byterange", forged(d -> d.setItem(COSName.BYTERANGE, range(0, 0, 0, 0)))},
                new Object[] {"zero-contents", forged(d -> d.setItem(COSName.CONTENTS, hex(zeros)))},
                new Object[] {"no-filter", forged(d -> d.removeItem(COSName.FILTER))},
                new Object[] {"unknown-subfilter", forged(d -> d.setItem(COSName.SUB_FILTER, COSName.getPDFName("Kyso.Unknown")))},
                new Object[] {"no-subfilter", forged(d -> d.removeItem(COSName.SUB_FILTER))},
                new Object[] {"no-byterange", forged(d -> d.removeItem(COSName.BYTERANGE))},
                new Object[] {"byterange-beyond-the-file", forged(d -> d.setItem(COSName.BYTERANGE, range(0, 100, 999_999, 10)))},
                new Object[] {"empty-dictionary", new COSDictionary()});
    }

    private static COSDictionary forged(Consumer<COSDictionary> damage) {
        COSDictionary d = new COSDictionary();
        d.setItem(COSName.TYPE, COSName.SIG);
        d.setItem(COSName.FILTER, COSName.getPDFName("Adobe.PPKLite"));
        d.setItem(COSName.SUB_FILTER, COSName.getPDFName("ETSI.CAdES.detached"));
        d.setItem(COSName.BYTERANGE, range(0, 100, 200, 50));
        d.setItem(COSName.CONTENTS, hex(new byte[] {0x30, (byte) 0x80, 0x06, 0x09}));
        d.setItem(COSName.M, new COSString("D:20260302091500+07'00'"));
        damage.accept(d);
        return d;
    }

    private static COSArray range(long... values) {
        COSArray a = new COSArray();
        for (long v : values) {
            a.add(COSInteger.get(v));
        }
        return a;
    }

    private static COSString hex(byte[] bytes) {
        COSString s = new COSString(bytes);
        s.setForceHexForm(true);
        return s;
    }

    /** The forged signature is reported, as a failure, and the document is not VALID (nor unsigned). */
    private static void assertForgeryReported(ValidationReport report, String variant) {
        tally(report.verdict() == Verdict.INVALID && report.signatures().stream().filter(s -> "Forged".equals(s.fieldName()))
                .anyMatch(s -> !s.integrity() && s.indication() == Indication.TOTAL_FAILED));
        String summary = variant + ": " + report.summary(Locale.ENGLISH);
        assertThat(report.verdict()).as(summary).isEqualTo(Verdict.INVALID);
        assertThat(report.signatures()).as(summary).filteredOn(s -> "Forged".equals(s.fieldName())).singleElement()
                .satisfies(s -> {
                    assertThat(s.integrity()).as(summary).isFalse();
                    assertThat(s.indication()).as(summary).isEqualTo(Indication.TOTAL_FAILED);
                });
    }

    @Test
    void universalSignatureForgeriesOnAnUnsignedPdfAreNeverValid() throws Exception {
        for (Object[] f : forgeries()) {
            byte[] attacked = incremental(letterWithHiddenContent(), d -> addSignatureField(d, (COSDictionary) f[1], "Forged"));
            ValidationReport report = validate(attacked, "usf-" + f[0] + ".pdf");
            assertForgeryReported(report, (String) f[0]);
        }
    }

    @Test
    void universalSignatureForgeriesAfterARealSignatureAreNeverValid() throws Exception {
        byte[] signed = signedLetter();
        for (Object[] f : forgeries()) {
            byte[] attacked = incremental(signed, d -> addSignatureField(d, (COSDictionary) f[1], "Forged"));
            ValidationReport report = validate(attacked, "usf-after-" + f[0] + ".pdf");
            assertForgeryReported(report, (String) f[0]);
            assertThat(report.signatures()).as(report.summary(Locale.ENGLISH))
                    .filteredOn(s -> s.signer() != null && "Nguyễn Văn An".equals(s.signer().commonName()))
                    .singleElement().satisfies(s -> assertThat(s.integrity()).isTrue());
        }
    }
}
