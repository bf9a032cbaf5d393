package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

/** {@code kyso token list} and {@code sign pdf --pkcs11} against a SoftHSM2 token made with pkcs11-tool. */
class TokenCommandTest {

    @TempDir
    static Path keys;

    static TestPki pki;
    static SoftHsm hsm;
    static Path rootPem;
    static Path pinFile;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeToken() throws Exception {
        pki = TestPki.builder().start();
        hsm = SoftHsm.create(pki);
        rootPem = keys.resolve("root.pem");
        Pem.write(rootPem, pki.root().certificate());
        pinFile = Files.writeString(keys.resolve("pin.txt"), new String(SoftHsm.PIN) + "\n");
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    private String[] signArgs(Path out, String keyLabel, String... pin) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("sign", "pdf",
                Samples.pdf(dir).toString(), "-o", out.toString(), "--pkcs11", hsm.module.toString(),
                "--token-label", SoftHsm.LABEL, "--key-label", keyLabel));
        args.addAll(java.util.List.of(pin));
        return args.toArray(new String[0]);
    }

    private void assertValid(Path signed, String subject) {
        ExternalTools.require("pdfsig");
        ExternalTools.Result pdfsig = ExternalTools.run(Duration.ofSeconds(60), "pdfsig", signed.toString());
        assertThat(pdfsig.stdout()).as(pdfsig.stdout() + pdfsig.stderr())
                .contains("Signature Validation: Signature is Valid.").contains(subject);
        Cli.run("validate", "--trust", rootPem.toString(), signed.toString()).succeeds();
    }

    @Test
    void tokenListShowsTheTokenAndBothCertificateSubjectsWithoutAPin() {
        Cli.Result result = Cli.run("token", "list", "--module", hsm.module.toString()).succeeds();

        assertThat(result.out()).contains("'kyso-test'")
                .contains("key 'signer' id 01, RSA 2048").contains("CN=Token RSA Signer")
                .contains("key 'signer-ec' id 02, EC 256").contains("CN=Token EC Signer")
                .contains("SHA-256  ");
    }

    @Test
    void signsPdfWithEcTokenKeyAndPinFileThatPdfsigAccepts() {
        Path out = dir.resolve("signed-ec.pdf");
        Cli.run(signArgs(out, "signer-ec", "--pin-file", pinFile.toString())).succeeds();
        assertValid(out, "Token EC Signer");
    }

    @Test
    void signsPdfWithRsaTokenKeyAndPinFromStandardInput() {
        Path out = dir.resolve("signed-rsa.pdf");
        Cli.runWithStdin(new String(SoftHsm.PIN) + "\n", signArgs(out, "signer", "--pin-stdin")).succeeds();
        assertValid(out, "Token RSA Signer");
    }

    @Test
    void wrongPinExitsSeventySevenLeavesNoOutputAndTheRightPinStillWorks() {
        Path out = dir.resolve("never.pdf");
        Cli.Result result = Cli.runWithStdin("9999\n", signArgs(out, "signer", "--pin-stdin")).failsWith(ExitCode.NO_PERM);

        assertThat(result.err()).contains("Wrong PIN for token 'kyso-test'").doesNotContain("9999");
        assertThat(out).doesNotExist();
        Cli.run(signArgs(out, "signer", "--pin-file", pinFile.toString())).succeeds();
        assertThat(out).exists();
    }

    @Test
    void ambiguousKeyLabelExitsSeventySevenListingBothKeys() {
        Cli.Result result = Cli.run(signArgs(dir.resolve("x.pdf"), "dup", "--pin-file", pinFile.toString()))
                .failsWith(ExitCode.NO_PERM);
        assertThat(result.err()).contains("id 03").contains("id 04");
    }

    @Test
    void signsWithThePinFromAnEnvironmentVariableInAChildJvmAndPrintsNothingElse() throws Exception {
        Path out = dir.resolve("signed-env.pdf");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Kyso.class.getName()));
        command.addAll(java.util.List.of(signArgs(out, "signer-ec", "--pin-env", "KYSO_TEST_PIN")));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("KYSO_TEST_PIN", new String(SoftHsm.PIN));
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).as("finished in 120 s").isTrue();

        assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
        assertThat(Files.readString(stderr)).as("no PKCS#11 wrapper chatter").isEmpty();
        assertThat(Files.readString(stdout)).doesNotContain("C_Initialize").doesNotContain("C_OpenSession");
        assertValid(out, "Token EC Signer");
    }

    @Test
    void pkcs11WithoutAKeyChoiceIsAUsageError() {
        Cli.run("sign", "pdf", Samples.pdf(dir).toString(), "-o", dir.resolve("y.pdf").toString(),
                "--pkcs11", hsm.module.toString(), "--pin-file", pinFile.toString()).failsWith(ExitCode.USAGE);
    }
}
