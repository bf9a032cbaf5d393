package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.kyso.core.Revocation;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.pdf.testsupport.PdfaDocuments;
import org.kyso.pdf.testsupport.SignedPdfs;
import org.kyso.pdf.testsupport.TestImages;
import org.kyso.pdf.testsupport.VeraPdf;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

/**
 * Signing a PDF/A document keeps it PDF/A (ISO 19005), as veraPDF judges it (issue item 6).
 * PDF/A-2b and PDF/A-3b allow transparency; PDF/A-1b does not, so a transparent image there is
 * refused before anything is signed.
 */
class PdfaConformanceTest {

    private static final String TEXT = "Công văn số 123/UBND – Hà Nội";

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static Leaf signer;
    private static Validator validator;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        signer = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, L=Hà Nội, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        validator = Validator.builder().trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.online().build()).build();
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    private static PdfSigner.Builder signer() {
        return PdfSigner.builder().key(SoftwareKey.of(signer.privateKey(), signer.chain()));
    }

    private static Appearance vietnamese() {
        return Appearance.builder().page(1).rect(330, 60, 230, 80).zone(ZoneId.of("Asia/Ho_Chi_Minh")).build();
    }

    private static Path pdfa(int part, String name) throws Exception {
        Path file = PdfaDocuments.write(dir.resolve(name), part, TEXT, 2);
        VeraPdf.Report input = VeraPdf.validate(file);
        assertThat(input.flavour()).isEqualTo(part + "b");
        assertThat(input.compliant()).as("the unsigned input must be PDF/A-%db to begin with: %s", part, input).isTrue();
        return file;
    }

    private static void assertStillConformant(Path signed, int part) {
        VeraPdf.Report report = VeraPdf.validate(signed);
        assertThat(report.flavour()).isEqualTo(part + "b");
        assertThat(report.compliant()).as("%s", report).isTrue();
    }

    private static void assertValidSignatures(Path signed, int count) {
        ValidationReport report = validator.validate(signed);
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
        assertThat(report.signatures()).hasSize(count);
        SignedPdfs.assertPdfsigValid(signed, count);
    }

    @ParameterizedTest(name = "PDF/A-{0}b")
    @ValueSource(ints = {1, 2, 3})
    void invisibleSignatureKeepsPdfa(int part) throws Exception {
        Path in = pdfa(part, "invisible-" + part + ".pdf");
        Path out = dir.resolve("invisible-" + part + "-signed.pdf");

        signer().timestamping(Tsa.rfc3161(pki.tsaUrl())).build().sign(in, out);

        assertStillConformant(out, part);
        assertValidSignatures(out, 1);
    }

    @ParameterizedTest(name = "PDF/A-{0}b")
    @ValueSource(ints = {1, 2, 3})
    void visibleVietnameseTextSignatureKeepsPdfa(int part) throws Exception {
        Path in = pdfa(part, "visible-" + part + ".pdf");
        Path out = dir.resolve("visible-" + part + "-signed.pdf");

        signer().appearance(vietnamese()).reason("Phê duyệt").location("Hà Nội").build().sign(in, out);

        assertStillConformant(out, part);
        assertValidSignatures(out, 1);
        assertThat(AppearanceText.of(out, 0).replaceAll("\\s+", " ")).contains("Nguyễn Văn An");
    }

    @ParameterizedTest(name = "PDF/A-{0}b")
    @ValueSource(ints = {2, 3})
    void visibleSignatureWithTransparentPngKeepsPdfa2And3(int part) throws Exception {
        Path in = pdfa(part, "seal-" + part + ".pdf");
        Path out = dir.resolve("seal-" + part + "-signed.pdf");
        Appearance look = Appearance.builder().page(1).rect(330, 60, 230, 80).image(TestImages.transparentPng())
                .zone(ZoneId.of("Asia/Ho_Chi_Minh")).build();

        signer().appearance(look).build().sign(in, out);

        assertThat(SignedPdfs.appearanceHasTransparentImage(out)).as("the seal keeps its transparency").isTrue();
        assertStillConformant(out, part);
        assertValidSignatures(out, 1);
    }

    @Test
    void secondSignatureKeepsPdfa2() throws Exception {
        Path in = pdfa(2, "twice.pdf");
        Path once = dir.resolve("twice-1.pdf");
        Path twice = dir.resolve("twice-2.pdf");

        signer().appearance(vietnamese()).build().sign(in, once);
        signer().appearance(Appearance.builder().page(2).rect(330, 60, 230, 80).image(TestImages.transparentPng()).build())
                .build().sign(once, twice);

        assertStillConformant(twice, 2);
        assertValidSignatures(twice, 2);
    }

    @Test
    void refusesTransparentPngOnPdfa1NamingTheFileAndTheWayOut() throws Exception {
        Path in = pdfa(1, "seal-1.pdf");
        Path out = dir.resolve("seal-1-signed.pdf");
        Appearance look = Appearance.builder().image(TestImages.transparentPng()).build();

        assertThatThrownBy(() -> signer().appearance(look).build().sign(in, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(in.toString())
                .hasMessageContaining("PDF/A-1")
                .hasMessageContaining("JPEG")
                .hasMessageContaining("PNG without transparency");
        assertThat(out).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jpeg", "opaque png", "png with an unused alpha channel"})
    void opaqueImagesKeepPdfa1(String kind) throws Exception {
        String name = kind.replace(' ', '-');
        Path in = pdfa(1, "opaque-" + name + ".pdf");
        Path out = dir.resolve("opaque-" + name + "-signed.pdf");
        byte[] image = switch (kind) {
            case "jpeg" -> TestImages.jpeg();
            case "opaque png" -> TestImages.opaquePng();
            default -> TestImages.opaquePngWithAlphaChannel();
        };

        signer().appearance(Appearance.builder().page(1).rect(330, 60, 230, 80).image(image).build()).build().sign(in, out);

        assertThat(SignedPdfs.appearanceHasTransparentImage(out)).isFalse();
        assertStillConformant(out, 1);
        assertValidSignatures(out, 1);
    }

    @Test
    void transparentPngOnAnOrdinaryPdfIsFine() throws Exception {
        Path in = TestPdfs.write(dir, "plain.pdf", "Cong van so 123/UBND", 1);
        Path out = dir.resolve("plain-signed.pdf");

        signer().appearance(Appearance.builder().image(TestImages.transparentPng()).build()).build().sign(in, out);

        assertValidSignatures(out, 1);
    }
}
