package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ValidateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void exitsThreeForAnUnsignedPdf() {
        Path unsigned = Samples.pdf(dir);

        Cli.Result result = Cli.run("validate", unsigned.toString()).failsWith(ExitCode.NO_SIGNATURE);

        assertThat(result.out()).contains(unsigned + ": NO_SIGNATURE");
        assertThat(result.err()).contains(unsigned.toString()).contains("no signature");
    }

    @Test
    void exitsSixtyFiveForATextFileThatIsNoPdf() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.pdf"), "Đây không phải là PDF.\n");

        Cli.Result result = Cli.run("validate", text.toString()).failsWith(ExitCode.DATA_ERR);

        assertThat(result.err()).contains("notes.pdf");
    }

    @Test
    void neverWritesTheReportOverItsInputEvenWithForce() throws Exception {
        Path unsigned = Samples.pdf(dir);
        byte[] before = Files.readAllBytes(unsigned);

        Cli.Result result = Cli.run("validate", unsigned.toString(), "-o", unsigned.toString(), "--force")
                .failsWith(ExitCode.CANT_CREATE);

        assertThat(result.err()).contains("input");
        assertThat(Files.readAllBytes(unsigned)).isEqualTo(before);
    }

    @Test
    void exitsSixtySixForAMissingFile() {
        Path missing = dir.resolve("missing.pdf");

        Cli.Result result = Cli.run("validate", missing.toString()).failsWith(ExitCode.NO_INPUT);

        assertThat(result.err()).contains("missing.pdf");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void exitsSixtyFourForAnUnknownOption() {
        Cli.Result result = Cli.run("validate", "--no-such-option", Samples.pdf(dir).toString())
                .failsWith(ExitCode.USAGE);

        assertThat(result.errLines()).hasSize(2);
        assertThat(result.errLines().get(0)).contains("--no-such-option");
        assertThat(result.errLines().get(1)).isEqualTo("Try 'kyso validate --help' for more information.");
    }

    @Test
    void exitsSixtyFourWithoutAnyFile() {
        Cli.run("validate").failsWith(ExitCode.USAGE);
    }

    @Test
    void exitsWithTheWorstCodeOverSeveralFilesAndReportsEachAsAJsonLine() throws Exception {
        Path unsigned = Samples.pdf(dir);
        Path missing = dir.resolve("missing.pdf");

        Cli.Result result = Cli.run("validate", "--format", "json", unsigned.toString(), missing.toString());

        assertThat(result.exit()).isEqualTo(ExitCode.NO_INPUT);
        String[] lines = result.out().split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines[0]);
        JsonNode second = JSON.readTree(lines[1]);
        assertThat(first.get("file").asText()).isEqualTo(unsigned.toString());
        assertThat(first.get("documentType").asText()).isEqualTo("PDF");
        assertThat(first.get("verdict").asText()).isEqualTo("NO_SIGNATURE");
        assertThat(first.get("signatures")).isEmpty();
        assertThat(second.get("verdict").asText()).isEqualTo("ERROR");
        assertThat(second.get("error")).isNotNull();
        assertThat(result.errLines()).hasSize(2);
    }

    @Test
    void writesTheReportToOutputAndRefusesToReplaceItWithoutForce() throws Exception {
        Path unsigned = Samples.pdf(dir);
        Path report = dir.resolve("report.jsonl");

        Cli.Result first = Cli.run("validate", "--format", "json", "-o", report.toString(), unsigned.toString());
        assertThat(first.exit()).isEqualTo(ExitCode.NO_SIGNATURE);
        assertThat(first.out()).isEmpty();
        assertThat(JSON.readTree(Files.readString(report)).get("verdict").asText()).isEqualTo("NO_SIGNATURE");

        Files.writeString(report, "keep me");
        Cli.run("validate", "-o", report.toString(), unsigned.toString()).failsWith(ExitCode.CANT_CREATE);
        assertThat(Files.readString(report)).isEqualTo("keep me");

        Cli.Result forced = Cli.run("validate", "--force", "-o", report.toString(), unsigned.toString());
        assertThat(forced.exit()).isEqualTo(ExitCode.NO_SIGNATURE);
        assertThat(Files.readString(report)).contains("NO_SIGNATURE");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    @Test
    void writesAnHtmlPageWithTheSameExitCodeAsTheOtherFormats() {
        Path unsigned = Samples.pdf(dir);

        Cli.Result result = Cli.run("validate", "--format", "html", unsigned.toString()).failsWith(ExitCode.NO_SIGNATURE);

        assertThat(result.out()).startsWith("<!DOCTYPE html>").contains("<html lang=\"en\">")
                .contains("<span class=\"word\">NO SIGNATURE</span>").endsWith("</html>\n");
        assertThat(result.err()).contains("no signature");
    }

    @Test
    void printsVietnameseSummaryWithLangVi() {
        Cli.Result result = Cli.run("validate", "--lang", "vi", Samples.pdf(dir).toString());

        assertThat(result.exit()).isEqualTo(ExitCode.NO_SIGNATURE);
        assertThat(result.out()).contains("KHÔNG CÓ CHỮ KÝ");
    }

    @Test
    void rejectsAnUnknownLanguage() {
        Cli.run("validate", "--lang", "fr", Samples.pdf(dir).toString()).failsWith(ExitCode.USAGE);
    }

    @Test
    void printsAStackTraceOnlyWithDebug() {
        Cli.Result result = Cli.run("--debug", "validate", "--trust", dir.resolve("no-such-root.pem").toString(),
                Samples.pdf(dir).toString());

        assertThat(result.exit()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(result.err()).contains("\tat ");
    }

    @Test
    void exitsSixtySixForAMissingTrustFile() {
        Cli.Result result = Cli.run("validate", "--trust", dir.resolve("no-such-root.pem").toString(),
                Samples.pdf(dir).toString()).failsWith(ExitCode.NO_INPUT);

        assertThat(result.err()).contains("no-such-root.pem");
    }

    @Test
    void acceptsTheVietnamTrustPreset() {
        Path unsigned = Samples.pdf(dir);

        Cli.run("validate", "--trust-preset", "vn", unsigned.toString()).failsWith(ExitCode.NO_SIGNATURE);
    }

    @Test
    void rejectsAnUnknownTrustPreset() {
        Cli.run("validate", "--trust-preset", "xx", Samples.pdf(dir).toString()).failsWith(ExitCode.USAGE);
    }

    @Test
    void readsTrustVnAsAPathNotAPreset() {
        Cli.Result result = Cli.run("validate", "--trust", dir.resolve("vn").toString(), Samples.pdf(dir).toString())
                .failsWith(ExitCode.NO_INPUT);

        assertThat(result.err()).contains("vn");
    }
}
