package org.kyso.pdf.internal;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

import eu.europa.esig.dss.enumerations.CertificationPermission;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.SignatureImageParameters;

import org.kyso.core.KysoException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.internal.DssAlgorithms;
import org.kyso.pdf.Certification;
import org.kyso.pdf.FieldLock;
import org.kyso.pdf.PadesLevel;
import org.kyso.pdf.PdfSigner;

/** Turns a {@link PdfSigner}'s settings into DSS PAdES parameters for one signature. */
public final class PadesParameters {

    private PadesParameters() {
    }

    /** DSS parameters carrying what DSS itself has no parameter for (read by {@link FieldLockingSignatureService}). */
    public static final class Signature extends PAdESSignatureParameters {
        private static final long serialVersionUID = 1L;

        private transient FieldLock fieldLock;

        /** The fields the new signature locks, or null. */
        public FieldLock fieldLock() {
            return fieldLock;
        }
    }

    /** Parameters with the PDF signing date written in the JVM's default time zone. */
    public static PAdESSignatureParameters create(PdfSigner signer, DSSDocument document, Path file, Date signingDate)
            throws KysoException {
        return create(signer, document, file, signingDate, TimeZone.getDefault());
    }

    /**
     * Parameters for one signature. Refuses, before anything is signed, a document certified with
     * "no changes allowed" and a certification of a document that is already signed.
     *
     * @param zone the zone of the signing date written in the signature dictionary (/M): part of
     *        the signed bytes, so two-step signing fixes it
     */
    public static PAdESSignatureParameters create(PdfSigner signer, DSSDocument document, Path file, Date signingDate,
                                                  TimeZone zone) throws KysoException {
        try {
            return createUnguarded(signer, document, file, signingDate, zone);
        } catch (RuntimeException e) {
            // PDFBox fails on some damaged structures with unchecked exceptions (a page tree whose
            // /Kids lead nowhere, for one); KySo's own code failing stays a bug.
            if (!org.kyso.core.internal.Origins.documentLibrary(e)) {
                throw e;
            }
            throw new org.kyso.core.MalformedDocumentException(file, (file == null ? "The PDF" : file.toString())
                    + " cannot be signed: its structure is damaged (" + e + ")", e);
        }
    }

    private static PAdESSignatureParameters createUnguarded(PdfSigner signer, DSSDocument document, Path file, Date signingDate,
                                                            TimeZone zone) throws KysoException {
        checkPermissions(signer, PdfInspection.of(document, file), file);
        Signature p = new Signature();
        p.setSignatureLevel(level(signer.level()));
        p.setDigestAlgorithm(DssAlgorithms.digest(signer.algorithm().digest()));
        p.setSigningCertificate(new CertificateToken(signer.certificateChain().get(0)));
        // After setSigningCertificate, which guesses the encryption algorithm from the key (RSA, not RSASSA-PSS).
        p.setEncryptionAlgorithm(DssAlgorithms.encryption(signer.algorithm()));
        List<CertificateToken> chain = new ArrayList<>();
        for (X509Certificate c : signer.certificateChain()) {
            chain.add(new CertificateToken(c));
        }
        p.setCertificateChain(chain);
        p.bLevel().setSigningDate(signingDate);
        p.setSigningTimeZone(zone);
        p.setReason(signer.reason());
        p.setLocation(signer.location());
        p.setContactInfo(signer.contactInfo());
        p.setAppName("KySo");
        // A signature value of ~9 KB leaves room for long chains and big timestamp tokens.
        p.setContentSize(16 * 1024);
        if (signer.certification() != null) {
            p.setPermission(CertificationPermission.fromCode(signer.certification().permission()));
        }
        p.fieldLock = signer.fieldLock();
        if (signer.appearance() != null) {
            p.setImageParameters(AppearanceParameters.image(signer, document, file, signingDate));
        }
        if (signer.fieldName() != null) {
            if (p.getImageParameters() == null || p.getImageParameters().isEmpty()) {
                SignatureImageParameters none = new SignatureImageParameters();
                none.getFieldParameters().setFieldId(signer.fieldName());
                p.setImageParameters(none);
            } else {
                p.getImageParameters().getFieldParameters().setFieldId(signer.fieldName());
            }
        }
        return p;
    }

    /** The DSS level for a KySo level. */
    public static SignatureLevel level(PadesLevel level) {
        return switch (level) {
            case B -> SignatureLevel.PAdES_BASELINE_B;
            case T -> SignatureLevel.PAdES_BASELINE_T;
            case LT -> SignatureLevel.PAdES_BASELINE_LT;
            case LTA -> SignatureLevel.PAdES_BASELINE_LTA;
        };
    }

    private static void checkPermissions(PdfSigner signer, PdfInspection pdf, Path file) throws KysoException {
        String name = file == null ? "The PDF" : file.toString();
        if (pdf.certification() == Certification.NO_CHANGES) {
            throw new MalformedDocumentException(file, name + " is certified with 'no changes allowed' (DocMDP P=1):"
                    + " another signature would break its certification, so KySo does not add one. Sign the document"
                    + " before it is certified, or ask its author for a version certified with FORM_FILLING or ANNOTATIONS", null);
        }
        if (signer.certification() != null && pdf.signatures() > 0) {
            throw new MalformedDocumentException(file, name + " already has " + pdf.signatures() + " signature(s) or"
                    + " document timestamp(s): only the first signature of a document can certify it."
                    + " Sign without certify(...) (CLI: without --certify) to add an approval signature", null);
        }
    }
}
