package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
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
 * With {@code --timeout 2}, a TSA that accepts the connection and never answers makes the same
 * commands exit 69 within seconds, and silent OCSP and CRL services make {@code validate} exit 1
 * within seconds; {@code --timeout} that is not a whole number of seconds from 1 to 3600 is exit 64.
 * Counts go to {@code target/reliability/examples_ServiceFaultsCommandTest.txt}.
 */
class ServiceFaultsCommandTest {

    private static final String PASSWORD = "service-faults 7";
    private static final Duration LIMIT = Duration.ofMinutes(2);
    /** What a command given {@code --timeout 2} may take against a silent service, JVM warm-up and signing included. */
    private static final Duration TIMEOUT_BOUND = Duration.ofSeconds(15);
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

    @ParameterizedTest(name = "{0} --timeout 2 with a TSA that never answers: exit 69 within 15 s, no output")
    @ValueSource(strings = {"sign pdf", "sign xml", "timestamp"})
    void aSilentTsaIsGivenUpAfterTheTimeoutAndNothingIsWritten(String command) throws Exception {
        pki.failures(Endpoint.TSA, Failure.TIMEOUT);
        Path in = command.equals("sign xml") ? Samples.xml(dir) : Samples.pdf(dir);
        Path out = dir.resolve(command.equals("timestamp") ? "out.tsr" : "out" + (command.equals("sign xml") ? ".xml" : ".pdf"));
        byte[] before = Files.readAllBytes(in);
        List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of(in.toString(), "-o", out.toString(), "--tsa", pki.tsaUrl().toString(), "--timeout", "2"));
        if (!command.equals("timestamp")) {
            args.addAll(List.of("--p12", p12.toString(), "--password-file", passwordFile.toString()));
        }

        long start = System.nanoTime();
        Cli.Result result = run(args.toArray(new String[0]));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        result.failsWith(ExitCode.UNAVAILABLE);
        assertThat(took).as("given up after --timeout 2 (the default would wait 30 s)").isLessThan(TIMEOUT_BOUND);
        assertThat(result.err()).contains(pki.tsaUrl().toString());
        assertThat(result.out()).as("stdout").isEmpty();
        assertThat(TALLY.leftovers(dir, List.of(in.getFileName().toString()))).isEmpty();
        assertThat(Files.readAllBytes(in)).isEqualTo(before);
    }

    @Test
    void silentRevocationServicesAreGivenUpAfterTheTimeoutAndValidationSaysWhy() throws Exception {
        pki.failures(Endpoint.OCSP, Failure.TIMEOUT);
        pki.failures(Endpoint.CRL, Failure.TIMEOUT);

        long start = System.nanoTime();
        Cli.Result result = run("validate", "--format", "json", "--timeout", "2", "--trust", rootPem.toString(), signedPdf.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.exit()).as(result.err()).isEqualTo(ExitCode.INDETERMINATE);
        assertThat(took).as("given up after --timeout 2 (the defaults would wait 20 s per service)").isLessThan(TIMEOUT_BOUND);
        JsonNode report = JSON.readTree(result.out());
        assertThat(report.get("revocationChecked").asBoolean()).isFalse();
        assertThat(report.get("signatures").get(0).get("warnings").toString())
                .contains("OCSP " + pki.ocspUrl()).contains("CRL " + pki.crlUrl());
    }

    @Test
    void aSilentTrustedListServerIsGivenUpAfterTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread accept = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // accepted, never answered
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-trusted-list-server");
            accept.setDaemon(true);
            accept.start();
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/tl.xml";

            long start = System.nanoTime();
            Cli.Result result = run("validate", "--timeout", "2", "--tl", url, "--tl-signer", rootPem.toString(),
                    "--tl-cache", dir.resolve("tl-cache").toString(), signedPdf.toString());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            result.failsWith(ExitCode.UNAVAILABLE);
            assertThat(took).as("given up after --timeout 2 (the default would wait 60 s)").isLessThan(TIMEOUT_BOUND);
            assertThat(held).as("the list was asked for").isNotEmpty();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @ParameterizedTest(name = "--timeout {0} is a usage error")
    @ValueSource(strings = {"0", "-1", "x", "2.5", "3601", ""})
    void aTimeoutThatIsNotWholeSecondsFromOneTo3600IsAUsageError(String value) throws Exception {
        Path in = Samples.pdf(dir);
        String[][] commands = {
                {"sign", "pdf", in.toString(), "-o", dir.resolve("out.pdf").toString(), "--p12", p12.toString(),
                        "--password-file", passwordFile.toString(), "--tsa", pki.tsaUrl().toString()},
                {"sign", "xml", in.toString(), "-o", dir.resolve("out.xml").toString(), "--p12", p12.toString(),
                        "--password-file", passwordFile.toString()},
                {"timestamp", in.toString(), "--tsa", pki.tsaUrl().toString(), "-o", dir.resolve("out.tsr").toString()},
                {"extend", "pdf", signedPdf.toString(), "-o", dir.resolve("out.pdf").toString(), "--level", "LT"},
                {"extend", "xml", in.toString(), "-o", dir.resolve("out.xml").toString(), "--level", "T",
                        "--tsa", pki.tsaUrl().toString()},
                {"validate", signedPdf.toString()}};
        int tsaRequests = pki.requestCount(Endpoint.TSA);
        for (String[] command : commands) {
            List<String> args = new java.util.ArrayList<>(List.of(command));
            args.addAll(List.of("--timeout", value));

            Cli.Result result = Cli.run(args.toArray(new String[0]));

            result.failsWith(ExitCode.USAGE);
            assertThat(result.err()).as(String.join(" ", command)).contains("--timeout");
        }
        assertThat(pki.requestCount(Endpoint.TSA)).as("nothing was sent").isEqualTo(tsaRequests);
        assertThat(dir).isDirectoryNotContaining(path -> path.getFileName().toString().startsWith("out"));
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
