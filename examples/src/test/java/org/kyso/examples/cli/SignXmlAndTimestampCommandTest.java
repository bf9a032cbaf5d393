package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.Endpoint;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.Failure;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class SignXmlAndTimestampCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path keys;

    static TestPki pki;
    static Path rootPem;
    static Path intermediatePem;
    static Path p12;
    static Path passwordFile;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() throws Exception {
        pki = TestPki.builder().start();
        Leaf signer = pki.issue(LeafSpec.builder().subject("CN=Lê Thị Hoa, O=Sở Tư pháp, C=VN").build());
        rootPem = keys.resolve("root.pem");
        Pem.write(rootPem, pki.root().certificate());
        intermediatePem = keys.resolve("intermediate.pem");
        Pem.write(intermediatePem, pki.intermediate().certificate());
        p12 = keys.resolve("signer.p12");
        signer.writePkcs12(p12, "secret".toCharArray());
        passwordFile = Files.writeString(keys.resolve("password.txt"), "secret");
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    @AfterEach
    void serviceBackUp() {
        pki.failures(Endpoint.TSA, Failure.NONE);
    }

    @Test
    void signsXmlEnvelopedAtLevelTAndValidatesIt() throws Exception {
        Path out = dir.resolve("ho-so-signed.xml");

        Cli.Result signed = Cli.run("sign", "xml", Samples.xml(dir).toString(), "-o", out.toString(),
                "--p12", p12.toString(), "--password-file", passwordFile.toString(),
                "--tsa", pki.tsaUrl().toString()).succeeds();

        assertThat(signed.out()).contains("XAdES-BASELINE-T");
        Cli.Result validated = Cli.run("validate", "--format", "json", "--trust", rootPem.toString(), out.toString())
                .succeeds();
        JsonNode report = JSON.readTree(validated.out());
        assertThat(report.get("documentType").asText()).isEqualTo("XML");
        assertThat(report.get("verdict").asText()).isEqualTo("VALID");
        assertThat(report.get("signatures").get(0).get("format").asText()).isEqualTo("XAdES-BASELINE-T");
    }

    @Test
    void signsAnyFileDetachedAndValidatesItWithDetachedContent() throws Exception {
        Path data = Files.writeString(dir.resolve("bien-ban.txt"), "Biên bản họp ngày 20/11/2025.\n");
        Path signature = dir.resolve("bien-ban.txt.xades.xml");

        Cli.run("sign", "xml", data.toString(), "-o", signature.toString(), "--packaging", "detached",
                "--p12", p12.toString(), "--password-file", passwordFile.toString()).succeeds();

        Cli.run("validate", "--trust", rootPem.toString(), "--detached-content", data.toString(), signature.toString())
                .succeeds();
    }

    @Test
    void signsSeveralFilesInOneDetachedSignatureAndFindsTheOneChanged() throws Exception {
        Path first = Files.writeString(dir.resolve("bien-ban.txt"), "Biên bản họp ngày 20/11/2025.\n");
        Path second = Files.writeString(dir.resolve("phu-luc.txt"), "Phụ lục 1: danh sách.\n");
        Path signature = dir.resolve("ho-so.xades.xml");

        Cli.run("sign", "xml", "--packaging", "detached", first.toString(), second.toString(), "-o", signature.toString(),
                "--p12", p12.toString(), "--password-file", passwordFile.toString()).succeeds();

        Cli.Result valid = Cli.run("validate", "--trust", rootPem.toString(), "--detached-content", first.toString(),
                "--detached-content", second.toString(), signature.toString()).succeeds();
        assertThat(valid.out()).contains("VALID", "bien-ban.txt", "phu-luc.txt");
        byte[] bytes = Files.readAllBytes(second);
        bytes[0] ^= 1;
        Files.write(second, bytes);
        Cli.Result invalid = Cli.run("validate", "--trust", rootPem.toString(), "--detached-content", first.toString(),
                "--detached-content", second.toString(), signature.toString());
        assertThat(invalid.exit()).as(invalid.out()).isEqualTo(ExitCode.INVALID);
        assertThat(invalid.out()).contains("INVALID").contains("phu-luc.txt → phu-luc.txt (SHA-256, BROKEN)", "bien-ban.txt → bien-ban.txt (SHA-256, intact)");
    }

    @Test
    void exitsSixtyFourForSeveralInputsWithoutDetachedPackaging() throws Exception {
        Path first = Samples.xml(dir);
        Path second = Files.writeString(dir.resolve("phu-luc.txt"), "Phụ lục 1.\n");

        Cli.Result result = Cli.run("sign", "xml", first.toString(), second.toString(), "-o", dir.resolve("out.xml").toString(),
                "--p12", p12.toString(), "--password-file", passwordFile.toString()).failsWith(ExitCode.USAGE);

        assertThat(result.err()).contains("--packaging detached");
        assertThat(dir.resolve("out.xml")).doesNotExist();
    }

    @Test
    void exitsSixtyFiveForXmlThatIsNotWellFormed() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.xml"), "<ho-so><unclosed></ho-so>");

        Cli.run("sign", "xml", broken.toString(), "-o", dir.resolve("out.xml").toString(), "--p12", p12.toString(),
                "--password-file", passwordFile.toString()).failsWith(ExitCode.DATA_ERR);
        assertThat(dir.resolve("out.xml")).doesNotExist();
    }

    @Test
    void timestampWritesATokenThatOpensslVerifies() throws Exception {
        ExternalTools.require("openssl");
        Path file = Files.writeString(dir.resolve("hop-dong.txt"), "Hợp đồng số 01/2025\n");
        Path token = dir.resolve("hop-dong.tsr");

        Cli.Result result = Cli.run("timestamp", file.toString(), "--tsa", pki.tsaUrl().toString(),
                "-o", token.toString()).succeeds();

        assertThat(result.out()).contains("Time-stamped").contains(token.toString());
        ExternalTools.Result verify = ExternalTools.run(Duration.ofSeconds(30), "openssl", "ts", "-verify",
                "-data", file.toString(), "-in", token.toString(), "-token_in",
                "-CAfile", rootPem.toString(), "-untrusted", intermediatePem.toString());
        assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
        assertThat(verify.stdout()).contains("Verification: OK");

        Files.writeString(file, "Hợp đồng số 02/2025\n");
        ExternalTools.Result tampered = ExternalTools.run(Duration.ofSeconds(30), "openssl", "ts", "-verify",
                "-data", file.toString(), "-in", token.toString(), "-token_in",
                "-CAfile", rootPem.toString(), "-untrusted", intermediatePem.toString());
        assertThat(tampered.exitCode()).isNotZero();
    }

    @Test
    void timestampExitsSixtyNineWhenTheTsaIsDownAndLeavesNoToken() throws Exception {
        pki.failures(Endpoint.TSA, Failure.HTTP_503);
        Path file = Files.writeString(dir.resolve("a.txt"), "a");
        Path token = dir.resolve("a.tsr");

        Cli.run("timestamp", file.toString(), "--tsa", pki.tsaUrl().toString(), "-o", token.toString())
                .failsWith(ExitCode.UNAVAILABLE);

        assertThat(token).doesNotExist();
    }

    @Test
    void timestampExitsSixtySixForAMissingFileAndSixtyFourForABadUrl() {
        Cli.run("timestamp", dir.resolve("missing.txt").toString(), "--tsa", pki.tsaUrl().toString(),
                "-o", dir.resolve("x.tsr").toString()).failsWith(ExitCode.NO_INPUT);
        Cli.run("timestamp", dir.resolve("missing.txt").toString(), "--tsa", "ftp://example/tsa",
                "-o", dir.resolve("x.tsr").toString()).failsWith(ExitCode.USAGE);
    }
}
