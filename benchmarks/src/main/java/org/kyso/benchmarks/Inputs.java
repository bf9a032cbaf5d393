package org.kyso.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/** The unsigned documents the benchmarks sign: PDFs made with PDFBox, XML written as text. */
final class Inputs {

    /** One image per page, stored without compression: 1 MiB of random (incompressible) RGB samples. */
    private static final int IMAGE_SIDE = 591; // 591 * 591 * 3 = 1,047,843 bytes

    private Inputs() {
    }

    /** A one-page A4 letter with a few lines of text in Helvetica (Latin only). */
    static void onePagePdf(Path file, String title) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(font, 12);
                content.setLeading(16);
                content.newLineAtOffset(72, 770);
                content.showText(title);
                for (int i = 1; i <= 30; i++) {
                    content.newLine();
                    content.showText("Line " + i + ": the quick brown fox jumps over the lazy dog, 0123456789.");
                }
                content.endText();
            }
            document.save(file.toFile());
        }
    }

    /**
     * A PDF of about {@code megabytes} MiB: that many A4 pages, each showing a 1 MiB uncompressed
     * image of random samples, which no filter could shrink. Written straight to the file.
     */
    static void largePdf(Path file, int megabytes, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] samples = new byte[IMAGE_SIDE * IMAGE_SIDE * 3];
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int p = 1; p <= megabytes; p++) {
                fill(random, samples);
                COSStream stream = document.getDocument().createCOSStream();
                try (OutputStream out = stream.createRawOutputStream()) {
                    out.write(samples);
                }
                stream.setItem(COSName.TYPE, COSName.XOBJECT);
                stream.setItem(COSName.SUBTYPE, COSName.IMAGE);
                stream.setInt(COSName.WIDTH, IMAGE_SIDE);
                stream.setInt(COSName.HEIGHT, IMAGE_SIDE);
                stream.setInt(COSName.BITS_PER_COMPONENT, 8);
                stream.setItem(COSName.COLORSPACE, PDDeviceRGB.INSTANCE);
                PDImageXObject image = new PDImageXObject(new org.apache.pdfbox.pdmodel.common.PDStream(stream), null);
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.drawImage(image, 72, 250, 450, 450);
                    content.beginText();
                    content.setFont(font, 12);
                    content.newLineAtOffset(72, 770);
                    content.showText("Page " + p + " of " + megabytes);
                    content.endText();
                }
            }
            document.save(file.toFile());
        }
    }

    private static void fill(SplittableRandom random, byte[] bytes) {
        int i = 0;
        while (i + 8 <= bytes.length) {
            long v = random.nextLong();
            for (int k = 0; k < 8; k++) {
                bytes[i++] = (byte) (v >>> (8 * k));
            }
        }
        while (i < bytes.length) {
            bytes[i++] = (byte) random.nextInt(256);
        }
    }

    /**
     * An invoice-like UTF-8 XML document (Vietnamese text, attributes, nesting) of at least
     * {@code bytes} bytes: a header and as many line items as it takes.
     */
    static void xml(Path file, long bytes) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            out.write("<HDon xmlns=\"urn:kyso:benchmark\"><DLHDon Id=\"data\"><TTChung><PBan>2.1.0</PBan>"
                    + "<THDon>HÓA ĐƠN GIÁ TRỊ GIA TĂNG</THDon><KHHDon>C25TAA</KHHDon><SHDon>1234</SHDon>"
                    + "<NLap>2025-06-01</NLap><DVTTe>VND</DVTTe></TTChung><NDHDon>"
                    + "<NBan><Ten>Công ty TNHH Thương mại Đại An</Ten><MST>0101234567</MST>"
                    + "<DChi>Số 1 Phố Huế, Quận Hai Bà Trưng, Hà Nội</DChi></NBan>"
                    + "<NMua><Ten>Công ty Cổ phần Sông Hồng</Ten><MST>0109876543</MST>"
                    + "<DChi>Số 25 Đường Láng, Quận Đống Đa, Hà Nội</DChi></NMua><DSHHDVu>\n");
            long written = 700;
            int line = 0;
            while (written < bytes - 120) {
                line++;
                String item = "<HHDVu><STT>" + line + "</STT><THHDVu>Hàng hóa dịch vụ số " + line
                        + " (giấy in A4, bút bi, mực in)</THHDVu><DVTinh>Hộp</DVTinh><SLuong>" + (line % 17 + 1)
                        + "</SLuong><DGia>125000</DGia><ThTien>" + (line % 17 + 1) * 125000L + "</ThTien>"
                        + "<TSuat>10%</TSuat></HHDVu>\n";
                out.write(item);
                written += item.getBytes(StandardCharsets.UTF_8).length;
            }
            out.write("</DSHHDVu><TToan><TgTCThue>0</TgTCThue><TgTThue>0</TgTThue></TToan></NDHDon></DLHDon>"
                    + "<DSCKS><NBan/></DSCKS></HDon>\n");
        }
    }
}
