package org.kyso.testkit.internal;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import org.kyso.testkit.KeyType;

/** Key pair generation. */
public final class Keys {

    private Keys() {
    }

    /**
     * Generates with the JDK's own providers (SunEC, SunRsaSign): their keys are the plainest JCA
     * objects, accepted as-is by any KeyStore, PKCS#11 import or third-party library under test.
     */
    public static KeyPair generate(KeyType type, SecureRandom random) {
        try {
            KeyPairGenerator generator;
            switch (type) {
                case RSA_2048:
                case RSA_3072:
                case RSA_4096:
                    generator = KeyPairGenerator.getInstance("RSA");
                    int bits = type == KeyType.RSA_2048 ? 2048 : type == KeyType.RSA_3072 ? 3072 : 4096;
                    generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
                    break;
                case ECDSA_P256:
                case ECDSA_P384:
                    generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec(type == KeyType.ECDSA_P256 ? "secp256r1" : "secp384r1"), random);
                    break;
                default:
                    throw new IllegalArgumentException("Unsupported key type " + type);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a " + type + " key pair", e);
        }
    }
}
