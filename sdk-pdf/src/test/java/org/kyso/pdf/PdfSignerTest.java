package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.pdfbox.pdmodel.font.PDFont;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.Indication;
import org.kyso.core.KysoIOException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.Modification;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TimestampException;
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
import org.kyso.testkit.TsaMode;

class PdfSignerTest {

    private static TestPki pki;
    private static Leaf signer;
    private static Validator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        signer = pki.issue(LeafSpec.builder()
                .subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, L=Hà Nội, C=VN")
                .email("an@daian.gov.vn")
                .keyType(KeyType.RSA_2048)
                .build());
        validator = Validator.builder()
                .trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.online().build())
                .build();
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    private static SoftwareKey key(Leaf leaf) {
        return SoftwareKey.of(leaf.privateKey(), leaf.chain());
    }

    private Path unsigned(String name) throws Exception {
        return TestPdfs.write(dir, name, "Cong van so 123/UBND", 2);
    }

    private static void assertPdfsigAccepts(Path pdf, int signatures) throws Exception {
        ExternalTools.require("pdfsig");
        ExternalTools.Result result = ExternalTools.run(Duration.ofSeconds(60), "pdfsig", pdf.toString());
        assertThat(result.stdout()).as("pdfsig output for %s", pdf)
                .contains("Signature #" + signatures)
                .doesNotContain("Signature #" + (signatures + 1));
        assertThat(result.stdout().split("Signature Validation: Signature is Valid", -1)).hasSize(signatures + 1);
    }

    @Test
    void signsAtLevelBAndValidatesAsBaselineB() throws Exception {
        Path in = unsigned("in.pdf");
        Path out = dir.resolve("out.pdf");
        byte[] before = Files.readAllBytes(in);

        PdfSigner.builder().key(key(signer)).build().sign(in, out);

        assertThat(Files.readAllBytes(in)).as("input unchanged").isEqualTo(before);
        ValidationReport report = validator.validate(out);
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
        SignatureReport s = report.signatures().get(0);
        assertThat(s.format()).isEqualTo("PAdES-BASELINE-B");
        assertThat(s.integrity()).isTrue();
        assertThat(s.signer().subject()).contains("Nguyễn Văn An");
        assertThat(s.coversWholeDocument()).isTrue();
        assertThat(s.modifiedAfterSigning()).isEqualTo(Modification.NONE);
        assertPdfsigAccepts(out, 1);
    }

    @Test
    void signsAtLevelTWithTimestampFromTsa() throws Exception {
        Path in = unsigned("in.pdf");
        Path out = dir.resolve("out-t.pdf");

        PdfSigner pdfSigner = PdfSigner.builder().key(key(signer)).timestamping(Tsa.rfc3161(pki.tsaUrl())).build();
        assertThat(pdfSigner.level()).isEqualTo(PadesLevel.T);
        pdfSigner.sign(in, out);

        ValidationReport report = validator.validate(out);
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
        SignatureReport s = report.signatures().get(0);
        assertThat(s.format()).isEqualTo("PAdES-BASELINE-T");
        assertThat(s.timestamps()).singleElement().satisfies(t -> {
            assertThat(t.type()).isEqualTo("SIGNATURE_TIMESTAMP");
            assertThat(t.integrity()).isTrue();
        });
        assertThat(s.bestSignatureTime()).isEqualTo(s.timestamps().get(0).time());
        assertPdfsigAccepts(out, 1);
    }

    @Test
    void drawsVietnameseAppearanceWithEmbeddedSubsetFontAndExtractableText() throws Exception {
        Path in = unsigned("in.pdf");
        Path out = dir.resolve("visible.pdf");
        Appearance look = Appearance.builder().page(1).rect(330, 60, 230, 80)
                .zone(ZoneId.of("Asia/Ho_Chi_Minh")).build();

        PdfSigner.builder().key(key(signer)).appearance(look).reason("Phê duyệt").build().sign(in, out);

        String shown = AppearanceText.of(out, 0);
        assertThat(shown.replaceAll("\\s+", " ")).contains("Nguyễn Văn An").contains("UBND Xã Đại An").contains("+07:00");
        List<PDFont> fonts = AppearanceText.fonts(out, 0);
        assertThat(fonts).isNotEmpty().allSatisfy(f -> {
            assertThat(f.getName()).matches("[A-Z]{6}\\+DejaVuSans.*");
            assertThat(f.getCOSObject().containsKey(org.apache.pdfbox.cos.COSName.TO_UNICODE)).isTrue();
        });
        assertThat(validator.validate(out).verdict()).isEqualTo(Verdict.VALID);
        assertPdfsigAccepts(out, 1);
    }

    @Test
    void rejectsTextTheFontCannotDrawBeforeSigning() throws Exception {
        Path in = unsigned("in.pdf");
        Path out = dir.resolve("never.pdf");
        // Characters of the template itself are refused when the appearance is built, before any signing.
        assertThatThrownBy(() -> PdfSigner.builder().key(key(signer))
                .appearance(Appearance.builder().text("Ký bởi {signer} 漢字").build()).build().sign(in, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("漢");
        assertThat(out).doesNotExist();
    }

    @Test
    void secondSignatureKeepsTheFirstValid() throws Exception {
        Leaf second = pki.issue(LeafSpec.builder().subject("CN=Trần Thị Bình, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        Path in = unsigned("in.pdf");
        Path once = dir.resolve("once.pdf");
        Path twice = dir.resolve("twice.pdf");

        PdfSigner.builder().key(key(signer)).build().sign(in, once);
        PdfSigner.builder().key(key(second)).appearance(Appearance.builder().page(-1).build()).build().sign(once, twice);

        ValidationReport report = validator.validate(twice);
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
        assertThat(report.signatures()).hasSize(2);
        assertThat(report.signatures().get(0).signer().subject()).contains("Nguyễn Văn An");
        assertThat(report.signatures().get(0).modifiedAfterSigning()).isEqualTo(Modification.PERMITTED);
        assertThat(report.signatures().get(1).signer().subject()).contains("Trần Thị Bình");
        assertThat(report.signatures().get(1).modifiedAfterSigning()).isEqualTo(Modification.NONE);
        assertThat(report.signatures()).allSatisfy(s -> assertThat(s.integrity()).isTrue());
        assertPdfsigAccepts(twice, 2);
    }

    @Test
    void reportsBrokenIntegrityWhenSignedBytesChange() throws Exception {
        Path in = unsigned("in.pdf");
        Path out = dir.resolve("tampered.pdf");
        PdfSigner.builder().key(key(signer)).build().sign(in, out);
        String content = new String(Files.readAllBytes(out), java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = content.indexOf("Cong van so 123");
        assertThat(at).isPositive();
        try (RandomAccessFile file = new RandomAccessFile(out.toFile(), "rw")) {
            file.seek(at);
            file.write('K');
        }

        ValidationReport report = validator.validate(out);

        assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(report.signatures().get(0).integrity()).isFalse();
        assertThat(report.signatures().get(0).indication()).isEqualTo(Indication.TOTAL_FAILED);
    }

    @Test
    void contentAddedAfterSigningMakesTheDocumentInvalid() throws Exception {
        Path in = unsigned("in.pdf");
        Path signed = dir.resolve("signed.pdf");
        Path forged = dir.resolve("forged.pdf");
        PdfSigner.builder().key(key(signer)).build().sign(in, signed);
        try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(signed.toFile())) {
            org.apache.pdfbox.pdmodel.PDPage page = document.getPage(0);
            try (org.apache.pdfbox.pdmodel.PDPageContentStream content = new org.apache.pdfbox.pdmodel.PDPageContentStream(
                    document, page, org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode.APPEND, false)) {
                content.beginText();
                content.setFont(new org.apache.pdfbox.pdmodel.font.PDType1Font(
                        org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 14);
                content.newLineAtOffset(72, 700);
                content.showText("SO TIEN: 999.000.000");
                content.endText();
            }
            page.getCOSObject().setNeedToBeUpdated(true);
            document.getDocumentCatalog().getPages().getCOSObject().setNeedToBeUpdated(true);
            try (var out = Files.newOutputStream(forged)) {
                document.saveIncremental(out);
            }
        }

        ValidationReport report = validator.validate(forged);

        assertThat(report.signatures().get(0).integrity()).as("the signed revision itself is intact").isTrue();
        assertThat(report.signatures().get(0).modifiedAfterSigning()).isEqualTo(Modification.NOT_PERMITTED);
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.INVALID);
    }

    @Test
    void selfReferencingFormFieldsDoNotHangValidation() throws Exception {
        Path signed = dir.resolve("signed.pdf");
        Path hostile = dir.resolve("hostile.pdf");
        PdfSigner.builder().key(key(signer)).build().sign(unsigned("in.pdf"), signed);
        try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(signed.toFile())) {
            org.apache.pdfbox.cos.COSDictionary catalog = document.getDocumentCatalog().getCOSObject();
            org.apache.pdfbox.cos.COSDictionary form = catalog.getCOSDictionary(org.apache.pdfbox.cos.COSName.ACRO_FORM);
            org.apache.pdfbox.cos.COSDictionary field = new org.apache.pdfbox.cos.COSDictionary();
            field.setString(org.apache.pdfbox.cos.COSName.T, "a");
            field.setItem(org.apache.pdfbox.cos.COSName.FT, org.apache.pdfbox.cos.COSName.getPDFName("Tx"));
            org.apache.pdfbox.cos.COSArray kids = new org.apache.pdfbox.cos.COSArray();
            for (int i = 0; i < 4; i++) {
                kids.add(field);   // /Kids [self self self self]: 4^depth paths
            }
            field.setItem(org.apache.pdfbox.cos.COSName.KIDS, kids);
            org.apache.pdfbox.cos.COSArray fields = form.getCOSArray(org.apache.pdfbox.cos.COSName.FIELDS);
            fields.add(field);
            fields.setNeedToBeUpdated(true);
            form.setNeedToBeUpdated(true);
            catalog.setNeedToBeUpdated(true);
            field.setNeedToBeUpdated(true);
            kids.setNeedToBeUpdated(true);
            try (var out = Files.newOutputStream(hostile)) {
                document.saveIncremental(out);
            }
        }

        ValidationReport report = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                Duration.ofSeconds(60), () -> validator.validate(hostile));

        assertThat(report.verdict()).isIn(Verdict.INVALID, Verdict.INDETERMINATE, Verdict.VALID);
        assertThat(report.signatures()).hasSize(1);
    }

    @Test
    void oneSignerServesManyThreads() throws Exception {
        PdfSigner shared = PdfSigner.builder().key(key(signer)).timestamping(Tsa.rfc3161(pki.tsaUrl()))
                .appearance(Appearance.builder().build()).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    Path in = TestPdfs.write(dir, "in-" + n + ".pdf", "Document " + n, 1);
                    Path out = dir.resolve("out-" + n + ".pdf");
                    shared.sign(in, out);
                    return out;
                }));
            }
            for (Future<Path> result : results) {
                ValidationReport report = validator.validate(result.get());
                assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsNonPdfInputWithoutWritingOutput() throws Exception {
        Path in = Files.writeString(dir.resolve("letter.pdf"), "this is plain text, not a PDF");
        Path out = dir.resolve("out.pdf");

        assertThatThrownBy(() -> PdfSigner.builder().key(key(signer)).build().sign(in, out))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining(in.toString());
        assertThat(out).doesNotExist();
    }

    @Test
    void refusesToOverwriteItsInput() throws Exception {
        Path in = unsigned("in.pdf");
        byte[] before = Files.readAllBytes(in);

        assertThatThrownBy(() -> PdfSigner.builder().key(key(signer)).build().sign(in, in))
                .isInstanceOf(KysoIOException.class)
                .hasMessageContaining("input");
        assertThat(Files.readAllBytes(in)).isEqualTo(before);
    }

    @Test
    void failingTsaLeavesNoOutput() throws Exception {
        Path in = unsigned("in.pdf");
        Path out = dir.resolve("out.pdf");
        pki.tsaMode(TsaMode.REJECT);
        try {
            assertThatThrownBy(() -> PdfSigner.builder().key(key(signer)).timestamping(Tsa.rfc3161(pki.tsaUrl()))
                    .build().sign(in, out))
                    .isInstanceOf(TimestampException.class)
                    .hasMessageContaining(pki.tsaUrl().toString());
        } finally {
            pki.tsaMode(TsaMode.NORMAL);
        }
        assertThat(out).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void levelLtWithoutTrustedRootSaysWhatToGiveAndWritesNothing() throws Exception {
        Path in = unsigned("in.pdf");
        Path out = dir.resolve("lt.pdf");

        assertThatThrownBy(() -> PdfSigner.builder().key(key(signer)).timestamping(Tsa.rfc3161(pki.tsaUrl()))
                .level(PadesLevel.LT).build().sign(in, out))
                .isInstanceOf(org.kyso.core.RevocationException.class)
                .hasMessageContaining(in.toString())
                .hasMessageContaining("trust");
        assertThat(out).doesNotExist();
    }

    @Test
    void toBuilderVariantsReDeriveDefaults() {
        PdfSigner base = PdfSigner.builder().key(key(signer)).build();
        assertThat(base.level()).isEqualTo(PadesLevel.B);

        PdfSigner timestamped = base.toBuilder().timestamping(Tsa.rfc3161(pki.tsaUrl())).build();

        assertThat(timestamped.level()).isEqualTo(PadesLevel.T);
        assertThat(base.level()).isEqualTo(PadesLevel.B);
    }

    @Test
    void levelTWithoutTsaIsAMisuseCaughtAtBuild() {
        assertThatThrownBy(() -> PdfSigner.builder().key(key(signer)).level(PadesLevel.T).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("time-stamping authority");
    }

    @Test
    void unsignedPdfHasNoSignatureVerdict() throws Exception {
        ValidationReport report = validator.validate(unsigned("plain.pdf"));
        assertThat(report.verdict()).isEqualTo(Verdict.NO_SIGNATURE);
        assertThat(report.signatures()).isEmpty();
    }
}
