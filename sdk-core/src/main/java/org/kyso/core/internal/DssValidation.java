package org.kyso.core.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import eu.europa.esig.dss.diagnostic.CertificateWrapper;
import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.CertificationPermission;
import eu.europa.esig.dss.enumerations.PdfObjectModificationType;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;

import org.kyso.core.DocumentType;
import org.kyso.core.Indication;
import org.kyso.core.Message;
import org.kyso.core.Modification;
import org.kyso.core.SignatureReport;
import org.kyso.core.SignerInfo;
import org.kyso.core.TimestampReport;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;

/** Runs DSS validation and maps its reports onto KySo's report model. */
public final class DssValidation {

    private DssValidation() {
    }

    /** The start of a PDF indirect object, "7 0 obj", at the start of a line. */
    private static final java.util.regex.Pattern PDF_OBJECT = java.util.regex.Pattern.compile("(?:^|[\\r\\n])\\d{1,10} \\d{1,5} obj\\b");

    /** Recognises the document type from its first bytes (never from the file name). */
    public static DocumentType sniff(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (text.contains("%PDF-")) {
            return DocumentType.PDF;
        }
        int i = 0;
        if (text.startsWith("\u00EF\u00BB\u00BF")) {
            i = 3;
        }
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '<') {
            return DocumentType.XML;
        }
        if (head.length > 1 && (head[0] & 0xFF) == 0x30) {
            return DocumentType.CMS;
        }
        if (PDF_OBJECT.matcher(text).find()) {
            // A PDF whose header was damaged still starts with its objects ("7 0 obj"): validated
            // as a PDF, its signatures are reported broken instead of the file being refused.
            return DocumentType.PDF;
        }
        return DocumentType.UNKNOWN;
    }

    public static ValidationReport validate(String name, DocumentType type, DSSDocument document,
                                            List<DSSDocument> detached, Validator validator) {
        return validate(name, type, document, detached, List.of(), validator);
    }

    /**
     * Validates {@code document}.
     *
     * @param detached detached contents given one by one
     * @param detachedFolders folders the caller allows detached contents to be read from: a
     *        signature's relative reference to outside data is looked up there (and nowhere else)
     */
    public static ValidationReport validate(String name, DocumentType type, DSSDocument document,
                                            List<DSSDocument> detached, List<Path> detachedFolders,
                                            Validator validator) {
        try {
            return validateUnguarded(name, type, document, detached, detachedFolders, validator);
        } catch (RuntimeException | StackOverflowError e) {
            // Validation answers, it does not throw: what the steps above did not foresee is still
            // told apart, a bug in KySo from a document the libraries could not read.
            if (Origins.kyso(e)) {
                return ValidationReport.error(name, type, Origins.internalError(name, e));
            }
            return ValidationReport.error(name, type, Messages.of("kyso.file.malformed", "Cannot validate " + name
                    + ": the document structure is damaged or unsupported (" + e + ")", name));
        }
    }

    private static ValidationReport validateUnguarded(String name, DocumentType type, DSSDocument document,
                                                      List<DSSDocument> detached, List<Path> detachedFolders,
                                                      Validator validator) {
        ValidationChecks.Inspection inspection = null;
        Optional<ValidationChecks> checks = ValidationChecks.forType(type);
        if (type == DocumentType.XML && checks.isEmpty()) {
            // DSS's XAdES module is on the class path for trusted lists, but XML documents are only
            // validated with sdk-xml's hardened parsing and signature-wrapping checks.
            return ValidationReport.error(name, type, Messages.of("kyso.xml.module-missing",
                    "Cannot validate {0}: validating XML signatures needs KySo's sdk-xml module on the class path", name));
        }
        if (checks.isPresent()) {
            try {
                inspection = checks.get().inspect(name, document);
            } catch (RefusedDocumentException e) {
                return ValidationReport.error(name, type, e.report());
            }
        }
        List<DSSDocument> contents = new ArrayList<>(detached);
        if (!detachedFolders.isEmpty()) {
            if (inspection == null && type == DocumentType.UNKNOWN) {
                return ValidationReport.error(name, type, Messages.of("kyso.file.malformed",
                        name + " is not a document KySo can validate (expected a PDF, an XML document or a CMS signature)", name));
            }
            if (inspection == null) {
                return ValidationReport.error(name, type, Messages.of("kyso.detached.folder",
                        "Cannot validate {0}: a folder of detached content works for XML signatures, which name"
                                + " their detached files; for other signatures give the detached file itself", name));
            }
            contents.addAll(DetachedFolders.resolve(inspection.externalReferences(), detachedFolders));
        }
        SignedDocumentValidator documentValidator;
        try {
            // A custom policy may give DSS's page comparisons a weight KySo's verdict does not: then run them all.
            documentValidator = DssValidatorFactory.fromDocument(document, validator.policy() != null);
        } catch (RuntimeException e) {
            if (Origins.kyso(e)) {
                return ValidationReport.error(name, type, Origins.internalError(name, e));
            }
            return complete(inspection, ValidationReport.error(name, type, Messages.of("kyso.file.malformed",
                    name + " is not a document KySo can validate (expected a PDF, an XML document or a CMS signature)", name)));
        }
        var verifier = DssVerifiers.create(CoreAccess.trustedSource(validator), validator.revocation());
        documentValidator.setCertificateVerifier(verifier);
        if (!contents.isEmpty()) {
            documentValidator.setDetachedContents(contents);
        }
        documentValidator.setLocale(Locale.ENGLISH);
        Reports reports;
        try {
            // Policies are loaded once per thread, not per validation (DssPolicies says why that is safe).
            if (validator.policy() != null) {
                var custom = DssPolicies.custom(validator.policy());
                reports = custom != null ? documentValidator.validateDocument(custom)
                        : documentValidator.validateDocument(validator.policy().toFile());
            } else if (inspection != null && inspection.defaultPolicy() != null) {
                reports = documentValidator.validateDocument(inspection.defaultPolicy());
            } else {
                reports = documentValidator.validateDocument(DssPolicies.dssDefault());
            }
        } catch (RuntimeException e) {
            // DSS failing on the document's content is a malformed document; KySo's own code (its
            // checks and sources inside DSS) failing is a bug in KySo, reported as one.
            if (Origins.kyso(e)) {
                return ValidationReport.error(name, type, Origins.internalError(name, e));
            }
            return complete(inspection, ValidationReport.error(name, type, Messages.of("kyso.file.malformed",
                    "Cannot validate " + name + ": the document structure is damaged or unsupported (" + e.getMessage() + ")",
                    name)));
        }
        return map(name, type, reports, !validator.revocation().isOffline(), inspection, RevocationSupport.failures(verifier));
    }

    static ValidationReport map(String name, DocumentType type, Reports reports, boolean online) {
        return map(name, type, reports, online, null);
    }

    /**
     * @param online whether revocation data could be fetched (it decides the wording of the warning
     *        when a signer's certificate ends up without revocation data; {@code revocationChecked}
     *        comes from what DSS actually had, see {@link RevocationFindings})
     */
    static ValidationReport map(String name, DocumentType type, Reports reports, boolean online,
                                ValidationChecks.Inspection inspection) {
        return map(name, type, reports, online, inspection, RevocationSupport.Failures.NONE);
    }

    /** @param failures why revocation sources failed during this validation, for the warning */
    static ValidationReport map(String name, DocumentType type, Reports reports, boolean online,
                                ValidationChecks.Inspection inspection, RevocationSupport.Failures failures) {
        SimpleReport simple = reports.getSimpleReport();
        DiagnosticData diagnostic = reports.getDiagnosticData();
        ValidationReport.Builder report = ValidationReport.builder().file(name).documentType(type)
                .dssReports(reports);
        boolean revocationChecked = true;
        CertificationPermission docMdp = null;
        List<SignatureWrapper> signatures = new ArrayList<>(diagnostic.getSignatures());
        if (type == DocumentType.PDF) {
            signatures.sort(Comparator.comparing(s -> end(s.getSignatureByteRange())));
            for (SignatureWrapper s : signatures) {
                if (s.getDocMDPPermissions() != null) {
                    docMdp = s.getDocMDPPermissions();
                    break;
                }
            }
        }
        if (inspection != null) {
            signatures = inspection.order(signatures);
        }
        for (SignatureWrapper s : signatures) {
            String id = s.getId();
            String format = format(simple.getSignatureFormat(id));
            SignatureReport.Builder sig = SignatureReport.builder()
                    .id(id)
                    .format(format)
                    .indication(Indication.of(name(simple.getIndication(id))))
                    .subIndication(subIndication(simple.getSubIndication(id)))
                    .integrity(s.isSignatureIntact() && s.isSignatureValid())
                    .signer(signer(s.getSigningCertificate()))
                    .claimedSigningTime(instant(s.getClaimedSigningTime()))
                    .bestSignatureTime(instant(simple.getBestSignatureTime(id)));
            for (TimestampWrapper t : s.getTimestampList()) {
                sig.addTimestamp(new TimestampReport(t.getType() == null ? null : t.getType().name(),
                        instant(t.getProductionTime()), timestampIntact(t), null));
            }
            if (s.isSignatureIntact() && s.isSignatureValid()) {
                formatStatement(format).ifPresent(sig::addInfo);
            }
            if (type == DocumentType.PDF) {
                Modification modification = modification(s, docMdp, simple);
                sig.modifiedAfterSigning(modification)
                        .coversWholeDocument(s.isSignatureByteRangeValid() && modification != Modification.NOT_PERMITTED)
                        .fieldName(s.getFirstFieldName())
                        .changesAfterSigning(PdfChanges.describe(s, modification));
            }
            simple.getAdESValidationErrors(id).forEach(m -> sig.addError(message(m.getKey(), m.getValue())));
            simple.getAdESValidationWarnings(id).forEach(m -> sig.addWarning(message(m.getKey(), m.getValue())));
            WeakAlgorithms.warnings(s).forEach(sig::addWarning);
            if (!RevocationFindings.found(s.getSigningCertificate())) {
                revocationChecked = false;
                sig.addWarning(RevocationFindings.warning(online, s.getSigningCertificate() == null ? null
                        : failures.of(s.getSigningCertificate().getId())));
            }
            SignatureReport built = sig.build();
            report.addSignature(inspection == null ? built : inspection.amend(s, built));
        }
        report.revocationChecked(revocationChecked);
        if (type == DocumentType.PDF) {
            List<TimestampWrapper> docTimestamps = new ArrayList<>();
            for (TimestampWrapper t : diagnostic.getTimestampList()) {
                if (t.getPDFRevision() != null) {
                    docTimestamps.add(t);
                }
            }
            docTimestamps.sort(Comparator.comparing(t -> end(t.getPDFRevision().getSignatureByteRange())));
            for (TimestampWrapper t : docTimestamps) {
                report.addDocumentTimestamp(new TimestampReport(t.getType() == null ? null : t.getType().name(),
                        instant(t.getProductionTime()), timestampIntact(t),
                        t.getPDFRevision().isSignatureByteRangeValid()
                                && !t.getPDFRevision().arePdfModificationsDetected()
                                && t.getPDFRevision().getPdfUndefinedChanges().isEmpty()));
            }
        }
        return complete(inspection, report.build());
    }

    /** {@code report} completed by the format's checks ({@link ValidationChecks.Inspection#complete}), if any ran. */
    private static ValidationReport complete(ValidationChecks.Inspection inspection, ValidationReport report) {
        return inspection == null ? report : inspection.complete(report);
    }

    private static boolean timestampIntact(TimestampWrapper t) {
        return t.isMessageImprintDataFound() && t.isMessageImprintDataIntact() && t.isSignatureIntact();
    }

    /** DSS findings that mean a later revision changed what a DocMDP, FieldMDP or field lock forbids. */
    private static final java.util.Set<String> RESTRICTION_KEYS = java.util.Set.of(
            "BBB_FC_ISVADMDPD_ANS", "BBB_FC_ISVAFMDPD_ANS", "BBB_FC_ISVASFLD_ANS");

    private static Modification modification(SignatureWrapper s, CertificationPermission docMdp, SimpleReport simple) {
        boolean formFill = !s.getPdfSignatureOrFormFillChanges().isEmpty();
        boolean annotations = !s.getPdfAnnotationChanges().isEmpty();
        boolean undefined = !s.getPdfUndefinedChanges().isEmpty();
        boolean visual = s.arePdfModificationsDetected();
        boolean laterRevisions = formFill || annotations || undefined || !s.getPdfExtensionChanges().isEmpty();
        if (!laterRevisions) {
            // Nothing follows this signature's revision. DSS may still flag the page (e.g. a seal
            // that overlaps an earlier signature, as Decree 30 wants): that stays a warning.
            return Modification.NONE;
        }
        if (undefined) {
            return Modification.NOT_PERMITTED;
        }
        // A page that renders differently is explained by form filling or annotations only when
        // such changes exist; otherwise the content itself was changed.
        if (visual && !formFill && !annotations) {
            return Modification.NOT_PERMITTED;
        }
        // DSS renders the final page without the annotations added or changed since signing, so a
        // page that still looks different was changed otherwise when annotations were only added;
        // and an annotation removed since signing may have covered what now shows (a shadow attack
        // that hides content under a cover and removes it after signing).
        if (visual && annotations) {
            List<eu.europa.esig.dss.diagnostic.jaxb.XmlObjectModification> changes = s.getPdfAnnotationChanges();
            boolean removed = changes.stream().anyMatch(m -> m.getAction() == PdfObjectModificationType.DELETION);
            boolean onlyAdded = changes.stream().allMatch(m -> m.getAction() == PdfObjectModificationType.CREATION);
            if (removed || onlyAdded && !formFill) {
                return Modification.NOT_PERMITTED;
            }
        }
        if (docMdp == CertificationPermission.NO_CHANGE_PERMITTED && (formFill || annotations || visual)) {
            return Modification.NOT_PERMITTED;
        }
        if (docMdp == CertificationPermission.MINIMAL_CHANGES_PERMITTED && annotations) {
            return Modification.NOT_PERMITTED;
        }
        String id = s.getId();
        boolean restricted = java.util.stream.Stream.concat(simple.getAdESValidationErrors(id).stream(),
                        simple.getAdESValidationWarnings(id).stream())
                .anyMatch(m -> RESTRICTION_KEYS.contains(m.getKey()));
        if (restricted) {
            return Modification.NOT_PERMITTED;
        }
        return laterRevisions ? Modification.PERMITTED : Modification.NONE;
    }

    private static BigInteger end(List<BigInteger> byteRange) {
        if (byteRange == null || byteRange.size() < 4) {
            return BigInteger.ZERO;
        }
        return byteRange.get(2).add(byteRange.get(3));
    }

    private static SignerInfo signer(CertificateWrapper certificate) {
        if (certificate == null) {
            return null;
        }
        String serial = certificate.getSerialNumber();
        String hex = serial == null || serial.isEmpty() ? "" : new BigInteger(serial).toString(16).toUpperCase(Locale.ROOT);
        return new SignerInfo(certificate.getCertificateDN(), certificate.getCertificateIssuerDN(), hex);
    }

    /** The format name of CONTRACT.md: DSS's level name, or PKCS7 / XMLDSig / CMS for non-AdES signatures. */
    static String format(SignatureLevel level) {
        if (level == null) {
            return "UNKNOWN";
        }
        return switch (level) {
            case PDF_NOT_ETSI, PKCS7_B, PKCS7_T, PKCS7_LT, PKCS7_LTA -> "PKCS7";
            case XML_NOT_ETSI -> "XMLDSig";
            case CMS_NOT_ETSI -> "CMS";
            default -> level.toString();
        };
    }

    /**
     * For a signature that is not AdES ({@code PKCS7}, {@code XMLDSig}, {@code CMS}): what its
     * format shows and what it does not prove, for the infos of an intact signature. Such a
     * signature is not failed for lacking the AdES attributes; this says plainly what that leaves
     * unproven.
     */
    static Optional<Message> formatStatement(String format) {
        return Optional.ofNullable(switch (format == null ? "" : format) {
            case "PKCS7" -> Messages.of("kyso.format.pkcs7", "Format PKCS#7 (adbe.pkcs7, not PAdES): the signature"
                    + " shows who signed and that the signed bytes are unchanged. The format does not require the"
                    + " signing certificate to be bound inside the signed data, and the signing time is only what the"
                    + " signer's computer claimed unless a timestamp proves it. It is not a PAdES (ETSI) signature, so"
                    + " a rule that asks for PAdES is not met.");
            case "XMLDSig" -> Messages.of("kyso.format.xmldsig", "Format XMLDSig (plain XML signature, not XAdES): the"
                    + " signature shows who signed and that the signed parts are unchanged. The format does not require"
                    + " the signing certificate to be bound inside the signed data, and any signing time it carries is"
                    + " only what the signer's computer claimed (a plain XMLDSig signature has no timestamp). It is not a"
                    + " XAdES (ETSI) signature, so a rule that asks for XAdES is not met.");
            case "CMS" -> Messages.of("kyso.format.cms", "Format CMS (plain CMS/PKCS#7 signature, not CAdES): the"
                    + " signature shows who signed and that the signed content is unchanged. The format does not require"
                    + " the signing certificate to be bound inside the signed data, and any signing time it carries is"
                    + " only what the signer's computer claimed unless a timestamp proves it. It is not a CAdES (ETSI)"
                    + " signature, so a rule that asks for CAdES is not met.");
            default -> null;
        });
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static String subIndication(SubIndication sub) {
        return sub == null ? null : sub.name();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    /** A message with KySo's Vietnamese text for {@code key} where one exists. */
    public static Message message(String key, String english) {
        return new Message(key, english, Messages.vietnamese(key));
    }
}
