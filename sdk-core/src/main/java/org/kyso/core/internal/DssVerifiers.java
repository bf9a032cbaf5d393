package org.kyso.core.internal;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.tsl.TrustedListsCertificateSource;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CertificateSource;
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

    /**
     * A DSS trusted source with the anchors' certificates; the DSS sources of the anchors' trusted
     * lists travel with it to {@link #create}.
     */
    public static CommonTrustedCertificateSource trustedSource(TrustAnchors anchors) {
        Trusted source = new Trusted(CoreAccess.trustedLists(anchors));
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
        List<CertificateSource> sources = new ArrayList<>();
        if (!trusted.getCertificates().isEmpty()) {
            sources.add(trusted);
        }
        if (trusted instanceof Trusted withLists) {
            sources.addAll(withLists.lists);
        }
        if (!sources.isEmpty()) {
            verifier.setTrustedCertSources(sources.toArray(new CertificateSource[0]));
        }
        RevocationSupport.configure(revocation, verifier);
        return verifier;
    }

    /** The directly trusted certificates, plus the (shared, read-only) sources of trusted lists. */
    @SuppressWarnings("serial") // DSS sources are Serializable by declaration only; KySo never serializes them.
    private static final class Trusted extends CommonTrustedCertificateSource {
        private final transient List<TrustedListsCertificateSource> lists;

        Trusted(List<TrustedListsCertificateSource> lists) {
            this.lists = List.copyOf(lists);
        }
    }
}
