package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.MalformedDocumentException;
import org.kyso.core.SignatureReport;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

/** Visible signatures: placement, text fitting, fonts, images, existing fields and the Decree 30 presets. */
class AppearanceTest {

    /** Rendered pages of the presets, kept for people to look at (pdftoppm -r 80). */
    private static final Path PREVIEWS = Path.of("target", "appearance-previews");

    private static TestPki pki;
    private static Leaf signer;
    private static Leaf organization;
    private static Validator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() throws IOException {
        pki = TestPki.builder().start();
        signer = pki.issue(LeafSpec.builder()
                .subject("CN=Nguyễn Văn Ấn, O=Ủy ban nhân dân xã Đại Đồng, T=Chủ tịch, C=VN")
                .keyType(KeyType.ECDSA_P256)
                .build());
        organization = pki.issue(LeafSpec.builder()
                .subject("CN=Ủy ban nhân dân xã Đại Đồng, O=Ủy ban nhân dân xã Đại Đồng, C=VN")
                .keyType(KeyType.ECDSA_P256)
                .build());
        validator = Validator.builder().trust(TrustAnchors.of(pki.root().certificate())).build();
        Files.createDirectories(PREVIEWS);
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    private static SoftwareKey key(Leaf leaf) {
        return SoftwareKey.of(leaf.privateKey(), leaf.chain());
    }

    private static PdfSigner signerWith(Leaf leaf, Appearance look) {
        return PdfSigner.builder().key(key(leaf)).timestamping(Tsa.rfc3161(pki.tsaUrl())).appearance(look).build();
    }

    // ---------------------------------------------------------------- Vietnamese text, drawn and extractable

    @Test
    void everyVietnameseWordIsDrawnAndExtractableAndTheFontIsEmbedded() throws Exception {
        Path in = TestPdfs.write(dir, "in.pdf", "Cong van", 1);
        Path out = dir.resolve("ocr.pdf");
        float x = 60;
        float y = 600;
        float w = 480;
        float h = 90;
        signerWith(signer, Appearance.builder().page(1).rect(x, y, w, h)
                .text("Người ký: {signer} - Cơ quan: {organization}").build()).sign(in, out);
        String expected = "Người ký: Nguyễn Văn Ấn - Cơ quan: Ủy ban nhân dân xã Đại Đồng";
        float pageHeight = PDRectangle.A4.getHeight();

        // Drawn: OCR of the box rendered at 300 dpi.
        ExternalTools.require("pdftoppm");
        ExternalTools.require("tesseract");
        double scale = 300 / 72.0;
        Path png = dir.resolve("box");
        ExternalTools.Result render = ExternalTools.run(Duration.ofSeconds(60), "pdftoppm", "-r", "300", "-f", "1", "-l", "1",
                "-x", String.valueOf((int) Math.floor(x * scale)), "-y", String.valueOf((int) Math.floor((pageHeight - y - h) * scale)),
                "-W", String.valueOf((int) Math.ceil(w * scale)), "-H", String.valueOf((int) Math.ceil(h * scale)),
                "-png", "-singlefile", out.toString(), png.toString());
        assertThat(render.exitCode()).as(render.stderr()).isZero();
        ExternalTools.Result ocr = ExternalTools.run(Duration.ofSeconds(120), "tesseract", png + ".png", "-", "-l", "vie", "--psm", "6");
        assertThat(ocr.exitCode()).as(ocr.stderr()).isZero();
        assertThat(words(ocr.stdout(), true)).as("OCR of the box: %s", ocr.stdout())
                .containsAll(words(expected, true));

        // Extractable: pdftotext of the same box.
        ExternalTools.Result text = ExternalTools.run(Duration.ofSeconds(60), "pdftotext", "-f", "1", "-l", "1",
                "-x", String.valueOf((int) x), "-y", String.valueOf((int) (pageHeight - y - h)), "-W", String.valueOf((int) w),
                "-H", String.valueOf((int) h), "-enc", "UTF-8", out.toString(), "-");
        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(words(text.stdout(), false)).as("pdftotext of the box: %s", text.stdout())
                .containsAll(words(expected, false));

        // Embedded: pdffonts lists the bundled font as an embedded subset with a ToUnicode map.
        ExternalTools.Result fonts = ExternalTools.run(Duration.ofSeconds(60), "pdffonts", out.toString());
        assertThat(fonts.stdout()).as("pdffonts").containsPattern("[A-Z]{6}\\+DejaVuSans\\s+CID TrueType\\s+Identity-H\\s+yes\\s+yes\\s+yes");

        assertValidWithPdfsig(out, 1);
    }

    @Test
    void fitsAVeryLongTemplateInASmallBoxWithoutLosingAWord() throws Exception {
        Path in = TestPdfs.write(dir, "in.pdf", "Cong van", 1);
        Path out = dir.resolve("long.pdf");
        String longText = "Văn bản này được ký số bởi {signer}, thuộc {organization}, theo quy định tại Nghị định "
                + "30/2020/NĐ-CP về công tác văn thư và Nghị định 130/2018/NĐ-CP về chữ ký số và dịch vụ chứng thực "
                + "chữ ký số; mọi sửa đổi sau khi ký đều bị phát hiện khi kiểm tra. Thời gian ký: {time}.";
        signerWith(signer, Appearance.builder().page(1).rect(300, 100, 180, 48).text(longText).build()).sign(in, out);

        List<TextPosition> glyphs = appearanceGlyphs(out, 0);
        String shown = Normalizer.normalize(glyphs.stream().map(TextPosition::getUnicode).collect(Collectors.joining()),
                Normalizer.Form.NFC);
        for (String word : words("Văn bản này được ký số bởi Nguyễn Văn Ấn, thuộc Ủy ban nhân dân xã Đại Đồng, theo quy "
                + "định tại Nghị định 30/2020/NĐ-CP về công tác văn thư và Nghị định 130/2018/NĐ-CP về chữ ký số và dịch "
                + "vụ chứng thực chữ ký số; mọi sửa đổi sau khi ký đều bị phát hiện khi kiểm tra.", false)) {
            assertThat(shown.replace(" ", "")).as("extracted text").contains(word);
        }
        assertThat(glyphs).allSatisfy(g -> {
            assertThat(g.getFontSizeInPt()).isGreaterThanOrEqualTo(2f);
            // The scratch page draws the appearance at its origin: every glyph lies inside the 180 x 48 box.
            assertThat(g.getXDirAdj()).isBetween(0f, 180f);
            assertThat(g.getXDirAdj() + g.getWidthDirAdj()).isLessThanOrEqualTo(180.5f);
        });
        assertValidWithPdfsig(out, 1);
    }

    @Test
    void rejectsAtBuildATemplateTheFontCannotDraw() {
        assertThatThrownBy(() -> Appearance.builder().text("Ký bởi {signer} 漢字").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("漢").hasMessageContaining("字");
    }

    @Test
    void rejectsAtSigningANameFromTheCertificateTheFontCannotDraw() throws Exception {
        Leaf chinese = pki.issue(LeafSpec.builder().subject("CN=漢字 Nguyễn, O=Ủy ban nhân dân xã Đại Đồng, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        Path in = TestPdfs.write(dir, "in.pdf", "Cong van", 1);
        Path out = dir.resolve("never.pdf");

        assertThatThrownBy(() -> signerWith(chinese, Appearance.builder().text("Ký bởi: {signer}").build()).sign(in, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("漢").hasMessageContaining("字");
        assertThat(out).doesNotExist();
    }

    @Test
    void rejectsAFileThatIsNotAFont() {
        assertThatThrownBy(() -> Appearance.builder().font("not a font".getBytes()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("font");
    }

    // ---------------------------------------------------------------- images

    @Test
    void keepsThePngTransparentBesideTheText() throws Exception {
        Path in = TestPdfs.write(dir, "in.pdf", "Cong van", 1);
        Path out = dir.resolve("png.pdf");
        Path seal = SampleImages.copy(SampleImages.SEAL, dir);
        signerWith(signer, Appearance.builder().rect(300, 80, 240, 80).image(seal).build()).sign(in, out);

        List<ImageInfo> images = appearanceImages(out, 0);
        assertThat(images).singleElement().satisfies(image -> assertThat(image.transparent()).as("soft mask (alpha)").isTrue());
        assertThat(AppearanceText.of(out, 0)).contains("Nguyễn Văn Ấn");
        assertValidWithPdfsig(out, 1);
        render(out, 1, "image-left-of-text");
    }

    @Test
    void drawsAJpegAloneWithoutText() throws Exception {
        Path in = TestPdfs.write(dir, "in.pdf", "Cong van", 1);
        Path out = dir.resolve("jpeg.pdf");
        signerWith(signer, Appearance.builder().rect(300, 80, 120, 60).image(jpeg()).text(null).build()).sign(in, out);

        assertThat(appearanceImages(out, 0)).singleElement().satisfies(image ->
                assertThat(image.filters()).contains(COSName.DCT_DECODE));
        assertThat(AppearanceText.fonts(out, 0)).isEmpty();
        assertThat(AppearanceText.of(out, 0)).isBlank();
        assertValidWithPdfsig(out, 1);
    }

    @Test
    void rejectsAnImageThatIsNeitherPngNorJpeg() {
        assertThatThrownBy(() -> Appearance.builder().image("GIF89a....".getBytes()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PNG").hasMessageContaining("JPEG");
    }

    // ---------------------------------------------------------------- existing fields

    @Test
    void fillsAnExistingEmptyFieldAtItsPlace() throws Exception {
        Path in = withEmptyFields(dir.resolve("form.pdf"));
        Path out = dir.resolve("field.pdf");

        signerWith(signer, Appearance.builder().field("Signature1").build()).sign(in, out);

        try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
            PDSignatureField field = (PDSignatureField) pdf.getDocumentCatalog().getAcroForm().getField("Signature1");
            assertThat(field.getSignature()).isNotNull();
            PDAnnotationWidget widget = field.getWidgets().get(0);
            assertThat(widget.getRectangle().getLowerLeftX()).isEqualTo(320f);
            assertThat(widget.getRectangle().getLowerLeftY()).isEqualTo(100f);
            assertThat(widget.getRectangle().getWidth()).isEqualTo(220f);
            assertThat(widget.getNormalAppearanceStream().getBBox().getWidth()).isCloseTo(220f, within(0.01f));
            assertThat(pdf.getPage(1).getAnnotations()).contains(widget);
            assertThat(pdf.getPage(0).getAnnotations()).noneMatch(a -> a.getCOSObject() == widget.getCOSObject());
        }
        assertThat(AppearanceText.of(out, 1)).contains("Nguyễn Văn Ấn");
        ValidationReport report = validator.validate(out);
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
        assertThat(report.signatures().get(0).fieldName()).isEqualTo("Signature1");
        assertValidWithPdfsig(out, 1);
        render(out, 2, "existing-field");
    }

    @Test
    void fillsTheFieldNamedOnTheSignerVisibly() throws Exception {
        Path in = withEmptyFields(dir.resolve("form.pdf"));
        Path out = dir.resolve("field.pdf");

        PdfSigner.builder().key(key(signer)).fieldName("Signature2")
                .appearance(Appearance.builder().text("{signer}").build()).build().sign(in, out);

        assertThat(AppearanceText.of(out, 0)).contains("Nguyễn Văn Ấn");
        assertThat(validator.validate(out).signatures().get(0).fieldName()).isEqualTo("Signature2");
        assertValidWithPdfsig(out, 1);
    }

    @Test
    void namesAMissingFieldAndListsTheEmptyOnes() throws Exception {
        Path in = withEmptyFields(dir.resolve("form.pdf"));
        Path out = dir.resolve("never.pdf");

        assertThatThrownBy(() -> signerWith(signer, Appearance.builder().field("Chu ky 3").build()).sign(in, out))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("'Chu ky 3'")
                .hasMessageContaining("'Signature1' (page 2)")
                .hasMessageContaining("'Signature2' (page 1)")
                .hasMessageContaining(in.toString());
        assertThat(out).doesNotExist();
    }

    @Test
    void refusesARectangleOverAnExistingFieldAndSaysWhich() throws Exception {
        Path in = withEmptyFields(dir.resolve("form.pdf"));

        assertThatThrownBy(() -> signerWith(signer, Appearance.builder().page(2).rect(300, 90, 100, 40).build())
                .sign(in, dir.resolve("never.pdf")))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("'Signature1'");
    }

    // ---------------------------------------------------------------- page rotation

    @Test
    void drawsUprightOnARotatedPage() throws Exception {
        Path in = dir.resolve("rotated.pdf");
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            page.setRotation(90);
            pdf.addPage(page);
            pdf.save(in.toFile());
        }
        Path out = dir.resolve("rotated-signed.pdf");
        // Displayed, the page is landscape: 842 wide, 595 high.
        signerWith(signer, Appearance.builder().rect(560, 40, 240, 70).build()).sign(in, out);

        try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
            PDRectangle r = pdf.getPage(0).getAnnotations().get(0).getRectangle();
            // x = W - y - h, y = x in the unrotated page (W = 595).
            assertThat(r.getLowerLeftX()).isCloseTo(595.28f - 40 - 70, within(0.5f));
            assertThat(r.getLowerLeftY()).isCloseTo(560f, within(0.5f));
            assertThat(r.getWidth()).isCloseTo(70f, within(0.5f));
            assertThat(r.getHeight()).isCloseTo(240f, within(0.5f));
        }
        render(out, 1, "rotated-page");
        assertValidWithPdfsig(out, 1);
    }

    // ---------------------------------------------------------------- Decree 30/2020/ND-CP presets

    @Test
    void decree30SignerDrawsTitleSignatureAndNameAtTheBottomRightOfTheLastPage() throws Exception {
        Path in = TestLetters.letter(dir.resolve("cong-van.pdf"), 2);
        Path out = dir.resolve("signer.pdf");
        Path signature = SampleImages.copy(SampleImages.SIGNATURE, dir);

        signerWith(signer, Appearance.decree30Signer(signature, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")).sign(in, out);

        try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
            assertThat(pdf.getPage(0).getAnnotations()).isEmpty();
            PDRectangle r = pdf.getPage(1).getAnnotations().get(0).getRectangle();
            assertThat(r.getLowerLeftX()).isGreaterThan(PDRectangle.A4.getWidth() / 2 - 10);
            assertThat(r.getUpperRightY()).isLessThan(PDRectangle.A4.getHeight() / 3);
        }
        String shown = AppearanceText.of(out, 1);
        assertThat(shown).contains("TM. ỦY BAN NHÂN DÂN").contains("CHỦ TỊCH").contains("Nguyễn Văn Ấn");
        assertThat(shown.indexOf("CHỦ TỊCH")).as("title above the name").isLessThan(shown.indexOf("Nguyễn Văn Ấn"));
        assertThat(appearanceImages(out, 1)).singleElement()
                .satisfies(image -> assertThat(image.transparent()).isTrue());
        assertValidWithPdfsig(out, 1);
        render(out, 2, "decree30-signer");
    }

    @Test
    void decree30SealComposesTheSealOverTheSignatureWithOrganisationAndTime() throws Exception {
        Path in = TestLetters.letter(dir.resolve("cong-van.pdf"), 1);
        Path out = dir.resolve("seal.pdf");
        Path seal = SampleImages.copy(SampleImages.SEAL, dir);
        Path signature = SampleImages.copy(SampleImages.SIGNATURE, dir);

        signerWith(organization, Appearance.decree30Seal(seal, signature, null)).sign(in, out);

        String shown = AppearanceText.of(out, 0);
        assertThat(shown).contains("Ủy ban nhân dân xã Đại Đồng").contains("Thời gian ký:")
                .containsPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+07:00");
        assertThat(appearanceImages(out, 0)).singleElement().satisfies(image -> {
            // One picture: the seal and the signature composed, wider than the signature alone.
            assertThat((float) image.width() / image.height()).isGreaterThan(1.2f);
            assertThat(image.transparent()).isTrue();
        });
        assertValidWithPdfsig(out, 1);
        render(out, 1, "decree30-seal-with-signature");
    }

    @Test
    void decree30SealAloneCoversTheLeftThirdOfTheSignersSignature() throws Exception {
        Path in = TestLetters.letter(dir.resolve("cong-van.pdf"), 1);
        Path once = dir.resolve("signed-by-signer.pdf");
        Path twice = dir.resolve("sealed.pdf");
        Path seal = SampleImages.copy(SampleImages.SEAL, dir);
        Path signature = SampleImages.copy(SampleImages.SIGNATURE, dir);

        signerWith(signer, Appearance.decree30Signer(signature, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")).sign(in, once);
        signerWith(organization, Appearance.decree30Seal(seal, "Ủy ban nhân dân xã Đại Đồng")).sign(once, twice);

        try (PDDocument pdf = Loader.loadPDF(twice.toFile())) {
            List<PDAnnotation> widgets = pdf.getPage(0).getAnnotations();
            assertThat(widgets).hasSize(2);
            PDRectangle block = widgets.get(0).getRectangle();
            PDRectangle sealBox = widgets.get(1).getRectangle();
            assertThat(sealBox.getUpperRightX()).as("the seal reaches into the signature block")
                    .isGreaterThan(block.getLowerLeftX() + 40);
            assertThat(sealBox.getLowerLeftY()).isLessThan(block.getUpperRightY());
        }
        assertThat(AppearanceText.of(twice, 0)).contains("Ủy ban nhân dân xã Đại Đồng").contains("Thời gian ký:");
        ValidationReport report = validator.validate(twice);
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
        assertThat(report.signatures()).hasSize(2);
        assertValidWithPdfsig(twice, 2);
        render(twice, 1, "decree30-signer-then-seal");
    }

    @Test
    void decree30CopyWritesTenPointTextAtTheTopRightOfPageOne() throws Exception {
        Path in = TestLetters.letter(dir.resolve("phu-luc.pdf"), 2);
        Path out = dir.resolve("copy.pdf");

        signerWith(organization, Appearance.decree30Copy("123/UBND-VP")).sign(in, out);

        List<TextPosition> glyphs = appearanceGlyphs(out, 0);
        assertThat(glyphs).isNotEmpty().allSatisfy(g -> assertThat(g.getFontSizeInPt()).isEqualTo(10f));
        String shown = AppearanceText.of(out, 0);
        assertThat(shown).contains("Số: 123/UBND-VP").contains("Thời gian ký:")
                .containsPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+07:00");
        try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
            assertThat(pdf.getPage(1).getAnnotations()).isEmpty();
            PDRectangle r = pdf.getPage(0).getAnnotations().get(0).getRectangle();
            PDRectangle page = pdf.getPage(0).getCropBox();
            assertThat(page.getUpperRightX() - r.getUpperRightX()).isCloseTo(57f, within(0.5f));
            assertThat(page.getUpperRightY() - r.getUpperRightY()).isCloseTo(14f, within(0.5f));
            assertThat(r.getHeight()).as("two lines of 10 pt").isBetween(24f, 36f);
            assertThat(r.getLowerLeftX()).isGreaterThan(page.getWidth() / 2 - 50);
        }
        assertValidWithPdfsig(out, 1);
        render(out, 1, "decree30-copy");
    }

    @Test
    void presetsCanBeMoved() throws Exception {
        Path signature = SampleImages.copy(SampleImages.SIGNATURE, dir);
        Appearance moved = Appearance.decree30Signer(signature, "CHỦ TỊCH").toBuilder().page(1).rect(60, 60, 200, 120).build();

        assertThat(moved.page()).isEqualTo(1);
        assertThat(moved.x()).isEqualTo(60f);
        assertThat(moved.title()).isEqualTo("CHỦ TỊCH");
        assertThat(moved.imagePosition()).isEqualTo(Appearance.ImagePosition.ABOVE);
        assertThat(Appearance.decree30Copy("01/QĐ-UBND").toBuilder().rect(300, 700, 240, 40).build().rightMargin()).isNaN();
    }

    // ---------------------------------------------------------------- helpers

    private static void assertValidWithPdfsig(Path pdf, int signatures) throws Exception {
        ValidationReport report = validator.validate(pdf);
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
        assertThat(report.signatures()).hasSize(signatures).allSatisfy((SignatureReport s) -> assertThat(s.integrity()).isTrue());
        ExternalTools.require("pdfsig");
        ExternalTools.Result result = ExternalTools.run(Duration.ofSeconds(60), "pdfsig", pdf.toString());
        assertThat(result.stdout().split("Signature Validation: Signature is Valid", -1)).as(result.stdout())
                .hasSize(signatures + 1);
    }

    private static void render(Path pdf, int page, String name) throws IOException {
        Files.createDirectories(PREVIEWS);
        Files.copy(pdf, PREVIEWS.resolve(name + ".pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ExternalTools.require("pdftoppm");
        ExternalTools.Result r = ExternalTools.run(Duration.ofSeconds(60), "pdftoppm", "-r", "80", "-f", String.valueOf(page),
                "-l", String.valueOf(page), "-png", "-singlefile", pdf.toString(), PREVIEWS.resolve(name).toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    /** NFC words without punctuation; lower-cased when {@code ignoreCase} (OCR may confuse case, never diacritics). */
    private static Set<String> words(String text, boolean ignoreCase) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        if (ignoreCase) {
            nfc = nfc.toLowerCase(Locale.forLanguageTag("vi"));
        }
        return Arrays.stream(nfc.split("\\s+"))
                .map(w -> w.replaceAll("^[\\p{Punct}“”‘’]+|[\\p{Punct}“”‘’]+$", ""))
                .filter(w -> !w.isEmpty())
                .collect(Collectors.toSet());
    }

    /** A PDF whose page 2 has an empty signature field 'Signature1' and page 1 'Signature2', made with PDFBox. */
    private static Path withEmptyFields(Path file) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDAcroForm form = new PDAcroForm(pdf);
            pdf.getDocumentCatalog().setAcroForm(form);
            for (int i = 0; i < 2; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                pdf.addPage(page);
                try (PDPageContentStream c = new PDPageContentStream(pdf, page)) {
                    c.addRect(72, 700, 100, 20);
                    c.stroke();
                }
            }
            addField(pdf, form, "Signature1", 1, new PDRectangle(320, 100, 220, 70));
            addField(pdf, form, "Signature2", 0, new PDRectangle(60, 100, 200, 50));
            pdf.save(file.toFile());
        }
        return file;
    }

    private static void addField(PDDocument pdf, PDAcroForm form, String name, int pageIndex, PDRectangle rect)
            throws IOException {
        PDSignatureField field = new PDSignatureField(form);
        field.setPartialName(name);
        PDAnnotationWidget widget = field.getWidgets().get(0);
        widget.setRectangle(rect);
        widget.setPage(pdf.getPage(pageIndex));
        widget.setPrinted(true);
        pdf.getPage(pageIndex).getAnnotations().add(widget);
        form.getFields().add(field);
    }

    private static byte[] jpeg() throws IOException {
        BufferedImage image = new BufferedImage(300, 150, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 300, 150);
        g.setColor(new java.awt.Color(16, 42, 160));
        g.setStroke(new java.awt.BasicStroke(6));
        g.drawLine(20, 120, 280, 30);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    /** Images drawn by the last signature widget on a page, looking through nested form XObjects. */
    private static List<ImageInfo> appearanceImages(Path pdf, int pageIndex) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            List<ImageInfo> images = new ArrayList<>();
            List<PDAnnotation> annotations = document.getPage(pageIndex).getAnnotations();
            PDAnnotationWidget widget = (PDAnnotationWidget) annotations.get(annotations.size() - 1);
            collectImages(widget.getNormalAppearanceStream().getResources(), images, 0);
            return images;
        }
    }

    /** What a test needs to know of an embedded image, read while its document is open. */
    private record ImageInfo(int width, int height, boolean transparent, List<COSName> filters) {
    }

    private static void collectImages(PDResources resources, List<ImageInfo> images, int depth) throws IOException {
        if (resources == null || depth > 8) {
            return;
        }
        for (COSName name : resources.getXObjectNames()) {
            PDXObject x = resources.getXObject(name);
            if (x instanceof PDImageXObject image) {
                images.add(new ImageInfo(image.getWidth(), image.getHeight(),
                        image.getCOSObject().getDictionaryObject(COSName.SMASK) != null, image.getStream().getFilters()));
            } else if (x instanceof PDFormXObject form) {
                collectImages(form.getResources(), images, depth + 1);
            }
        }
    }

    /** The glyphs of the last widget's appearance, drawn at the origin of a scratch page. */
    private static List<TextPosition> appearanceGlyphs(Path pdf, int pageIndex) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            List<PDAnnotation> annotations = document.getPage(pageIndex).getAnnotations();
            PDAnnotationWidget widget = (PDAnnotationWidget) annotations.get(annotations.size() - 1);
            PDPage scratch = new PDPage(new PDRectangle(2000, 2000));
            document.addPage(scratch);
            try (PDPageContentStream content = new PDPageContentStream(document, scratch)) {
                content.drawForm(widget.getNormalAppearanceStream());
            }
            List<TextPosition> glyphs = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void processTextPosition(TextPosition text) {
                    glyphs.add(text);
                }
            };
            stripper.setStartPage(document.getNumberOfPages());
            stripper.setEndPage(document.getNumberOfPages());
            stripper.getText(document);
            // PDFTextStripper's y grows downwards from the top of the 2000 pt page; callers only need x and size.
            return glyphs;
        }
    }
}
