package org.kyso.pdf.internal;

import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.pdf.IPdfObjFactory;
import eu.europa.esig.dss.pdf.PdfMemoryUsageSetting;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;

/** Builds the DSS PAdES services KySo signs and validates with. */
public final class PadesServices {

    /**
     * How PDFBox reads PDFs that are files: lazily from the file (any setting but {@code memoryFull}
     * does that), with objects it creates itself (appearance streams, fonts) in memory up to this
     * limit and then in a temporary file in java.io.tmpdir.
     */
    static final PdfMemoryUsageSetting FILE_BACKED = PdfMemoryUsageSetting.mixed(8L * 1024 * 1024);

    private PadesServices() {
    }

    /**
     * A PAdES service drawing appearances with real (extractable, subset-embedded) fonts that works
     * in memory: for PDFs given as bytes. A {@code FileDocument} given to it is read into memory.
     */
    public static PAdESService service(CertificateVerifier verifier) {
        return service(verifier, null);
    }

    /**
     * A PAdES service drawing appearances with real (extractable, subset-embedded) fonts. With
     * {@code temp}, a PDF given as a {@code FileDocument} is read from its file and DSS's
     * intermediate documents, the signed one included, are files in {@code temp}: memory use does
     * not grow with the size of the PDF. With null, it works in memory, as
     * {@link #service(CertificateVerifier)}. Either way the signature is written into the prepared
     * revision in place ({@link InPlaceSigning}).
     */
    public static PAdESService service(CertificateVerifier verifier, TempFiles temp) {
        PAdESService service = new PAdESService(verifier);
        // KySo's factory: DSS's native one (PdfBoxNativeObjectFactory) plus FieldMDP field locks.
        KysoPdfObjectFactory factory = new KysoPdfObjectFactory();
        if (temp != null) {
            factory.setResourcesHandlerBuilder(temp);
            factory.setPdfMemoryUsageSetting(FILE_BACKED);
        }
        service.setPdfObjFactory(InPlaceSigning.factory(factory));
        return service;
    }

    /**
     * The PDF object factory for validating: PDFs that are files are read from them, and earlier
     * revisions of large ones from temporary copies in java.io.tmpdir, deleted as soon as read.
     * Pages are rendered and compared only where KySo's verdict can depend on them
     * ({@link FileBackedSignatureService}), or for every signature with {@code everyComparison}, as DSS does.
     */
    public static IPdfObjFactory validation(boolean everyComparison) {
        FileBackedPdfObjFactory factory = new FileBackedPdfObjFactory(null, everyComparison);
        factory.setPdfMemoryUsageSetting(FILE_BACKED);
        // DSS's finder, plus the names of form fields whose value changed, so that locks (FieldMDP) see them.
        factory.setPdfObjectModificationsFinder(new FieldValueChangesFinder());
        return factory;
    }

    /** How many pages validations in this JVM have rendered to compare revisions (diagnostics and tests). */
    public static long pagesRendered() {
        return FileBackedSignatureService.pagesRendered();
    }
}
