package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.examples.samples.CongVanMau;
import org.kyso.testkit.ExternalTools;

class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void demoSignsBothSamplesAndValidatesThemAsValid() throws Exception {
        Cli.Result result = Cli.run("demo", "--out", dir.toString()).succeeds();

        assertThat(result.out()).contains("cong-van-mau-signed.pdf: VALID").contains("ho-so-mau-signed.xml: VALID")
                .contains("PAdES-BASELINE-T").contains("XAdES-BASELINE-T").contains(dir.toString());
        assertThat(result.err()).isEmpty();
        Path signedPdf = dir.resolve("cong-van-mau-signed.pdf");
        Path signedXml = dir.resolve("ho-so-mau-signed.xml");
        assertThat(signedPdf).isRegularFile();
        assertThat(Files.readString(signedXml)).contains("SignatureValue").contains("SignedProperties");

        ExternalTools.Result pdfsig = ExternalTools.run(Duration.ofSeconds(60), "pdfsig", signedPdf.toString());
        assertThat(pdfsig.stdout()).as(pdfsig.stdout() + pdfsig.stderr())
                .contains("Signature Validation: Signature is Valid.")
                .contains("Nguyễn Văn An")
                .contains("Total document signed");
    }

    @Test
    void demoLeavesRootKeyAndPasswordFileThatTheOtherCommandsAccept() throws Exception {
        Cli.run("demo", "--out", dir.toString()).succeeds();

        assertThat(Files.readAllLines(dir.resolve("signer.p12.password")).get(0)).hasSize(20);
        Path resigned = dir.resolve("again.pdf");
        Cli.run("sign", "pdf", dir.resolve("cong-van-mau.pdf").toString(), "-o", resigned.toString(),
                "--p12", dir.resolve("signer.p12").toString(),
                "--password-file", dir.resolve("signer.p12.password").toString()).succeeds();
        // The test PKI has stopped: the chain is trusted but revocation cannot be had any more.
        Cli.Result validation = Cli.run("validate", "--offline", "--trust", dir.resolve("root.pem").toString(),
                dir.resolve("cong-van-mau-signed.pdf").toString(), resigned.toString());
        assertThat(validation.exit()).isEqualTo(ExitCode.INDETERMINATE);
        assertThat(validation.out()).contains("PAdES-BASELINE-T").contains("PAdES-BASELINE-B")
                .doesNotContain("integrity BROKEN");
    }

    @Test
    void demoSpeaksVietnameseWithLangVi() {
        Cli.Result result = Cli.run("demo", "--out", dir.toString(), "--lang", "vi").succeeds();

        assertThat(result.out()).contains("cong-van-mau-signed.pdf: HỢP LỆ").contains("ho-so-mau-signed.xml: HỢP LỆ")
                .contains("Đã ký");
    }

    @Test
    void demoSignatureGoesIntoTheBlankAreaOfTheSample() {
        assertThat(DemoCommand.SIGNATURE_RECT).containsExactly(CongVanMau.SIGNATURE_RECT);
    }
}
