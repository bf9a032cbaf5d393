package org.kyso.core.internal;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.policy.ValidationPolicy;

import org.kyso.core.DocumentType;
import org.kyso.core.SignatureReport;
import org.kyso.core.ValidationReport;

/**
 * Format-specific validation checks that a KySo module registers ({@link ServiceLoader}, in
 * {@code META-INF/services/org.kyso.core.internal.ValidationChecks}), so that sdk-core runs them
 * without knowing the format. sdk-xml registers one that parses XML with its hardened parser before
 * DSS sees the document, tells what each {@code ds:Reference} covers and finds signature wrapping;
 * sdk-pdf one that checks what each PDF signature's byte range covers, re-checks integrity DSS gets
 * wrong and reports signatures DSS does not.
 *
 * <p>Implementations are stateless and thread-safe; an {@link Inspection} belongs to one
 * validation.
 */
public interface ValidationChecks {

    /** Whether these checks are for documents of {@code type}. */
    boolean supports(DocumentType type);

    /**
     * Reads {@code document} before DSS does.
     *
     * @param name what to call the document in messages
     * @throws RefusedDocumentException to refuse the document: the report is then an ERROR with
     *         the exception's message (key {@code kyso.file.malformed} for documents that are not
     *         acceptable XML) and DSS never parses it
     */
    Inspection inspect(String name, DSSDocument document) throws RefusedDocumentException;

    /** What one inspection learned about one document. */
    interface Inspection {

        /** The DSS validation policy to use when the caller chose none; {@code null} for DSS's default. */
        default ValidationPolicy defaultPolicy() {
            return null;
        }

        /**
         * References to data outside the document, as written (relative names such as
         * {@code scan.pdf}), for looking them up in a folder of detached content the caller allowed.
         */
        default List<String> externalReferences() {
            return List.of();
        }

        /** DSS's signatures in document order. */
        default List<SignatureWrapper> order(List<SignatureWrapper> signatures) {
            return signatures;
        }

        /** {@code report} amended with what the checks found about {@code signature}. */
        SignatureReport amend(SignatureWrapper signature, SignatureReport report);

        /**
         * The finished report, completed with what DSS did not report: for a PDF, signatures and
         * document timestamps that DSS skipped or could not read, checked independently and put in
         * document order. Called last, after {@link #amend}. When DSS refused the document or failed
         * on it, {@code report} is that ERROR report, and may be replaced by one built from these
         * checks alone. Must not throw.
         */
        default ValidationReport complete(ValidationReport report) {
            return report;
        }
    }

    /** The registered checks for {@code type}, if a module on the class path has some. */
    static Optional<ValidationChecks> forType(DocumentType type) {
        for (ValidationChecks checks : ServiceLoader.load(ValidationChecks.class)) {
            if (checks.supports(type)) {
                return Optional.of(checks);
            }
        }
        return Optional.empty();
    }
}
