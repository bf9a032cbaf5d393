package org.kyso.xml;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.MalformedDocumentException;
import org.kyso.core.SignatureReport;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.testkit.TestPki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kyso.xml.Fixtures.assertValid;

class XmlExtenderTest {

    private static TestPki pki;
    private static SigningKey rsa;
    private static Tsa tsa;
    private static TrustAnchors roots;
    private static Validator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        rsa = Fixtures.rsaKey(pki);
        tsa = Tsa.rfc3161(pki.tsaUrl());
        roots = TrustAnchors.of(pki.root().certificate());
        validator = Fixtures.validator(pki);
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    @Test
    void extendsBToTKeepingEveryByteOutsideTheSignature() throws Exception {
        Path in = Files.write(dir.resolve("ho-so-b.xml"), XmlSigner.builder().key(rsa).build().sign(Fixtures.document(), "ho-so.xml"));
        Path out = dir.resolve("ho-so-t.xml");

        XmlExtender.builder().level(XadesLevel.T).timestamping(tsa).build().extend(in, out);

        SignatureReport signature = assertValid(validator.validate(out), "XAdES-BASELINE-T");
        assertThat(signature.timestamps()).hasSize(1);
        assertThat(outsideSignature(Files.readString(out))).isEqualTo(outsideSignature(Files.readString(in)));
        assertThat(outsideSignature(Files.readString(out))).isEqualTo(Fixtures.DOCUMENT.replace("</HoSo>", "@</HoSo>"));
    }

    @Test
    void extendsBStraightToLtaAndRenews() throws Exception {
        byte[] b = XmlSigner.builder().key(rsa).build().sign(Fixtures.document(), "ho-so.xml");
        XmlExtender lta = XmlExtender.builder().level(XadesLevel.LTA).timestamping(tsa).trust(roots).build();

        byte[] once = lta.extend(b, "ho-so.xml");
        byte[] renewed = lta.extend(once, "ho-so.xml");

        assertValid(validator.validate(once, "ho-so-lta.xml"), "XAdES-BASELINE-LTA");
        SignatureReport signature = assertValid(validator.validate(renewed, "ho-so-lta2.xml"), "XAdES-BASELINE-LTA");
        assertThat(signature.timestamps()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(outsideSignature(new String(renewed, StandardCharsets.UTF_8)))
                .isEqualTo(outsideSignature(new String(b, StandardCharsets.UTF_8)));
    }

    @Test
    void extendsADetachedSignatureWithItsContent() throws Exception {
        Path data = Files.writeString(dir.resolve("bien-ban.txt"), "Biên bản họp ngày 02/03/2026\n");
        Path signature = dir.resolve("bien-ban.txt.xml");
        XmlSigner.builder().key(rsa).packaging(XmlPackaging.DETACHED).build().sign(data, signature);
        Path extended = dir.resolve("bien-ban.txt.lta.xml");

        XmlExtender.builder().level(XadesLevel.LTA).timestamping(tsa).trust(roots).detachedContent(data).build()
                .extend(signature, extended);

        assertValid(validator.validate(extended, data), "XAdES-BASELINE-LTA");
    }

    @Test
    void unsignedDocumentAndPlainXmlDsigAreRefused() throws Exception {
        XmlExtender t = XmlExtender.builder().level(XadesLevel.T).timestamping(tsa).build();
        assertThatThrownBy(() -> t.extend(Fixtures.document(), "ho-so.xml"))
                .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("no XML signature");

        byte[] plain = XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).build().sign(Fixtures.document(), "ho-so.xml");
        Path in = Files.write(dir.resolve("plain.xml"), plain);
        assertThatThrownBy(() -> t.extend(in, dir.resolve("out.xml")))
                .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("plain.xml");
        assertThat(dir.resolve("out.xml")).doesNotExist();
    }

    @Test
    void buildChecksLevelTsaAndTrust() {
        assertThatThrownBy(() -> XmlExtender.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> XmlExtender.builder().level(XadesLevel.B).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlExtender.builder().level(XadesLevel.T).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("timestamping(Tsa)");
        assertThatThrownBy(() -> XmlExtender.builder().level(XadesLevel.LTA).timestamping(tsa).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trust(");
        XmlExtender t = XmlExtender.builder().level(XadesLevel.T).timestamping(tsa).build();
        assertThat(t.revocation().isOffline()).isTrue();
        assertThat(t.toBuilder().level(XadesLevel.LT).trust(roots).build().revocation().isOffline()).isFalse();
    }

    @Test
    void tamperedSignatureIsNotExtendedIntoSomethingValid() throws Exception {
        byte[] b = XmlSigner.builder().key(rsa).build().sign(Fixtures.document(), "ho-so.xml");
        byte[] tampered = new String(b, StandardCharsets.UTF_8).replace("Bảo Ngọc", "Bảo Ngọa").getBytes(StandardCharsets.UTF_8);

        byte[] extended;
        try {
            extended = XmlExtender.builder().level(XadesLevel.T).timestamping(tsa).build().extend(tampered, "x.xml");
        } catch (MalformedDocumentException refused) {
            return; // refusing is fine too
        }
        ValidationReport report = validator.validate(extended, "x.xml");
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isNotEqualTo(Verdict.VALID);
    }

    /** The document with the signature element cut out (replaced by "@"). */
    private static String outsideSignature(String xml) {
        int start = xml.indexOf("<ds:Signature ");
        int end = xml.lastIndexOf("</ds:Signature>") + "</ds:Signature>".length();
        return xml.substring(0, start) + "@" + xml.substring(end);
    }
}
