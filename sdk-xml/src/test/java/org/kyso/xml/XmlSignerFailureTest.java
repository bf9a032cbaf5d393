package org.kyso.xml;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.KysoIOException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TimestampException;
import org.kyso.core.Tsa;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.TestPki;
import org.kyso.testkit.TsaMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XmlSignerFailureTest {

    private static TestPki pki;
    private static SigningKey rsa;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        rsa = Fixtures.rsaKey(pki);
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    @AfterEach
    void restoreTsa() {
        pki.tsaMode(TsaMode.NORMAL);
    }

    @Test
    void rejectingTsaGivesTimestampExceptionAndNoOutput() throws Exception {
        Path in = Files.write(dir.resolve("ho-so.xml"), Fixtures.document());
        Path out = dir.resolve("ho-so-signed.xml");
        XmlSigner signer = XmlSigner.builder().key(rsa).level(XadesLevel.T).timestamping(Tsa.rfc3161(pki.tsaUrl())).build();
        pki.tsaMode(TsaMode.REJECT);

        assertThatThrownBy(() -> signer.sign(in, out))
                .isInstanceOf(TimestampException.class)
                .satisfies(e -> assertThat(((TimestampException) e).url()).isEqualTo(pki.tsaUrl()));

        assertThat(filesIn(dir)).containsExactly("ho-so.xml");
    }

    @Test
    void tsaAnsweringWithWrongImprintGivesTimestampException() {
        XmlSigner signer = XmlSigner.builder().key(rsa).timestamping(Tsa.rfc3161(pki.tsaUrl())).build();
        pki.tsaMode(TsaMode.WRONG_IMPRINT);

        assertThatThrownBy(() -> signer.sign(Fixtures.document(), "ho-so.xml")).isInstanceOf(TimestampException.class);
    }

    @Test
    void nonXmlInputGivesMalformedDocumentExceptionNamingTheFileAndNoOutput() throws Exception {
        Path in = Files.writeString(dir.resolve("not-xml.xml"), "Đây không phải XML", StandardCharsets.UTF_8);
        Path out = dir.resolve("signed.xml");

        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).build().sign(in, out))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining(in.toString())
                .satisfies(e -> assertThat(((MalformedDocumentException) e).file()).isEqualTo(in));

        assertThat(filesIn(dir)).containsExactly("not-xml.xml");
    }

    @Test
    void truncatedXmlGivesMalformedDocumentExceptionWithLine() {
        byte[] truncated = Fixtures.DOCUMENT.substring(0, Fixtures.DOCUMENT.length() - 5).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).build().sign(truncated, "ho-so.xml"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("ho-so.xml")
                .hasMessageContaining("line");
    }

    @Test
    void rejectsXmlWithExternalEntity() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "bí mật");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE HoSo [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<HoSo>&x;</HoSo>";

        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).build().sign(xxe.getBytes(StandardCharsets.UTF_8), "xxe.xml"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void rejectsXmlWithEntityExpansion() {
        String lol = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]><a>&b;</a>";

        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).build().sign(lol.getBytes(StandardCharsets.UTF_8), "lol.xml"))
                .isInstanceOf(MalformedDocumentException.class);
    }

    @Test
    void refusesOutputThatIsTheInput() throws Exception {
        Path in = Files.write(dir.resolve("ho-so.xml"), Fixtures.document());
        XmlSigner signer = XmlSigner.builder().key(rsa).build();

        assertThatThrownBy(() -> signer.sign(in, in)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input");
        assertThatThrownBy(() -> signer.sign(in, dir.resolve(".").resolve("ho-so.xml")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readAllBytes(in)).isEqualTo(Fixtures.document());
    }

    @Test
    void missingInputGivesInputKysoIOException() {
        Path in = dir.resolve("missing.xml");

        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).build().sign(in, dir.resolve("out.xml")))
                .isInstanceOfSatisfying(KysoIOException.class, e -> {
                    assertThat(e.kind()).isEqualTo(KysoIOException.Kind.INPUT);
                    assertThat(e.file()).isEqualTo(in);
                });
    }

    @Test
    void outputInMissingFolderGivesOutputKysoIOException() throws Exception {
        Path in = Files.write(dir.resolve("ho-so.xml"), Fixtures.document());
        Path out = dir.resolve("no-such-folder").resolve("signed.xml");

        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).build().sign(in, out))
                .isInstanceOfSatisfying(KysoIOException.class, e -> assertThat(e.kind()).isEqualTo(KysoIOException.Kind.OUTPUT));
    }

    @Test
    void expiredSigningCertificateIsRefusedWithoutOutput() throws Exception {
        org.kyso.testkit.Leaf expired = pki.issue(org.kyso.testkit.LeafSpec.builder().subject(Fixtures.SUBJECT).expired().build());
        SigningKey key = org.kyso.core.SoftwareKey.of(expired.privateKey(), expired.chain());
        Path in = Files.write(dir.resolve("ho-so.xml"), Fixtures.document());

        assertThatThrownBy(() -> XmlSigner.builder().key(key).build().sign(in, dir.resolve("out.xml")))
                .isInstanceOf(org.kyso.core.KysoException.class)
                .hasMessageContaining("ho-so.xml")
                .hasMessageContaining("expired");
        assertThat(filesIn(dir)).containsExactly("ho-so.xml");
    }

    @Test
    void envelopedSignatureOnASignatureDocumentIsAMalformedDocument() throws Exception {
        byte[] enveloping = XmlSigner.builder().key(rsa).packaging(XmlPackaging.ENVELOPING).build()
                .sign(Fixtures.document(), "ho-so.xml");

        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).build().sign(enveloping, "signature.xml"))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("signature.xml");
    }

    @Test
    void buildWithoutKeyFails() {
        assertThatThrownBy(() -> XmlSigner.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("key(");
    }

    @Test
    void levelTWithoutTsaFailsInBuild() {
        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).level(XadesLevel.T).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("timestamping(");
    }

    @Test
    void levelLtWithoutTrustAnchorsFailsInBuild() {
        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).level(XadesLevel.LT).timestamping(Tsa.rfc3161(pki.tsaUrl())).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trust(");
    }

    @Test
    void levelLtaWithRevokedSignerIsRefused() {
        org.kyso.testkit.Leaf revoked = pki.issue(org.kyso.testkit.LeafSpec.builder().subject(Fixtures.SUBJECT).revoked().build());
        XmlSigner signer = XmlSigner.builder().key(org.kyso.core.SoftwareKey.of(revoked.privateKey(), revoked.chain()))
                .level(XadesLevel.LTA).timestamping(Tsa.rfc3161(pki.tsaUrl()))
                .trust(org.kyso.core.TrustAnchors.of(pki.root().certificate())).build();

        assertThatThrownBy(() -> signer.sign(Fixtures.document(), "ho-so.xml"))
                .isInstanceOf(org.kyso.core.KysoException.class).hasMessageContaining("revoked");
    }

    @Test
    void levelLtWithOfflineRevocationFailsInBuild() {
        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).level(XadesLevel.LT)
                .timestamping(Tsa.rfc3161(pki.tsaUrl())).revocation(Revocation.offline())
                .trust(org.kyso.core.TrustAnchors.of(pki.root().certificate())).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Revocation.online()");
    }

    @Test
    void ecdsaAlgorithmForRsaKeyFailsInBuild() {
        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).signatureAlgorithm(SignatureAlgorithm.ECDSA_SHA256).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EC");
    }

    @Test
    void keyThatSignsWithAnotherPrivateKeyIsCaughtBeforeWriting() throws Exception {
        SigningKey other = Fixtures.key(pki, KeyType.RSA_2048);
        SigningKey mismatched = new SigningKey() {
            @Override
            public java.util.List<java.security.cert.X509Certificate> certificateChain() {
                return rsa.certificateChain();
            }

            @Override
            public byte[] sign(SignatureAlgorithm algorithm, byte[] data) throws org.kyso.core.KysoException {
                return other.sign(algorithm, data);
            }

            @Override
            public void close() {
            }
        };
        Path in = Files.write(dir.resolve("ho-so.xml"), Fixtures.document());

        assertThatThrownBy(() -> XmlSigner.builder().key(mismatched).build().sign(in, dir.resolve("out.xml")))
                .isInstanceOf(org.kyso.core.KeyAccessException.class).hasMessageContaining("do not belong together");
        assertThat(filesIn(dir)).containsExactly("ho-so.xml");
    }

    private static java.util.List<String> filesIn(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
