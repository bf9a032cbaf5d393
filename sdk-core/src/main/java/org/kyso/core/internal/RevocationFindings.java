package org.kyso.core.internal;

import eu.europa.esig.dss.diagnostic.CertificateRevocationWrapper;
import eu.europa.esig.dss.diagnostic.CertificateWrapper;

import org.kyso.core.Message;

/**
 * Whether DSS really had revocation data for a signer's certificate, as its diagnostic data shows:
 * an OCSP response or CRL, fetched online or embedded in the document (an LT/LTA signature
 * validated offline has its own), whose signature verified. {@code ValidationReport.revocationChecked()}
 * is true only when every signature's signing certificate had some; otherwise each such
 * signature carries a warning (Circular 15/2025/TT-BKHCN asks for one when the revocation status
 * cannot be checked). Not part of KySo's API.
 */
final class RevocationFindings {

    private RevocationFindings() {
    }

    /** True when DSS had at least one OCSP response or CRL about {@code certificate}, signed as it should be. */
    static boolean found(CertificateWrapper certificate) {
        if (certificate == null) {
            return false;
        }
        for (CertificateRevocationWrapper revocation : certificate.getCertificateRevocationData()) {
            if (revocation.isSignatureValid()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The warning for a signature whose signer's revocation status could not be checked, naming
     * why each OCSP responder and CRL distribution point failed (from
     * {@link RevocationSupport#failures}) when any did: "OCSP http://... answered status tryLater".
     */
    static Message warning(boolean online, java.util.List<String> reasons) {
        Message general = warning(online);
        if (!online || reasons == null || reasons.isEmpty()) {
            return general;
        }
        String detail = String.join("; ", reasons);
        return new Message(general.key(), general.english() + " What failed: " + detail + ".",
                general.vietnamese() == null ? null : general.vietnamese() + " Lỗi cụ thể: " + detail + ".");
    }

    /** The warning for a signature whose signer's revocation status could not be checked. */
    static Message warning(boolean online) {
        if (!online) {
            return Messages.of("kyso.revocation.offline",
                    "The revocation status of the signer's certificate could not be checked: validation ran offline"
                            + " and the signature carries no OCSP response or CRL for it. Validate online, or ask the"
                            + " signer for an LT or LTA signature, which carries its own.");
        }
        return Messages.of("kyso.revocation.unavailable",
                "The revocation status of the signer's certificate could not be checked: no OCSP response or CRL"
                        + " could be obtained (the certificate names no OCSP responder or CRL distribution point that"
                        + " answered). Retry later; until then the certificate may have been revoked.");
    }
}
