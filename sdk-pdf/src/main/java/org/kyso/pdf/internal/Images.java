package org.kyso.pdf.internal;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks appearance images and composes the Decree 30/2020/ND-CP seal-over-signature picture with
 * Java2D.
 */
public final class Images {

    /** Alpha at or below this counts as background when trimming transparent margins. */
    private static final int TRANSPARENT = 8;
    /** A seal is about 0.8 of a handwritten signature's width (36 mm over some 45 mm on paper). */
    private static final double SEAL_TO_SIGNATURE_WIDTH = 0.8;
    /** Upper bound on the composed image's longer side, in pixels. */
    private static final int MAX_SIDE = 2400;

    private Images() {
    }

    /**
     * Width and height in pixels of a PNG or JPEG, read from its header.
     *
     * @throws IllegalArgumentException if the bytes are neither a readable PNG nor a JPEG
     */
    public static int[] size(byte[] image, String what) {
        if (!isPng(image) && !isJpeg(image)) {
            throw new IllegalArgumentException(what + " is neither a PNG nor a JPEG image");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IllegalArgumentException(what + " cannot be read as an image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new IllegalArgumentException(what + " has no pixels");
                }
                return new int[] {w, h};
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be read as an image: " + e.getMessage(), e);
        }
    }

    static boolean isPng(byte[] b) {
        return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    static boolean isJpeg(byte[] b) {
        return b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff;
    }

    /**
     * The organisation's seal over the left third of the signer's handwritten signature, as Decree
     * 30/2020/ND-CP (Appendix I) places them, composed into one transparent PNG. Transparent margins
     * of both images are trimmed first so that "a third" means a third of the visible signature.
     */
    public static byte[] sealOverSignature(byte[] seal, byte[] signature) {
        BufferedImage sealImage = trim(read(seal, "The seal image"));
        BufferedImage signatureImage = trim(read(signature, "The signature image"));
        double sigW = signatureImage.getWidth();
        double sigH = signatureImage.getHeight();
        // Work in signature pixels: the seal's larger side is 0.8 of the signature's width.
        double sealScale = SEAL_TO_SIGNATURE_WIDTH * sigW / Math.max(sealImage.getWidth(), sealImage.getHeight());
        double sealW = sealImage.getWidth() * sealScale;
        double sealH = sealImage.getHeight() * sealScale;
        // The seal's right edge lies a third of the way into the signature.
        double sealX = sigW / 3 - sealW;
        double width = sigW - sealX;
        double height = Math.max(sigH, sealH);
        // Keep the seal at its own resolution where possible, within a sane canvas.
        double k = Math.max(1, 1 / sealScale);
        k = Math.min(k, MAX_SIDE / Math.max(width, height));
        int canvasW = (int) Math.ceil(width * k);
        int canvasH = (int) Math.ceil(height * k);
        BufferedImage canvas = new BufferedImage(canvasW, canvasH, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.drawImage(signatureImage, (int) Math.round(-sealX * k), (int) Math.round((height - sigH) / 2 * k),
                    (int) Math.round(sigW * k), (int) Math.round(sigH * k), null);
            // The seal is stamped over the signature, as on paper.
            g.drawImage(sealImage, 0, (int) Math.round((height - sealH) / 2 * k),
                    (int) Math.round(sealW * k), (int) Math.round(sealH * k), null);
        } finally {
            g.dispose();
        }
        return png(canvas);
    }

    private static BufferedImage read(byte[] bytes, String what) {
        size(bytes, what);
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalArgumentException(what + " cannot be decoded");
            }
            return image;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    /** The image without its fully transparent margins (an opaque image is returned as is). */
    static BufferedImage trim(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int minX = w;
        int minY = h;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if ((image.getRGB(x, y) >>> 24) > TRANSPARENT) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxX < 0) {
            throw new IllegalArgumentException("The image is fully transparent");
        }
        return image.getSubimage(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("No PNG writer in this JDK");
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode the composed image", e);
        }
    }
}
