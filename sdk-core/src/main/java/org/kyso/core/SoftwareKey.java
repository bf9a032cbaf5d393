package org.kyso.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A {@link SigningKey} held in a PKCS#12 (.p12, .pfx) or JKS file. The store type is recognised
 * from the content. The password is asked for once, when the file is opened, and wiped right after.
 *
 * <pre>{@code
 * try (SigningKey key = SoftwareKey.open(Path.of("signer.p12"), PasswordSource.env("P12_PASSWORD"))) {
 *     PdfSigner.builder().key(key).build().sign(in, out);
 * }
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class SoftwareKey implements SigningKey {

    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;
    private volatile boolean closed;

    private SoftwareKey(PrivateKey privateKey, List<X509Certificate> chain) {
        this.privateKey = privateKey;
        this.chain = chain;
    }

    /** Opens the only private key in the store. Several keys are an error listing their aliases. */
    public static SoftwareKey open(Path keyStore, PasswordSource password) throws KysoException {
        return open(keyStore, password, null);
    }

    /**
     * Opens the private key under {@code alias} ({@code null}: the only key in the store). The key
     * is protected by the store password, as PKCS#12 files made by CAs and OpenSSL are.
     */
    public static SoftwareKey open(Path keyStore, PasswordSource password, String alias) throws KysoException {
        if (!Files.isRegularFile(keyStore)) {
            throw new KysoIOException(KysoIOException.Kind.INPUT, keyStore,
                    "Key store " + keyStore + " does not exist or is not a file", null);
        }
        char[] secret = password.password();
        try {
            KeyStore store = load(keyStore, secret);
            String chosen = chooseAlias(store, keyStore, alias);
            PrivateKey key = (PrivateKey) store.getKey(chosen, secret);
            Certificate[] certs = store.getCertificateChain(chosen);
            if (certs == null || certs.length == 0) {
                throw new KeyAccessException(KeyAccessException.Reason.NOT_FOUND,
                        "Key '" + chosen + "' in " + keyStore + " has no certificate: import the certificate chain with the key");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : certs) {
                chain.add((X509Certificate) c);
            }
            return new SoftwareKey(key, Collections.unmodifiableList(chain));
        } catch (UnrecoverableKeyException e) {
            throw new KeyAccessException(KeyAccessException.Reason.WRONG_PASSWORD,
                    "The password does not unlock the key in " + keyStore + " (the key needs the store's password)", e);
        } catch (GeneralSecurityException e) {
            throw new KeyAccessException(KeyAccessException.Reason.OTHER,
                    "Cannot read the key in " + keyStore + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private static KeyStore load(Path file, char[] secret) throws KysoException {
        try {
            if (!isAscii(secret) && !isJks(file)) {
                // The JDK's PKCS#12 refuses non-ASCII passwords ("Password is not ASCII"), yet
                // Vietnamese users do put diacritics in them; Bouncy Castle's PKCS#12 store reads
                // such files as OpenSSL and Windows write them. A provider instance, not registered.
                KeyStore store = KeyStore.getInstance("PKCS12", new org.bouncycastle.jce.provider.BouncyCastleProvider());
                try (java.io.InputStream in = Files.newInputStream(file)) {
                    store.load(in, secret);
                }
                return store;
            }
            return KeyStore.getInstance(file.toFile(), secret);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new KeyAccessException(KeyAccessException.Reason.WRONG_PASSWORD,
                        "Wrong password for key store " + file, e);
            }
            throw new MalformedDocumentException(file, "Cannot read key store " + file
                    + ": it is not a PKCS#12 (.p12/.pfx) or JKS file; export the key with its certificate chain"
                    + " as PKCS#12", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new MalformedDocumentException(file, "Cannot read key store " + file
                    + ": it is not a PKCS#12 (.p12/.pfx) or JKS file; export the key with its certificate chain"
                    + " as PKCS#12", e);
        }
    }

    private static boolean isAscii(char[] secret) {
        for (char c : secret) {
            if (c > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean isJks(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && (magic[0] & 0xFF) == 0xFE && (magic[1] & 0xFF) == 0xED
                    && (magic[2] & 0xFF) == 0xFE && (magic[3] & 0xFF) == 0xED;
        }
    }

    private static String chooseAlias(KeyStore store, Path file, String alias) throws GeneralSecurityException, KysoException {
        List<String> keyAliases = new ArrayList<>();
        for (String a : Collections.list(store.aliases())) {
            if (store.entryInstanceOf(a, KeyStore.PrivateKeyEntry.class)) {
                keyAliases.add(a);
            }
        }
        if (alias != null) {
            if (!keyAliases.contains(alias)) {
                throw new KeyAccessException(KeyAccessException.Reason.NOT_FOUND,
                        "No key '" + alias + "' in " + file + "; keys there: " + keyAliases);
            }
            return alias;
        }
        if (keyAliases.isEmpty()) {
            throw new KeyAccessException(KeyAccessException.Reason.NOT_FOUND,
                    "Key store " + file + " holds no private key (only certificates?)");
        }
        if (keyAliases.size() > 1) {
            throw new KeyAccessException(KeyAccessException.Reason.NOT_FOUND,
                    "Key store " + file + " holds several keys " + keyAliases + ": choose one by alias");
        }
        return keyAliases.get(0);
    }

    /** A key from objects already in memory (tests, keys from another store). */
    public static SoftwareKey of(PrivateKey privateKey, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("The certificate chain must hold at least the signer's certificate");
        }
        return new SoftwareKey(privateKey, List.copyOf(chain));
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public byte[] sign(SignatureAlgorithm algorithm, byte[] data) throws KysoException {
        if (closed) {
            throw new IllegalStateException("This key has been closed");
        }
        if (!algorithm.keyAlgorithm().equals(normalise(privateKey.getAlgorithm()))) {
            throw new KeyAccessException(KeyAccessException.Reason.NOT_PERMITTED,
                    algorithm + " needs an " + algorithm.keyAlgorithm() + " key, but this key is " + privateKey.getAlgorithm());
        }
        try {
            Signature signature = Signature.getInstance(algorithm.jcaName());
            if (algorithm.isPss()) {
                signature.setParameter(algorithm.pssParameters());
            }
            signature.initSign(privateKey);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new KeyAccessException(KeyAccessException.Reason.NOT_PERMITTED,
                    "The key of " + certificate().getSubjectX500Principal().getName() + " cannot sign with " + algorithm, e);
        }
    }

    private static String normalise(String keyAlgorithm) {
        return "ECDSA".equals(keyAlgorithm) ? "EC" : keyAlgorithm;
    }

    @Override
    public void close() {
        closed = true;
    }
}
