package org.kyso.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate of the test PKI together with its private key and its chain up to the root:
 * a signer issued with {@link TestPki#issue(LeafSpec)}, the TSA ({@link TestPki#tsa()}), or one of
 * the CAs ({@link TestPki#root()}, {@link TestPki#intermediate()}).
 *
 * <pre>{@code
 * Leaf signer = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, C=VN").build());
 * signer.writePkcs12(Path.of("an.p12"), "secret".toCharArray());
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe. The key is a plain software key: never use one
 * outside tests.
 */
public final class Leaf {

    /** Alias of the key entry {@link #writePkcs12(Path, char[])} writes. */
    public static final String DEFAULT_ALIAS = "signer";

    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;

    Leaf(PrivateKey privateKey, List<X509Certificate> chain) {
        this.privateKey = privateKey;
        this.chain = List.copyOf(chain);
    }

    /** The certificate itself. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The private key matching {@link #certificate()}. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** This certificate, then its issuers up to and including the root; unmodifiable. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** Writes key and full chain to a PKCS#12 file under alias {@value #DEFAULT_ALIAS}. */
    public void writePkcs12(Path file, char[] password) throws IOException {
        writePkcs12(file, password, DEFAULT_ALIAS);
    }

    /**
     * Writes key and full chain to a PKCS#12 file (replacing it), the key protected by the store
     * password, as CAs and OpenSSL do. The JDK's PKCS#12 writer picks the algorithms (AES-256 and
     * HmacSHA256 on current JDKs), which OpenSSL 3 reads without {@code -legacy}.
     */
    public void writePkcs12(Path file, char[] password, String alias) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(alias, "alias");
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, privateKey, password, chain.toArray(new Certificate[0]));
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot write PKCS#12 file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Leaf[" + certificate().getSubjectX500Principal().getName() + ", serial "
                + certificate().getSerialNumber().toString(16) + "]";
    }
}
