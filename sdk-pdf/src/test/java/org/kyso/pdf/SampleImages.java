package org.kyso.pdf;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * Draws KySo's own sample images, both fictitious and marked "MẪU" (sample): a red round seal of
 * "Ủy ban nhân dân xã Đại Đồng" and a blue handwritten-looking signature, on transparent
 * backgrounds as Decree 30/2020/ND-CP asks. The PNGs in {@code src/test/resources/org/kyso/pdf/samples}
 * were made by {@code main}; run it again to change them.
 */
final class SampleImages {

    static final String SEAL = "/org/kyso/pdf/samples/mau-con-dau.png";
    static final String SIGNATURE = "/org/kyso/pdf/samples/mau-chu-ky.png";

    private static final Color SEAL_RED = new Color(206, 17, 38, 235);
    private static final Color INK_BLUE = new Color(16, 42, 160);

    private SampleImages() {
    }

    /** Copies a sample image from the test class path into {@code dir}. */
    static Path copy(String resource, Path dir) throws IOException {
        Path target = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        try (InputStream in = SampleImages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("Missing test resource " + resource);
            }
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "sdk-pdf/src/test/resources/org/kyso/pdf/samples");
        Files.createDirectories(dir);
        ImageIO.write(seal(), "png", dir.resolve("mau-con-dau.png").toFile());
        ImageIO.write(signature(), "png", dir.resolve("mau-chu-ky.png").toFile());
    }

    static BufferedImage seal() throws IOException, FontFormatException {
        int size = 600;
        double c = size / 2.0;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            quality(g);
            g.setColor(SEAL_RED);
            g.setStroke(new BasicStroke(16));
            g.draw(new Ellipse2D.Double(c - 284, c - 284, 568, 568));
            g.setStroke(new BasicStroke(5));
            g.draw(new Ellipse2D.Double(c - 196, c - 196, 392, 392));
            Font bold = dejaVu("DejaVuSans-Bold.ttf");
            ringText(g, "ỦY BAN NHÂN DÂN XÃ ĐẠI ĐỒNG", bold.deriveFont(50f), c, 218, 300);
            g.fill(star(c, c + 240, 22, 9));
            g.fill(star(c, c - 70, 70, 28));
            drawCentred(g, "MẪU", bold.deriveFont(96f), c, c + 90);
            drawCentred(g, "KySo", bold.deriveFont(34f), c, c + 150);
        } finally {
            g.dispose();
        }
        return image;
    }

    static BufferedImage signature() throws IOException, FontFormatException {
        BufferedImage image = new BufferedImage(800, 400, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            quality(g);
            g.setColor(INK_BLUE);
            g.setStroke(new BasicStroke(9, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            // A looping capital, a run of small waves and a long underline flourish.
            Path2D.Double pen = new Path2D.Double();
            pen.moveTo(110, 300);
            pen.curveTo(150, 120, 210, 40, 240, 70);
            pen.curveTo(270, 100, 200, 250, 170, 300);
            pen.curveTo(230, 230, 300, 170, 320, 200);
            pen.curveTo(335, 225, 300, 265, 330, 262);
            pen.curveTo(360, 258, 380, 190, 400, 200);
            pen.curveTo(420, 210, 395, 262, 425, 258);
            pen.curveTo(455, 254, 470, 180, 500, 190);
            pen.curveTo(525, 198, 500, 255, 535, 250);
            pen.curveTo(575, 244, 600, 150, 640, 120);
            g.draw(pen);
            Path2D.Double flourish = new Path2D.Double();
            flourish.moveTo(90, 330);
            flourish.curveTo(300, 300, 520, 290, 720, 250);
            g.draw(flourish);
            g.setStroke(new BasicStroke(7, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Ellipse2D.Double(395, 120, 14, 14));
            g.setFont(dejaVu("DejaVuSans-Bold.ttf").deriveFont(40f));
            g.drawString("MẪU", 640, 370);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void quality(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    /** Text around the top of a circle, centred at the top, letters standing on the circle facing out. */
    private static void ringText(Graphics2D g, String text, Font font, double c, double radius, double spanDegrees) {
        FontRenderContext frc = g.getFontRenderContext();
        int[] cps = text.codePoints().toArray();
        double[] widths = new double[cps.length];
        double total = 0;
        for (int i = 0; i < cps.length; i++) {
            widths[i] = font.getStringBounds(new String(Character.toChars(cps[i])), frc).getWidth();
            total += widths[i];
        }
        double span = Math.toRadians(spanDegrees);
        double spacing = (span * radius - total) / (cps.length - 1);
        double angle = -span / 2;
        AffineTransform saved = g.getTransform();
        g.setFont(font);
        for (int i = 0; i < cps.length; i++) {
            double mid = angle + widths[i] / 2 / radius;
            g.setTransform(saved);
            g.translate(c, c);
            g.rotate(mid);
            g.drawString(new String(Character.toChars(cps[i])), (float) (-widths[i] / 2), (float) -radius);
            angle += (widths[i] + spacing) / radius;
        }
        g.setTransform(saved);
    }

    private static void drawCentred(Graphics2D g, String text, Font font, double x, double baseline) {
        g.setFont(font);
        Rectangle2D bounds = font.getStringBounds(text, g.getFontRenderContext());
        g.drawString(text, (float) (x - bounds.getWidth() / 2), (float) baseline);
    }

    private static GeneralPath star(double cx, double cy, double outer, double inner) {
        GeneralPath star = new GeneralPath();
        for (int i = 0; i < 10; i++) {
            double r = i % 2 == 0 ? outer : inner;
            double a = -Math.PI / 2 + i * Math.PI / 5;
            double x = cx + r * Math.cos(a);
            double y = cy + r * Math.sin(a);
            if (i == 0) {
                star.moveTo(x, y);
            } else {
                star.lineTo(x, y);
            }
        }
        star.closePath();
        return star;
    }

    private static Font dejaVu(String file) throws IOException, FontFormatException {
        try (InputStream in = Appearance.class.getResourceAsStream("fonts/" + file)) {
            return Font.createFont(Font.TRUETYPE_FONT, in);
        }
    }
}
