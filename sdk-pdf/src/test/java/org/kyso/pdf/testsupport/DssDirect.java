package org.kyso.pdf.testsupport;

import java.nio.file.Path;
import java.security.cert.X509Certificate;

import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;

/**
 * EU DSS 6.4 used directly, without anything from KySo: the second opinion on what KySo's
 * {@code Validator} reports.
 */
public final class DssDirect {

    private DssDirect() {
    }

    /**
     * Validates {@code pdf} trusting only {@code root}, with no online source of any kind (no OCSP,
     * CRL or AIA fetching): only what the file itself carries counts.
     */
    public static SimpleReport validateOffline(Path pdf, X509Certificate root) {
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(root));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setAIASource(null);
        verifier.setOcspSource(null);
        verifier.setCrlSource(null);
        verifier.setTrustedCertSources(trusted);
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new FileDocument(pdf.toFile()));
        validator.setCertificateVerifier(verifier);
        return validator.validateDocument().getSimpleReport();
    }
}
