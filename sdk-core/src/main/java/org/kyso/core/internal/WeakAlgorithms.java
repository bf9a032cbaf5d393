package org.kyso.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlDigestMatcher;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;

import org.kyso.core.Message;

/**
 * Warns about algorithms and key sizes that still verify but no longer protect a signature well:
 * SHA-1 (and older) hashes, RSA and DSA keys under 2048 bits, elliptic curves under 256 bits
 * (ETSI TS 119 312). Real Vietnamese e-invoices still use RSA-SHA1 and 1024-bit RSA keys, so these
 * are warnings that say what is weak, not failures; whether the signature can still be accepted is
 * the validation policy's answer (DSS's default makes such signatures INDETERMINATE with
 * CRYPTO_CONSTRAINTS_FAILURE_NO_POE unless a timestamp proves they existed while the algorithm was
 * still considered reliable).
 */
final class WeakAlgorithms {

    private static final Set<DigestAlgorithm> WEAK_DIGESTS = Set.of(
            DigestAlgorithm.SHA1, DigestAlgorithm.MD5, DigestAlgorithm.MD2, DigestAlgorithm.RIPEMD160);

    private WeakAlgorithms() {
    }

    static List<Message> warnings(SignatureWrapper signature) {
        List<Message> warnings = new ArrayList<>();
        DigestAlgorithm digest = signature.getDigestAlgorithm();
        EncryptionAlgorithm encryption = signature.getEncryptionAlgorithm();
        if (digest != null && WEAK_DIGESTS.contains(digest)) {
            String algorithm = (encryption == null ? "" : name(encryption) + " with ") + digest.getJavaName();
            warnings.add(Messages.of("kyso.crypto.weak.signature",
                    "Weak algorithm: the signature value is computed with {0}, which is no longer considered secure;"
                            + " the signature still verifies, but ask the signer to use SHA-256 or stronger", algorithm));
        }
        Set<String> weakReferenceDigests = new LinkedHashSet<>();
        for (XmlDigestMatcher matcher : signature.getDigestMatchers()) {
            if (matcher.getDigestMethod() != null && WEAK_DIGESTS.contains(matcher.getDigestMethod())) {
                weakReferenceDigests.add(matcher.getDigestMethod().getJavaName());
            }
        }
        for (String weak : weakReferenceDigests) {
            warnings.add(Messages.of("kyso.crypto.weak.digest",
                    "Weak algorithm: the signed data is hashed with {0}, which is no longer considered secure;"
                            + " the signature still verifies, but ask the signer to use SHA-256 or stronger", weak));
        }
        int bits = bits(signature.getKeyLengthUsedToSignThisToken());
        int minimum = minimumBits(encryption);
        if (bits > 0 && bits < minimum) {
            warnings.add(Messages.of("kyso.crypto.weak.key",
                    "Weak key: the signer's {0} key has {1} bits, fewer than the {2} recommended; the signature still"
                            + " verifies, but a key this short can be broken with enough computing power;"
                            + " the signer should get a new certificate", name(encryption), bits, minimum));
        }
        return warnings;
    }

    private static int minimumBits(EncryptionAlgorithm encryption) {
        if (encryption == null) {
            return 0;
        }
        return switch (encryption) {
            case RSA, RSASSA_PSS, DSA -> 2048;
            case ECDSA, PLAIN_ECDSA -> 256;
            default -> 0;
        };
    }

    private static String name(EncryptionAlgorithm encryption) {
        return encryption == EncryptionAlgorithm.RSASSA_PSS ? "RSA-PSS" : encryption.getName();
    }

    private static int bits(String keyLength) {
        try {
            return keyLength == null ? 0 : Integer.parseInt(keyLength.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
