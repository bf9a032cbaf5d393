package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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

/** Detached CMS signatures (.p7s + content, RFC 5652) made by openssl, validated through DSS's CAdES module. */
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
        ExternalTools.require("openssl");
        Path cert = dir.resolve("signer.pem");
        Path key = dir.resolve("signer.key");
        Path chain = dir.resolve("chain.pem");
        Pem.write(cert, signer.certificate());
        Pem.write(key, signer.privateKey());
        Pem.write(chain, signer.chain().subList(1, signer.chain().size()));
        Path p7s = dir.resolve("content.txt.p7s");
        ExternalTools.Result result = ExternalTools.run(Duration.ofSeconds(30), "openssl", "cms", "-sign", "-binary",
                "-in", content.toString(), "-signer", cert.toString(), "-inkey", key.toString(),
                "-certfile", chain.toString(), "-outform", "DER", "-out", p7s.toString());
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
