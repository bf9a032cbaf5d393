package org.kyso.examples.samples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Generates the sample PDF that {@code kyso demo} signs: a one-page Vietnamese official letter
 * ("công văn") of a fictitious commune, laid out after Decree 30/2020/NĐ-CP (national motto top
 * right, issuing body top left, signature block bottom right), in the DejaVu Sans font that
 * {@code sdk-pdf} bundles. The area above the signer's name is left blank for the visible
 * signature, at {@link #SIGNATURE_RECT}.
 *
 * <p>The PDF is committed as {@code examples/src/main/resources/org/kyso/examples/cong-van-mau.pdf}
 * (a resource, so the demo needs no build step to produce it). After changing this class,
 * recreate it by running {@link #main} on the examples module's test class path, from the
 * examples folder (or pass the target path as the argument); CongVanMauTest then checks that the
 * committed file matches this generator.
 */
public final class CongVanMau {

    /** Where the sample is committed, relative to the examples module. */
    public static final String RESOURCE = "src/main/resources/org/kyso/examples/cong-van-mau.pdf";

    /** The blank signature area: x, y, width, height in points (bottom-right of page 1). */
    public static final float[] SIGNATURE_RECT = {318, 178, 232, 84};

    private static final float LEFT = 85;   // 30 mm: Decree 30 asks for a 30-35 mm left margin
    private static final float RIGHT = 545; // 595 - 50: a 17.5 mm right margin
    private static final float LEFT_COLUMN_CENTRE = 185;
    private static final float RIGHT_COLUMN_CENTRE = 405;

    private CongVanMau() {
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : RESOURCE);
        Files.write(target, generate());
        System.out.println("Wrote " + target.toAbsolutePath());
    }

    /** The sample's bytes. The same code gives the same text and layout. */
    public static byte[] generate() throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDFont font;
            try (InputStream ttf = CongVanMau.class.getResourceAsStream("/org/kyso/pdf/fonts/DejaVuSans.ttf")) {
                if (ttf == null) {
                    throw new IOException("DejaVuSans.ttf is not on the class path (it comes with sdk-pdf)");
                }
                font = PDType0Font.load(document, ttf, true);
            }
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                Writer w = new Writer(text, font);

                // Issuing body (left) and national motto (right), Decree 30/2020/NĐ-CP appendix I.
                w.centred("ỦY BAN NHÂN DÂN", 11, LEFT_COLUMN_CENTRE, 780);
                w.centred("XÃ ĐẠI AN", 11, LEFT_COLUMN_CENTRE, 765);
                w.rule(LEFT_COLUMN_CENTRE - 30, LEFT_COLUMN_CENTRE + 30, 756);
                w.centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 10.5f, RIGHT_COLUMN_CENTRE, 780);
                w.centred("Độc lập - Tự do - Hạnh phúc", 11, RIGHT_COLUMN_CENTRE, 765);
                w.rule(RIGHT_COLUMN_CENTRE - 75, RIGHT_COLUMN_CENTRE + 75, 756);

                w.centred("Số: 125/UBND-VP", 11, LEFT_COLUMN_CENTRE, 738);
                w.centred("V/v tổ chức tiếp công dân", 10, LEFT_COLUMN_CENTRE, 722);
                w.centred("định kỳ năm 2026", 10, LEFT_COLUMN_CENTRE, 709);
                w.centred("Đại An, ngày 20 tháng 11 năm 2025", 11, RIGHT_COLUMN_CENTRE, 738);

                w.centred("Kính gửi: Trưởng các thôn trên địa bàn xã Đại An.", 12, (LEFT + RIGHT) / 2, 670);

                float y = 635;
                y = w.paragraph("Thực hiện kế hoạch công tác năm 2026 và quy định về tiếp công dân, Ủy ban nhân dân "
                        + "xã Đại An thông báo lịch tiếp công dân định kỳ như sau:", 12, y);
                y = w.paragraph("1. Thời gian: sáng thứ Năm hằng tuần, từ 7 giờ 30 đến 11 giờ 30 (trừ ngày lễ, Tết). "
                        + "Trường hợp trùng lịch họp đột xuất, Văn phòng sẽ thông báo lịch thay thế.", 12, y);
                y = w.paragraph("2. Địa điểm: Phòng tiếp công dân, tầng 1 trụ sở Ủy ban nhân dân xã Đại An.", 12, y);
                y = w.paragraph("3. Thành phần: Chủ tịch hoặc Phó Chủ tịch Ủy ban nhân dân xã; công chức Văn phòng - "
                        + "Thống kê, Tư pháp - Hộ tịch, Địa chính - Xây dựng và các bộ phận có liên quan.", 12, y);
                y = w.paragraph("4. Công dân đến phản ánh, kiến nghị mang theo giấy tờ tùy thân và các tài liệu liên "
                        + "quan (nếu có); không tiếp các trường hợp say rượu, bia hoặc gây mất trật tự.", 12, y);
                w.paragraph("Đề nghị Trưởng các thôn thông báo rộng rãi nội dung này đến Nhân dân trên địa bàn để "
                        + "biết và thực hiện./.", 12, y);

                // Recipients (left) and the signature block (right); the signature goes above the name.
                w.left("Nơi nhận:", 10, LEFT, 300);
                w.left("- Như trên;", 9, LEFT, 286);
                w.left("- Đảng ủy, HĐND xã (để báo cáo);", 9, LEFT, 274);
                w.left("- Chủ tịch, các PCT UBND xã;", 9, LEFT, 262);
                w.left("- Lưu: VT, VP.", 9, LEFT, 250);
                float centre = SIGNATURE_RECT[0] + SIGNATURE_RECT[2] / 2;
                w.centred("TM. ỦY BAN NHÂN DÂN", 11, centre, 300);
                w.centred("CHỦ TỊCH", 11, centre, 285);
                w.centred("Nguyễn Văn An", 12, centre, SIGNATURE_RECT[1] - 18);

                w.centred("VĂN BẢN MẪU - chỉ dùng để thử chữ ký số với KySo, không có giá trị pháp lý.", 8,
                        (LEFT + RIGHT) / 2, 40);
            }
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle("Công văn mẫu: tổ chức tiếp công dân định kỳ năm 2026");
            info.setAuthor("UBND xã Đại An (mẫu)");
            info.setSubject("Văn bản mẫu để thử chữ ký số PAdES");
            info.setCreator("KySo examples: org.kyso.examples.samples.CongVanMau");
            Calendar fixed = new GregorianCalendar(TimeZone.getTimeZone("Asia/Ho_Chi_Minh"));
            fixed.clear();
            fixed.set(2025, Calendar.NOVEMBER, 20, 8, 0, 0);
            info.setCreationDate(fixed);
            info.setModificationDate(fixed);
            document.getDocumentCatalog().setLanguage("vi-VN");
            // A fixed file identifier, so that the same code writes the same bytes.
            COSArray id = new COSArray();
            COSString fixedId = new COSString("KySo cong-van-mau".getBytes(StandardCharsets.US_ASCII));
            id.add(fixedId);
            id.add(fixedId);
            document.getDocument().getTrailer().setItem(COSName.ID, id);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    /** Text placement helpers over one content stream. */
    private static final class Writer {
        private final PDPageContentStream stream;
        private final PDFont font;

        Writer(PDPageContentStream stream, PDFont font) {
            this.stream = stream;
            this.font = font;
        }

        void left(String text, float size, float x, float y) throws IOException {
            stream.beginText();
            stream.setFont(font, size);
            stream.newLineAtOffset(x, y);
            stream.showText(text);
            stream.endText();
        }

        void centred(String text, float size, float centre, float y) throws IOException {
            left(text, size, centre - width(text, size) / 2, y);
        }

        void rule(float from, float to, float y) throws IOException {
            stream.setLineWidth(0.6f);
            stream.moveTo(from, y);
            stream.lineTo(to, y);
            stream.stroke();
        }

        /** A justified paragraph with a first-line indent; returns the y below it. */
        float paragraph(String text, float size, float y) throws IOException {
            float leading = size * 1.45f;
            float indent = 28;
            List<List<String>> lines = new ArrayList<>();
            List<String> line = new ArrayList<>();
            float available = RIGHT - LEFT - indent;
            for (String word : text.split(" ")) {
                List<String> candidate = new ArrayList<>(line);
                candidate.add(word);
                if (!line.isEmpty() && width(String.join(" ", candidate), size) > available) {
                    lines.add(line);
                    line = new ArrayList<>();
                    line.add(word);
                    available = RIGHT - LEFT;
                } else {
                    line = candidate;
                }
            }
            lines.add(line);
            for (int i = 0; i < lines.size(); i++) {
                List<String> words = lines.get(i);
                float x = i == 0 ? LEFT + indent : LEFT;
                float room = RIGHT - x;
                boolean last = i == lines.size() - 1;
                if (last || words.size() == 1) {
                    left(String.join(" ", words), size, x, y);
                } else {
                    float wordsWidth = 0;
                    for (String word : words) {
                        wordsWidth += width(word, size);
                    }
                    float gap = (room - wordsWidth) / (words.size() - 1);
                    for (String word : words) {
                        left(word, size, x, y);
                        x += width(word, size) + gap;
                    }
                }
                y -= leading;
            }
            return y - size * 0.4f;
        }

        float width(String text, float size) throws IOException {
            return font.getStringWidth(text) / 1000 * size;
        }
    }
}
