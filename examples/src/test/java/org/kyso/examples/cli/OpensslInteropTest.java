package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.Endpoint;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.OpensslPki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * kyso against a PKI and a TSA that KySo did not make: root CA, signer and TSA certificates made
 * with the openssl command line, the signer's key exported with {@code openssl pkcs12 -export},
 * and RFC 3161 answers made by {@code openssl ts -reply} behind a small HTTP server on 127.0.0.1
 * ({@link OpensslPki}).
 */
class OpensslInteropTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private OpensslPki pki;

    @BeforeEach
    void makePkiWithOpenssl() {
        pki = OpensslPki.builder().signerSubject("/C=VN/O=Công ty Thử nghiệm/CN=Trần Thị Bình").start(dir);
    }

    @AfterEach
    void stopTsa() {
        if (pki != null) {
            pki.close();
        }
    }

    private String tsaUrl() {
        return pki.tsaUrl().toString();
    }

    @Test
    void signsWithOpensslKeyAndTsaIntoPadesTThatPdfsigAndKysoAccept() throws Exception {
        Path in = Samples.pdf(dir);
        Path out = dir.resolve("signed.pdf");

        Cli.Result signed = Cli.run("sign", "pdf", in.toString(), "-o", out.toString(),
                "--p12", pki.signerPkcs12().toString(), "--password-file", pki.passwordFile().toString(), "--tsa", tsaUrl());

        assertThat(signed.exit()).as(signed.err()).isZero();
        assertThat(pki.requestCount(Endpoint.TSA)).isEqualTo(1);
        ExternalTools.Result pdfsig = ExternalTools.run(TIMEOUT, "pdfsig", out.toString());
        assertThat(pdfsig.stdout()).as(pdfsig.stdout() + pdfsig.stderr())
                .contains("Signature Validation: Signature is Valid.")
                .contains("Trần Thị Bình");

        Cli.Result validated = Cli.run("validate", "--format", "json", "--trust", pki.rootCertificate().toString(),
                "--offline", out.toString());
        JsonNode report = new ObjectMapper().readTree(validated.out());
        JsonNode signature = report.get("signatures").get(0);
        assertThat(signature.get("format").asText()).as(validated.out()).isEqualTo("PAdES-BASELINE-T");
        assertThat(signature.get("integrity").asBoolean()).isTrue();
        assertThat(signature.get("signer").get("subject").asText()).contains("Trần Thị Bình");
        assertThat(signature.get("timestamps").get(0).get("integrity").asBoolean()).isTrue();
        // Offline, with no revocation data: the honest answer is INDETERMINATE, never INVALID.
        assertThat(report.get("verdict").asText()).isIn("VALID", "INDETERMINATE");
    }

    @Test
    void timestampsWithTheOpensslTsaAndOpensslVerifiesTheToken() throws Exception {
        Path file = Files.writeString(dir.resolve("data.txt"), "dữ liệu\n");
        Path token = dir.resolve("data.tsr");

        Cli.run("timestamp", file.toString(), "--tsa", tsaUrl(), "-o", token.toString()).succeeds();

        ExternalTools.Result verify = ExternalTools.run(TIMEOUT, "openssl", "ts", "-verify", "-data", file.toString(),
                "-in", token.toString(), "-token_in", "-CAfile", pki.rootCertificate().toString());
        assertThat(verify.stdout()).as(verify.stderr()).contains("Verification: OK");
    }

    @Test
    void validatesADetachedOpensslCmsSignatureWithItsContent() throws Exception {
        Path content = Files.writeString(dir.resolve("to-trinh.txt"), "To trinh so 5/TTr-UBND\n");
        Path p7s = dir.resolve("to-trinh.txt.p7s");
        ExternalTools.Result signed = ExternalTools.run(TIMEOUT, "openssl", "cms", "-sign", "-binary",
                "-in", content.toString(), "-signer", pki.signerCertificate().toString(),
                "-inkey", pki.signerKey().toString(), "-outform", "DER", "-out", p7s.toString());
        assertThat(signed.exitCode()).as(signed.stderr()).isZero();

        Cli.Result validated = Cli.run("validate", "--format", "json", "--offline", "--trust",
                pki.rootCertificate().toString(), p7s.toString(), "--detached-content", content.toString());

        JsonNode report = new ObjectMapper().readTree(validated.out());
        assertThat(report.get("signatures").get(0).get("integrity").asBoolean()).as(validated.out()).isTrue();
    }
}
