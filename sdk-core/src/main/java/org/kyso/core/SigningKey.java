package org.kyso.core;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key that can sign, with its certificate chain. This is the one SPI every key source
 * implements: software keys ({@link SoftwareKey}), PKCS#11 tokens, remote signing services.
 * {@code PdfSigner} and {@code XmlSigner} take any implementation unchanged.
 *
 * <p>Implementations must be safe to call from several threads (serialising internally if the
 * device needs it).
 *
 * <pre>{@code
 * try (SigningKey key = SoftwareKey.open(Path.of("signer.p12"), PasswordSource.env("P12_PASSWORD"))) {
 *     byte[] value = key.sign(SignatureAlgorithm.RSA_SHA256, data);
 * }
 * }</pre>
 */
public interface SigningKey extends AutoCloseable {

    /** The signer's certificate first, then its issuers as far as known. Never empty. */
    List<X509Certificate> certificateChain();

    /** The signer's certificate. */
    default X509Certificate certificate() {
        return certificateChain().get(0);
    }

    /** The algorithm used when the caller does not choose one. */
    default SignatureAlgorithm defaultAlgorithm() {
        return SignatureAlgorithm.defaultFor(certificate().getPublicKey());
    }

    /**
     * Signs {@code data} (the whole data, not a digest: the key hashes it with the algorithm's
     * digest). ECDSA values are DER-encoded.
     *
     * @throws KeyAccessException when the key refuses (locked, removed, not permitted)
     */
    byte[] sign(SignatureAlgorithm algorithm, byte[] data) throws KysoException;

    /** Releases the key (logs out of a token). Idempotent. */
    @Override
    void close();
}
