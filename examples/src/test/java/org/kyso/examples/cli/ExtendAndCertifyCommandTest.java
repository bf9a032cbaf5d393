package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.Endpoint;
import org.kyso.testkit.Failure;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code kyso extend pdf} and {@code kyso sign pdf --certify}. */
class ExtendAndCertifyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "mat-khau 456";

    @TempDir
    static Path keys;

    static TestPki pki;
    static Path rootPem;
    static Path p12;
    static Path passwordFile;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() throws Exception {
        pki = TestPki.builder().start();
        Leaf signer = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.RSA_2048).build());
        rootPem = keys.resolve("root.pem");
        Pem.write(rootPem, pki.root().certificate());
        p12 = keys.resolve("signer.p12");
        signer.writePkcs12(p12, PASSWORD.toCharArray());
        passwordFile = Files.writeString(keys.resolve("password.txt"), PASSWORD + "\n");
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    @AfterEach
    void serviceBackUp() {
        pki.failures(Endpoint.TSA, Failure.NONE);
    }

    private Cli.Result sign(Path in, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("sign", "pdf", in.toString(), "-o", out.toString(),
                "--p12", p12.toString(), "--password-file", passwordFile.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    private Path signedAtB() {
        Path out = dir.resolve("signed-b.pdf");
        sign(Samples.pdf(dir), out).succeeds();
        return out;
    }

    private JsonNode validate(Path file) throws Exception {
        Cli.Result result = Cli.run("validate", "--format", "json", "--trust", rootPem.toString(), file.toString());
        return JSON.readTree(result.out());
    }

    @Test
    void extendsASignedPdfFromBToTToLtToLta() throws Exception {
        Path b = signedAtB();
        Path t = dir.resolve("t.pdf");
        Path lt = dir.resolve("lt.pdf");
        Path lta = dir.resolve("lta.pdf");

        Cli.Result result = Cli.run("extend", "pdf", b.toString(), "-o", t.toString(), "--level", "T",
                "--tsa", pki.tsaUrl().toString()).succeeds();
        assertThat(result.out()).contains("PAdES-BASELINE-T").contains(t.toString());
        assertThat(validate(t).get("signatures").get(0).get("format").asText()).isEqualTo("PAdES-BASELINE-T");

        Cli.run("extend", "pdf", t.toString(), "-o", lt.toString(), "--level", "LT", "--trust", rootPem.toString()).succeeds();
        assertThat(validate(lt).get("signatures").get(0).get("format").asText()).isEqualTo("PAdES-BASELINE-LT");

        Cli.run("extend", "pdf", lt.toString(), "-o", lta.toString(), "--level", "lta", "--tsa", pki.tsaUrl().toString(),
                "--trust", rootPem.toString()).succeeds();
        JsonNode report = validate(lta);
        assertThat(report.get("verdict").asText()).isEqualTo("VALID");
        assertThat(report.get("signatures").get(0).get("format").asText()).isEqualTo("PAdES-BASELINE-LTA");
        assertThat(report.get("signatures").get(0).get("integrity").asBoolean()).isTrue();
        assertThat(report.get("documentTimestamps")).hasSize(2);
    }

    @Test
    void answersUsageErrorsWithSixtyFour() {
        Path b = signedAtB();
        String out = dir.resolve("out.pdf").toString();

        assertThat(Cli.run("extend", "pdf", b.toString(), "-o", out, "--level", "B", "--tsa", pki.tsaUrl().toString())
                .failsWith(ExitCode.USAGE).err()).contains("T, LT or LTA");
        assertThat(Cli.run("extend", "pdf", b.toString(), "-o", out, "--level", "LTA")
                .failsWith(ExitCode.USAGE).err()).contains("--tsa");
        Cli.run("extend", "pdf", b.toString(), "-o", out, "--tsa", pki.tsaUrl().toString()).failsWith(ExitCode.USAGE);
        assertThat(Cli.run("extend").exit()).as("'kyso extend' alone shows its usage").isEqualTo(ExitCode.USAGE);
        assertThat(dir.resolve("out.pdf")).doesNotExist();
    }

    @Test
    void refusesToReplaceAnExistingOutputWithoutForce() throws Exception {
        Path b = signedAtB();
        Path out = Files.writeString(dir.resolve("out.pdf"), "an earlier file");

        Cli.run("extend", "pdf", b.toString(), "-o", out.toString(), "--level", "T", "--tsa", pki.tsaUrl().toString())
                .failsWith(ExitCode.CANT_CREATE);
        assertThat(Files.readString(out)).isEqualTo("an earlier file");

        Cli.run("extend", "pdf", b.toString(), "-o", out.toString(), "--level", "T", "--tsa", pki.tsaUrl().toString(),
                "--force").succeeds();
        assertThat(validate(out).get("signatures").get(0).get("format").asText()).isEqualTo("PAdES-BASELINE-T");
    }

    @Test
    void answersSixtyFiveForAPdfWithoutSignatureAndSixtySixForAMissingOne() {
        Path unsigned = Samples.pdf(dir);
        Path out = dir.resolve("out.pdf");

        assertThat(Cli.run("extend", "pdf", unsigned.toString(), "-o", out.toString(), "--level", "T",
                "--tsa", pki.tsaUrl().toString()).failsWith(ExitCode.DATA_ERR).err()).contains("no signature to extend");
        Cli.run("extend", "pdf", dir.resolve("missing.pdf").toString(), "-o", out.toString(), "--level", "T",
                "--tsa", pki.tsaUrl().toString()).failsWith(ExitCode.NO_INPUT);
        assertThat(out).doesNotExist();
    }

    @Test
    void answersSixtyNineWhenTheTsaIsDown() {
        Path b = signedAtB();
        Path out = dir.resolve("out.pdf");
        pki.failures(Endpoint.TSA, Failure.HTTP_503);

        Cli.run("extend", "pdf", b.toString(), "-o", out.toString(), "--level", "T", "--tsa", pki.tsaUrl().toString())
                .failsWith(ExitCode.UNAVAILABLE);
        assertThat(out).doesNotExist();
    }

    @Test
    void certifiesAndThenAcceptsAnApprovalSignature() throws Exception {
        Path certified = dir.resolve("certified.pdf");
        Path approved = dir.resolve("approved.pdf");

        sign(Samples.pdf(dir), certified, "--certify", "FORM_FILLING").succeeds();
        sign(certified, approved, "--visible", "--page", "1", "--rect", "36,36,200,60").succeeds();

        JsonNode report = validate(approved);
        assertThat(report.get("verdict").asText()).isEqualTo("VALID");
        assertThat(report.get("signatures")).hasSize(2);
        assertThat(report.get("signatures").get(0).get("modifiedAfterSigning").asText()).isEqualTo("PERMITTED");
    }

    @Test
    void answersSixtyFiveForApprovalOnNoChangesCertificationAndForCertifyingASignedPdf() {
        Path certified = dir.resolve("certified.pdf");
        sign(Samples.pdf(dir), certified, "--certify", "no_changes").succeeds();
        Path out = dir.resolve("out.pdf");

        assertThat(sign(certified, out).failsWith(ExitCode.DATA_ERR).err()).contains("'no changes allowed'");
        assertThat(sign(signedAtB(), out, "--certify", "ANNOTATIONS").failsWith(ExitCode.DATA_ERR).err())
                .contains("only the first signature");
        assertThat(sign(certified, out, "--certify", "EVERYTHING").failsWith(ExitCode.USAGE).err())
                .contains("NO_CHANGES");
        assertThat(out).doesNotExist();
    }
}
