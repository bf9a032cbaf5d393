package org.kyso.pdf.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import eu.europa.esig.dss.model.DSSDocument;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import org.kyso.core.KysoException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.pdf.Appearance;

/**
 * Keeps visible signatures within PDF/A (ISO 19005). Signatures and their text appearances keep
 * PDF/A-1b, -2b and -3b documents conformant as they are (veraPDF checks this in
 * {@code PdfaConformanceTest}); an appearance image with an alpha channel or a transparent colour
 * does not: PDFBox gives it a soft mask (/SMask), which PDF/A-1 forbids (ISO 19005-1, 6.4;
 * veraPDF rule 6.4-2). So, for a document that claims PDF/A-1 in its XMP metadata:
 * <ul>
 *   <li>a PNG whose every pixel is opaque (an alpha channel that is not used) is re-encoded without
 *       the alpha channel, which changes nothing the reader sees;</li>
 *   <li>a PNG with any transparent or translucent pixel is refused with an
 *       {@link IllegalArgumentException} before anything is signed. Flattening it onto white would
 *       sign a picture other than the one asked for (a white box where the seal should let the page
 *       show through), so the choice is left to the caller: a JPEG, a PNG without transparency, or a
 *       PDF/A-2 or later version of the document, where transparency is allowed.</li>
 * </ul>
 * JPEGs and documents that are not PDF/A-1 pass unchanged.
 */
public final class PdfaRules {

    private static final String PDFAID_NAMESPACE = "http://www.aiim.org/pdfa/ns/id/";

    private PdfaRules() {
    }

    /**
     * The appearance to draw into {@code document}: {@code look} itself, or for PDF/A-1 a copy whose
     * image has no unused alpha channel. See {@link #appearanceImage}.
     *
     * @throws IllegalArgumentException the document is PDF/A-1 and the image has transparent pixels
     * @throws MalformedDocumentException the document cannot be read as a PDF
     */
    public static Appearance appearance(Appearance look, DSSDocument document, Path file) throws KysoException {
        byte[] image = look == null ? null : look.image();
        if (image == null) {
            return look;
        }
        byte[] drawn = appearanceImage(image, document, file);
        return drawn == image ? look : look.toBuilder().image(drawn).build();
    }

    /**
     * The appearance image to draw into {@code document}: {@code image} itself, or for PDF/A-1 the
     * same picture without an unused alpha channel.
     *
     * @throws IllegalArgumentException the document is PDF/A-1 and the image has transparent pixels
     * @throws MalformedDocumentException the document cannot be read as a PDF
     */
    public static byte[] appearanceImage(byte[] image, DSSDocument document, Path file) throws KysoException {
        if (!isPng(image)) {
            return image;
        }
        BufferedImage picture = read(image);
        if (picture == null || picture.getColorModel().getTransparency() == Transparency.OPAQUE) {
            return image;
        }
        if (part(document, file) != 1) {
            return image;
        }
        if (hasTransparentPixel(picture)) {
            String name = file == null ? "The PDF" : file.toString();
            throw new IllegalArgumentException(name + " is PDF/A-1, which forbids transparency (ISO 19005-1, 6.4),"
                    + " and the appearance image has transparent pixels: use a JPEG or a PNG without transparency"
                    + " (no alpha channel), or sign a PDF/A-2 or later version of the document");
        }
        return withoutAlpha(picture);
    }

    /** The PDF/A part (1, 2, 3, 4) the document claims in its XMP metadata, or 0 when it claims none. */
    public static int part(DSSDocument document, Path file) throws KysoException {
        try (PDDocument pdf = file != null
                ? Loader.loadPDF(new RandomAccessReadBufferedFile(file.toFile()))
                : Loader.loadPDF(new RandomAccessReadBuffer(document.openStream()))) {
            return part(pdf);
        } catch (IOException e) {
            throw new MalformedDocumentException(file, "Cannot read " + (file == null ? "the PDF" : file.toString())
                    + " as a PDF: " + e.getMessage(), e);
        }
    }

    /** The PDF/A part the document claims, or 0; unreadable metadata claims nothing. */
    static int part(PDDocument pdf) {
        PDMetadata metadata = pdf.getDocumentCatalog().getMetadata();
        if (metadata == null) {
            return 0;
        }
        try (InputStream in = metadata.exportXMPMetadata()) {
            return part(in.readAllBytes());
        } catch (IOException e) {
            return 0;
        }
    }

    /** pdfaid:part from an XMP packet, as an element or as an attribute of rdf:Description. */
    static int part(byte[] xmp) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            Element root = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xmp)).getDocumentElement();
            NodeList elements = root.getElementsByTagNameNS(PDFAID_NAMESPACE, "part");
            if (elements.getLength() > 0) {
                return number(elements.item(0).getTextContent());
            }
            NodeList all = root.getElementsByTagNameNS("*", "*");
            for (int i = 0; i < all.getLength(); i++) {
                NamedNodeMap attributes = all.item(i).getAttributes();
                Node attribute = attributes == null ? null : attributes.getNamedItemNS(PDFAID_NAMESPACE, "part");
                if (attribute instanceof Attr a) {
                    return number(a.getValue());
                }
            }
            return 0;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return 0;
        }
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isPng(byte[] b) {
        return b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    private static BufferedImage read(byte[] image) {
        try {
            return ImageIO.read(new ByteArrayInputStream(image));
        } catch (IOException e) {
            // Not ours to report: the appearance code refuses unreadable images with its own message.
            return null;
        }
    }

    private static boolean hasTransparentPixel(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) >>> 24) != 0xff) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] withoutAlpha(BufferedImage image) {
        BufferedImage opaque = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = opaque.createGraphics();
        try {
            g.drawImage(image, 0, 0, Color.WHITE, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(opaque, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot re-encode the appearance image as PNG", e);
        }
        return out.toByteArray();
    }
}
