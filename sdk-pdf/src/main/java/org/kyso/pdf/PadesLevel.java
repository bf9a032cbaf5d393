package org.kyso.pdf;

/** PAdES baseline levels (ETSI EN 319 142-1). */
public enum PadesLevel {
    /** Basic signature: the signer's certificate and claimed signing time. */
    B,
    /** B plus an RFC 3161 signature timestamp proving when the signature existed. */
    T,
    /** T plus the certificate chain and revocation data in the DSS dictionary, checkable offline. */
    LT,
    /** LT plus a document timestamp that protects the validation data for the long term. */
    LTA
}
