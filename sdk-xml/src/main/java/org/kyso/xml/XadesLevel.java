package org.kyso.xml;

/**
 * The XAdES baseline levels of ETSI EN 319 132-1 (§6) an {@link XmlSigner} can produce.
 *
 * <pre>{@code
 * XmlSigner signer = XmlSigner.builder().key(key).level(XadesLevel.T).timestamping(tsa).build();
 * }</pre>
 */
public enum XadesLevel {
    /** XAdES-BASELINE-B: the signature, the signing certificate and the claimed signing time. */
    B,
    /** XAdES-BASELINE-T: B plus an RFC 3161 signature time-stamp proving when the signature existed. */
    T,
    /** XAdES-BASELINE-LT: T plus the certificates and revocation data (OCSP/CRL) needed to validate it later. */
    LT,
    /** XAdES-BASELINE-LTA: LT plus an archive time-stamp over everything, renewable before algorithms weaken. */
    LTA;

    /** Whether this level needs a time-stamping authority. */
    boolean needsTimestamp() {
        return this != B;
    }

    /** Whether this level embeds validation data (and so needs revocation sources and trust). */
    boolean needsValidationData() {
        return this == LT || this == LTA;
    }
}
