package org.kyso.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.KeyAccessException;
import org.kyso.core.PasswordSource;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.pdf.PdfSigner;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.SoftHsmToken;
import org.kyso.testkit.TestPki;

class Pkcs11TokenTest {

    private static TestPki pki;
    private static SoftHsmToken hsm;
    private static Validator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeToken() throws Exception {
        pki = TestPki.builder().start();
        hsm = SoftHsmToken.create(pki);
        validator = Validator.builder()
                .trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.online().build())
                .build();
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    private static Pkcs11Token open() throws Exception {
        return Pkcs11Token.builder().library(hsm.module()).tokenLabel(SoftHsmToken.LABEL).pin(hsm.pin()).open();
    }

    private Path unsignedPdf() throws Exception {
        Path pdf = dir.resolve("in.pdf");
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage());
            doc.save(pdf.toFile());
        }
        return pdf;
    }

    private void assertSignsValidPdf(SigningKey key) throws Exception {
        Path out = dir.resolve("out.pdf");
        PdfSigner.builder().key(key).build().sign(unsignedPdf(), out);
        ValidationReport report = validator.validate(out);
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
        ExternalTools.require("pdfsig");
        ExternalTools.Result pdfsig = ExternalTools.run(Duration.ofSeconds(60), "pdfsig", out.toString());
        assertThat(pdfsig.stdout()).contains("Signature Validation: Signature is Valid");
    }

    @Test
    void listsTokenAndCertificatesWithoutLogin() throws Exception {
        List<TokenDescription> tokens = Pkcs11Token.list(hsm.module());

        TokenDescription token = tokens.stream().filter(t -> t.label().equals(SoftHsmToken.LABEL)).findFirst().orElseThrow();
        assertThat(token.loginRequired()).isTrue();
        assertThat(token.pinLocked()).isFalse();
        assertThat(token.keys()).extracting(TokenKey::label).containsExactlyInAnyOrder("signer", "signer-ec", "dup", "dup");
        assertThat(token.keys()).extracting(TokenKey::subject)
                .contains("CN=Token RSA Signer,O=KySo Test,C=VN", "CN=Token EC Signer,O=KySo Test,C=VN");
    }

    @Test
    void pairsPrivateKeysWithCertificatesAfterLogin() throws Exception {
        try (Pkcs11Token token = open()) {
            TokenKey rsa = token.keys().stream().filter(k -> k.label().equals("signer")).findFirst().orElseThrow();
            assertThat(rsa.privateKeyVisible()).isTrue();
            assertThat(rsa.idHex()).isEqualTo("01");
            assertThat(rsa.keyType()).isEqualTo("RSA");
            assertThat(rsa.keySize()).isEqualTo(2048);
            assertThat(rsa.certificate()).isEqualTo(hsm.rsa().certificate());
            assertThat(rsa.sha256()).hasSize(64);
        }
    }

    @Test
    void signsPdfWithRsaTokenKeyThatValidatesAndPdfsigAccepts() throws Exception {
        try (Pkcs11Token token = open()) {
            SigningKey key = token.key("signer");
            assertThat(key.certificateChain()).as("leaf then intermediate from the token").hasSize(2);
            assertSignsValidPdf(key);
        }
    }

    @Test
    void signsPdfWithEcTokenKeyThatValidatesAndPdfsigAccepts() throws Exception {
        try (Pkcs11Token token = open()) {
            assertSignsValidPdf(token.key("signer-ec"));
        }
    }

    @Test
    void signsWithRsaPssAndEcdsaThatJavaVerifies() throws Exception {
        byte[] data = "Cong van so 123".getBytes(StandardCharsets.UTF_8);
        try (Pkcs11Token token = open()) {
            byte[] pss = token.key("signer").sign(SignatureAlgorithm.RSA_PSS_SHA256, data);
            Signature v = Signature.getInstance("RSASSA-PSS");
            v.setParameter(SignatureAlgorithm.RSA_PSS_SHA256.pssParameters());
            v.initVerify(hsm.rsa().certificate());
            v.update(data);
            assertThat(v.verify(pss)).as("PSS signature verifies").isTrue();

            byte[] ecdsa = token.keyById("02").sign(SignatureAlgorithm.ECDSA_SHA384, data);
            Signature e = Signature.getInstance("SHA384withECDSA");
            e.initVerify(hsm.ec().certificate());
            e.update(data);
            assertThat(e.verify(ecdsa)).as("DER ECDSA signature verifies").isTrue();
        }
    }

    @Test
    void selectsKeyByCertificateFingerprint() throws Exception {
        try (Pkcs11Token token = open()) {
            String fp = token.keys().stream().filter(k -> k.idHex().equals("04")).findFirst().orElseThrow().sha256();
            assertThat(token.keyByCertificateSha256(fp.toUpperCase(Locale.ROOT)).certificate())
                    .isEqualTo(hsm.dup2().certificate());
        }
    }

    @Test
    void ambiguousKeyLabelIsAnErrorListingBothCandidates() throws Exception {
        try (Pkcs11Token token = open()) {
            assertThatThrownBy(() -> token.key("dup"))
                    .isInstanceOf(KeyAccessException.class)
                    .hasMessageContaining("Several keys with label 'dup'")
                    .hasMessageContaining("id 03").hasMessageContaining("id 04")
                    .hasMessageContaining("CN=Dup One").hasMessageContaining("CN=Dup Two");
        }
    }

    @Test
    void wrongPinIsTokenPinExceptionAndTheRightPinStillWorks() throws Exception {
        int[] asked = {0};
        PasswordSource wrong = () -> {
            asked[0]++;
            return "9999".toCharArray();
        };
        assertThatThrownBy(() -> Pkcs11Token.builder().library(hsm.module()).tokenLabel(SoftHsmToken.LABEL).pin(wrong).open())
                .isInstanceOfSatisfying(TokenPinException.class, e -> {
                    assertThat(e.reason()).isEqualTo(KeyAccessException.Reason.WRONG_PASSWORD);
                    assertThat(e.tokenLabel()).isEqualTo(SoftHsmToken.LABEL);
                    assertThat(e.locked()).isFalse();
                })
                .hasMessageContaining("Wrong PIN for token 'kyso-test'")
                .hasMessageNotContaining("9999");
        assertThat(asked[0]).as("PIN asked for once, never retried").isEqualTo(1);

        try (Pkcs11Token token = open()) {
            assertThat(token.key("signer").sign(SignatureAlgorithm.RSA_SHA256, new byte[] {1})).hasSize(256);
        }
    }

    @Test
    void unknownTokenLabelListsThePresentTokens() {
        assertThatThrownBy(() -> Pkcs11Token.builder().library(hsm.module()).tokenLabel("nope").pin(hsm.pin()).open())
                .isInstanceOf(KeyAccessException.class)
                .hasMessageContaining("No token with label 'nope'")
                .hasMessageContaining("'kyso-test'");
    }

    @Test
    void missingModuleNamesEveryPathTried() {
        assertThatThrownBy(() -> Pkcs11Modules.find(List.of(Path.of("/nowhere/a.so"), Path.of("/nowhere/b.so"))))
                .isInstanceOf(KeyAccessException.class)
                .hasMessageContaining("/nowhere/a.so, /nowhere/b.so");
    }
}
