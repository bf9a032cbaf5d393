package org.kyso.core;

/** Hash algorithms KySo signs and timestamps with. SHA-1 is deliberately absent. */
public enum DigestAlgorithm {
    SHA256("SHA-256", "2.16.840.1.101.3.4.2.1"),
    SHA384("SHA-384", "2.16.840.1.101.3.4.2.2"),
    SHA512("SHA-512", "2.16.840.1.101.3.4.2.3");

    private final String jcaName;
    private final String oid;

    DigestAlgorithm(String jcaName, String oid) {
        this.jcaName = jcaName;
        this.oid = oid;
    }

    /** The name {@link java.security.MessageDigest#getInstance(String)} understands. */
    public String jcaName() {
        return jcaName;
    }

    public String oid() {
        return oid;
    }

    /** Hashes {@code data}. */
    public byte[] digest(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance(jcaName).digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is missing from this Java runtime", e);
        }
    }
}
