package org.kyso.pdf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.pdf.PdfSigner;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

class InPlaceSigningTest {

    private static final byte[] CMS = {0x30, (byte) 0x82, 0x01, (byte) 0xAB};

    @TempDir
    Path dir;

    /** An original part, then an "update" with a gap of 2 * 4 zeros, as DSS prepares it with content size 4. */
    private static String prepared(String original) {
        return original + "<< /Contents <00000000> /ByteRange [0 1 2 3] >>\n%%EOF\n";
    }

    @Test
    void writesTheCmsIntoTheGapOfAPreparedFile() throws Exception {
        String original = "%PDF-1.7\n<0000> original <00000000>\n%%EOF\n";
        Path file = Files.writeString(dir.resolve("prepared.pdf"), prepared(original), StandardCharsets.ISO_8859_1);

        boolean filled = InPlaceSigning.fill(new FileDocument(file.toFile()), original.length(), 4, CMS);

        assertThat(filled).isTrue();
        // the same gap in the original part is left alone: only the update is searched
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
                .isEqualTo(original + "<< /Contents <308201ab> /ByteRange [0 1 2 3] >>\n%%EOF\n");
    }

    @Test
    void writesTheCmsIntoTheGapOfAPreparedArray() throws Exception {
        byte[] bytes = prepared("%PDF-1.7\n").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(InPlaceSigning.fill(new InMemoryDocument(bytes), 9, 4, new byte[] {0x30, 0x01})).isTrue();

        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("/Contents <30010000>");
    }

    @Test
    void leavesTheDocumentAloneWhenTheCmsDoesNotFit() throws Exception {
        String content = prepared("%PDF-1.7\n");
        Path file = Files.writeString(dir.resolve("prepared.pdf"), content, StandardCharsets.ISO_8859_1);

        assertThat(InPlaceSigning.fill(new FileDocument(file.toFile()), 9, 4, new byte[5])).isFalse();
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).isEqualTo(content);
    }

    @Test
    void leavesTheDocumentAloneWhenTheGapIsAmbiguous() throws Exception {
        String content = prepared("%PDF-1.7\n") + "<00000000>\n";
        Path file = Files.writeString(dir.resolve("prepared.pdf"), content, StandardCharsets.ISO_8859_1);

        assertThat(InPlaceSigning.fill(new FileDocument(file.toFile()), 9, 4, CMS)).isFalse();
        assertThat(InPlaceSigning.fill(new FileDocument(file.toFile()), 9, 3, new byte[] {1, 2})).as("no gap of 6 zeros")
                .isFalse();
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).isEqualTo(content);
    }

    @Test
    void signsAPdfHeldInMemory() throws Exception {
        try (TestPki pki = TestPki.builder().start()) {
            Leaf leaf = pki.issue(LeafSpec.builder().subject("CN=Trần Thị Bình, O=UBND Xã Đại An, C=VN").build());
            byte[] pdf = blankPdf();

            byte[] signed = PdfSigner.builder().key(SoftwareKey.of(leaf.privateKey(), leaf.chain())).build().sign(pdf);

            assertThat(Arrays.copyOf(signed, pdf.length)).isEqualTo(pdf);
            ValidationReport report = Validator.builder().trust(TrustAnchors.of(pki.root().certificate())).build()
                    .validate(signed, "in-memory.pdf");
            assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
            assertThat(report.signatures().get(0).format()).isEqualTo("PAdES-BASELINE-B");
        }
    }

    private static byte[] blankPdf() throws Exception {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }
}
