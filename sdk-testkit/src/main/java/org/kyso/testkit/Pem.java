package org.kyso.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Writes certificates and keys as PEM (RFC 7468), for command-line tools such as
 * {@code openssl verify -CAfile root.pem} or {@code pdfsig -nssdir}.
 *
 * <pre>{@code
 * Pem.write(dir.resolve("root.pem"), pki.root().certificate());
 * Pem.write(dir.resolve("chain.pem"), signer.chain());
 * Pem.write(dir.resolve("key.pem"), signer.privateKey());   // unencrypted PKCS#8
 * }</pre>
 */
public final class Pem {

    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private Pem() {
    }

    /** Writes one or more {@code CERTIFICATE} blocks, in the order given, replacing the file. */
    public static void write(Path file, X509Certificate... certificates) throws IOException {
        write(file, List.of(certificates));
    }

    /** Writes one {@code CERTIFICATE} block per element, in list order, replacing the file. */
    public static void write(Path file, List<? extends X509Certificate> certificates) throws IOException {
        Objects.requireNonNull(file, "file");
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("No certificate to write to " + file);
        }
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                block(pem, "CERTIFICATE", certificate.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IOException("Cannot encode " + certificate.getSubjectX500Principal() + " for " + file, e);
            }
        }
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    /**
     * Writes an unencrypted PKCS#8 {@code PRIVATE KEY} block, replacing the file. Where the file
     * system allows, the file is made readable by its owner only.
     */
    public static void write(Path file, PrivateKey key) throws IOException {
        Objects.requireNonNull(file, "file");
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("Key " + key.getAlgorithm() + " has no PKCS#8 encoding "
                    + "(a key held in a token cannot be exported)");
        }
        StringBuilder pem = new StringBuilder();
        block(pem, "PRIVATE KEY", encoded);
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static void block(StringBuilder pem, String label, byte[] der) {
        pem.append("-----BEGIN ").append(label).append("-----\n")
                .append(BASE64.encodeToString(der)).append('\n')
                .append("-----END ").append(label).append("-----\n");
    }
}
