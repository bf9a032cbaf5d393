package org.kyso.pdf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A one-page A4 official letter of a fictitious commune, laid out after Decree 30/2020/ND-CP, with
 * the signature block (title, signature, name) left for the appearance to draw: what the Decree
 * 30 presets are meant for, and what their rendered previews are judged against.
 */
final class TestLetters {

    private static final float LEFT = 85;
    private static final float RIGHT = 545;

    private TestLetters() {
    }

    static Path letter(Path file, int pages) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDFont regular = font(document, "DejaVuSans.ttf");
            PDFont bold = font(document, "DejaVuSans-Bold.ttf");
            for (int n = 1; n <= pages; n++) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream c = new PDPageContentStream(document, page)) {
                    if (n == 1) {
                        header(c, regular, bold);
                    }
                    float y = n == 1 ? 630 : 770;
                    for (String paragraph : BODY) {
                        y = paragraph(c, regular, 12, paragraph, y) - 6;
                    }
                    if (n == pages) {
                        text(c, bold, 11, "Nơi nhận:", LEFT, 200);
                        String[] to = {"- Như trên;", "- Chủ tịch, các PCT UBND xã;", "- Lưu: VT, VP."};
                        for (int i = 0; i < to.length; i++) {
                            text(c, regular, 9.5f, to[i], LEFT, 186 - i * 12);
                        }
                    }
                    centred(c, regular, 7, "VĂN BẢN MẪU - chỉ dùng để thử chữ ký số với KySo, không có giá trị pháp lý.",
                            297, 30);
                }
            }
            document.save(file.toFile());
        }
        return file;
    }

    private static void header(PDPageContentStream c, PDFont regular, PDFont bold) throws IOException {
        centred(c, regular, 11.5f, "ỦY BAN NHÂN DÂN", 185, 778);
        centred(c, bold, 11.5f, "XÃ ĐẠI ĐỒNG", 185, 763);
        line(c, 160, 756, 210);
        centred(c, bold, 11.5f, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 405, 778);
        centred(c, bold, 12, "Độc lập - Tự do - Hạnh phúc", 405, 763);
        line(c, 330, 756, 480);
        centred(c, regular, 11.5f, "Số: 123/UBND-VP", 185, 738);
        centred(c, regular, 10, "V/v tổ chức tiếp công dân", 185, 724);
        centred(c, regular, 10, "định kỳ năm 2026", 185, 712);
        c.beginText();
        c.setFont(regular, 11.5f);
        c.newLineAtOffset(300, 738);
        c.showText("Đại Đồng, ngày 20 tháng 11 năm 2026");
        c.endText();
        centred(c, regular, 12.5f, "Kính gửi: Trưởng các thôn trên địa bàn xã Đại Đồng.", 297, 672);
    }

    private static final String[] BODY = {
        "Thực hiện kế hoạch công tác năm 2026 và quy định về tiếp công dân, Ủy ban nhân dân xã Đại Đồng "
                + "thông báo lịch tiếp công dân định kỳ như sau:",
        "1. Thời gian: sáng thứ Năm hằng tuần, từ 7 giờ 30 đến 11 giờ 30 (trừ ngày lễ, Tết).",
        "2. Địa điểm: Phòng tiếp công dân, tầng 1 trụ sở Ủy ban nhân dân xã Đại Đồng.",
        "3. Thành phần: Chủ tịch hoặc Phó Chủ tịch Ủy ban nhân dân xã; công chức Văn phòng - Thống kê "
                + "và các bộ phận có liên quan.",
        "Đề nghị Trưởng các thôn thông báo rộng rãi nội dung này đến Nhân dân trên địa bàn để biết và "
                + "thực hiện./.",
    };

    /** A justified-left paragraph with a first-line indent; returns the baseline below it. */
    private static float paragraph(PDPageContentStream c, PDFont font, float size, String text, float y)
            throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        float indent = 28;
        for (String word : text.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            float width = font.getStringWidth(candidate) / 1000 * size + (lines.isEmpty() ? indent : 0);
            if (width > RIGHT - LEFT && line.length() > 0) {
                lines.add(line.toString());
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(candidate);
            }
        }
        lines.add(line.toString());
        for (int i = 0; i < lines.size(); i++) {
            text(c, font, size, lines.get(i), LEFT + (i == 0 ? indent : 0), y);
            y -= size * 1.45f;
        }
        return y;
    }

    private static void text(PDPageContentStream c, PDFont font, float size, String s, float x, float y) throws IOException {
        c.beginText();
        c.setFont(font, size);
        c.newLineAtOffset(x, y);
        c.showText(s);
        c.endText();
    }

    private static void centred(PDPageContentStream c, PDFont font, float size, String s, float centre, float y)
            throws IOException {
        text(c, font, size, s, centre - font.getStringWidth(s) / 1000 * size / 2, y);
    }

    private static void line(PDPageContentStream c, float x1, float y, float x2) throws IOException {
        c.setLineWidth(0.6f);
        c.moveTo(x1, y);
        c.lineTo(x2, y);
        c.stroke();
    }

    private static PDFont font(PDDocument document, String file) throws IOException {
        try (InputStream in = Appearance.class.getResourceAsStream("fonts/" + file)) {
            return PDType0Font.load(document, in, true);
        }
    }
}
