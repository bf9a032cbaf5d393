package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.SoftwareKey;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;
import org.kyso.xml.XmlPackaging;
import org.kyso.xml.XmlSigner;

/** {@code kyso validate} on XML: references in the text report, the refusal of DOCTYPEs, detached folders. */
class ValidateXmlCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path keys;

    static TestPki pki;
    static Path rootPem;
    static XmlSigner signer;

    @TempDir
    Path dir;

    private HttpServer listener;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeAll
    static void startPki() throws Exception {
        pki = TestPki.builder().start();
        Leaf leaf = pki.issue(LeafSpec.builder().subject("CN=Lê Thị Hoa, O=Sở Tư pháp, C=VN").build());
        rootPem = keys.resolve("root.pem");
        Pem.write(rootPem, pki.root().certificate());
        signer = XmlSigner.builder().key(SoftwareKey.of(leaf.privateKey(), leaf.chain())).build();
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    @BeforeEach
    void startListener() throws IOException {
        listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        listener.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, 0);
            exchange.close();
        });
        listener.start();
    }

    @AfterEach
    void stopListener() {
        listener.stop(0);
    }

    @Test
    void textReportSaysWhichElementEachReferenceCovers() throws Exception {
        Path signed = dir.resolve("ho-so-signed.xml");
        signer.sign(Samples.xml(dir), signed);

        Cli.Result en = Cli.run("validate", "--trust", rootPem.toString(), signed.toString()).succeeds();
        Cli.Result vi = Cli.run("validate", "--lang", "vi", "--trust", rootPem.toString(), signed.toString()).succeeds();

        assertThat(en.out()).contains("VALID").containsPattern("covers: .* → .*xades:SignedProperties \\(SHA-256, intact\\)");
        assertThat(vi.out()).containsPattern("ký trên: .* \\(SHA-256, toàn vẹn\\)");
    }

    @Test
    void jsonReportListsTheReferences() throws Exception {
        Path signed = dir.resolve("ho-so-signed.xml");
        signer.sign(Samples.xml(dir), signed);

        Cli.Result result = Cli.run("validate", "--format", "json", "--trust", rootPem.toString(), signed.toString()).succeeds();

        JsonNode references = JSON.readTree(result.out()).get("signatures").get(0).get("references");
        assertThat(references).isNotEmpty();
        assertThat(references).allSatisfy(r -> assertThat(r.get("intact").asBoolean()).isTrue());
    }

    @Test
    void exitsSixtyFiveForXmlWithExternalEntitiesAndFetchesNothing() throws Exception {
        String port = String.valueOf(listener.getAddress().getPort());
        Path xxe = Files.writeString(dir.resolve("xxe.xml"), "<?xml version=\"1.0\"?>\n<!DOCTYPE HoSo [\n"
                + "<!ENTITY web SYSTEM \"http://127.0.0.1:" + port + "/entity\">\n"
                + "<!ENTITY passwd SYSTEM \"file:///etc/passwd\">]>\n<HoSo>&web;&passwd;</HoSo>\n", StandardCharsets.UTF_8);

        Cli.Result result = Cli.run("validate", xxe.toString()).failsWith(ExitCode.DATA_ERR);
        Cli.Result json = Cli.run("validate", "--format", "json", xxe.toString()).failsWith(ExitCode.DATA_ERR);

        assertThat(result.err()).contains("xxe.xml", "DOCTYPE").doesNotContain("\tat ");
        assertThat(JSON.readTree(json.out()).get("verdict").asText()).isEqualTo("ERROR");
        assertThat(json.out()).doesNotContain("root:");
        assertThat(requests).as("requests seen by the loopback listener").hasValue(0);
    }

    @Test
    void readsDetachedContentOnlyFromTheAllowedFolder() throws Exception {
        Path scans = Files.createDirectories(dir.resolve("scans"));
        Path scan = Files.writeString(scans.resolve("to-trinh.txt"), "Tờ trình số 12/TTr-UBND");
        Path signature = dir.resolve("to-trinh.txt.xades.xml");
        signer.toBuilder().packaging(XmlPackaging.DETACHED).build().sign(scan, signature);

        Cli.Result without = Cli.run("validate", "--trust", rootPem.toString(), signature.toString());
        Cli.Result with = Cli.run("validate", "--trust", rootPem.toString(), "--detached-content", scans.toString(),
                signature.toString()).succeeds();

        assertThat(without.exit()).isNotEqualTo(ExitCode.OK);
        assertThat(without.out()).contains("to-trinh.txt → not found");
        assertThat(with.out()).contains("to-trinh.txt → to-trinh.txt (SHA-256, intact)");
    }
}
