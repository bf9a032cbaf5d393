package org.kyso.pdf.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.enumerations.PdfObjectModificationType;
import eu.europa.esig.dss.pades.PAdESUtils;
import eu.europa.esig.dss.pades.validation.ByteRange;
import eu.europa.esig.dss.pades.validation.PdfByteRangeDocument;
import eu.europa.esig.dss.pdf.PdfCMSRevision;
import eu.europa.esig.dss.pdf.PDFServiceMode;
import eu.europa.esig.dss.pdf.PdfDocumentReader;
import eu.europa.esig.dss.pdf.PdfMemoryUsageSetting;
import eu.europa.esig.dss.pdf.modifications.PdfModificationDetection;
import eu.europa.esig.dss.pdf.modifications.PdfObjectModifications;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxDocumentReader;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.visible.nativedrawer.PdfBoxNativeSignatureDrawerFactory;
import eu.europa.esig.dss.spi.DSSUtils;

import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * DSS's PDFBox signature service, reading the revisions of a large PDF without holding them in
 * the heap. Validation (and LT/LTA extension) opens every signed revision of a document and the
 * revision before it:
 * <ul>
 *   <li>DSS reads a revision that is not a whole file into a heap buffer, 200 MB for a 200 MB
 *       scan. Here, unless the service is set to work in memory ({@code memoryFull}), a revision
 *       larger than {@value #IN_MEMORY_LIMIT} bytes is copied to a temporary file and read from
 *       there; the copy is deleted when DSS closes the reader.</li>
 *   <li>For documents of up to 10 pages DSS compares 72 dpi renderings of the signed and the final
 *       revision; PDFBox decodes each image at full resolution to draw it, and one page of a
 *       scanned dossier can be a single 70-megapixel image (270 MB decoded). Here images are
 *       subsampled to the resolution they are drawn at. Both revisions are drawn the same way, so
 *       an unchanged page still compares equal.</li>
 *   <li>DSS renders the pages of both revisions for every signature, which is most of the time it
 *       spends validating a PDF of up to 10 pages. Unless every comparison is asked for
 *       ({@code everyComparison}, as for a custom validation policy), the pages are not rendered
 *       where the result cannot change KySo's verdict ({@code DssValidation.modification}) or say
 *       more than the object comparison does: when no byte follows the signed revision (the pages
 *       of the same bytes cannot differ), and when the objects changed since signing are only
 *       signatures and form fields (the pages then may look different, and KySo permits that,
 *       unless an annotation was removed or DocMDP forbids any change, which are decided without
 *       the pages). Revisions that add only validation data, add or remove annotations, or change
 *       anything else are rendered and compared as DSS does.</li>
 * </ul>
 */
class FileBackedSignatureService extends PdfBoxSignatureService {

    /** Revisions up to this size are read from memory, as DSS does; larger ones from a temporary file. */
    static final long IN_MEMORY_LIMIT = 8L * 1024 * 1024;

    /** Pages rendered for comparisons since the class was loaded (tests and diagnostics). */
    private static final LongAdder PAGES_RENDERED = new LongAdder();

    private final TempFiles temp;
    private final boolean everyComparison;

    /**
     * @param temp where revision copies go; null for java.io.tmpdir
     * @param everyComparison whether to render and compare the pages for every signature, as DSS does
     */
    FileBackedSignatureService(PDFServiceMode mode, TempFiles temp, boolean everyComparison) {
        super(mode, new PdfBoxNativeSignatureDrawerFactory());
        this.temp = temp;
        this.everyComparison = everyComparison;
    }

    /** DSS's modification detection for one signed revision, rendering the pages only where that can matter. */
    @Override
    protected void analyzePdfModifications(DSSDocument document, PdfCMSRevision revision,
                                           PdfDocumentReader finalRevisionReader, char[] password) throws IOException {
        if (everyComparison) {
            super.analyzePdfModifications(document, revision, finalRevisionReader, password);
            return;
        }
        ByteRange range = revision.getByteRange();
        DSSDocument signedRevision = PAdESUtils.getRevisionContent(document, range);
        try (PdfDocumentReader signedRevisionReader = loadPdfDocumentReader(signedRevision, password)) {
            PdfModificationDetection detection = new PdfModificationDetection();
            detection.setAnnotationOverlaps(pdfDifferencesFinder.getAnnotationOverlaps(finalRevisionReader));
            detection.setPageDifferences(pdfDifferencesFinder.getPagesDifferences(signedRevisionReader, finalRevisionReader));
            PdfObjectModifications objects = pdfObjectModificationsFinder.find(signedRevisionReader, finalRevisionReader);
            detection.setObjectModifications(objects);
            boolean render = !wholeDocument(document, range) && !onlySignaturesOrFormFields(objects);
            detection.setVisualDifferences(render
                    ? getVisualDifferences(signedRevisionReader, finalRevisionReader) : List.of());
            revision.setModificationDetection(detection);
        }
    }

    /** How many pages validations in this JVM have rendered to compare revisions. */
    static long pagesRendered() {
        return PAGES_RENDERED.sum();
    }

    /** Whether the signed revision is the whole document: nothing was appended after signing. */
    private static boolean wholeDocument(DSSDocument document, ByteRange range) {
        long end = (long) range.getSecondPartStart() + range.getSecondPartEnd();
        long size;
        if (document instanceof FileDocument file) {
            size = file.getFile().length();
        } else if (document instanceof InMemoryDocument memory) {
            size = memory.getBytes().length;
        } else {
            return false; // not worth reading the document again to find out: compare the pages
        }
        return range.getFirstPartStart() == 0 && end == size;
    }

    /**
     * Whether the objects changed since signing are signatures and form fields only, with no
     * annotation removed and nothing undefined: KySo's verdict then does not depend on how the pages look.
     */
    private static boolean onlySignaturesOrFormFields(PdfObjectModifications objects) {
        return objects != null
                && !objects.getFormFillInAndSignatureCreationChanges().isEmpty()
                && objects.getUndefinedChanges().isEmpty()
                && objects.getAnnotCreationChanges().stream()
                        .noneMatch(m -> m.getActionType() == PdfObjectModificationType.DELETION);
    }

    @Override
    protected PdfDocumentReader loadPdfDocumentReader(DSSDocument document, char[] password) throws IOException {
        String pwd = password == null ? null : new String(password);
        if (pdfMemoryUsageSetting.getMode() == PdfMemoryUsageSetting.Mode.MEMORY_FULL
                || document instanceof FileDocument || document instanceof InMemoryDocument) {
            // a FileDocument is read from its file unless the setting is memoryFull
            return new Reader(document, pwd, pdfMemoryUsageSetting, null);
        }
        long size = document instanceof PdfByteRangeDocument range ? range.getByteRange().getLength()
                : DSSUtils.getFileByteSize(document);
        if (size <= IN_MEMORY_LIMIT) {
            return new Reader(document, pwd, pdfMemoryUsageSetting, null);
        }
        Path copy = temp != null ? temp.create() : Files.createTempFile("kyso-revision-", ".pdf");
        PdfDocumentReader reader = null;
        try {
            try (InputStream in = document.openStream(); OutputStream out = Files.newOutputStream(copy)) {
                in.transferTo(out);
            }
            reader = new Reader(new FileDocument(copy.toFile()), pwd, pdfMemoryUsageSetting, copy);
            return reader;
        } finally {
            if (reader == null) {
                delete(copy);
            }
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: the name starts with "kyso-revision-" (or ".kyso-" next to a signed output)
        }
    }

    /** DSS's reader, rendering with subsampled images and deleting its temporary copy (if any) when closed. */
    private static final class Reader extends PdfBoxDocumentReader {
        private final Path copy;

        Reader(DSSDocument document, String password, PdfMemoryUsageSetting setting, Path copy) throws IOException {
            super(document, password, setting);
            this.copy = copy;
        }

        @Override
        public BufferedImage generateImageScreenshot(int page) throws IOException {
            PAGES_RENDERED.increment();
            PDFRenderer renderer = new PDFRenderer(getPDDocument());
            renderer.setSubsamplingAllowed(true);
            return renderer.renderImage(page - 1);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                if (copy != null) {
                    delete(copy);
                }
            }
        }
    }
}
