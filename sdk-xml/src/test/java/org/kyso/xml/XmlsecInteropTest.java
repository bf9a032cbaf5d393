package org.kyso.xml;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.SigningKey;
import org.kyso.core.Tsa;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cross-checks KySo's XAdES output with an independent XMLDSig implementation, xmlsec1 (libxmlsec1
 * over OpenSSL): core validation of every reference and the signature value, and the signer's chain
 * up to the test root.
 */
class XmlsecInteropTest {

    private static TestPki pki;
    private static Path pem;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startPki() throws Exception {
        pki = TestPki.builder().start();
        pem = dir;
        Pem.write(dir.resolve("root.pem"), pki.root().certificate());
        Pem.write(dir.resolve("intermediate.pem"), pki.intermediate().certificate());
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    @Test
    void xmlsec1VerifiesEnvelopedLevelB() throws Exception {
        byte[] signed = XmlSigner.builder().key(Fixtures.rsaKey(pki)).level(XadesLevel.B).build()
                .sign(Fixtures.document(), "ho-so.xml");

        assertVerifiedByXmlsec1(signed, "enveloped-b.xml");
    }

    @Test
    void xmlsec1VerifiesEnvelopedLevelT() throws Exception {
        byte[] signed = XmlSigner.builder().key(Fixtures.rsaKey(pki)).level(XadesLevel.T)
                .timestamping(Tsa.rfc3161(pki.tsaUrl())).build().sign(Fixtures.document(), "ho-so.xml");

        assertVerifiedByXmlsec1(signed, "enveloped-t.xml");
    }

    @Test
    void xmlsec1VerifiesEcdsaSignature() throws Exception {
        SigningKey ec = Fixtures.key(pki, KeyType.ECDSA_P256);
        byte[] signed = XmlSigner.builder().key(ec).build().sign(Fixtures.document(), "ho-so.xml");

        assertVerifiedByXmlsec1(signed, "enveloped-ecdsa.xml");
    }

    @Test
    void xmlsec1VerifiesEnvelopingSignature() throws Exception {
        byte[] signed = XmlSigner.builder().key(Fixtures.rsaKey(pki)).packaging(XmlPackaging.ENVELOPING).build()
                .sign(Fixtures.document(), "ho-so.xml");

        assertVerifiedByXmlsec1(signed, "enveloping.xml");
    }

    @Test
    void xmlsec1RejectsTamperedDocument() throws Exception {
        byte[] signed = XmlSigner.builder().key(Fixtures.rsaKey(pki)).build().sign(Fixtures.document(), "ho-so.xml");
        byte[] tampered = new String(signed, StandardCharsets.UTF_8).replace("Bảo Ngọc", "Bảo Ngọa")
                .getBytes(StandardCharsets.UTF_8);

        ExternalTools.Result result = xmlsec1(Files.write(dir.resolve("tampered.xml"), tampered));

        assertThat(result.exitCode()).as(result.stderr()).isNotZero();
    }

    private static void assertVerifiedByXmlsec1(byte[] signed, String name) throws Exception {
        ExternalTools.Result result = xmlsec1(Files.write(dir.resolve(name), signed));
        assertThat(result.exitCode()).as("xmlsec1 on %s:%n%s%n%s", name, result.stdout(), result.stderr()).isZero();
        assertThat(result.stderr()).contains("OK");
    }

    private static ExternalTools.Result xmlsec1(Path signed) {
        ExternalTools.require("xmlsec1");
        List<String> command = new ArrayList<>(List.of("xmlsec1", "--verify",
                "--trusted-pem", pem.resolve("root.pem").toString(),
                "--untrusted-pem", pem.resolve("intermediate.pem").toString(),
                // XAdES references SignedProperties (and enveloping data) by Id: name the Id attributes
                // explicitly rather than rely on xmlsec1's guessing
                "--id-attr:Id", "http://uri.etsi.org/01903/v1.3.2#:SignedProperties",
                "--id-attr:Id", "http://www.w3.org/2000/09/xmldsig#:Object"));
        command.add(signed.toString());
        return ExternalTools.run(Duration.ofSeconds(60), command.toArray(String[]::new));
    }
}
