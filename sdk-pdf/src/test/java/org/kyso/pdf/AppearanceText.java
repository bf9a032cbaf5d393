package org.kyso.pdf;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Reads back what a signature widget shows, the way a reader extracts text: PDFTextStripper run
 * over a scratch page that draws the widget's appearance stream.
 */
final class AppearanceText {

    private AppearanceText() {
    }

    /** The extractable text of every signature widget on {@code pageIndex} (0-based). */
    static String of(Path pdf, int pageIndex) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            StringBuilder text = new StringBuilder();
            for (PDAnnotation annotation : document.getPage(pageIndex).getAnnotations()) {
                if (annotation instanceof PDAnnotationWidget widget && widget.getNormalAppearanceStream() != null) {
                    text.append(render(document, widget.getNormalAppearanceStream()));
                }
            }
            return text.toString();
        }
    }

    /** Names of the fonts the widgets' appearances use, recursively through form XObjects. */
    static java.util.List<PDFont> fonts(Path pdf, int pageIndex) throws IOException {
        java.util.List<PDFont> fonts = new java.util.ArrayList<>();
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            for (PDAnnotation annotation : document.getPage(pageIndex).getAnnotations()) {
                if (annotation instanceof PDAnnotationWidget widget && widget.getNormalAppearanceStream() != null) {
                    collectFonts(widget.getNormalAppearanceStream().getResources(), fonts, 0);
                }
            }
        }
        return fonts;
    }

    private static void collectFonts(PDResources resources, java.util.List<PDFont> fonts, int depth) throws IOException {
        if (resources == null || depth > 8) {
            return;
        }
        for (COSName name : resources.getFontNames()) {
            fonts.add(resources.getFont(name));
        }
        for (COSName name : resources.getXObjectNames()) {
            PDXObject x = resources.getXObject(name);
            if (x instanceof PDFormXObject form) {
                collectFonts(form.getResources(), fonts, depth + 1);
            }
        }
    }

    private static String render(PDDocument document, PDFormXObject appearance) throws IOException {
        PDPage scratch = new PDPage(new PDRectangle(2000, 2000));
        document.addPage(scratch);
        try (PDPageContentStream content = new PDPageContentStream(document, scratch)) {
            content.drawForm(appearance);
        }
        PDFTextStripper stripper = new PDFTextStripper();
        int index = document.getNumberOfPages();
        stripper.setStartPage(index);
        stripper.setEndPage(index);
        return stripper.getText(document);
    }
}
