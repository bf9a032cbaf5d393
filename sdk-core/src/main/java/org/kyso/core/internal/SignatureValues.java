package org.kyso.core.internal;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

import org.kyso.core.SignatureAlgorithm;

/**
 * Checks a signature value a key (a token, a remote signer, a browser) returned before it goes into
 * a document: a value from another key or over other data would otherwise fail only at validation.
 */
public final class SignatureValues {

    private SignatureValues() {
    }

    /**
     * @param plainEcdsa the ECDSA value is r||s (IEEE P1363, as WebCrypto returns it) rather than DER
     */
    public static boolean verifies(SignatureAlgorithm algorithm, PublicKey key, byte[] data, byte[] value,
                                   boolean plainEcdsa) {
        try {
            Signature verifier = Signature.getInstance(plainEcdsa ? algorithm.jcaName() + "inP1363Format" : algorithm.jcaName());
            if (algorithm.isPss()) {
                verifier.setParameter(algorithm.pssParameters());
            }
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(value);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
