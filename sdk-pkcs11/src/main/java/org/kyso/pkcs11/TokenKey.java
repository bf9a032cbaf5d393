package org.kyso.pkcs11;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A key found on a token: a private key and its certificate, paired by CKA_ID. Without a login,
 * tokens usually hide private keys; {@link #privateKeyVisible()} then is false and the entry
 * describes the certificate only.
 *
 * @param label        CKA_LABEL of the private key (of the certificate when the key is hidden)
 * @param idHex        CKA_ID in lowercase hexadecimal
 * @param keyType      "RSA" or "EC"
 * @param keySize      modulus length or field size in bits
 * @param certificate  the certificate with the same CKA_ID
 * @param sha256       SHA-256 fingerprint of the certificate, lowercase hexadecimal
 * @param privateKeyVisible whether the private key itself was seen (needs a login on most tokens)
 */
public record TokenKey(String label, String idHex, String keyType, int keySize, X509Certificate certificate,
        String sha256, boolean privateKeyVisible) {

    public String subject() {
        return certificate.getSubjectX500Principal().getName();
    }

    public String issuer() {
        return certificate.getIssuerX500Principal().getName();
    }

    public Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    /**
     * The certificate's key usage bits by their RFC 5280 names (digitalSignature, nonRepudiation,
     * ...), in the standard's order; empty when the certificate has no key usage extension.
     */
    public List<String> keyUsage() {
        boolean[] bits = certificate.getKeyUsage();
        if (bits == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < bits.length && i < KEY_USAGE.length; i++) {
            if (bits[i]) {
                names.add(KEY_USAGE[i]);
            }
        }
        return List.copyOf(names);
    }

    private static final String[] KEY_USAGE = {"digitalSignature", "nonRepudiation", "keyEncipherment",
        "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};

    /** One line for a person: label, id, type and size, subject, fingerprint. */
    public String describe() {
        return "'" + label + "' (id " + idHex + ", " + keyType + " " + keySize + ", " + subject() + ", SHA-256 "
                + sha256 + ")";
    }
}
