package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

class TrustAnchorsTest {

    // ASCII: the JDK PBE key factory refuses non-ASCII PKCS#12 passwords unless another provider handles them,
    // which made this class depend on test order.
    private static final String PASSWORD = "mat-khau-trust";

    private static TestPki pki;
    private static X509Certificate root;
    private static X509Certificate intermediate;
    private static X509Certificate leaf;
    private static X509Certificate other;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        root = pki.root().certificate();
        intermediate = pki.intermediate().certificate();
        leaf = pki.issue(LeafSpec.builder().subject("CN=Lê Văn Cường").keyType(KeyType.ECDSA_P256).build()).certificate();
        Leaf second = pki.issue(LeafSpec.builder().subject("CN=Not Trusted").keyType(KeyType.ECDSA_P256).build());
        other = second.certificate();
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    @Test
    void readsEveryCertificateOfAPemFile() throws Exception {
        Path pem = dir.resolve("roots.pem");
        Pem.write(pem, root, intermediate);

        assertThat(TrustAnchors.from(pem).certificates()).containsExactlyInAnyOrder(root, intermediate);
    }

    @Test
    void readsADerFile() throws Exception {
        Path der = Files.write(dir.resolve("root.der"), root.getEncoded());

        assertThat(TrustAnchors.from(der).certificates()).containsExactly(root);
    }

    @Test
    void readsTheCertificateFilesOfAFolderAndIgnoresOtherFiles() throws Exception {
        Pem.write(dir.resolve("root.pem"), root);
        Files.write(dir.resolve("intermediate.crt"), intermediate.getEncoded());
        Pem.write(dir.resolve("leaf.cer"), leaf);
        Pem.write(dir.resolve("README.txt"), other);

        assertThat(TrustAnchors.from(dir).certificates()).containsExactlyInAnyOrder(root, intermediate, leaf);
    }

    @Test
    void fromFolderGivesTheSameAnchorsAsFrom() throws Exception {
        Pem.write(dir.resolve("root.pem"), root);
        Pem.write(dir.resolve("intermediate.crt"), intermediate);

        assertThat(TrustAnchors.fromFolder(dir).certificates())
                .containsExactlyInAnyOrderElementsOf(TrustAnchors.from(dir).certificates());
    }

    @Test
    void rejectsAnEmptyFolder() {
        KysoIOException e = catchThrowableOfType(KysoIOException.class, () -> TrustAnchors.from(dir));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(KysoIOException.Kind.INPUT);
        assertThat(e.getMessage()).contains(dir.toString());
    }

    @Test
    void rejectsAFolderWithoutCertificateFiles() throws Exception {
        Files.writeString(dir.resolve("README.txt"), "Put the root certificates here.\n");

        KysoIOException e = catchThrowableOfType(KysoIOException.class, () -> TrustAnchors.from(dir));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(dir.toString());
    }

    @Test
    void rejectsAMissingFile() {
        Path missing = dir.resolve("missing.pem");

        KysoIOException e = catchThrowableOfType(KysoIOException.class, () -> TrustAnchors.from(missing));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(KysoIOException.Kind.INPUT);
        assertThat(e.getMessage()).contains(missing.toString());
    }

    @Test
    void rejectsAGarbagePemFileNamingIt() throws Exception {
        Path garbage = Files.writeString(dir.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        MalformedDocumentException e = catchThrowableOfType(MalformedDocumentException.class, () -> TrustAnchors.from(garbage));

        assertThat(e).isNotNull();
        assertThat(e.file()).isEqualTo(garbage);
        assertThat(e.getMessage()).contains(garbage.toString());
    }

    @Test
    void rejectsAFolderHoldingAGarbagePemFileNamingThatFile() throws Exception {
        Pem.write(dir.resolve("root.pem"), root);
        Path garbage = Files.writeString(dir.resolve("broken.pem"), "this is not a certificate\n");

        MalformedDocumentException e = catchThrowableOfType(MalformedDocumentException.class, () -> TrustAnchors.from(dir));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(garbage.toString());
    }

    @Test
    void readsAPasswordProtectedPkcs12TrustStore() throws Exception {
        Path store = trustStore();

        TrustAnchors anchors = TrustAnchors.fromKeyStore(store, PasswordSource.of(PASSWORD.toCharArray()));

        assertThat(anchors.certificates()).containsExactlyInAnyOrder(root, intermediate);
    }

    @Test
    void rejectsATrustStoreWithTheWrongPassword() throws Exception {
        Path store = trustStore();
        String wrong = "sai-mật-khẩu";

        KeyAccessException e = catchThrowableOfType(KeyAccessException.class,
                () -> TrustAnchors.fromKeyStore(store, PasswordSource.of(wrong.toCharArray())));

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(KeyAccessException.Reason.WRONG_PASSWORD);
        assertThat(e.getMessage()).contains(store.toString()).doesNotContain(wrong);
    }

    @Test
    void wipesTheTrustStorePasswordAfterUse() throws Exception {
        Path store = trustStore();
        char[] handedOut = PASSWORD.toCharArray();

        TrustAnchors.fromKeyStore(store, () -> handedOut);

        assertThat(handedOut).containsOnly('\0');
    }

    private Path trustStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("root", root);
        store.setCertificateEntry("intermediate", intermediate);
        Path file = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    @Test
    void plusGivesTheUnionOfBoth() {
        TrustAnchors union = TrustAnchors.of(root, intermediate).plus(TrustAnchors.of(intermediate, leaf));

        assertThat(union.certificates()).containsExactlyInAnyOrder(root, intermediate, leaf);
    }

    @Test
    void plusLeavesBothOperandsUnchanged() {
        TrustAnchors left = TrustAnchors.of(root);
        TrustAnchors right = TrustAnchors.of(leaf);

        left.plus(right);

        assertThat(left.certificates()).containsExactly(root);
        assertThat(right.certificates()).containsExactly(leaf);
    }

    @Test
    void noneTrustsNothing() {
        assertThat(TrustAnchors.none().isEmpty()).isTrue();
        assertThat(TrustAnchors.none().certificates()).isEmpty();
    }

    @Test
    void noneIsTheNeutralElementOfPlus() {
        assertThat(TrustAnchors.none().plus(TrustAnchors.of(root)).certificates()).containsExactly(root);
    }

    // SHA-256 fingerprints of the genuine roots as listed in ../shared/corpus/vn/certs/INDEX.tsv.
    private static final Set<String> VIETNAM_ROOT_FINGERPRINTS = Set.of(
            "ca918d635bb130bec97639e6aabf7edbc4eb1310f8058b9419f467ae0230ad8c",  // MIC National Root CA (2008)
            "f7bc89054cec7f12730d7b8cd3eb7955b163835087e5eb873edfb584763b3f90",  // Chinh phu (RootCA)
            "f04ba4b459a7c9a1b971ad9b1cb833e695a80c79aea63b174b66a70edfe2fdb8"); // RootCA Chinh phu G2
    // The look-alike "MIC National Root CA" of 2019: same name, another key.
    private static final String LOOK_ALIKE_FINGERPRINT = "b703d458c25fa914556da10eb2cdae16db83abb0dfb8fc80919164ce7a18b825";

    private static Set<String> fingerprints(TrustAnchors anchors) throws Exception {
        Set<String> result = new HashSet<>();
        for (X509Certificate c : anchors.certificates()) {
            result.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded())));
        }
        return result;
    }

    @Test
    void vietnamPresetHoldsExactlyTheGenuineRootsOfTheIndex() throws Exception {
        assertThat(fingerprints(TrustAnchors.vietnam())).isEqualTo(VIETNAM_ROOT_FINGERPRINTS);
    }

    @Test
    void vietnamPresetFingerprintsAgreeWithTheCorpusIndex() throws Exception {
        Path index = Path.of("..", "..", "shared", "corpus", "vn", "certs", "INDEX.tsv").toAbsolutePath().normalize();
        if (!Files.isRegularFile(index)) {
            index = Path.of("/work/shared/corpus/vn/certs/INDEX.tsv");
        }
        Assumptions.assumeTrue(Files.isRegularFile(index), "corpus INDEX.tsv not available");
        List<String> lines = Files.readAllLines(index);
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int sha256 = header.indexOf("sha256");
        int file = header.indexOf("file");
        Set<String> genuineRoots = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] row = line.split("\t", -1);
            if (List.of("mic-national-root-ca-2008.pem", "co-quan-chung-thuc-so-chuyen-dung-chinh-phu-rootca.pem",
                    "rootca-chuyen-dung-chinh-phu-g2.pem").contains(row[file])) {
                genuineRoots.add(row[sha256]);
            }
        }
        assertThat(fingerprints(TrustAnchors.vietnam())).isEqualTo(genuineRoots);
    }

    @Test
    void vietnamPresetLeavesOutTheLookAlikeMicRoot() throws Exception {
        assertThat(fingerprints(TrustAnchors.vietnam())).doesNotContain(LOOK_ALIKE_FINGERPRINT);
        Path lookAlike = Path.of("/work/shared/corpus/vn/certs/mic-national-root-ca-2019.pem");
        if (Files.isRegularFile(lookAlike)) {
            assertThat(TrustAnchors.vietnam().certificates())
                    .doesNotContainAnyElementsOf(TrustAnchors.from(lookAlike).certificates());
        }
    }

    @Test
    void vietnamPresetDoesNotHoldATestRoot() {
        assertThat(TrustAnchors.vietnam().certificates()).doesNotContain(root, intermediate);
    }
}
