package org.kyso.core.internal;

import java.security.cert.X509Certificate;

import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;

import org.kyso.core.Revocation;
import org.kyso.core.TrustAnchors;

/**
 * Builds DSS certificate verifiers from KySo configuration. KySo decides what may reach the
 * network: DSS's own default (an online AIA fetcher) is always replaced.
 */
public final class DssVerifiers {

    private DssVerifiers() {
    }

    public static CommonTrustedCertificateSource trustedSource(TrustAnchors anchors) {
        CommonTrustedCertificateSource source = new CommonTrustedCertificateSource();
        for (X509Certificate c : anchors.certificates()) {
            source.addCertificate(new CertificateToken(c));
        }
        return source;
    }

    /** A fresh verifier (DSS verifiers are mutable, so each operation gets its own). */
    public static CommonCertificateVerifier create(CommonTrustedCertificateSource trusted, Revocation revocation) {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setAIASource(null);
        verifier.setOcspSource(null);
        verifier.setCrlSource(null);
        if (!trusted.getCertificates().isEmpty()) {
            verifier.setTrustedCertSources(trusted);
        }
        RevocationSupport.configure(revocation, verifier);
        return verifier;
    }
}
