package org.kyso.pdf.testsupport;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Seal-like test images: a red ring and star, on a transparent or a white background. */
public final class TestImages {

    private TestImages() {
    }

    /** A PNG with an alpha channel: transparent outside the red seal, as scanned seals usually are. */
    public static byte[] transparentPng() {
        return encode(seal(BufferedImage.TYPE_INT_ARGB, null), "png");
    }

    /** A PNG without an alpha channel: the seal on white. */
    public static byte[] opaquePng() {
        return encode(seal(BufferedImage.TYPE_INT_RGB, Color.WHITE), "png");
    }

    /** A PNG with an alpha channel in which every pixel is opaque: the seal on white, saved as RGBA. */
    public static byte[] opaquePngWithAlphaChannel() {
        return encode(seal(BufferedImage.TYPE_INT_ARGB, Color.WHITE), "png");
    }

    /** A JPEG (never transparent): the seal on white. */
    public static byte[] jpeg() {
        return encode(seal(BufferedImage.TYPE_INT_RGB, Color.WHITE), "jpg");
    }

    private static BufferedImage seal(int type, Color background) {
        BufferedImage image = new BufferedImage(160, 160, type);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            if (background != null) {
                g.setColor(background);
                g.fillRect(0, 0, 160, 160);
            }
            g.setColor(new Color(200, 16, 46));
            g.setStroke(new BasicStroke(8));
            g.drawOval(8, 8, 144, 144);
            int[] xs = {80, 92, 126, 98, 108, 80, 52, 62, 34, 68};
            int[] ys = {34, 68, 68, 88, 122, 102, 122, 88, 68, 68};
            g.fillPolygon(xs, ys, xs.length);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
