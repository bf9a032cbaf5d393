package org.kyso.core;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * What loading one trusted list (or list of trusted lists) found, from {@link TrustAnchors#trustedLists()}.
 * A list is {@link #used()} only if it was read, parsed, its XAdES signature verified (DSS
 * indication TOTAL_PASSED) with a certificate allowed to sign it, and its next update is still
 * ahead; otherwise nothing from it is trusted and {@link #problems()} says why.
 *
 * @param location where the list was read from (URL or {@code file:} URI)
 * @param listOfTrustedLists true for a LOTL, false for a trusted list
 * @param territory the scheme territory ({@code VN}, {@code EU}, ...), null if the list could not be parsed
 * @param sequenceNumber the list's sequence number, or null
 * @param issued the list's issue date, or null
 * @param nextUpdate when the list must be replaced, or null (a closed list)
 * @param signatureIndication DSS's indication for the list's signature (TOTAL_PASSED, INDETERMINATE,
 *        TOTAL_FAILED), with its sub-indication after a slash, or null if it could not be checked
 * @param signer the certificate that signed the list, when DSS identified it
 * @param trustServices how many trust services the list holds (0 for a LOTL)
 * @param used whether the list's trust services became trust anchors (a LOTL: whether its pointers were followed)
 * @param problems why the list was not used, and other findings (structure, a failed download
 *        replaced by the cached copy), in English
 */
public record TrustedListInfo(String location, boolean listOfTrustedLists, String territory, Integer sequenceNumber,
                              Instant issued, Instant nextUpdate, String signatureIndication, X509Certificate signer,
                              int trustServices, boolean used, List<String> problems) {

    public TrustedListInfo {
        problems = List.copyOf(problems);
    }

    /** One line for people: {@code trusted list VN #3 (file:/...): used, 12 trust services}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(listOfTrustedLists ? "list of trusted lists" : "trusted list");
        if (territory != null) {
            b.append(' ').append(territory);
        }
        if (sequenceNumber != null) {
            b.append(" #").append(sequenceNumber);
        }
        b.append(" (").append(location).append("): ").append(used ? "used" : "NOT used");
        if (!listOfTrustedLists && used) {
            b.append(", ").append(trustServices).append(trustServices == 1 ? " trust service" : " trust services");
        }
        for (String p : problems) {
            b.append("; ").append(p);
        }
        return b.toString();
    }
}
