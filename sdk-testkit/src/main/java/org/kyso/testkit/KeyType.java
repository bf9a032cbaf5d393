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
    /** ECDSA on NIST P-256 (secp256r1). Fastest to generate; the default for the test CAs and TSA. */
    ECDSA_P256
}
