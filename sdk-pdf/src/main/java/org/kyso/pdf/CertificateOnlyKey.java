package org.kyso.pdf;

import java.security.cert.X509Certificate;
import java.util.List;

import org.kyso.core.KeyAccessException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;

/**
 * The key of a {@link PdfSigner} built with {@code certificateChain(...)}: a certificate chain
 * without its private key, for two-step signing, where the signature value is made elsewhere.
 */
final class CertificateOnlyKey implements SigningKey {

    private final List<X509Certificate> chain;

    CertificateOnlyKey(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("The certificate chain is empty: give at least the signer's certificate");
        }
        for (X509Certificate c : chain) {
            if (c == null) {
                throw new IllegalArgumentException("The certificate chain holds a null certificate");
            }
        }
        this.chain = List.copyOf(chain);
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public byte[] sign(SignatureAlgorithm algorithm, byte[] data) throws KeyAccessException {
        throw new KeyAccessException(KeyAccessException.Reason.NOT_PERMITTED, "This PdfSigner holds only the certificate"
                + " chain of " + chain.get(0).getSubjectX500Principal().getName() + ", no private key: sign in two steps"
                + " with prepare(...) and complete(...), or build the signer with key(...)");
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return "CertificateOnlyKey[" + chain.get(0).getSubjectX500Principal().getName() + "]";
    }
}
