package org.kyso.core.internal;

import org.kyso.core.DigestAlgorithm;
import org.kyso.core.SignatureAlgorithm;

/** Maps KySo's algorithm names onto DSS's. */
public final class DssAlgorithms {

    private DssAlgorithms() {
    }

    public static eu.europa.esig.dss.enumerations.DigestAlgorithm digest(DigestAlgorithm digest) {
        return switch (digest) {
            case SHA256 -> eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA256;
            case SHA384 -> eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA384;
            case SHA512 -> eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA512;
        };
    }

    public static eu.europa.esig.dss.enumerations.SignatureAlgorithm signature(SignatureAlgorithm algorithm) {
        return switch (algorithm) {
            case RSA_SHA256 -> eu.europa.esig.dss.enumerations.SignatureAlgorithm.RSA_SHA256;
            case RSA_SHA384 -> eu.europa.esig.dss.enumerations.SignatureAlgorithm.RSA_SHA384;
            case RSA_SHA512 -> eu.europa.esig.dss.enumerations.SignatureAlgorithm.RSA_SHA512;
            case RSA_PSS_SHA256 -> eu.europa.esig.dss.enumerations.SignatureAlgorithm.RSA_SSA_PSS_SHA256_MGF1;
            case RSA_PSS_SHA384 -> eu.europa.esig.dss.enumerations.SignatureAlgorithm.RSA_SSA_PSS_SHA384_MGF1;
            case RSA_PSS_SHA512 -> eu.europa.esig.dss.enumerations.SignatureAlgorithm.RSA_SSA_PSS_SHA512_MGF1;
            case ECDSA_SHA256 -> eu.europa.esig.dss.enumerations.SignatureAlgorithm.ECDSA_SHA256;
            case ECDSA_SHA384 -> eu.europa.esig.dss.enumerations.SignatureAlgorithm.ECDSA_SHA384;
            case ECDSA_SHA512 -> eu.europa.esig.dss.enumerations.SignatureAlgorithm.ECDSA_SHA512;
        };
    }

    /** The DSS encryption (key) algorithm for {@code algorithm}: RSA, RSASSA_PSS or ECDSA. */
    public static eu.europa.esig.dss.enumerations.EncryptionAlgorithm encryption(SignatureAlgorithm algorithm) {
        return signature(algorithm).getEncryptionAlgorithm();
    }
}
