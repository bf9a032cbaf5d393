package org.kyso.pdf.internal;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.SignatureImageParameters;

import org.kyso.core.KysoException;
import org.kyso.core.internal.DssAlgorithms;
import org.kyso.pdf.PdfSigner;

/** Turns a {@link PdfSigner}'s settings into DSS PAdES parameters for one signature. */
public final class PadesParameters {

    private PadesParameters() {
    }

    public static PAdESSignatureParameters create(PdfSigner signer, DSSDocument document, Path file, Date signingDate)
            throws KysoException {
        PAdESSignatureParameters p = new PAdESSignatureParameters();
        p.setSignatureLevel(switch (signer.level()) {
            case B -> SignatureLevel.PAdES_BASELINE_B;
            case T -> SignatureLevel.PAdES_BASELINE_T;
            case LT -> SignatureLevel.PAdES_BASELINE_LT;
            case LTA -> SignatureLevel.PAdES_BASELINE_LTA;
        });
        p.setDigestAlgorithm(DssAlgorithms.digest(signer.algorithm().digest()));
        p.setEncryptionAlgorithm(DssAlgorithms.encryption(signer.algorithm()));
        p.setSigningCertificate(new CertificateToken(signer.key().certificate()));
        List<CertificateToken> chain = new ArrayList<>();
        for (X509Certificate c : signer.key().certificateChain()) {
            chain.add(new CertificateToken(c));
        }
        p.setCertificateChain(chain);
        p.bLevel().setSigningDate(signingDate);
        p.setReason(signer.reason());
        p.setLocation(signer.location());
        p.setContactInfo(signer.contactInfo());
        p.setAppName("KySo");
        // A signature value of ~9 KB leaves room for long chains and big timestamp tokens.
        p.setContentSize(16 * 1024);
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
}
