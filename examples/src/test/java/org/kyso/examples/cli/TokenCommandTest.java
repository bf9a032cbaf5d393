package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.Pem;
import org.kyso.testkit.SoftHsmToken;
import org.kyso.testkit.TestPki;

/** {@code kyso token list} and {@code sign pdf --pkcs11} against a SoftHSM2 token made with pkcs11-tool. */
class TokenCommandTest {

    @TempDir
    static Path keys;

    static TestPki pki;
    static SoftHsmToken hsm;
    static Path rootPem;
    static Path pinFile;
    static Path intermediatePem;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeToken() throws Exception {
        pki = TestPki.builder().start();
        hsm = SoftHsmToken.create(pki);
        rootPem = keys.resolve("root.pem");
        Pem.write(rootPem, pki.root().certificate());
        intermediatePem = keys.resolve("intermediate.pem");
        Pem.write(intermediatePem, pki.intermediate().certificate());
        pinFile = Files.writeString(keys.resolve("pin.txt"), new String(hsm.pin()) + "\n");
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    private String[] signArgs(Path out, String keyLabel, String... pin) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("sign", "pdf",
                Samples.pdf(dir).toString(), "-o", out.toString(), "--pkcs11", hsm.module().toString(),
                "--token-label", SoftHsmToken.LABEL, "--key-label", keyLabel));
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
        Cli.Result result = Cli.run("token", "list", "--module", hsm.module().toString()).succeeds();

        assertThat(result.out()).contains("'kyso-test'")
                .contains("key 'signer' id 01, RSA 2048").contains("CN=Token RSA Signer")
                .contains("key 'signer-ec' id 02, EC 256").contains("CN=Token EC Signer")
                .contains("SHA-256  ");
    }

    @Test
    void tokenListShowsPinFlagsAndKeyUsagePerKey() {
        Cli.Result result = Cli.run("token", "list", "--module", hsm.module().toString()).succeeds();

        assertThat(result.out()).contains("  PIN      login required; count low: ")
                .contains("; locked: no")
                .contains("    usage    digitalSignature, nonRepudiation");
    }

    @Test
    void tokenListAsJsonGivesFlagsAndKeysForScripts() throws Exception {
        Cli.Result result = Cli.run("token", "list", "--module", hsm.module().toString(), "--format", "json").succeeds();

        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("module").asText()).isEqualTo(hsm.module().toString());
        JsonNode token = null;
        for (JsonNode t : json.get("tokens")) {
            if (t.get("label").asText().equals(SoftHsmToken.LABEL)) {
                token = t;
            }
        }
        assertThat(token).as("token %s in %s", SoftHsmToken.LABEL, result.out()).isNotNull();
        assertThat(token.get("flags").get("loginRequired").asBoolean()).isTrue();
        assertThat(token.get("flags").get("pinLocked").asBoolean()).isFalse();
        assertThat(token.get("flags").has("pinCountLow")).isTrue();
        assertThat(token.get("flags").has("pinFinalTry")).isTrue();
        JsonNode ec = null;
        for (JsonNode k : token.get("keys")) {
            if (k.get("label").asText().equals("signer-ec")) {
                ec = k;
            }
        }
        assertThat(ec).isNotNull();
        assertThat(ec.get("id").asText()).isEqualTo("02");
        assertThat(ec.get("keyType").asText()).isEqualTo("EC");
        assertThat(ec.get("keySize").asInt()).isEqualTo(256);
        assertThat(ec.get("subject").asText()).contains("CN=Token EC Signer");
        assertThat(ec.get("keyUsage")).extracting(JsonNode::asText).containsExactly("digitalSignature", "nonRepudiation");
        assertThat(ec.get("sha256").asText()).hasSize(64);
    }

    @Test
    void signsXmlXadesBWithEcTokenKeyThatXmlsec1AndKysoAccept() throws Exception {
        Path out = dir.resolve("signed-ec.xml");
        Cli.Result signed = Cli.run("sign", "xml", Samples.xml(dir).toString(), "-o", out.toString(), "--level", "B",
                "--pkcs11", hsm.module().toString(), "--token-label", SoftHsmToken.LABEL, "--key-label", "signer-ec",
                "--pin-file", pinFile.toString()).succeeds();
        assertThat(signed.out()).contains("XAdES-BASELINE-B");

        ExternalTools.require("xmlsec1");
        ExternalTools.Result xmlsec = ExternalTools.run(Duration.ofSeconds(60), "xmlsec1", "--verify",
                "--trusted-pem", rootPem.toString(), "--untrusted-pem", intermediatePem.toString(),
                "--id-attr:Id", "http://uri.etsi.org/01903/v1.3.2#:SignedProperties", out.toString());
        assertThat(xmlsec.exitCode()).as(xmlsec.stdout() + xmlsec.stderr()).isZero();
        assertThat(xmlsec.stderr()).contains("OK");
        Cli.run("validate", "--trust", rootPem.toString(), out.toString()).succeeds();
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
        Cli.runWithStdin(new String(hsm.pin()) + "\n", signArgs(out, "signer", "--pin-stdin")).succeeds();
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
        builder.environment().put("KYSO_TEST_PIN", new String(hsm.pin()));
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
                "--pkcs11", hsm.module().toString(), "--pin-file", pinFile.toString()).failsWith(ExitCode.USAGE);
    }

    @Test
    void signsABatchOfOneHundredPdfsWithOneLogin() throws Exception {
        Path sample = Samples.pdf(dir);
        Path batch = Files.createDirectory(dir.resolve("batch"));
        Path out = Files.createDirectory(dir.resolve("signed"));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("sign", "pdf"));
        for (int i = 1; i <= 100; i++) {
            args.add(Files.copy(sample, batch.resolve("cong-van-" + i + ".pdf")).toString());
        }
        args.addAll(java.util.List.of("--out-dir", out.toString(), "--pkcs11", hsm.module().toString(),
                "--token-label", SoftHsmToken.LABEL, "--key-label", "signer-ec", "--pin-stdin"));

        // Standard input holds the PIN once: a second login would find it empty and fail.
        Cli.runWithStdin(new String(hsm.pin()) + "\n", args.toArray(new String[0])).succeeds();

        java.util.List<String> validate = new java.util.ArrayList<>(java.util.List.of("validate", "--trust", rootPem.toString()));
        try (var files = Files.list(out)) {
            files.sorted().forEach(f -> validate.add(f.toString()));
        }
        assertThat(validate).hasSize(103);
        Cli.run(validate.toArray(new String[0])).succeeds();
    }
}
