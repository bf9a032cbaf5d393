package org.kyso.pdf.internal;

import eu.europa.esig.dss.pdf.PDFServiceMode;
import eu.europa.esig.dss.pdf.PDFSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;

/** DSS's native PDFBox object factory, handing out {@link FileBackedSignatureService}s. */
final class FileBackedPdfObjFactory extends PdfBoxNativeObjectFactory {

    private final TempFiles temp;
    private final boolean everyComparison;

    /**
     * @param temp where revision copies go; null for java.io.tmpdir
     * @param everyComparison whether to render and compare pages for every signature, as DSS does
     *        (see {@link FileBackedSignatureService})
     */
    FileBackedPdfObjFactory(TempFiles temp, boolean everyComparison) {
        this.temp = temp;
        this.everyComparison = everyComparison;
    }

    @Override
    public PDFSignatureService newPAdESSignatureService() {
        return configure(new FileBackedSignatureService(PDFServiceMode.SIGNATURE, temp, everyComparison));
    }

    @Override
    public PDFSignatureService newContentTimestampService() {
        return configure(new FileBackedSignatureService(PDFServiceMode.CONTENT_TIMESTAMP, temp, everyComparison));
    }

    @Override
    public PDFSignatureService newSignatureTimestampService() {
        return configure(new FileBackedSignatureService(PDFServiceMode.SIGNATURE_TIMESTAMP, temp, everyComparison));
    }

    @Override
    public PDFSignatureService newArchiveTimestampService() {
        return configure(new FileBackedSignatureService(PDFServiceMode.ARCHIVE_TIMESTAMP, temp, everyComparison));
    }
}
