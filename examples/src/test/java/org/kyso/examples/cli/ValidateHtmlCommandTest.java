package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

/** {@code kyso validate --format html}: one self-contained page, same exit codes as the other formats. */
class ValidateHtmlCommandTest {

    private static final String PASSWORD = "mat-khau thu 123";

    @TempDir
    static Path keys;

    static TestPki pki;
    static Path rootPem;
    static Path p12;
    static Path p12Second;
    static Path passwordFile;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() throws Exception {
        pki = TestPki.builder().start();
        Leaf signer = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        Leaf approver = pki.issue(LeafSpec.builder().subject("CN=Trần Thị Bình, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        rootPem = keys.resolve("root.pem");
        Pem.write(rootPem, pki.root().certificate());
        p12 = keys.resolve("signer.p12");
        signer.writePkcs12(p12, PASSWORD.toCharArray());
        p12Second = keys.resolve("approver.p12");
        approver.writePkcs12(p12Second, PASSWORD.toCharArray());
        passwordFile = Files.writeString(keys.resolve("password.txt"), PASSWORD + "\n");
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    private Path signed(Path in, String name, Path key, String... more) {
        Path out = dir.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("sign", "pdf", in.toString(), "-o", out.toString(),
                "--p12", key.toString(), "--password-file", passwordFile.toString()));
        args.addAll(List.of(more));
        Cli.run(args.toArray(new String[0])).succeeds();
        return out;
    }

    private static void assertSelfContained(String html) {
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<meta charset=\"utf-8\">").endsWith("</html>\n")
                .doesNotContain("http://").doesNotContain("https://").doesNotContain("src=")
                .doesNotContain("<script").doesNotContain("<link").doesNotContain("url(");
    }

    @Test
    void writesAVietnameseReportOfAValidPdfToAFile() throws Exception {
        Path signed = signed(Samples.pdf(dir), "signed.pdf", p12);
        Path report = dir.resolve("r.html");

        Cli.Result result = Cli.run("validate", "--format", "html", "--lang", "vi", "--trust", rootPem.toString(),
                signed.toString(), "-o", report.toString()).succeeds();

        assertThat(result.out()).isEmpty();
        String html = Files.readString(report);
        assertSelfContained(html);
        assertThat(html).contains("<html lang=\"vi\">").contains("<span class=\"word\">HỢP LỆ</span>")
                .contains("Mọi chữ ký đều hợp lệ").contains("Nguyễn Văn An")
                .contains("Tài liệu không có thay đổi nào sau chữ ký này.")
                .contains("Chi tiết kỹ thuật (báo cáo tóm tắt của DSS");
    }

    @Test
    void exitCodesAreTheSameAsForTheOtherFormats() throws Exception {
        Path signed = signed(Samples.pdf(dir), "signed.pdf", p12);

        Cli.Result untrusted = Cli.run("validate", "--format", "html", "--lang", "vi", signed.toString());
        Cli.Result untrustedText = Cli.run("validate", signed.toString());

        assertThat(untrusted.exit()).isEqualTo(ExitCode.INDETERMINATE).isEqualTo(untrustedText.exit());
        assertSelfContained(untrusted.out());
        assertThat(untrusted.out()).contains("<span class=\"word\">CHƯA XÁC ĐỊNH ĐƯỢC</span>");
    }

    @Test
    void warnsWhenRevocationWasNotChecked() throws Exception {
        Path signed = signed(Samples.pdf(dir), "signed.pdf", p12);

        Cli.Result result = Cli.run("validate", "--format", "html", "--lang", "vi", "--offline",
                "--trust", rootPem.toString(), signed.toString());

        assertThat(result.out()).contains("CHƯA kiểm tra tình trạng thu hồi.").contains("Thông tư 15/2025/TT-BKHCN");
    }

    @Test
    void saysWhatChangedAfterEachSignature() throws Exception {
        Path once = signed(Samples.pdf(dir), "once.pdf", p12);
        Path twice = signed(once, "twice.pdf", p12Second, "--visible", "--rect", "300,60,200,60");

        Cli.Result result = Cli.run("validate", "--format", "html", "--trust", rootPem.toString(), twice.toString())
                .succeeds();

        assertThat(result.out()).contains("Signature 1 of 2: Nguyễn Văn An").contains("Signature 2 of 2: Trần Thị Bình")
                .containsPattern("<li>Another signature was added \\(field [^)]+\\)\\.</li>")
                .contains("<li class=\"permitted\">These changes are permitted");
    }

    @Test
    void severalFilesMakeOnePageWithASectionEachAndTheWorstExitCode() throws Exception {
        Path signed = signed(Samples.pdf(dir), "signed.pdf", p12);
        Path unsigned = Samples.pdf(dir);
        Path missing = dir.resolve("missing.pdf");
        Path report = dir.resolve("batch.html");

        Cli.Result result = Cli.run("validate", "--format", "html", "--trust", rootPem.toString(), "-o", report.toString(),
                signed.toString(), unsigned.toString(), missing.toString());

        assertThat(result.exit()).isEqualTo(ExitCode.NO_INPUT);
        String html = Files.readString(report);
        assertSelfContained(html);
        assertThat(html.split("<section class=\"file\" id=\"file-", -1)).hasSize(4);
        assertThat(html).contains("Overview of 3 files").contains("v-VALID").contains("v-NO_SIGNATURE")
                .contains("v-ERROR").contains("missing.pdf");
        assertThat(html.split("<html", -1)).as("one page").hasSize(2);
    }
}
