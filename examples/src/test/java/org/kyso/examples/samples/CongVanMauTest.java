package org.kyso.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.Rectangle2D;
import java.io.InputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.PDFTextStripperByArea;
import org.junit.jupiter.api.Test;

class CongVanMauTest {

    private static byte[] committed() throws Exception {
        try (InputStream in = CongVanMauTest.class.getResourceAsStream("/org/kyso/examples/cong-van-mau.pdf")) {
            assertThat(in).as("the committed sample").isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void committedSampleHasTheGeneratorsText() throws Exception {
        try (PDDocument committed = Loader.loadPDF(committed()); PDDocument fresh = Loader.loadPDF(CongVanMau.generate())) {
            String text = new PDFTextStripper().getText(committed);
            assertThat(committed.getNumberOfPages()).isEqualTo(1);
            assertThat(text).contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                    "ỦY BAN NHÂN DÂN", "Số: 125/UBND-VP", "Nguyễn Văn An", "VĂN BẢN MẪU");
            assertThat(text).as("regenerate the sample: run org.kyso.examples.samples.CongVanMau#main (examples test class path)")
                    .isEqualTo(new PDFTextStripper().getText(fresh));
        }
    }

    @Test
    void signatureAreaOfTheSampleIsBlank() throws Exception {
        try (PDDocument document = Loader.loadPDF(committed())) {
            PDPage page = document.getPage(0);
            float height = page.getMediaBox().getHeight();
            float[] r = CongVanMau.SIGNATURE_RECT;
            PDFTextStripperByArea stripper = new PDFTextStripperByArea();
            // The stripper's regions have their origin at the top-left.
            stripper.addRegion("signature", new Rectangle2D.Float(r[0], height - r[1] - r[3], r[2], r[3]));
            stripper.extractRegions(page);
            assertThat(stripper.getTextForRegion("signature")).isBlank();
        }
    }
}
