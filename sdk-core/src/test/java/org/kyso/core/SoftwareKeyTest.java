package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.Certificate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

class SoftwareKeyTest {

    // ASCII: the JDK PBE key factory refuses non-ASCII PKCS#12 passwords unless another provider handles them,
    // which made this class depend on test order.
    private static final String PASSWORD = "Mat-khau-p12";
    private static final byte[] DATA = "Công văn số 12/UBND".getBytes(StandardCharsets.UTF_8);

    private static TestPki pki;
    private static Leaf rsa;
    private static Leaf ec;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        rsa = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, C=VN").keyType(KeyType.RSA_2048).build());
        ec = pki.issue(LeafSpec.builder().subject("CN=Trần Thị Bình, C=VN").keyType(KeyType.ECDSA_P256).build());
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    private Path p12(Leaf leaf) throws Exception {
        Path file = dir.resolve("signer.p12");
        leaf.writePkcs12(file, PASSWORD.toCharArray());
        return file;
    }

    private static PasswordSource password() {
        return PasswordSource.of(PASSWORD.toCharArray());
    }

    @Test
    void opensPkcs12WithTheRightPasswordAndExposesTheWholeChain() throws Exception {
        try (SoftwareKey key = SoftwareKey.open(p12(rsa), password())) {
            assertThat(key.certificateChain()).hasSize(3).containsExactlyElementsOf(rsa.chain());
            assertThat(key.certificate()).isEqualTo(rsa.certificate());
        }
    }

    @Test
    void rejectsWrongPasswordNamingTheFileButNotThePassword() throws Exception {
        Path file = p12(rsa);
        String wrong = "sai-mật-khẩu-42";

        KeyAccessException e = catchThrowableOfType(KeyAccessException.class,
                () -> SoftwareKey.open(file, PasswordSource.of(wrong.toCharArray())));

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(KeyAccessException.Reason.WRONG_PASSWORD);
        assertThat(e.getMessage()).contains(file.toString()).doesNotContain(wrong).doesNotContain(PASSWORD);
    }

    @Test
    void reportsMissingFileAsInputError() {
        Path missing = dir.resolve("missing.p12");

        KysoIOException e = catchThrowableOfType(KysoIOException.class, () -> SoftwareKey.open(missing, password()));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(KysoIOException.Kind.INPUT);
        assertThat(e.file()).isEqualTo(missing);
        assertThat(e.getMessage()).contains(missing.toString());
    }

    @Test
    void reportsFileThatIsNoKeyStoreAsMalformed() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.p12"), "This is not a key store.\n");

        MalformedDocumentException e = catchThrowableOfType(MalformedDocumentException.class,
                () -> SoftwareKey.open(text, password()));

        assertThat(e).isNotNull();
        assertThat(e.file()).isEqualTo(text);
        assertThat(e.getMessage()).contains(text.toString());
    }

    @Test
    void opensJksStore() throws Exception {
        KeyStore jks = KeyStore.getInstance("JKS");
        jks.load(null, null);
        jks.setKeyEntry("an", rsa.privateKey(), PASSWORD.toCharArray(), rsa.chain().toArray(new Certificate[0]));
        Path file = dir.resolve("signer.jks");
        try (OutputStream out = Files.newOutputStream(file)) {
            jks.store(out, PASSWORD.toCharArray());
        }

        try (SoftwareKey key = SoftwareKey.open(file, password())) {
            assertThat(key.certificateChain()).containsExactlyElementsOf(rsa.chain());
        }
    }

    @Test
    void refusesToGuessBetweenSeveralKeysAndListsTheirAliases() throws Exception {
        Path file = twoKeyStore();

        KeyAccessException e = catchThrowableOfType(KeyAccessException.class, () -> SoftwareKey.open(file, password()));

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(KeyAccessException.Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("an-rsa", "binh-ec", file.toString());
    }

    @Test
    void opensTheKeyChosenByAliasInAStoreWithSeveralKeys() throws Exception {
        Path file = twoKeyStore();

        try (SoftwareKey key = SoftwareKey.open(file, password(), "binh-ec")) {
            assertThat(key.certificate()).isEqualTo(ec.certificate());
        }
    }

    @Test
    void reportsUnknownAliasAsNotFound() throws Exception {
        Path file = twoKeyStore();

        KeyAccessException e = catchThrowableOfType(KeyAccessException.class,
                () -> SoftwareKey.open(file, password(), "khong-co"));

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(KeyAccessException.Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("khong-co", "an-rsa", "binh-ec");
    }

    private Path twoKeyStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("an-rsa", rsa.privateKey(), PASSWORD.toCharArray(), rsa.chain().toArray(new Certificate[0]));
        store.setKeyEntry("binh-ec", ec.privateKey(), PASSWORD.toCharArray(), ec.chain().toArray(new Certificate[0]));
        Path file = dir.resolve("two-keys.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void makesSignaturesThatVerifyWithTheCertificatesPublicKey(SignatureAlgorithm algorithm) throws Exception {
        Leaf leaf = algorithm.keyAlgorithm().equals("EC") ? ec : rsa;
        byte[] value;
        try (SoftwareKey key = SoftwareKey.open(p12(leaf), password())) {
            value = key.sign(algorithm, DATA);
        }

        Signature verifier = Signature.getInstance(algorithm.jcaName());
        if (algorithm.isPss()) {
            verifier.setParameter(algorithm.pssParameters());
        }
        verifier.initVerify(leaf.certificate().getPublicKey());
        verifier.update(DATA);
        assertThat(verifier.verify(value)).as("%s signature verifies", algorithm).isTrue();
    }

    @Test
    void refusesEcdsaWithAnRsaKey() throws Exception {
        try (SoftwareKey key = SoftwareKey.open(p12(rsa), password())) {
            KeyAccessException e = catchThrowableOfType(KeyAccessException.class,
                    () -> key.sign(SignatureAlgorithm.ECDSA_SHA256, DATA));

            assertThat(e).isNotNull();
            assertThat(e.reason()).isEqualTo(KeyAccessException.Reason.NOT_PERMITTED);
        }
    }

    @Test
    void refusesRsaWithAnEcKey() throws Exception {
        try (SoftwareKey key = SoftwareKey.open(p12(ec), password())) {
            KeyAccessException e = catchThrowableOfType(KeyAccessException.class,
                    () -> key.sign(SignatureAlgorithm.RSA_SHA256, DATA));

            assertThat(e).isNotNull();
            assertThat(e.reason()).isEqualTo(KeyAccessException.Reason.NOT_PERMITTED);
        }
    }

    @Test
    void refusesToSignAfterClose() throws Exception {
        SoftwareKey key = SoftwareKey.open(p12(rsa), password());
        key.close();

        assertThatThrownBy(() -> key.sign(SignatureAlgorithm.RSA_SHA256, DATA))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void wipesThePasswordArrayAfterOpening() throws Exception {
        Path file = p12(rsa);
        char[] handedOut = PASSWORD.toCharArray();

        try (SoftwareKey key = SoftwareKey.open(file, () -> handedOut)) {
            assertThat(key.certificate()).isEqualTo(rsa.certificate());
        }

        assertThat(handedOut).hasSize(PASSWORD.length()).containsOnly('\0');
    }

    @Test
    void wipesThePasswordArrayWhenThePasswordIsWrong() throws Exception {
        Path file = p12(rsa);
        char[] handedOut = "sai-mật-khẩu".toCharArray();

        assertThatThrownBy(() -> SoftwareKey.open(file, () -> handedOut)).isInstanceOf(KeyAccessException.class);

        assertThat(handedOut).containsOnly('\0');
    }

    @Test
    void opensAPkcs12WhosePasswordHasVietnameseLettersAsOpensslWritesIt() throws Exception {
        org.kyso.testkit.ExternalTools.require("openssl");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Path p12 = dir.resolve("chu-ky.p12");
        org.kyso.testkit.Pem.write(key, rsa.privateKey());
        org.kyso.testkit.Pem.write(cert, rsa.certificate());
        String password = "Mật-khẩu-của-tôi";
        org.kyso.testkit.ExternalTools.Result made = org.kyso.testkit.ExternalTools.run(java.time.Duration.ofSeconds(30),
                "openssl", "pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(),
                "-passout", "pass:" + password, "-out", p12.toString());
        assertThat(made.exitCode()).as(made.stderr()).isZero();

        try (SoftwareKey opened = SoftwareKey.open(p12, PasswordSource.of(password.toCharArray()))) {
            assertThat(opened.certificate()).isEqualTo(rsa.certificate());
            byte[] value = opened.sign(SignatureAlgorithm.RSA_SHA256, new byte[] {1, 2, 3});
            java.security.Signature check = java.security.Signature.getInstance("SHA256withRSA");
            check.initVerify(rsa.certificate().getPublicKey());
            check.update(new byte[] {1, 2, 3});
            assertThat(check.verify(value)).isTrue();
        }
        KeyAccessException wrong = catchThrowableOfType(KeyAccessException.class,
                () -> SoftwareKey.open(p12, PasswordSource.of("Mật-khẩu-sai".toCharArray())));
        assertThat(wrong.reason()).isEqualTo(KeyAccessException.Reason.WRONG_PASSWORD);
    }
}
