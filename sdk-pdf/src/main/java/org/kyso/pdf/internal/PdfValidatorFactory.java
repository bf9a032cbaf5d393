package org.kyso.pdf.internal;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidatorFactory;
import eu.europa.esig.dss.validation.SignedDocumentValidator;

import org.kyso.core.internal.DssValidatorFactory;

/**
 * DSS's PDF validator, reading PDFs from disk rather than memory ({@link PadesServices#validation}),
 * so validating a large file fits in a small heap. Registered with sdk-core through
 * {@code META-INF/services/org.kyso.core.internal.DssValidatorFactory}; used by
 * {@code org.kyso.core.Validator}.
 */
public final class PdfValidatorFactory extends PDFDocumentValidatorFactory implements DssValidatorFactory {

    @Override
    public SignedDocumentValidator create(DSSDocument document) {
        return create(document, false);
    }

    @Override
    public SignedDocumentValidator create(DSSDocument document, boolean everyComparison) {
        PDFDocumentValidator validator = new PDFDocumentValidator(document);
        validator.setPdfObjFactory(PadesServices.validation(everyComparison));
        return validator;
    }
}
