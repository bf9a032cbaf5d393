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

    /** The validator for {@code document}: a registered KySo factory's if one supports it, else DSS's. */
    static SignedDocumentValidator fromDocument(DSSDocument document) {
        for (DssValidatorFactory factory : ServiceLoader.load(DssValidatorFactory.class)) {
            if (factory.isSupported(document)) {
                return factory.create(document);
            }
        }
        return SignedDocumentValidator.fromDocument(document);
    }
}
