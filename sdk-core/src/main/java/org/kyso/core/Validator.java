package org.kyso.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;

import org.kyso.core.internal.DssValidation;
import org.kyso.core.internal.DssVerifiers;

/**
 * Validates signed documents (ETSI EN 319 102-1, through EU DSS) into a {@link ValidationReport}.
 * The document type is recognised from the content: PDF (PAdES and PKCS#7) when {@code sdk-pdf}
 * is on the class path, XML (XAdES, XMLDSig) with {@code sdk-xml}, detached CMS/CAdES.
 *
 * <pre>{@code
 * Validator validator = Validator.builder()
 *         .trust(TrustAnchors.from(Path.of("roots")))
 *         .revocation(Revocation.online().build())
 *         .build();                                          // build once, share across threads
 * ValidationReport report = validator.validate(Path.of("signed.pdf"));
 * System.out.println(report.summary(Locale.forLanguageTag("vi")));
 * }</pre>
 *
 * <p>Validation answers, it does not throw: unreadable or malformed files give a report with
 * verdict {@link Verdict#ERROR}. This class is thread-safe.
 */
public final class Validator {

    private final TrustAnchors trust;
    private final Revocation revocation;
    private final Path policy;
    private final CommonTrustedCertificateSource trustedSource;

    private Validator(Builder b) {
        this.trust = b.trust;
        this.revocation = b.revocation;
        this.policy = b.policy;
        this.trustedSource = DssVerifiers.trustedSource(trust);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this validator's settings, to derive a variant. */
    public Builder toBuilder() {
        return new Builder().trust(trust).revocation(revocation).policy(policy);
    }

    /**
     * Validates a file. Detached content (for detached XAdES/CAdES) may be given as files, or for
     * XML signatures as folders: a signature's relative reference ({@code URI="scan.pdf"}) is then
     * looked up in those folders and nowhere else. Without them nothing outside the document is
     * read: references to other files or to {@code http:}/{@code file:} URIs stay unresolved.
     */
    public ValidationReport validate(Path file, Path... detachedContents) {
        String name = file.toString();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return ValidationReport.error(name, DocumentType.UNKNOWN, org.kyso.core.internal.Messages.of("kyso.file.unreadable",
                    "Cannot open " + name + ": the file does not exist or is not readable; check the path", name));
        }
        List<DSSDocument> detached = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        for (Path p : detachedContents) {
            if (Files.isDirectory(p)) {
                folders.add(p);
            } else if (Files.isRegularFile(p)) {
                detached.add(new FileDocument(p.toFile()));
            } else {
                return ValidationReport.error(name, DocumentType.UNKNOWN, org.kyso.core.internal.Messages.of("kyso.file.unreadable",
                        "Cannot open the detached content " + p + ": check the path", p));
            }
        }
        DocumentType type;
        try (InputStream in = Files.newInputStream(file)) {
            type = DssValidation.sniff(in.readNBytes(1024));
        } catch (IOException e) {
            return ValidationReport.error(name, DocumentType.UNKNOWN, org.kyso.core.internal.Messages.of("kyso.file.unreadable",
                    "Cannot read " + name + ": " + e.getMessage(), name));
        }
        return DssValidation.validate(name, type, new FileDocument(file.toFile()), detached, folders, this);
    }

    /** Validates a document held in memory; {@code name} is used in the report. */
    public ValidationReport validate(byte[] document, String name) {
        DocumentType type = DssValidation.sniff(document.length > 1024 ? java.util.Arrays.copyOf(document, 1024) : document);
        return DssValidation.validate(name, type, new InMemoryDocument(document, name), List.of(), this);
    }

    public TrustAnchors trust() {
        return trust;
    }

    public Revocation revocation() {
        return revocation;
    }

    /** The custom DSS validation policy file, or null for DSS's default policy. */
    public Path policy() {
        return policy;
    }

    /**
     * The DSS trusted source built once from {@link #trust()} (mutable, shared by every
     * validation). KySo's own modules reach it through
     * {@code org.kyso.core.internal.CoreAccess.trustedSource(validator)}; it is not part of the API.
     * For DSS's own objects use {@link TrustAnchors#toDssSources()}, which returns copies.
     */
    CommonTrustedCertificateSource dssTrustedSource() {
        return trustedSource;
    }

    /** Builds a {@link Validator}. */
    public static final class Builder {
        private TrustAnchors trust = TrustAnchors.none();
        private Revocation revocation;
        private Path policy;

        private Builder() {
        }

        /** What to trust; default: nothing (chains end INDETERMINATE). */
        public Builder trust(TrustAnchors trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /** Where revocation data comes from; default {@code Revocation.online().build()}. */
        public Builder revocation(Revocation revocation) {
            this.revocation = Objects.requireNonNull(revocation, "revocation");
            return this;
        }

        /**
         * A DSS validation policy file (constraint XML, e.g. DSS's default {@code policy/constraint.xml}
         * with some constraints changed) instead of DSS's default policy. It is read and checked in
         * {@link #build()}.
         */
        public Builder policy(Path policyFile) {
            this.policy = policyFile;
            return this;
        }

        /**
         * @throws ValidationPolicyException when the policy file does not exist, cannot be read, or
         *         is not a DSS validation policy
         */
        public Validator build() {
            if (revocation == null) {
                revocation = Revocation.online().build();
            }
            if (policy != null) {
                checkPolicy(policy);
            }
            return new Validator(this);
        }

        private static void checkPolicy(Path policy) {
            if (!Files.isRegularFile(policy) || !Files.isReadable(policy)) {
                throw new ValidationPolicyException(policy, true, "Validation policy " + policy
                        + " does not exist or cannot be read: check the path", null);
            }
            try {
                ValidationPolicyLoader.fromValidationPolicy(policy.toFile()).create();
            } catch (RuntimeException e) {
                Throwable cause = e;
                while (cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
                throw new ValidationPolicyException(policy, false, "Validation policy " + policy
                        + " is not a DSS validation policy (constraint XML, such as DSS's policy/constraint.xml): " + why, e);
            }
        }
    }
}
