package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

/**
 * CMS signatures (RFC 5652) made by openssl, detached (.p7s + content) and enveloping ({@code -nodetach}),
 * validated through DSS's CAdES module.
 */
class DetachedCmsTest {

    private static TestPki pki;
    private static Leaf signer;
    private static Validator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        signer = pki.issue(LeafSpec.builder().subject("CN=Phạm Thị Dung, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.RSA_2048).build());
        validator = Validator.builder().trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.offline()).build();
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    private Path opensslSign(Path content) throws Exception {
        return opensslSign(content, false);
    }

    /** {@code openssl cms -sign}: a detached .p7s, or with {@code enveloping} one that carries the content (-nodetach). */
    private Path opensslSign(Path content, boolean enveloping) throws Exception {
        ExternalTools.require("openssl");
        Path cert = dir.resolve("signer.pem");
        Path key = dir.resolve("signer.key");
        Path chain = dir.resolve("chain.pem");
        Pem.write(cert, signer.certificate());
        Pem.write(key, signer.privateKey());
        Pem.write(chain, signer.chain().subList(1, signer.chain().size()));
        Path p7s = dir.resolve(enveloping ? "content.p7m" : "content.txt.p7s");
        List<String> command = new ArrayList<>(List.of("openssl", "cms", "-sign", "-binary",
                "-in", content.toString(), "-signer", cert.toString(), "-inkey", key.toString(),
                "-certfile", chain.toString(), "-outform", "DER", "-out", p7s.toString()));
        if (enveloping) {
            command.add("-nodetach");
        }
        ExternalTools.Result result = ExternalTools.run(Duration.ofSeconds(30), command.toArray(String[]::new));
        assertThat(result.exitCode()).as("openssl cms -sign: %s", result.stderr()).isZero();
        return p7s;
    }

    @Test
    void validatesADetachedOpensslSignatureWithItsContent() throws Exception {
        Path content = Files.writeString(dir.resolve("content.txt"), "Tờ trình số 5/TTr-UBND\n", StandardCharsets.UTF_8);
        Path p7s = opensslSign(content);

        ValidationReport report = validator.validate(p7s, content);

        assertThat(report.documentType()).isEqualTo(DocumentType.CMS);
        assertThat(report.signatures()).singleElement().satisfies(s -> assertThat(s.integrity()).isTrue());
        assertNotCadesSaid(report);
    }

    /** A plain CMS signature (no signing-certificate attribute) says what its format does not prove. */
    private static void assertNotCadesSaid(ValidationReport report) {
        assertThat(report.signatures()).singleElement().satisfies(s -> {
            assertThat(s.format()).isEqualTo("CMS");
            assertThat(s.infos()).extracting(Message::key).contains("kyso.format.cms");
        });
        assertThat(report.toJson(Locale.ENGLISH)).contains("not CAdES");
        assertThat(report.summary(Locale.forLanguageTag("vi"))).contains("thông tin: Định dạng CMS");
    }

    @Test
    void validatesAnEnvelopingOpensslSignature() throws Exception {
        Path content = Files.writeString(dir.resolve("content.txt"), "Tờ trình số 6/TTr-UBND\n", StandardCharsets.UTF_8);

        Validator online = Validator.builder().trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.online().build()).build();

        ValidationReport report = online.validate(opensslSign(content, true));

        // No signing-certificate attribute: DSS warns, but a plain CMS signature with a trusted,
        // unrevoked chain is valid, and the report says what the format does not prove.
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
        assertThat(report.documentType()).isEqualTo(DocumentType.CMS);
        assertThat(report.signatures()).singleElement().satisfies(s -> assertThat(s.integrity()).isTrue());
        assertNotCadesSaid(report);
    }

    @Test
    void reportsBrokenIntegrityWhenTheContentInsideAnEnvelopingSignatureChanged() throws Exception {
        Path content = Files.writeString(dir.resolve("content.txt"), "Tờ trình số 6/TTr-UBND\n", StandardCharsets.UTF_8);
        byte[] p7m = Files.readAllBytes(opensslSign(content, true));
        byte[] needle = "6/TTr".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(p7m, needle);
        assertThat(at).as("the content inside the CMS").isNotNegative();
        p7m[at] = '9';

        ValidationReport report = validator.validate(p7m, "content.p7m");

        assertThat(report.signatures()).singleElement().satisfies(s -> {
            assertThat(s.integrity()).isFalse();
            assertThat(s.subIndication()).isEqualTo("HASH_FAILURE");
            assertThat(s.infos()).isEmpty();
        });
        assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void reportsBrokenIntegrityWhenOneByteOfTheContentChanged() throws Exception {
        Path content = Files.writeString(dir.resolve("content.txt"), "Tờ trình số 5/TTr-UBND\n", StandardCharsets.UTF_8);
        Path p7s = opensslSign(content);
        byte[] bytes = Files.readAllBytes(content);
        bytes[0] ^= 0x01;
        Files.write(content, bytes);

        ValidationReport report = validator.validate(p7s, content);

        assertThat(report.documentType()).isEqualTo(DocumentType.CMS);
        assertThat(report.signatures()).singleElement().satisfies(s -> assertThat(s.integrity()).isFalse());
        assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    }
}
