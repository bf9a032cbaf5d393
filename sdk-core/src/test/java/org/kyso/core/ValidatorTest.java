package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.TestPki;

class ValidatorTest {

    private static TestPki pki;
    private static Validator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        pki = TestPki.builder().start();
        validator = Validator.builder().trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.offline()).build();
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    private static String errorKey(ValidationReport report) {
        return report.error().map(Message::key).orElse(null);
    }

    @Test
    void reportsAMissingFileAsUnreadable() {
        Path missing = dir.resolve("missing.pdf");

        ValidationReport report = validator.validate(missing);

        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(errorKey(report)).isEqualTo("kyso.file.unreadable");
        assertThat(report.file()).isEqualTo(missing.toString());
    }

    @Test
    void reportsAFolderAsUnreadable() {
        ValidationReport report = validator.validate(dir);

        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(errorKey(report)).isEqualTo("kyso.file.unreadable");
    }

    @Test
    void reportsAMissingDetachedContentAsUnreadable() throws Exception {
        Path signature = Files.write(dir.resolve("content.p7s"), new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});

        ValidationReport report = validator.validate(signature, dir.resolve("content.txt"));

        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(errorKey(report)).isEqualTo("kyso.file.unreadable");
    }

    @Test
    void reportsATextFileAsMalformed() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "Biên bản họp, không có chữ ký.\n", StandardCharsets.UTF_8);

        ValidationReport report = validator.validate(text);

        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(errorKey(report)).isEqualTo("kyso.file.malformed");
    }

    @Test
    void reportsGarbageInMemoryAsMalformed() {
        byte[] garbage = "not a signed document at all".getBytes(StandardCharsets.US_ASCII);

        ValidationReport report = validator.validate(garbage, "garbage.bin");

        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(errorKey(report)).isEqualTo("kyso.file.malformed");
        assertThat(report.file()).isEqualTo("garbage.bin");
    }

    @Test
    void reportsGarbageThatLooksLikeDerAsMalformed() {
        byte[] garbage = {0x30, (byte) 0x82, 0x01, 0x00, 0x06, 0x09, 0x2A, 0x13, 0x37, 0x00, 0x00};

        ValidationReport report = validator.validate(garbage, "garbage.p7s");

        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(errorKey(report)).isEqualTo("kyso.file.malformed");
    }

    @Test
    void errorReportsCarryAVietnameseText() {
        ValidationReport report = validator.validate(dir.resolve("missing.pdf"));

        assertThat(report.error()).hasValueSatisfying(m -> assertThat(m.vietnamese()).isNotBlank());
    }

    @Test
    void rejectsANonexistentPolicyFile() {
        Path policy = dir.resolve("no-such-policy.xml");

        assertThatThrownBy(() -> Validator.builder().policy(policy).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(policy.toString());
    }

    @Test
    void toBuilderKeepsTheTrustAnchors() {
        Validator derived = validator.toBuilder().build();

        assertThat(derived.trust().certificates()).containsExactlyElementsOf(validator.trust().certificates());
        assertThat(derived.dssTrustedSource().getCertificates()).hasSameSizeAs(validator.trust().certificates());
    }

    @Test
    void toBuilderKeepsTheRevocationSettings() {
        assertThat(validator.toBuilder().build().revocation()).isSameAs(validator.revocation());
    }

    @Test
    void trustsNothingByDefault() {
        assertThat(Validator.builder().build().trust().isEmpty()).isTrue();
    }

    @Test
    void vietnameseErrorTextNamesTheFile() {
        Path missing = Path.of("khong-co-tep-nay.pdf");

        ValidationReport report = Validator.builder().revocation(Revocation.offline()).build().validate(missing);

        assertThat(report.error().orElseThrow().text(java.util.Locale.forLanguageTag("vi")))
                .contains("khong-co-tep-nay.pdf")
                .doesNotContain("{0}");
    }
}
