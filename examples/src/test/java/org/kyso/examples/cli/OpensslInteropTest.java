package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.ExternalTools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * kyso against a PKI and a TSA that KySo did not make: root CA, signer and TSA certificates made
 * with the openssl command line, the signer's key exported with {@code openssl pkcs12 -export},
 * and RFC 3161 answers made by {@code openssl ts -reply} behind a small HTTP server on 127.0.0.1.
 */
class OpensslInteropTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final String OPENSSL_CNF = """
            [ req ]
            distinguished_name = dn
            string_mask = utf8only
            utf8 = yes
            prompt = no

            [ dn ]
            CN = unused

            [ v3_root ]
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash

            [ v3_signer ]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, nonRepudiation
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid

            [ v3_tsa ]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature
            extendedKeyUsage = critical, timeStamping
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            """;

    private static final String TS_CNF = """
            [ tsa ]
            default_tsa = interop_tsa

            [ interop_tsa ]
            serial = %s
            crypto_device = builtin
            signer_digest = sha256
            default_policy = 1.3.6.1.4.1.99999.1.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = yes
            tsa_name = yes
            ess_cert_id_chain = no
            ess_cert_id_alg = sha256
            """;

    @TempDir
    Path dir;

    private HttpServer tsaServer;
    private final AtomicInteger tsaRequests = new AtomicInteger();

    @BeforeEach
    void makePkiWithOpenssl() throws Exception {
        ExternalTools.require("openssl");
        Path cnf = Files.writeString(dir.resolve("openssl.cnf"), OPENSSL_CNF);
        openssl("req", "-x509", "-new", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "30", "-utf8",
                "-config", cnf.toString(), "-extensions", "v3_root",
                "-subj", "/C=VN/O=KySo Interop/CN=Interop Root CA",
                "-keyout", path("root.key"), "-out", path("root.pem"));
        issue(cnf, "signer", "/C=VN/O=Công ty Thử nghiệm/CN=Trần Thị Bình", "v3_signer");
        issue(cnf, "tsa", "/C=VN/O=KySo Interop/CN=Interop TSA", "v3_tsa");
        Files.writeString(dir.resolve("password.txt"), "interop-secret\n");
        openssl("pkcs12", "-export", "-inkey", path("signer.key"), "-in", path("signer.pem"),
                "-certfile", path("root.pem"), "-name", "signer", "-passout", "file:" + path("password.txt"),
                "-out", path("signer.p12"));
        Files.writeString(dir.resolve("tsaserial"), "01\n");
        Files.writeString(dir.resolve("ts.cnf"), TS_CNF.formatted(path("tsaserial")));
        startTsa();
    }

    @AfterEach
    void stopTsa() {
        if (tsaServer != null) {
            tsaServer.stop(0);
        }
    }

    private void issue(Path cnf, String name, String subject, String extensions) {
        openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-sha256", "-utf8", "-config", cnf.toString(),
                "-subj", subject, "-keyout", path(name + ".key"), "-out", path(name + ".csr"));
        openssl("x509", "-req", "-in", path(name + ".csr"), "-CA", path("root.pem"), "-CAkey", path("root.key"),
                "-set_serial", "0x" + Long.toHexString(System.nanoTime()), "-days", "30", "-sha256",
                "-extfile", cnf.toString(), "-extensions", extensions, "-out", path(name + ".pem"));
    }

    /** An RFC 3161 TSA over HTTP whose every answer comes from {@code openssl ts -reply}. */
    private void startTsa() throws IOException {
        tsaServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tsaServer.createContext("/tsa", this::answer);
        tsaServer.start();
    }

    private synchronized void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            int n = tsaRequests.incrementAndGet();
            Path query = dir.resolve("req-" + n + ".tsq");
            Path reply = dir.resolve("resp-" + n + ".tsr");
            try (InputStream in = exchange.getRequestBody()) {
                Files.write(query, in.readAllBytes());
            }
            ExternalTools.Result result = ExternalTools.run(TIMEOUT, "openssl", "ts", "-reply",
                    "-config", path("ts.cnf"), "-queryfile", query.toString(),
                    "-inkey", path("tsa.key"), "-signer", path("tsa.pem"), "-out", reply.toString());
            if (result.exitCode() != 0) {
                byte[] error = result.stderr().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(500, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            byte[] body = Files.readAllBytes(reply);
            exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private String tsaUrl() {
        return "http://127.0.0.1:" + tsaServer.getAddress().getPort() + "/tsa";
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    private static void openssl(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        ExternalTools.Result result = ExternalTools.run(TIMEOUT, command);
        assertThat(result.exitCode()).as("openssl %s: %s", args[0], result.stderr()).isZero();
    }

    @Test
    void signsWithOpensslKeyAndTsaIntoPadesTThatPdfsigAndKysoAccept() throws Exception {
        Path in = Samples.pdf(dir);
        Path out = dir.resolve("signed.pdf");

        Cli.Result signed = Cli.run("sign", "pdf", in.toString(), "-o", out.toString(), "--p12", path("signer.p12"),
                "--password-file", path("password.txt"), "--tsa", tsaUrl());

        assertThat(signed.exit()).as(signed.err()).isZero();
        assertThat(tsaRequests.get()).isEqualTo(1);
        ExternalTools.Result pdfsig = ExternalTools.run(TIMEOUT, "pdfsig", out.toString());
        assertThat(pdfsig.stdout()).as(pdfsig.stdout() + pdfsig.stderr())
                .contains("Signature Validation: Signature is Valid.")
                .contains("Trần Thị Bình");

        Cli.Result validated = Cli.run("validate", "--format", "json", "--trust", path("root.pem"), "--offline",
                out.toString());
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
                "-in", token.toString(), "-token_in", "-CAfile", path("root.pem"));
        assertThat(verify.stdout()).as(verify.stderr()).contains("Verification: OK");
    }
}
