package org.kyso.pdf.internal;

import eu.europa.esig.dss.pdf.PDFServiceMode;
import eu.europa.esig.dss.pdf.PDFSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;

/** DSS's native PDFBox object factory, handing out {@link FileBackedSignatureService}s. */
final class FileBackedPdfObjFactory extends PdfBoxNativeObjectFactory {

    private final TempFiles temp;

    /** @param temp where revision copies go; null for java.io.tmpdir */
    FileBackedPdfObjFactory(TempFiles temp) {
        this.temp = temp;
    }

    @Override
    public PDFSignatureService newPAdESSignatureService() {
        return configure(new FileBackedSignatureService(PDFServiceMode.SIGNATURE, temp));
    }

    @Override
    public PDFSignatureService newContentTimestampService() {
        return configure(new FileBackedSignatureService(PDFServiceMode.CONTENT_TIMESTAMP, temp));
    }

    @Override
    public PDFSignatureService newSignatureTimestampService() {
        return configure(new FileBackedSignatureService(PDFServiceMode.SIGNATURE_TIMESTAMP, temp));
    }

    @Override
    public PDFSignatureService newArchiveTimestampService() {
        return configure(new FileBackedSignatureService(PDFServiceMode.ARCHIVE_TIMESTAMP, temp));
    }
}
