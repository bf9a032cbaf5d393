package org.kyso.pdf.internal;

import eu.europa.esig.dss.model.DSSDocument;

import org.kyso.core.DocumentType;
import org.kyso.core.internal.ValidationChecks;

/**
 * The PDF side of KySo's validator, registered with sdk-core through {@link ValidationChecks}:
 * before DSS sees a PDF, {@link PdfSignatureAudit} reads every signature field's dictionary with
 * PDFBox; after DSS, it corrects DSS's answer where DSS's default is misleading and adds what DSS
 * did not report. See {@link PdfSignatureAudit} for what is checked. Never refuses a document.
 *
 * <p>Stateless and thread-safe.
 */
public final class PdfValidationChecks implements ValidationChecks {

    @Override
    public boolean supports(DocumentType type) {
        return type == DocumentType.PDF;
    }

    @Override
    public Inspection inspect(String name, DSSDocument document) {
        return PdfSignatureAudit.read(document);
    }
}
