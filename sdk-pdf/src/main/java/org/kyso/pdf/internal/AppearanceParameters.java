package org.kyso.pdf.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.text.Normalizer;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import eu.europa.esig.dss.enumerations.ImageScaling;
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
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;

import org.kyso.core.KysoException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.pdf.Appearance;
import org.kyso.pdf.PdfSigner;

/**
 * Turns a {@link PdfSigner}'s {@link Appearance} into DSS image parameters for one signature:
 * resolves the page and rectangle (or the existing field), fills the template, checks the font,
 * lays the appearance out and checks it against the page.
 */
public final class AppearanceParameters {

    private static final byte[] BUNDLED_FONT = bundledFont("DejaVuSans.ttf");
    private static final byte[] BUNDLED_BOLD_FONT = bundledFont("DejaVuSans-Bold.ttf");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(signer|organization|email|time|reason|location)}");

    static final String SAMPLE_TITLE = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH";
    static final String SAMPLE_NAME = "Nguyễn Văn A";

    /** Bundled-font metrics for the sample signature block {@link Decree30} places the seal against. */
    record Metrics(FontMetrics regular, FontMetrics bold) {
    }

    static final Metrics BUNDLED_METRICS_SAMPLE = sampleMetrics();

    private AppearanceParameters() {
    }

    static SignatureImageParameters image(PdfSigner signer, DSSDocument document, Path file, Date signingDate)
            throws KysoException {
        // PDF/A-1 forbids transparency: PdfaRules drops an unused alpha channel or refuses the image.
        Appearance look = PdfaRules.appearance(signer.appearance(), document, file);
        String name = file == null ? "the PDF" : file.toString();
        String fieldName = fieldName(look, signer);

        String title = look.title() == null ? null : fill(look.title(), signer, signingDate, look);
        String text = look.text() == null ? null : fill(look.text(), signer, signingDate, look);
        boolean block = look.imagePosition() == Appearance.ImagePosition.ABOVE;
        byte[] regularFont = look.font() == null ? BUNDLED_FONT : look.font();
        byte[] boldFont = look.font() == null ? BUNDLED_BOLD_FONT : regularFont;
        Metrics metrics = measure(regularFont, boldFont, text, title, block);

        try (PDDocument pdf = load(document, file)) {
            PageGeometry page;
            float[] displayed;
            boolean newField = true;
            if (fieldName != null) {
                SignatureFields.Location location = SignatureFields.find(pdf, fieldName, file);
                if (location.isInvisible()) {
                    // A hidden field: sign it, but there is nothing to draw in.
                    SignatureImageParameters invisible = new SignatureImageParameters();
                    invisible.getFieldParameters().setFieldId(fieldName);
                    return invisible;
                }
                page = location.page();
                displayed = page.toDisplayed(location.rect());
                newField = false;
            } else {
                page = page(pdf, look.page(), file);
                displayed = null;
            }

            AppearanceLayout layout = new AppearanceLayout(metrics.regular(), metrics.bold());
            float aspect = 1;
            if (look.image() != null) {
                int[] size = Images.size(look.image(), "The appearance image");
                aspect = (float) size[0] / size[1];
            }
            AppearanceLayout.Content content = new AppearanceLayout.Content(title, text, block, look.image(), aspect,
                    look.imagePosition(), look.fontSize());
            if (displayed == null) {
                if (!Float.isNaN(look.rightMargin())) {
                    // Lines wrap only where they would run past a half-inch left margin.
                    float[] box = layout.sizeToText(content, page.width() - look.rightMargin() - 36);
                    displayed = new float[] {page.width() - look.rightMargin() - box[0],
                            page.height() - look.topMargin() - box[1], box[0], box[1]};
                } else {
                    displayed = new float[] {look.x(), look.y(), look.width(), look.height()};
                }
                checkInsidePage(displayed, page, file, name);
            }
            AppearanceLayout.Laid laid = layout.inBox(content, displayed[2], displayed[3]);
            float[] rect = page.toUser(displayed[0], displayed[1], displayed[2], displayed[3]);
            if (newField && !look.overlapAllowed()) {
                checkNoOverlap(pdf, page, rect, file, name);
            }
            AppearancePlan plan = new AppearancePlan(page.number(), rect, displayed[2], displayed[3], page.rotation(),
                    laid.runs(), laid.picture(), regularFont, boldFont, newField && !look.overlapAllowed());
            return dssParameters(plan, page, displayed, fieldName, text, title, look, regularFont, laid.size());
        } catch (IOException e) {
            throw new MalformedDocumentException(file, "Cannot read " + name + " as a PDF: " + e.getMessage(), e);
        }
    }

    private static String fieldName(Appearance look, PdfSigner signer) {
        String fromLook = look.field();
        String fromSigner = signer.fieldName();
        if (fromLook != null && fromSigner != null && !fromLook.equals(fromSigner)) {
            throw new IllegalArgumentException("The appearance fills field '" + fromLook + "' but the signer names field '"
                    + fromSigner + "': name one field");
        }
        return fromLook != null ? fromLook : fromSigner;
    }

    /** Metrics of everything to be drawn; a missing glyph is an error that names the characters. */
    private static Metrics measure(byte[] regularFont, byte[] boldFont, String text, String title, boolean block) {
        String regularText = text == null ? "" : text;
        String boldText = (title == null ? "" : title) + (block && text != null ? text : "");
        Set<String> missing = new LinkedHashSet<>();
        FontMetrics regular;
        FontMetrics bold;
        try {
            regular = FontMetrics.of(regularFont, regularText);
            bold = regularFont == boldFont ? FontMetrics.of(regularFont, regularText + boldText)
                    : FontMetrics.of(boldFont, boldText);
        } catch (IOException e) {
            throw new IllegalArgumentException("The appearance font cannot be read as TrueType/OpenType: " + e.getMessage(), e);
        }
        missing.addAll(regular.missing());
        missing.addAll(bold.missing());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("The appearance font has no glyph for " + String.join(" ", missing)
                    + ": use a font that covers these characters (the bundled DejaVu Sans covers Vietnamese)");
        }
        return new Metrics(regular, bold);
    }

    /**
     * Characters of {@code text} (drawn regular) and {@code boldText} that the font, or the bundled
     * DejaVu Sans when {@code font} is null, cannot draw.
     */
    public static Set<String> missingCharacters(byte[] font, String text, String boldText) throws IOException {
        Set<String> missing = new LinkedHashSet<>(FontCheck.missingCharacters(font == null ? BUNDLED_FONT : font, text));
        missing.addAll(FontCheck.missingCharacters(font == null ? BUNDLED_BOLD_FONT : font, boldText));
        return missing;
    }

    private static SignatureImageParameters dssParameters(AppearancePlan plan, PageGeometry page, float[] displayed,
            String fieldName, String text, String title, Appearance look, byte[] font, float size) {
        KysoImageParameters image = new KysoImageParameters(plan);
        SignatureFieldParameters field = new SignatureFieldParameters();
        field.setPage(page.number());
        // DSS measures from the top-left corner; KySo (like PDF itself) from the bottom-left.
        field.setOriginX(displayed[0]);
        field.setOriginY(page.height() - displayed[1] - displayed[3]);
        field.setWidth(displayed[2]);
        field.setHeight(displayed[3]);
        if (fieldName != null) {
            field.setFieldId(fieldName);
        }
        image.setFieldParameters(field);
        // The same appearance in DSS's terms, for DSS's own drawer should it ever be the one used.
        if (look.image() != null) {
            image.setImage(new InMemoryDocument(look.image(),
                    Images.isJpeg(look.image()) ? "appearance-image.jpg" : "appearance-image.png"));
            image.setImageScaling(ImageScaling.ZOOM_AND_CENTER);
        }
        String all = String.join("\n", title == null ? "" : title, text == null ? "" : text).strip();
        if (!all.isEmpty()) {
            SignatureImageTextParameters textParameters = new SignatureImageTextParameters();
            DSSFileFont dssFont = new DSSFileFont(new InMemoryDocument(font, "font.ttf"));
            dssFont.setEmbedFontSubset(true);
            dssFont.setSize(Math.max(1, Math.round(size)));
            textParameters.setFont(dssFont);
            textParameters.setText(all);
            textParameters.setTextWrapping(TextWrapping.FILL_BOX_AND_LINEBREAK);
            textParameters.setPadding(AppearanceLayout.PADDING);
            if (look.image() != null) {
                textParameters.setSignerTextPosition(switch (look.imagePosition()) {
                    case LEFT -> SignerTextPosition.RIGHT;
                    case RIGHT -> SignerTextPosition.LEFT;
                    case ABOVE -> SignerTextPosition.BOTTOM;
                });
            }
            image.setTextParameters(textParameters);
        }
        return image;
    }

    /** Fills the placeholders of a text template from the certificate and the signing settings (NFC). */
    public static String fill(String template, PdfSigner signer, Date signingDate, Appearance look) {
        X509Certificate cert = signer.key().certificate();
        String time = DateTimeFormatter.ofPattern(look.timeFormat())
                .format(ZonedDateTime.ofInstant(signingDate.toInstant(), look.zone()));
        Map<String, String> values = Map.of(
                "signer", attribute(cert, "CN"),
                "organization", attribute(cert, "O"),
                "email", email(cert),
                "time", time,
                "reason", signer.reason() == null ? "" : signer.reason(),
                "location", signer.location() == null ? "" : signer.location());
        // One pass: a value that happens to contain "{time}" is not filled again.
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(out);
        return Normalizer.normalize(out.toString(), Normalizer.Form.NFC);
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

    private static PDDocument load(DSSDocument document, Path file) throws IOException {
        return file != null
                ? Loader.loadPDF(new RandomAccessReadBufferedFile(file.toFile()))
                : Loader.loadPDF(new RandomAccessReadBuffer(document.openStream()));
    }

    private static PageGeometry page(PDDocument pdf, int requested, Path file) throws MalformedDocumentException {
        int count = pdf.getNumberOfPages();
        int number = requested < 0 ? count + 1 + requested : requested;
        if (number < 1 || number > count) {
            throw new MalformedDocumentException(file, "Page " + requested + " does not exist: "
                    + (file == null ? "the PDF" : file.toString()) + " has " + count + " page(s)", null);
        }
        return PageGeometry.of(number, pdf.getPage(number - 1));
    }

    private static void checkInsidePage(float[] r, PageGeometry page, Path file, String name)
            throws MalformedDocumentException {
        float slack = 0.5f;
        if (r[0] < -slack || r[1] < -slack || r[0] + r[2] > page.width() + slack || r[1] + r[3] > page.height() + slack) {
            throw new MalformedDocumentException(file, "The signature rectangle (x=" + r[0] + ", y=" + r[1] + ", width="
                    + r[2] + ", height=" + r[3] + ") does not fit on page " + page.number() + " of " + name + " ("
                    + page.width() + " x " + page.height() + " pt)", null);
        }
    }

    /** DSS refuses overlapping boxes too, but without saying with what or what to do. */
    private static void checkNoOverlap(PDDocument pdf, PageGeometry page, float[] rect, Path file, String name)
            throws IOException, MalformedDocumentException {
        for (PDAnnotation annotation : pdf.getPage(page.number() - 1).getAnnotations()) {
            PDRectangle other = annotation.getRectangle();
            if (other == null || other.getWidth() <= 0 || other.getHeight() <= 0) {
                continue;
            }
            boolean overlaps = rect[0] < other.getUpperRightX() && other.getLowerLeftX() < rect[2]
                    && rect[1] < other.getUpperRightY() && other.getLowerLeftY() < rect[3];
            if (!overlaps) {
                continue;
            }
            String what = "an existing annotation";
            if (annotation instanceof PDAnnotationWidget widget) {
                what = "an existing form field";
                var form = pdf.getDocumentCatalog().getAcroForm(null);
                if (form != null) {
                    for (var f : form.getFieldTree()) {
                        if (f.getWidgets().stream().anyMatch(w -> w.getCOSObject() == widget.getCOSObject())) {
                            boolean emptySignature = f instanceof PDSignatureField s && s.getSignature() == null;
                            what = (f instanceof PDSignatureField ? (emptySignature ? "the empty signature field '"
                                    : "the signature '") : "the form field '") + f.getFullyQualifiedName() + "'"
                                    + (emptySignature ? " (to sign in it, name that field instead of a rectangle)" : "");
                        }
                    }
                }
            }
            float[] d = page.toDisplayed(new float[] {other.getLowerLeftX(), other.getLowerLeftY(),
                    other.getUpperRightX(), other.getUpperRightY()});
            throw new MalformedDocumentException(file, "The signature rectangle on page " + page.number() + " of " + name
                    + " overlaps " + what + " at x=" + d[0] + ", y=" + d[1] + ", width=" + d[2] + ", height=" + d[3]
                    + ": choose another rectangle, or allow the overlap (Appearance.Builder.allowOverlap)", null);
        }
    }

    private static Metrics sampleMetrics() {
        try {
            return new Metrics(FontMetrics.of(BUNDLED_FONT, SAMPLE_NAME), FontMetrics.of(BUNDLED_BOLD_FONT, SAMPLE_TITLE + SAMPLE_NAME));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the bundled fonts", e);
        }
    }

    private static byte[] bundledFont(String file) {
        try (var in = Appearance.class.getResourceAsStream("fonts/" + file)) {
            if (in == null) {
                throw new IllegalStateException("The bundled font " + file + " is missing from sdk-pdf");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the bundled font " + file, e);
        }
    }
}
