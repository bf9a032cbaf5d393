package org.kyso.core.internal;

import java.util.ServiceLoader;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.validation.DocumentValidatorFactory;
import eu.europa.esig.dss.validation.SignedDocumentValidator;

/**
 * A DSS validator factory that a KySo module registers ({@link ServiceLoader}, in
 * {@code META-INF/services/org.kyso.core.internal.DssValidatorFactory}) to configure DSS's
 * validators for its document format. These are asked before DSS's own factories, whose order on
 * the class path KySo does not control. sdk-pdf registers one that reads large PDFs from disk
 * rather than memory.
 */
public interface DssValidatorFactory extends DocumentValidatorFactory {

    /**
     * The validator for {@code document}: a registered KySo factory's if one supports it, else
     * DSS's. With {@code everyComparison}, the validator runs every comparison DSS's default runs,
     * even where KySo's verdict cannot depend on it (for a custom validation policy, whose
     * constraints on those comparisons KySo does not interpret).
     */
    static SignedDocumentValidator fromDocument(DSSDocument document, boolean everyComparison) {
        for (DssValidatorFactory factory : ServiceLoader.load(DssValidatorFactory.class)) {
            if (factory.isSupported(document)) {
                return factory.create(document, everyComparison);
            }
        }
        return SignedDocumentValidator.fromDocument(document);
    }

    /**
     * The validator for {@code document}; with {@code everyComparison}, one that skips none of DSS's
     * comparisons (see {@link #fromDocument}). The default ignores the flag.
     */
    default SignedDocumentValidator create(DSSDocument document, boolean everyComparison) {
        return create(document);
    }
}
