package org.kyso.pdf.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;

import org.kyso.core.MalformedDocumentException;

/** Finds an existing empty signature field and where its widget sits. */
final class SignatureFields {

    /**
     * Where a field's (first) widget is.
     *
     * @param page the page holding the widget
     * @param rect the widget rectangle in user space (llx, lly, urx, ury)
     */
    record Location(PageGeometry page, float[] rect) {
        boolean isInvisible() {
            return rect[2] - rect[0] <= 0 || rect[3] - rect[1] <= 0;
        }
    }

    private SignatureFields() {
    }

    /**
     * The widget location of the empty signature field {@code name}.
     *
     * @throws MalformedDocumentException if there is no such field, it is not a signature field, is
     *     already signed or has no widget on a page; the message lists the empty signature fields
     */
    static Location find(PDDocument pdf, String name, Path file) throws MalformedDocumentException {
        String where = file == null ? "the PDF" : file.toString();
        PDAcroForm form = pdf.getDocumentCatalog().getAcroForm(null);
        PDField field = form == null ? null : form.getField(name);
        if (field == null) {
            throw new MalformedDocumentException(file, where + " has no signature field named '" + name + "'; "
                    + emptyFieldsSentence(pdf), null);
        }
        if (!(field instanceof PDSignatureField signatureField)) {
            throw new MalformedDocumentException(file, "Field '" + name + "' of " + where + " is a "
                    + kind(field) + " field, not a signature field; " + emptyFieldsSentence(pdf), null);
        }
        if (signatureField.getSignature() != null) {
            throw new MalformedDocumentException(file, "Signature field '" + name + "' of " + where
                    + " is already signed; " + emptyFieldsSentence(pdf), null);
        }
        List<PDAnnotationWidget> widgets = signatureField.getWidgets();
        if (widgets.isEmpty()) {
            throw new MalformedDocumentException(file, "Signature field '" + name + "' of " + where + " has no widget", null);
        }
        PDAnnotationWidget widget = widgets.get(0);
        int pageNumber = pageOf(pdf, widget);
        if (pageNumber < 1) {
            throw new MalformedDocumentException(file, "Signature field '" + name + "' of " + where
                    + " is not placed on any page", null);
        }
        PDRectangle r = widget.getRectangle();
        float[] rect = r == null ? new float[4]
                : new float[] {r.getLowerLeftX(), r.getLowerLeftY(), r.getUpperRightX(), r.getUpperRightY()};
        return new Location(PageGeometry.of(pageNumber, pdf.getPage(pageNumber - 1)), rect);
    }

    /** "its empty signature fields are: A (page 1), B (page 2)" or "it has no empty signature field". */
    static String emptyFieldsSentence(PDDocument pdf) {
        List<String> empty = new ArrayList<>();
        PDAcroForm form = pdf.getDocumentCatalog().getAcroForm(null);
        if (form != null) {
            for (PDField field : form.getFieldTree()) {
                if (field instanceof PDSignatureField sig && sig.getSignature() == null) {
                    int page = sig.getWidgets().isEmpty() ? -1 : pageOf(pdf, sig.getWidgets().get(0));
                    empty.add("'" + sig.getFullyQualifiedName() + "'" + (page > 0 ? " (page " + page + ")" : ""));
                }
            }
        }
        return empty.isEmpty() ? "it has no empty signature field"
                : "its empty signature field" + (empty.size() > 1 ? "s are: " : " is ") + String.join(", ", empty);
    }

    private static String kind(PDField field) {
        return switch (String.valueOf(field.getFieldType())) {
            case "Tx" -> "text";
            case "Btn" -> "button";
            case "Ch" -> "choice";
            default -> String.valueOf(field.getFieldType());
        };
    }

    private static int pageOf(PDDocument pdf, PDAnnotationWidget widget) {
        PDPage page = widget.getPage();
        if (page != null) {
            int index = pdf.getPages().indexOf(page);
            if (index >= 0) {
                return index + 1;
            }
        }
        int number = 1;
        for (PDPage candidate : pdf.getPages()) {
            try {
                for (PDAnnotation annotation : candidate.getAnnotations()) {
                    if (annotation.getCOSObject() == widget.getCOSObject()) {
                        return number;
                    }
                }
            } catch (java.io.IOException e) {
                // A page whose annotations cannot be read does not hold the widget we look for.
            }
            number++;
        }
        return -1;
    }
}
