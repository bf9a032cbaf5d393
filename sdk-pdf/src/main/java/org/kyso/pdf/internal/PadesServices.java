package org.kyso.pdf.internal;

import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;

/** Builds the DSS PAdES services KySo signs with. */
public final class PadesServices {

    private PadesServices() {
    }

    /** A PAdES service drawing appearances with real (extractable, subset-embedded) fonts. */
    public static PAdESService service(CertificateVerifier verifier) {
        PAdESService service = new PAdESService(verifier);
        service.setPdfObjFactory(new PdfBoxNativeObjectFactory());
        return service;
    }
}
