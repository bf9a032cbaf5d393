package org.kyso.pdf.internal;

import eu.europa.esig.dss.model.DSSDocument;

import org.kyso.core.DocumentType;
import org.kyso.core.internal.Messages;
import org.kyso.core.internal.RefusedDocumentException;
import org.kyso.core.internal.ValidationChecks;

/**
 * The PDF side of KySo's validator, registered with sdk-core through {@link ValidationChecks}:
 * before DSS sees a PDF, {@link PdfSignatureAudit} reads every signature field's dictionary with
 * PDFBox; after DSS, it corrects DSS's answer where DSS's default is misleading and adds what DSS
 * did not report. See {@link PdfSignatureAudit} for what is checked. Refuses only a signed document
 * whose revisions DSS could not compare in any reasonable time ({@link ComparisonCost}).
 *
 * <p>Stateless and thread-safe.
 */
public final class PdfValidationChecks implements ValidationChecks {

    @Override
    public boolean supports(DocumentType type) {
        return type == DocumentType.PDF;
    }

    @Override
    public Inspection inspect(String name, DSSDocument document) throws RefusedDocumentException {
        PdfSignatureAudit audit = PdfSignatureAudit.read(document);
        if (audit.tooCostlyToCompare()) {
            // DSS would compare its revisions for hours (arrays nested in one another) or minutes
            // (tens of thousands of references in one array): the answer could not come in time.
            throw new RefusedDocumentException(Messages.as("kyso.file.malformed", "kyso.pdf.too-nested",
                    "{0} is refused: its objects are nested so deeply (arrays within arrays), or hold so many references"
                            + " in one array, that comparing its revisions would take too long (a hostile or damaged document)",
                    name), null);
        }
        return audit;
    }
}
