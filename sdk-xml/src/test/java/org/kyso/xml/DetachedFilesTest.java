package org.kyso.xml;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.ReferenceReport;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.SigningKey;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kyso.xml.Fixtures.assertValid;

/** One detached XAdES signature over several external files (issue 4). */
class DetachedFilesTest {

    private static TestPki pki;
    private static SigningKey key;
    private static Tsa tsa;
    private static Validator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        Leaf leaf = pki.issue(LeafSpec.builder().subject("CN=Trần Văn Bình, O=UBND xã Đại An, C=VN").build());
        key = SoftwareKey.of(leaf.privateKey(), leaf.chain());
        tsa = Tsa.rfc3161(pki.tsaUrl());
        validator = Validator.builder()
                .trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.online().build())
                .build();
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    private XmlSigner detached() {
        return XmlSigner.builder().key(key).level(XadesLevel.T).timestamping(tsa)
                .packaging(XmlPackaging.DETACHED).build();
    }

    @Test
    void signsSeveralFilesInOneDetachedSignatureWithAReferenceEach() throws Exception {
        Path toTrinh = write("tờ-trình.xml", Fixtures.document());
        Path scan = write("scan.pdf", "%PDF-1.7 not really a pdf".getBytes(StandardCharsets.US_ASCII));
        Path signature = dir.resolve("ho-so.xades.xml");

        detached().signDetached(List.of(toTrinh, scan), signature);

        SignatureReport report = assertValid(validator.validate(signature, toTrinh, scan), "XAdES-BASELINE-T");
        List<ReferenceReport> files = report.references().stream()
                .filter(r -> r.uri() != null && !r.uri().startsWith("#")).toList();
        assertThat(files).extracting(ReferenceReport::covers).containsExactlyInAnyOrder("tờ-trình.xml", "scan.pdf");
        assertThat(files).allSatisfy(r -> assertThat(r.intact()).isTrue());
        assertThat(Files.readString(signature)).doesNotContain("Bảo Ngọc");
    }

    @Test
    void oneChangedByteInOneFileMakesTheSignatureInvalidNamingThatFile() throws Exception {
        Path first = write("bien-ban.txt", "Biên bản họp ngày 20/11/2025.\n".getBytes(StandardCharsets.UTF_8));
        Path second = write("phu-luc.txt", "Phụ lục 1: danh sách.\n".getBytes(StandardCharsets.UTF_8));
        byte[] signature = detached().signDetached(List.of(first, second));
        Path signatureFile = write("ho-so.xades.xml", signature);
        byte[] changed = Files.readAllBytes(second);
        changed[0] ^= 1;
        Path changedSecond = write("changed/phu-luc.txt", changed);

        ValidationReport report = validator.validate(signatureFile, first, changedSecond);

        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.INVALID);
        SignatureReport result = report.signatures().get(0);
        assertThat(result.integrity()).isFalse();
        assertThat(result.references()).filteredOn(r -> "bien-ban.txt".equals(r.uri()))
                .singleElement().satisfies(r -> assertThat(r.intact()).isTrue());
        assertThat(result.references()).filteredOn(r -> "phu-luc.txt".equals(r.uri()))
                .singleElement().satisfies(r -> assertThat(r.intact()).isFalse());
        assertThat(report.summary(Locale.ENGLISH)).contains("phu-luc.txt");
    }

    @Test
    void refusesTwoFilesWithTheSameName() throws Exception {
        Path one = write("a/ho-so.xml", Fixtures.document());
        Path two = write("b/ho-so.xml", Fixtures.document());
        Path signature = dir.resolve("ho-so.xades.xml");

        assertThatThrownBy(() -> detached().signDetached(List.of(one, two), signature))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same file name");
        assertThat(signature).doesNotExist();
    }

    @Test
    void refusesAnOutputThatIsOneOfTheFiles() throws Exception {
        Path one = write("ho-so.xml", Fixtures.document());
        Path two = write("scan.pdf", "%PDF-1.7".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> detached().signDetached(List.of(one, two), two))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never overwrites");
        assertThat(Files.readString(two)).isEqualTo("%PDF-1.7");
    }

    @Test
    void refusesSeveralFilesWithoutDetachedPackaging() throws Exception {
        Path one = write("ho-so.xml", Fixtures.document());
        Path two = write("scan.pdf", "%PDF-1.7".getBytes(StandardCharsets.US_ASCII));
        XmlSigner enveloped = XmlSigner.builder().key(key).build();

        assertThatThrownBy(() -> enveloped.signDetached(List.of(one, two)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("XmlPackaging.DETACHED");
    }

    private Path write(String name, byte[] content) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }
}
