package org.kyso.benchmarks;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;

/**
 * The whole-process floor: a fresh JVM that opens the PKCS#12 file, hashes the file with SHA-256
 * and makes one RSA signature.
 *
 * <pre>
 * java -cp benchmarks.jar org.kyso.benchmarks.FloorMain IN P12 PASSWORD_FILE
 * </pre>
 */
public final class FloorMain {

    private FloorMain() {
    }

    public static void main(String[] args) throws Exception {
        char[] password = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
            store.load(in, password);
        }
        PrivateKey key = (PrivateKey) store.getKey(store.aliases().nextElement(), password);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
        Jobs.rsa(key, sha256.digest());
    }
}
