package org.kyso.core;

/**
 * Signature algorithms a {@link SigningKey} may be asked to use. ECDSA values are returned
 * DER-encoded, as the Java platform does; KySo converts where a format needs another encoding.
 */
public enum SignatureAlgorithm {
    RSA_SHA256("SHA256withRSA", "RSA", DigestAlgorithm.SHA256),
    RSA_SHA384("SHA384withRSA", "RSA", DigestAlgorithm.SHA384),
    RSA_SHA512("SHA512withRSA", "RSA", DigestAlgorithm.SHA512),
    RSA_PSS_SHA256("RSASSA-PSS", "RSA", DigestAlgorithm.SHA256),
    RSA_PSS_SHA384("RSASSA-PSS", "RSA", DigestAlgorithm.SHA384),
    RSA_PSS_SHA512("RSASSA-PSS", "RSA", DigestAlgorithm.SHA512),
    ECDSA_SHA256("SHA256withECDSA", "EC", DigestAlgorithm.SHA256),
    ECDSA_SHA384("SHA384withECDSA", "EC", DigestAlgorithm.SHA384),
    ECDSA_SHA512("SHA512withECDSA", "EC", DigestAlgorithm.SHA512);

    private final String jcaName;
    private final String keyAlgorithm;
    private final DigestAlgorithm digest;

    SignatureAlgorithm(String jcaName, String keyAlgorithm, DigestAlgorithm digest) {
        this.jcaName = jcaName;
        this.keyAlgorithm = keyAlgorithm;
        this.digest = digest;
    }

    /** The {@link java.security.Signature} algorithm name (PSS also needs {@link #pssParameters()}). */
    public String jcaName() {
        return jcaName;
    }

    /** "RSA" or "EC". */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    public DigestAlgorithm digest() {
        return digest;
    }

    public boolean isPss() {
        return jcaName.equals("RSASSA-PSS");
    }

    /** PSS parameters (MGF1 with the same hash, salt length = hash length), or null when not PSS. */
    public java.security.spec.PSSParameterSpec pssParameters() {
        if (!isPss()) {
            return null;
        }
        int saltLength = switch (digest) {
            case SHA256 -> 32;
            case SHA384 -> 48;
            case SHA512 -> 64;
        };
        return new java.security.spec.PSSParameterSpec(digest.jcaName(), "MGF1",
                new java.security.spec.MGF1ParameterSpec(digest.jcaName()), saltLength, 1);
    }

    /** The usual choice for a key: SHA-256 (SHA-384 / SHA-512 for larger EC curves). */
    public static SignatureAlgorithm defaultFor(java.security.PublicKey key) {
        if (key instanceof java.security.interfaces.ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits > 384 ? ECDSA_SHA512 : bits > 256 ? ECDSA_SHA384 : ECDSA_SHA256;
        }
        if ("RSA".equals(key.getAlgorithm())) {
            return RSA_SHA256;
        }
        throw new IllegalArgumentException("Unsupported key type " + key.getAlgorithm() + ": use an RSA or EC key");
    }
}
