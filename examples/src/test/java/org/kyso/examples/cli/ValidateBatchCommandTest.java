package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code kyso validate} over many files: order, --jobs, JSON Lines, the worst exit code, atomic output. */
class ValidateBatchCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "batch-password-1";

    @TempDir
    static Path batch;

    static TestPki pki;
    static Path rootPem;
    /** Signed, unsigned and broken files, interleaved. */
    static List<Path> files = new ArrayList<>();

    @BeforeAll
    static void makeFiles() throws Exception {
        pki = TestPki.builder().start();
        Leaf signer = pki.issue(LeafSpec.builder().subject("CN=Trần Thị Bình, O=Sở Nội vụ, C=VN").build());
        rootPem = batch.resolve("root.pem");
        Pem.write(rootPem, pki.root().certificate());
        Path p12 = batch.resolve("signer.p12");
        signer.writePkcs12(p12, PASSWORD.toCharArray());
        Path password = Files.writeString(batch.resolve("password.txt"), PASSWORD + "\n");
        Path in = Files.createDirectories(batch.resolve("in"));
        Path out = Files.createDirectories(batch.resolve("signed"));
        List<String> sign = new ArrayList<>(List.of("sign", "pdf"));
        for (int i = 0; i < 12; i++) {
            sign.add(Samples.copy(DemoCommand.SAMPLE_PDF, in.resolve("cv-" + i + ".pdf")).toString());
        }
        sign.addAll(List.of("--out-dir", out.toString(), "--p12", p12.toString(), "--password-file", password.toString()));
        Cli.run(sign.toArray(new String[0])).succeeds();
        for (int i = 0; i < 12; i++) {
            files.add(out.resolve("cv-" + i + ".pdf"));
            if (i % 4 == 1) {
                files.add(Samples.pdf(Files.createDirectories(batch.resolve("unsigned-" + i))));
            }
            if (i % 5 == 2) {
                files.add(Files.writeString(batch.resolve("broken-" + i + ".pdf"), "%PDF-1.7 not really\n"));
            }
        }
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    private static List<String> args(String... more) {
        List<String> args = new ArrayList<>(List.of("validate", "--format", "json", "--offline", "--trust", rootPem.toString()));
        args.addAll(List.of(more));
        files.forEach(f -> args.add(f.toString()));
        return args;
    }

    /** The JSON lines without the one field that is the validation time for untimestamped signatures. */
    private static List<JsonNode> reports(String out) throws Exception {
        List<JsonNode> reports = new ArrayList<>();
        for (String line : out.split("\n")) {
            JsonNode report = JSON.readTree(line);
            report.path("signatures").forEach(s -> ((ObjectNode) s).remove("bestSignatureTime"));
            reports.add(report);
        }
        return reports;
    }

    @Test
    void fourJobsGiveTheSerialRunsReportsInTheOrderGivenAndTheWorstExitCode() throws Exception {
        Cli.Result serial = Cli.run(args().toArray(new String[0]));
        Cli.Result parallel = Cli.run(args("--jobs", "4").toArray(new String[0]));

        List<JsonNode> serialReports = reports(serial.out());
        assertThat(serialReports).hasSize(files.size());
        for (int i = 0; i < files.size(); i++) {
            assertThat(serialReports.get(i).get("file").asText()).isEqualTo(files.get(i).toString());
        }
        assertThat(serialReports).extracting(r -> r.get("verdict").asText())
                .contains("INDETERMINATE", "NO_SIGNATURE", "ERROR");
        assertThat(reports(parallel.out())).isEqualTo(serialReports);
        // The worst code: a malformed file (65) beats no signature (3) and indeterminate (1).
        assertThat(serial.exit()).isEqualTo(ExitCode.DATA_ERR);
        assertThat(parallel.exit()).isEqualTo(ExitCode.DATA_ERR);
        assertThat(parallel.errLines()).hasSize(serial.errLines().size())
                .allSatisfy(line -> assertThat(line).startsWith("kyso: "));
        assertThat(parallel.err()).doesNotContain("Exception");
    }

    @Test
    void writesAllReportsToOneFileOnlyWhenTheBatchIsComplete() throws Exception {
        Path report = batch.resolve("reports.jsonl");

        Cli.Result result = Cli.run(args("--jobs", "2", "-o", report.toString()).toArray(new String[0]));

        assertThat(result.exit()).isEqualTo(ExitCode.DATA_ERR);
        assertThat(result.out()).isEmpty();
        assertThat(reports(Files.readString(report, StandardCharsets.UTF_8))).hasSize(files.size());
        try (var listing = Files.list(batch)) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    @Test
    void refusesAJobCountThatMakesNoSense() {
        Cli.Result result = Cli.run(args("--jobs", "0").toArray(new String[0])).failsWith(ExitCode.USAGE);

        assertThat(result.err()).contains("--jobs");
    }
}
