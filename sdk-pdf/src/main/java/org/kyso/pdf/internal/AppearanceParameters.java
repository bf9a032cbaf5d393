package org.kyso.pdf.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Set;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import eu.europa.esig.dss.enumerations.SignerTextPosition;
import eu.europa.esig.dss.enumerations.TextWrapping;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.DSSFileFont;
import eu.europa.esig.dss.pades.SignatureFieldParameters;
import eu.europa.esig.dss.pades.SignatureImageParameters;
import eu.europa.esig.dss.pades.SignatureImageTextParameters;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

import org.kyso.core.KysoException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.pdf.Appearance;
import org.kyso.pdf.PdfSigner;

/** Turns a {@link PdfSigner}'s {@link Appearance} into DSS image parameters for one signature. */
public final class AppearanceParameters {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss xxx");
    private static final byte[] BUNDLED_FONT = bundledFont();

    private AppearanceParameters() {
    }

    static SignatureImageParameters image(PdfSigner signer, DSSDocument document, Path file, Date signingDate)
            throws KysoException {
        Appearance look = signer.appearance();
        String name = file == null ? "the PDF" : file.toString();
        SignatureImageParameters image = new SignatureImageParameters();
        SignatureFieldParameters field = new SignatureFieldParameters();
        float[] page = pageGeometry(document, file, look.page());
        int pageNumber = (int) page[0];
        float pageHeight = page[1];
        if (look.y() + look.height() > pageHeight + 0.5f) {
            throw new IllegalArgumentException("The signature rectangle (y=" + look.y() + ", height=" + look.height()
                    + ") does not fit on page " + pageNumber + " of " + name + " (height " + pageHeight + ")");
        }
        field.setPage(pageNumber);
        field.setOriginX(look.x());
        // DSS measures from the top-left corner; KySo (like PDF itself) from the bottom-left.
        field.setOriginY(pageHeight - look.y() - look.height());
        field.setWidth(look.width());
        field.setHeight(look.height());
        image.setFieldParameters(field);
        if (look.image() != null) {
            image.setImage(new InMemoryDocument(look.image(), "appearance-image"));
        }
        String text = look.text() == null ? null : fill(look.text(), signer, signingDate, look);
        if (text != null && !text.isBlank()) {
            byte[] fontBytes = look.font() == null ? BUNDLED_FONT : look.font();
            Set<String> missing;
            try {
                missing = FontCheck.missingCharacters(fontBytes, text);
            } catch (IOException e) {
                throw new IllegalArgumentException("The appearance font cannot be read as TrueType/OpenType: " + e.getMessage(), e);
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("The appearance font has no glyph for " + String.join(" ", missing)
                        + ": use a font that covers these characters (the bundled DejaVu Sans covers Vietnamese)");
            }
            SignatureImageTextParameters textParameters = new SignatureImageTextParameters();
            DSSFileFont font = new DSSFileFont(new InMemoryDocument(fontBytes, "font.ttf"));
            font.setEmbedFontSubset(true);
            textParameters.setFont(font);
            textParameters.setText(text);
            textParameters.setTextWrapping(TextWrapping.FILL_BOX_AND_LINEBREAK);
            textParameters.setPadding(3);
            if (look.image() != null) {
                textParameters.setSignerTextPosition(SignerTextPosition.RIGHT);
            }
            image.setTextParameters(textParameters);
        }
        return image;
    }

    /** Fills the placeholders of a text template from the certificate and the signing settings. */
    public static String fill(String template, PdfSigner signer, Date signingDate, Appearance look) {
        X509Certificate cert = signer.key().certificate();
        String time = TIME.format(ZonedDateTime.ofInstant(signingDate.toInstant(), look.zone()));
        return template
                .replace("{signer}", attribute(cert, "CN"))
                .replace("{organization}", attribute(cert, "O"))
                .replace("{email}", email(cert))
                .replace("{time}", time)
                .replace("{reason}", signer.reason() == null ? "" : signer.reason())
                .replace("{location}", signer.location() == null ? "" : signer.location());
    }

    static String attribute(X509Certificate cert, String type) {
        try {
            LdapName name = new LdapName(cert.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253));
            for (Rdn rdn : name.getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return "";
        }
        return "";
    }

    private static String email(X509Certificate cert) {
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(1).equals(san.get(0))) {
                        return String.valueOf(san.get(1));
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return "";
        }
        String fromSubject = attribute(cert, "1.2.840.113549.1.9.1");
        return fromSubject.startsWith("#") ? "" : fromSubject;
    }

    /** Returns {page number (1-based, resolved), page height} of the requested page. */
    private static float[] pageGeometry(DSSDocument document, Path file, int requested) throws KysoException {
        try (PDDocument pdf = file != null
                ? Loader.loadPDF(new RandomAccessReadBufferedFile(file.toFile()))
                : Loader.loadPDF(new RandomAccessReadBuffer(document.openStream()))) {
            int count = pdf.getNumberOfPages();
            int number = requested < 0 ? count + 1 + requested : requested;
            if (number < 1 || number > count) {
                throw new IllegalArgumentException("Page " + requested + " does not exist: "
                        + (file == null ? "the PDF" : file.toString()) + " has " + count + " page(s)");
            }
            PDPage page = pdf.getPage(number - 1);
            PDRectangle box = page.getCropBox();
            return new float[] {number, box.getHeight()};
        } catch (IOException e) {
            throw new MalformedDocumentException(file, "Cannot read " + (file == null ? "the PDF" : file.toString())
                    + " as a PDF: " + e.getMessage(), e);
        }
    }

    private static byte[] bundledFont() {
        try (var in = Appearance.class.getResourceAsStream("fonts/DejaVuSans.ttf")) {
            if (in == null) {
                throw new IllegalStateException("The bundled font DejaVuSans.ttf is missing from sdk-pdf");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the bundled font", e);
        }
    }
}
