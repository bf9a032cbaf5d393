package org.kyso.pdf.internal;

import eu.europa.esig.dss.pdf.PDFServiceMode;
import eu.europa.esig.dss.pdf.PDFSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxSignatureService;

/**
 * DSS's PDFBox object factory with KySo's appearance drawer: real fonts embedded as subsets with a
 * ToUnicode map (as DSS's native drawer), plus KySo's layouts (Decree 30/2020/ND-CP signature
 * blocks, text fitted without clipping, existing fields, rotated pages). Settings made on the
 * factory (resources handler, position checker, ...) apply as usual. Whatever else this factory's
 * services do, they must keep {@link AppearanceDrawerFactory} as their drawer factory: without it
 * KySo's appearances fall back to DSS's drawer and lose their layout.
 */
public final class KysoPdfObjectFactory extends PdfBoxNativeObjectFactory {

    @Override
    public PDFSignatureService newPAdESSignatureService() {
        // FieldLockingSignatureService is DSS's PdfBoxSignatureService plus FieldMDP field locks.
        return configure(new FieldLockingSignatureService(new AppearanceDrawerFactory()));
    }

    @Override
    public PDFSignatureService newContentTimestampService() {
        return configure(new PdfBoxSignatureService(PDFServiceMode.CONTENT_TIMESTAMP, new AppearanceDrawerFactory()));
    }

    @Override
    public PDFSignatureService newSignatureTimestampService() {
        return configure(new PdfBoxSignatureService(PDFServiceMode.SIGNATURE_TIMESTAMP, new AppearanceDrawerFactory()));
    }

    @Override
    public PDFSignatureService newArchiveTimestampService() {
        return configure(new PdfBoxSignatureService(PDFServiceMode.ARCHIVE_TIMESTAMP, new AppearanceDrawerFactory()));
    }
}
