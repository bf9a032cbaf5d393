package org.kyso.testkit;

/**
 * Key algorithm and size of a generated key pair. Certificates are signed with SHA-256 by an
 * issuer of either type (SHA256withRSA or SHA256withECDSA).
 *
 * <pre>{@code
 * Leaf signer = pki.issue(LeafSpec.builder().keyType(KeyType.RSA_3072).build());
 * }</pre>
 */
public enum KeyType {
    /** RSA, 2048-bit modulus: what most Vietnamese public CAs issue today. */
    RSA_2048,
    /** RSA, 3072-bit modulus. Key generation takes noticeably longer (hundreds of ms). */
    RSA_3072,
    /** RSA, 4096-bit modulus. Key generation is slow (often a second or more): use it only where the size matters. */
    RSA_4096,
    /** ECDSA on NIST P-256 (secp256r1). Fastest to generate; the default for the test CAs and TSA. */
    ECDSA_P256,
    /** ECDSA on NIST P-384 (secp384r1), usually paired with SHA-384. */
    ECDSA_P384
}
