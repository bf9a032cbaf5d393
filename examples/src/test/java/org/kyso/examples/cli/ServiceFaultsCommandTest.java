package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.kyso.testkit.CrlMode;
import org.kyso.testkit.Endpoint;
import org.kyso.testkit.Failure;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.OcspMode;
import org.kyso.testkit.Pem;
import org.kyso.testkit.ReliabilityTally;
import org.kyso.testkit.TestPki;
import org.kyso.testkit.TsaMode;

/**
 * Issue 8, item 4 through the CLI: a TSA answering garbage, another digest or another nonce, a
 * rejection or a 503 makes {@code sign pdf}, {@code sign xml} and {@code timestamp} exit 69 with
 * one message line naming the TSA and no output; OCSP answering tryLater, unauthorized or stale
 * with the CRL corrupt, stale or down makes {@code validate} exit 1 (INDETERMINATE), and the JSON
 * report's warning names what each service did. (A TSA that is down: {@code NoDataLossCommandTest}.)
 * Counts go to {@code target/reliability/examples_ServiceFaultsCommandTest.txt}.
 */
class ServiceFaultsCommandTest {

    private static final String PASSWORD = "service-faults 7";
    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ReliabilityTally TALLY = ReliabilityTally.faults("examples/ServiceFaultsCommandTest", null);

    @TempDir
    static Path fixtures;

    static TestPki pki;
    static Path rootPem;
    static Path p12;
    static Path passwordFile;
    static Path signedPdf;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestPki.builder().start();
        Leaf signer = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        rootPem = fixtures.resolve("root.pem");
        Pem.write(rootPem, pki.root().certificate());
        p12 = fixtures.resolve("signer.p12");
        signer.writePkcs12(p12, PASSWORD.toCharArray());
        passwordFile = Files.writeString(fixtures.resolve("password.txt"), PASSWORD + "\n");
        signedPdf = fixtures.resolve("signed.pdf");
        Cli.run("sign", "pdf", Samples.pdf(fixtures).toString(), "-o", signedPdf.toString(), "--p12", p12.toString(),
                "--password-file", passwordFile.toString()).succeeds();
    }

    @AfterAll
    static void tearDown() {
        pki.close();
        TALLY.write();
        assertThat(TALLY.hangCount()).as(TALLY.line()).isZero();
        assertThat(TALLY.untypedCount()).as(TALLY.line()).isZero();
        assertThat(TALLY.partialCount()).as(TALLY.line()).isZero();
    }

    @AfterEach
    void servicesBack() {
        for (Endpoint endpoint : Endpoint.values()) {
            pki.failures(endpoint, Failure.NONE);
        }
        pki.tsaMode(TsaMode.NORMAL);
        pki.ocspMode(OcspMode.NORMAL);
        pki.crlMode(CrlMode.NORMAL);
    }

    static Stream<Arguments> tsaFaults() {
        return Stream.of(TsaMode.GARBAGE, TsaMode.WRONG_IMPRINT, TsaMode.WRONG_NONCE, TsaMode.REJECT, TsaMode.CERT_WITHOUT_EKU)
                .flatMap(mode -> Stream.of("sign pdf", "sign xml", "timestamp").map(command -> Arguments.of(command, mode)));
    }

    @ParameterizedTest(name = "{0} with the TSA answering {1}: exit 69, no output")
    @MethodSource("tsaFaults")
    void aMisbehavingTsaExitsSixtyNineAndWritesNothing(String command, TsaMode mode) throws Exception {
        pki.tsaMode(mode);
        Path in = command.equals("sign xml") ? Samples.xml(dir) : Samples.pdf(dir);
        Path out = dir.resolve(command.equals("timestamp") ? "out.tsr" : "out" + (command.equals("sign xml") ? ".xml" : ".pdf"));
        byte[] before = Files.readAllBytes(in);
        List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of(in.toString(), "-o", out.toString(), "--tsa", pki.tsaUrl().toString()));
        if (!command.equals("timestamp")) {
            args.addAll(List.of("--p12", p12.toString(), "--password-file", passwordFile.toString()));
        }

        Cli.Result result = run(args.toArray(new String[0]));

        result.failsWith(ExitCode.UNAVAILABLE);
        assertThat(result.err()).contains(pki.tsaUrl().toString());
        assertThat(TALLY.leftovers(dir, List.of(in.getFileName().toString()))).isEmpty();
        assertThat(Files.readAllBytes(in)).isEqualTo(before);
    }

    static Stream<Arguments> revocationFaults() {
        return Stream.of(
                Arguments.of(OcspMode.TRY_LATER, CrlMode.CORRUPT, Failure.NONE, "answered status tryLater", "not a CRL"),
                Arguments.of(OcspMode.UNAUTHORIZED, CrlMode.NORMAL, Failure.HTTP_503, "answered status unauthorized", "HTTP 503"),
                Arguments.of(OcspMode.STALE, CrlMode.STALE, Failure.NONE, "sent a stale answer", "sent a stale answer"));
    }

    @ParameterizedTest(name = "validate with OCSP {0}, CRL {1} {2}: exit 1, the warning says why")
    @MethodSource("revocationFaults")
    void failingRevocationServicesMakeValidationIndeterminateAndSayWhy(OcspMode ocsp, CrlMode crl, Failure crlFailure,
                                                                     String ocspSays, String crlSays) throws Exception {
        pki.ocspMode(ocsp);
        pki.crlMode(crl);
        pki.failures(Endpoint.CRL, crlFailure);

        Cli.Result result = run("validate", "--format", "json", "--trust", rootPem.toString(), signedPdf.toString());

        assertThat(result.exit()).as(result.err()).isEqualTo(ExitCode.INDETERMINATE);
        JsonNode report = JSON.readTree(result.out());
        assertThat(report.get("verdict").asText()).isEqualTo("INDETERMINATE");
        assertThat(report.get("revocationChecked").asBoolean()).isFalse();
        JsonNode signature = report.get("signatures").get(0);
        assertThat(signature.get("indication").asText()).isEqualTo("INDETERMINATE");
        assertThat(signature.get("warnings").toString()).contains("OCSP " + pki.ocspUrl() + " " + ocspSays)
                .contains("CRL " + pki.crlUrl()).contains(crlSays);
    }

    @ParameterizedTest(name = "validate with OCSP and CRL {0}: exit 1 within the timeouts")
    @EnumSource(value = Failure.class, names = "HTTP_503")
    void servicesDownMakeValidationIndeterminate(Failure failure) throws Exception {
        pki.failures(Endpoint.OCSP, failure);
        pki.failures(Endpoint.CRL, failure);

        Cli.Result result = run("validate", "--trust", rootPem.toString(), signedPdf.toString());

        assertThat(result.exit()).as(result.err()).isEqualTo(ExitCode.INDETERMINATE);
        assertThat(result.out()).contains("HTTP 503");
    }

    private static Cli.Result run(String... args) {
        ReliabilityTally.Trial<Cli.Result> trial = TALLY.run(LIMIT, () -> Cli.run(args));
        assertThat(trial.hung()).as("finished within %s", LIMIT).isFalse();
        assertThat(trial.thrown()).as("Kyso.run threw").isNull();
        Cli.Result result = trial.value();
        if (result.exit() == ExitCode.SOFTWARE || result.err().contains("\tat ")) {
            TALLY.untyped();
        }
        return result;
    }
}
