package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.Endpoint;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.Failure;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class SignPdfCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "mat-khau thu 123";  // the JDK writes PKCS#12 only with ASCII passwords

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
        Leaf signer = pki.issue(LeafSpec.builder()
                .subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, L=Hà Nội, C=VN")
                .email("an@daian.example")
                .keyType(KeyType.RSA_2048)
                .build());
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

    private String[] sign(Path in, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("sign", "pdf", in.toString(), "-o", out.toString(),
                "--p12", p12.toString(), "--password-file", passwordFile.toString()));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    private JsonNode validateJson(Path signed) throws Exception {
        Cli.Result result = Cli.run("validate", "--format", "json", "--trust", rootPem.toString(), signed.toString());
        assertThat(result.out().lines()).hasSize(1);
        JsonNode report = JSON.readTree(result.out());
        assertThat(result.exit()).as(result.out()).isEqualTo(report.get("verdict").asText().equals("VALID") ? 0 : 1);
        return report;
    }

    @Test
    void signsAtLevelTWithTsaAndValidatesAsValidJson() throws Exception {
        Path out = dir.resolve("signed.pdf");

        Cli.Result result = Cli.run(sign(Samples.pdf(dir), out, "--tsa", pki.tsaUrl().toString(),
                "--reason", "Phê duyệt", "--location", "Hà Nội")).succeeds();

        assertThat(result.out()).contains("PAdES-BASELINE-T");
        JsonNode report = validateJson(out);
        assertThat(report.get("verdict").asText()).isEqualTo("VALID");
        assertThat(report.get("file").asText()).isEqualTo(out.toString());
        assertThat(report.get("documentType").asText()).isEqualTo("PDF");
        assertThat(report.get("signatures")).hasSize(1);
        JsonNode signature = report.get("signatures").get(0);
        assertThat(signature.fieldNames()).toIterable().contains("id", "format", "indication", "subIndication",
                "integrity", "signer", "claimedSigningTime", "bestSignatureTime", "timestamps",
                "coversWholeDocument", "modifiedAfterSigning", "errors", "warnings");
        assertThat(signature.get("format").asText()).isEqualTo("PAdES-BASELINE-T");
        assertThat(signature.get("indication").asText()).isEqualTo("TOTAL_PASSED");
        assertThat(signature.get("subIndication").isNull()).isTrue();
        assertThat(signature.get("integrity").asBoolean()).isTrue();
        assertThat(signature.get("coversWholeDocument").asBoolean()).isTrue();
        assertThat(signature.get("modifiedAfterSigning").asText()).isEqualTo("NONE");
        assertThat(signature.get("signer").get("subject").asText()).contains("CN=Nguyễn Văn An");
        assertThat(signature.get("signer").fieldNames()).toIterable().contains("subject", "issuer", "serial");
        assertThat(signature.get("timestamps").get(0).get("type").asText()).isEqualTo("SIGNATURE_TIMESTAMP");
        assertThat(signature.get("errors")).isEmpty();
    }

    @Test
    void signsAtLevelLtWithRevocationDataFromTheTestPki() throws Exception {
        Path out = dir.resolve("signed-lt.pdf");

        Cli.run(sign(Samples.pdf(dir), out, "--tsa", pki.tsaUrl().toString(), "--level", "LT",
                "--trust", rootPem.toString())).succeeds();

        JsonNode signature = validateJson(out).get("signatures").get(0);
        assertThat(signature.get("format").asText()).isEqualTo("PAdES-BASELINE-LT");
        assertThat(signature.get("indication").asText()).isEqualTo("TOTAL_PASSED");
    }

    @Test
    void signsAtLevelBWithoutTsa() throws Exception {
        Path out = dir.resolve("signed.pdf");

        Cli.run(sign(Samples.pdf(dir), out)).succeeds();

        JsonNode signature = validateJson(out).get("signatures").get(0);
        assertThat(signature.get("format").asText()).isEqualTo("PAdES-BASELINE-B");
        assertThat(signature.get("integrity").asBoolean()).isTrue();
    }

    @Test
    void signsVisiblyWithRectTextAndZoneAndPdfsigAcceptsIt() throws Exception {
        Path out = dir.resolve("visible.pdf");

        Cli.run(sign(Samples.pdf(dir), out, "--tsa", pki.tsaUrl().toString(), "--page", "1", "--rect", "318,178,232,84",
                "--text", "Ký bởi: {signer}\\nThời gian: {time}", "--zone", "Asia/Ho_Chi_Minh")).succeeds();

        ExternalTools.Result pdfsig = ExternalTools.run(Duration.ofSeconds(60), "pdfsig", out.toString());
        assertThat(pdfsig.stdout()).contains("Signature Validation: Signature is Valid.");
        assertThat(validateJson(out).get("verdict").asText()).isEqualTo("VALID");
    }

    @Test
    void readsThePasswordFromStandardInput() {
        Path out = dir.resolve("signed.pdf");

        Cli.runWithStdin(PASSWORD + "\n", "sign", "pdf", Samples.pdf(dir).toString(), "-o", out.toString(),
                "--p12", p12.toString(), "--password-stdin").succeeds();

        assertThat(out).isRegularFile();
    }

    @Test
    void signsSeveralFilesIntoOutDir() throws Exception {
        Path a = Samples.copy(DemoCommand.SAMPLE_PDF, dir.resolve("a.pdf"));
        Path b = Samples.copy(DemoCommand.SAMPLE_PDF, dir.resolve("b.pdf"));
        Path outDir = Files.createDirectory(dir.resolve("signed"));

        Cli.Result result = Cli.run("sign", "pdf", a.toString(), b.toString(), "--out-dir", outDir.toString(),
                "--p12", p12.toString(), "--password-file", passwordFile.toString()).succeeds();

        assertThat(result.out().lines()).hasSize(2);
        assertThat(validateJson(outDir.resolve("a.pdf")).get("verdict").asText()).isEqualTo("VALID");
        assertThat(validateJson(outDir.resolve("b.pdf")).get("verdict").asText()).isEqualTo("VALID");
    }

    @Test
    void refusesSeveralFilesWithOneOutput() {
        Path a = Samples.copy(DemoCommand.SAMPLE_PDF, dir.resolve("a.pdf"));
        Path b = Samples.copy(DemoCommand.SAMPLE_PDF, dir.resolve("b.pdf"));

        Cli.run("sign", "pdf", a.toString(), b.toString(), "-o", dir.resolve("out.pdf").toString(),
                "--p12", p12.toString(), "--password-file", passwordFile.toString()).failsWith(ExitCode.USAGE);
    }

    @Test
    void refusesToReplaceAnExistingOutputWithoutForce() throws Exception {
        Path out = Files.writeString(dir.resolve("signed.pdf"), "an earlier file");

        Cli.Result result = Cli.run(sign(Samples.pdf(dir), out)).failsWith(ExitCode.CANT_CREATE);

        assertThat(result.err()).contains("--force");
        assertThat(Files.readString(out)).isEqualTo("an earlier file");
        Cli.run(sign(Samples.pdf(dir), out, "--force")).succeeds();
        assertThat(validateJson(out).get("verdict").asText()).isEqualTo("VALID");
    }

    @Test
    void exitsSeventySevenForAWrongPassword() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong.txt"), "not the password\n");
        Path out = dir.resolve("signed.pdf");

        Cli.Result result = Cli.run("sign", "pdf", Samples.pdf(dir).toString(), "-o", out.toString(),
                "--p12", p12.toString(), "--password-file", wrong.toString()).failsWith(ExitCode.NO_PERM);

        assertThat(result.err()).contains("signer.p12").doesNotContain("not the password");
        assertThat(out).doesNotExist();
    }

    @Test
    void exitsSixtyNineWhenTheTsaIsDownAndLeavesNoOutput() throws Exception {
        pki.failures(Endpoint.TSA, Failure.HTTP_503);
        Path out = dir.resolve("signed.pdf");

        Cli.Result result = Cli.run(sign(Samples.pdf(dir), out, "--tsa", pki.tsaUrl().toString()))
                .failsWith(ExitCode.UNAVAILABLE);

        assertThat(result.err()).contains(pki.tsaUrl().toString());
        assertThat(out).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cong-van.pdf");
        }
    }

    @Test
    void exitsSixtySixForAMissingInputAndSixtyFiveForANonPdf() throws Exception {
        Cli.run(sign(dir.resolve("missing.pdf"), dir.resolve("out.pdf"))).failsWith(ExitCode.NO_INPUT);
        Path text = Files.writeString(dir.resolve("text.pdf"), "plain text");
        Cli.run(sign(text, dir.resolve("out.pdf"))).failsWith(ExitCode.DATA_ERR);
        assertThat(dir.resolve("out.pdf")).doesNotExist();
    }

    @Test
    void exitsSixtyFourForLevelTWithoutTsa() {
        Cli.run(sign(Samples.pdf(dir), dir.resolve("out.pdf"), "--level", "T")).failsWith(ExitCode.USAGE);
    }

    @Test
    void exitsSixtyFourForAnAppearanceOutsideThePage() {
        Cli.Result result = Cli.run(sign(Samples.pdf(dir), dir.resolve("out.pdf"), "--rect", "10,10,0,40"))
                .failsWith(ExitCode.USAGE);

        assertThat(result.err()).contains("width and height");
    }

    @Test
    void exitsSixtyFourForAMalformedRect() {
        Cli.run(sign(Samples.pdf(dir), dir.resolve("out.pdf"), "--rect", "10,10,abc")).failsWith(ExitCode.USAGE);
    }

    @Test
    void exitsSixtyFourWithoutAPasswordSource() {
        Cli.run("sign", "pdf", Samples.pdf(dir).toString(), "-o", dir.resolve("out.pdf").toString(),
                "--p12", p12.toString()).failsWith(ExitCode.USAGE);
    }

    @Test
    void answersSixtyFourForPkcs11WithoutAKeyChoiceBeforeTouchingTheModule() {
        Cli.Result result = Cli.run("sign", "pdf", Samples.pdf(dir).toString(), "-o", dir.resolve("out.pdf").toString(),
                "--pkcs11", "/nowhere/libnothing.so", "--pin-env", "PIN").failsWith(ExitCode.USAGE);

        assertThat(result.err()).contains("--key-label");
    }

    @Test
    void answersSixtyFourForPresetAndCertifyNotYetSupported() {
        Cli.run(sign(Samples.pdf(dir), dir.resolve("out.pdf"), "--preset", "decree30")).failsWith(ExitCode.USAGE);
    }
}
