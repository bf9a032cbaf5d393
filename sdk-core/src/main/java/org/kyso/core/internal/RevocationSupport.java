package org.kyso.core.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import eu.europa.esig.dss.crl.CRLBinary;
import eu.europa.esig.dss.crl.CRLUtils;
import eu.europa.esig.dss.crl.CRLValidity;
import eu.europa.esig.dss.enumerations.RevocationOrigin;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.client.http.NativeHTTPDataLoader;
import eu.europa.esig.dss.spi.client.http.Protocol;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.aia.DefaultAIASource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLToken;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPSource;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPToken;

import org.kyso.core.Revocation;
import org.kyso.core.RevocationException;

/**
 * Connects a KySo {@link Revocation} to a DSS certificate verifier, so that what DSS fetches goes
 * through KySo's checks, timeouts and shared cache, and nothing reaches the network unless the
 * caller chose {@link Revocation#online()}.
 */
public final class RevocationSupport {

    /** CA certificates fetched through AIA are small; a cap keeps a broken URL from filling memory. */
    private static final int MAX_AIA_BYTES = 1 << 20;

    private RevocationSupport() {
    }

    /**
     * Online: OCSP and CRL sources backed by {@code revocation}'s cache, and an AIA source (http and
     * https, with the same timeouts) so DSS can fetch missing issuer certificates. Offline: no
     * revocation source and no AIA source, replacing the online AIA fetcher that
     * {@code new CommonCertificateVerifier()} installs by default.
     */
    public static void configure(Revocation revocation, CommonCertificateVerifier verifier) {
        RevocationEngine engine = CoreAccess.engine(revocation);
        if (engine.isOffline()) {
            verifier.setOcspSource(null);
            verifier.setCrlSource(null);
            verifier.setAIASource(null);
            return;
        }
        Failures failures = new Failures();
        verifier.setOcspSource(new CachedOcspSource(engine, failures));
        verifier.setCrlSource(new CachedCrlSource(engine, failures));
        verifier.setAIASource(aiaSource(engine));
    }

    /**
     * Why revocation data could not be had while DSS worked with {@code verifier} (configured by
     * {@link #configure}): per certificate, each OCSP or CRL failure as "OCSP URL answered status
     * tryLater". Empty for an offline verifier or when nothing failed.
     */
    public static Failures failures(CertificateVerifier verifier) {
        return verifier != null && verifier.getOcspSource() instanceof CachedOcspSource ocsp ? ocsp.failures : Failures.NONE;
    }

    /** Revocation failures seen through one verifier (one validation, one signing), by DSS certificate id. */
    public static final class Failures {
        static final Failures NONE = new Failures();

        private final Map<String, Set<String>> byCertificate = new ConcurrentHashMap<>();

        void add(CertificateToken certificate, String prefix, RevocationException e) {
            if (this == NONE) {
                return;
            }
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // "Cannot get an OCSP answer for CN=...: OCSP http://... answered status tryLater": the
            // subject is said elsewhere in a report, the source and what it did is the reason.
            String lead = prefix + subject(certificate.getCertificate()) + ": ";
            if (reason.startsWith(lead)) {
                reason = reason.substring(lead.length());
            }
            Set<String> reasons = byCertificate.computeIfAbsent(certificate.getDSSIdAsString(),
                    id -> java.util.Collections.synchronizedSet(new LinkedHashSet<>()));
            reasons.add(reason);
        }

        /** The failures for the certificate with this DSS id ({@code C-...}), in the order seen. */
        public List<String> of(String dssId) {
            Set<String> reasons = dssId == null ? null : byCertificate.get(dssId);
            if (reasons == null) {
                return List.of();
            }
            synchronized (reasons) {
                return List.copyOf(new ArrayList<>(reasons));
            }
        }

        private static String subject(X509Certificate certificate) {
            return certificate.getSubjectX500Principal().getName();
        }
    }

    private static DefaultAIASource aiaSource(RevocationEngine engine) {
        NativeHTTPDataLoader loader = new NativeHTTPDataLoader();
        loader.setConnectTimeout(Math.toIntExact(engine.connectTimeout().toMillis()));
        loader.setReadTimeout(Math.toIntExact(engine.readTimeout().toMillis()));
        loader.setMaxInputSize(MAX_AIA_BYTES);
        DefaultAIASource source = new DefaultAIASource(loader);
        // DSS would also follow file:, ldap: and ftp: locations found in a (possibly hostile) certificate.
        source.setAcceptedProtocols(List.of(Protocol.HTTP, Protocol.HTTPS));
        return source;
    }

    /** DSS OCSP source answering from the KySo cache; failures reach DSS (which logs them) wrapped. */
    @SuppressWarnings("serial") // DSS sources are Serializable by declaration only; KySo never serializes them.
    static final class CachedOcspSource implements OCSPSource {
        private final RevocationEngine engine;
        private final transient Failures failures;

        CachedOcspSource(RevocationEngine engine, Failures failures) {
            this.engine = engine;
            this.failures = failures;
        }

        @Override
        public OCSPToken getRevocationToken(CertificateToken certificate, CertificateToken issuer) {
            RevocationEngine.OcspAnswer answer;
            try {
                answer = engine.ocsp(certificate.getCertificate(), issuer.getCertificate());
            } catch (RevocationException e) {
                failures.add(certificate, "Cannot get an OCSP answer for ", e);
                throw new WrappedKysoException(e);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (answer == null) {
                return null;
            }
            OCSPToken token = new OCSPToken(answer.response(), answer.single(), certificate, issuer);
            token.setSourceURL(answer.url().toString());
            token.setExternalOrigin(RevocationOrigin.EXTERNAL);
            return token;
        }
    }

    /** DSS CRL source answering from the KySo cache (one CRL per URL serves every certificate of its CA). */
    @SuppressWarnings("serial")
    static final class CachedCrlSource implements CRLSource {
        private final RevocationEngine engine;
        private final transient Failures failures;

        CachedCrlSource(RevocationEngine engine, Failures failures) {
            this.engine = engine;
            this.failures = failures;
        }

        @Override
        public CRLToken getRevocationToken(CertificateToken certificate, CertificateToken issuer) {
            RevocationEngine.CrlAnswer answer;
            try {
                answer = engine.crl(certificate.getCertificate(), issuer.getCertificate());
            } catch (RevocationException e) {
                failures.add(certificate, "Cannot get a CRL for ", e);
                throw new WrappedKysoException(e);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (answer == null) {
                return null;
            }
            RevocationEngine.CrlDocument document = answer.crl();
            // DSS parses and checks the CRL once per issuer; the result lives as long as the cached CRL.
            CRLValidity validity = document.derived(issuer.getDSSIdAsString(), key -> {
                try {
                    CRLBinary binary = CRLUtils.buildCRLBinary(document.encoded());
                    CRLValidity built = CRLUtils.buildCRLValidity(binary, issuer);
                    built.setUrl(document.url().toString());
                    return built;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            CRLToken token = new CRLToken(certificate, validity);
            token.setSourceURL(document.url().toString());
            token.setExternalOrigin(RevocationOrigin.EXTERNAL);
            return token;
        }
    }
}
