package org.kyso.testkit.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** Bouncy Castle plumbing shared by the builders. */
public final class Bc {

    private Bc() {
    }

    // Signing and hashing use the JDK's own providers: they do all the PKI needs (SHA-256 with RSA
    // or ECDSA), and constructing a BouncyCastleProvider costs over a second on a cold JVM, which
    // would make start() slow. Nothing is registered globally.

    /** SHA256withECDSA or SHA256withRSA, whichever fits the key. */
    public static String signatureAlgorithm(Key key) {
        if (key instanceof ECKey) {
            return "SHA256withECDSA";
        }
        if (key instanceof RSAKey) {
            return "SHA256withRSA";
        }
        throw new IllegalArgumentException("Unsupported key algorithm " + key.getAlgorithm() + ": use RSA or EC");
    }

    /**
     * A fresh signer for {@code key}. Content signers are stateful, so each signature gets its own:
     * that is what makes the services safe to call from many threads.
     */
    public static ContentSigner contentSigner(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(signatureAlgorithm(key)).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Cannot create a " + signatureAlgorithm(key) + " signer", e);
        }
    }

    public static DigestCalculatorProvider digestCalculators() {
        try {
            return new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Cannot create digest calculators", e);
        }
    }

    /** SHA-1 with explicit NULL parameters, the form OCSP (CertID, ResponderID byKey) expects. */
    public static DigestCalculator sha1Calculator() {
        return calculator(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1, DERNull.INSTANCE));
    }

    public static DigestCalculator sha256Calculator() {
        return calculator(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
    }

    private static DigestCalculator calculator(AlgorithmIdentifier algorithm) {
        try {
            return digestCalculators().get(algorithm);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Cannot create digest calculator " + algorithm.getAlgorithm(), e);
        }
    }

    public static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }

    /**
     * Converts to the JDK's own certificate class, so callers get the same objects as from a
     * {@code CertificateFactory} and never depend on Bouncy Castle's implementation classes.
     */
    public static X509Certificate toX509(X509CertificateHolder holder) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (CertificateException | IOException e) {
            throw new IllegalStateException("Cannot decode a certificate just built", e);
        }
    }

    public static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new X509CertificateHolder(certificate.getEncoded());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** A random positive serial of exactly 16 bytes (RFC 5280 allows up to 20 octets). */
    public static BigInteger serial(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[0] &= 0x7F; // positive
        bytes[0] |= 0x40; // and no leading zero byte, so the DER INTEGER is 16 bytes long
        return new BigInteger(bytes);
    }
}
