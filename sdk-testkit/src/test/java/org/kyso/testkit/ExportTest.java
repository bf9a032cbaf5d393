package org.kyso.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ExportTest {

    private static TestPki pki;
    private static Leaf signer;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        signer = pki.issue(LeafSpec.builder().subject("CN=Phạm Thị Dung, C=VN").keyType(KeyType.RSA_2048).build());
    }

    @AfterAll
    static void closePki() {
        pki.close();
    }

    @Test
    void writesPkcs12ThatReopensWithThePasswordHoldingKeyAndFullChain() throws Exception {
        Path p12 = dir.resolve("signer.p12");

        signer.writePkcs12(p12, "secret".toCharArray());

        KeyStore store = KeyStore.getInstance(p12.toFile(), "secret".toCharArray());
        assertThat(java.util.Collections.list(store.aliases())).containsExactly("signer");
        assertThat(store.getKey("signer", "secret".toCharArray())).isEqualTo(signer.privateKey());
        assertThat(store.getCertificateChain("signer")).containsExactly(signer.chain().toArray(new Certificate[0]));
    }

    @Test
    void writesPkcs12UnderChosenAliasAndRefusesWrongPassword() throws Exception {
        Path p12 = dir.resolve("tsa.p12");

        pki.tsa().writePkcs12(p12, "pw".toCharArray(), "tsa");

        assertThat(KeyStore.getInstance(p12.toFile(), "pw".toCharArray()).isKeyEntry("tsa")).isTrue();
        assertThatThrownBy(() -> KeyStore.getInstance(p12.toFile(), "wrong".toCharArray())).isInstanceOf(IOException.class);
    }

    @Test
    void writesPemCertificatesInOrderAndPkcs8KeyOnlyItsOwnerCanRead() throws Exception {
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");

        Pem.write(chain, signer.chain());
        Pem.write(key, signer.privateKey());

        try (var in = Files.newInputStream(chain)) {
            List<Certificate> read = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            assertThat(read).containsExactly(signer.chain().toArray(new Certificate[0]));
        }
        String pem = Files.readString(key);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(pem.lines().filter(l -> !l.startsWith("-----")).allMatch(l -> l.length() <= 64)).isTrue();
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        assertThat(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der))).isEqualTo(signer.privateKey());
        if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void writesSingleCertificateWithVarargs() throws Exception {
        Path root = dir.resolve("root.pem");

        Pem.write(root, pki.root().certificate());

        assertThat(Files.readString(root)).startsWith("-----BEGIN CERTIFICATE-----\n").containsOnlyOnce("BEGIN");
        assertThatThrownBy(() -> Pem.write(root, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC}) // POSIX file permissions and shell tools; CI runs on Linux
    void exportsWhatOpensslAcceptsAsValidChainAndKeyStore() throws Exception {
        ExternalTools.require("openssl");
        Pem.write(dir.resolve("root.pem"), pki.root().certificate());
        Pem.write(dir.resolve("intermediate.pem"), pki.intermediate().certificate());
        Pem.write(dir.resolve("leaf.pem"), signer.certificate());
        signer.writePkcs12(dir.resolve("signer.p12"), "secret".toCharArray());

        ExternalTools.Result verify = ExternalTools.run(Duration.ofSeconds(30), "openssl", "verify",
                "-CAfile", dir.resolve("root.pem").toString(), "-untrusted", dir.resolve("intermediate.pem").toString(),
                dir.resolve("leaf.pem").toString());
        ExternalTools.Result p12 = ExternalTools.run(Duration.ofSeconds(30), "openssl", "pkcs12", "-in",
                dir.resolve("signer.p12").toString(), "-passin", "pass:secret", "-nokeys");

        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        assertThat(verify.stdout()).contains("leaf.pem: OK");
        assertThat(p12.exitCode()).as("openssl 3 reads the PKCS#12 without -legacy: %s", p12).isZero();
        assertThat(p12.stdout()).contains("friendlyName: signer").contains("Dung").contains("KySo Test Root CA");
    }
}
