package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.validation.reports.Reports;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;

import org.kyso.core.ValidationReport;
import org.kyso.testkit.ExternalTools;

/** Checks and inputs shared by the certification, extension and two-step tests. */
final class PdfChecks {

    private PdfChecks() {
    }

    /**
     * pdfsig lists {@code signatures} signatures (document timestamps excluded: poppler does not
     * verify them) and says "Signature is Valid" for each of them.
     */
    static String assertPdfsigAccepts(Path pdf, int signatures) {
        ExternalTools.require("pdfsig");
        ExternalTools.Result result = ExternalTools.run(Duration.ofSeconds(60), "pdfsig", "-nocert", pdf.toString());
        String out = result.stdout();
        assertThat(out.split("Signature Validation: Signature is Valid", -1)).as("pdfsig output for %s:%n%s", pdf, out)
                .hasSize(signatures + 1);
        assertThat(out).as("pdfsig output for %s", pdf).doesNotContain("Signature is Invalid")
                .doesNotContain("Digest Mismatch").doesNotContain("Unknown Validation Failure");
        return out;
    }

    static String describe(ValidationReport report) {
        return report.summary(Locale.ENGLISH) + System.lineSeparator() + report.toJson(Locale.ENGLISH);
    }

    /** DSS's diagnostic view of the signature with {@code id}. */
    static SignatureWrapper dss(ValidationReport report, String id) {
        Reports reports = (Reports) report.dssReports().orElseThrow();
        return reports.getDiagnosticData().getSignatureById(id);
    }

    /** A one-page PDF with two visible text fields, "so_tien" and "ghi_chu". */
    static Path formPdf(Path folder, String name) throws IOException {
        return formPdf(folder, name, false);
    }

    /** A one-page PDF with two text fields, "so_tien" (hidden if asked: no visual trace) and "ghi_chu". */
    static Path formPdf(Path folder, String name, boolean hiddenAmount) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            PDAcroForm form = new PDAcroForm(document);
            document.getDocumentCatalog().setAcroForm(form);
            PDResources resources = new PDResources();
            resources.put(org.apache.pdfbox.cos.COSName.getPDFName("Helv"),
                    new PDType1Font(Standard14Fonts.FontName.HELVETICA));
            form.setDefaultResources(resources);
            form.setDefaultAppearance("/Helv 10 Tf 0 g");
            float y = 700;
            for (String fieldName : new String[] {"so_tien", "ghi_chu"}) {
                PDTextField field = new PDTextField(form);
                field.setPartialName(fieldName);
                PDAnnotationWidget widget = field.getWidgets().get(0);
                widget.setRectangle(new PDRectangle(72, y, 200, 20));
                widget.setPage(page);
                widget.setPrinted(true);
                if (hiddenAmount && fieldName.equals("so_tien")) {
                    widget.setHidden(true);
                    widget.setRectangle(new PDRectangle(0, 0, 0, 0));
                }
                page.getAnnotations().add(widget);
                form.getFields().add(field);
                field.setValue("");
                y -= 40;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            Path file = folder.resolve(name);
            Files.write(file, out.toByteArray());
            return file;
        }
    }

    /** Fills a form field in a new incremental revision, as a PDF editor would. */
    static Path fillField(Path signed, Path out, String fieldName, String value) throws IOException {
        try (PDDocument document = org.apache.pdfbox.Loader.loadPDF(signed.toFile())) {
            PDAcroForm form = document.getDocumentCatalog().getAcroForm();
            form.getField(fieldName).setValue(value);
            try (var stream = Files.newOutputStream(out)) {
                document.saveIncremental(stream);
            }
        }
        return out;
    }

    /** A change to a loaded PDF, saved by {@link #edit} as a new incremental revision. */
    interface Edit {
        void apply(PDDocument document) throws Exception;
    }

    /** Loads {@code in}, lets {@code edit} change it, and saves the change to {@code out} as a new incremental revision. */
    static Path edit(Path in, Path out, Edit edit) throws Exception {
        try (PDDocument document = org.apache.pdfbox.Loader.loadPDF(in.toFile())) {
            edit.apply(document);
            try (var stream = Files.newOutputStream(out)) {
                document.saveIncremental(stream);
            }
        }
        return out;
    }

    /** Adds a sticky-note annotation to a page (0-based), marked for the next incremental save. */
    static void annotate(PDDocument document, int pageIndex) {
        PDPage page = document.getPage(pageIndex);
        PDAnnotationText note = new PDAnnotationText();
        note.setRectangle(new PDRectangle(100, 100, 20, 20));
        note.setContents("Da xem");
        note.getCOSObject().setDirect(false);
        try {
            page.getAnnotations().add(note);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        page.getCOSObject().setNeedToBeUpdated(true);
        var annots = page.getCOSObject().getCOSArray(COSName.ANNOTS);
        if (annots != null) {
            annots.setNeedToBeUpdated(true);
        }
    }
}
