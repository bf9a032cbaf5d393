package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kyso.testkit.CrlMode;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.OcspMode;
import org.kyso.testkit.Pem;
import org.kyso.testkit.ReliabilityTally;
import org.kyso.testkit.SoftHsmToken;
import org.kyso.testkit.TestPki;

/**
 * Issue 8, item 5: no data loss. Every command that writes a file ({@code sign pdf}, {@code sign xml},
 * {@code extend pdf}, {@code extend xml}, {@code timestamp}, {@code validate -o}) meets every failure
 * that applies to it: a TSA that is down, OCSP and CRL failing at LT, a wrong password, a wrong
 * token PIN, a malformed input, an existing output without {@code --force}, the input named as the
 * output (with and without {@code --force}). Each time: the contract's exit code, one message line
 * and no stack trace, the folder holding exactly the files it held before with the same bytes (no
 * output, no {@code .part} file, input and earlier output unchanged). Counts go to
 * {@code target/reliability/examples_NoDataLossCommandTest.txt}.
 */
class NoDataLossCommandTest {

    private static final String PASSWORD = "no-data-loss 42";
    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static final ReliabilityTally TALLY = ReliabilityTally.faults("examples/NoDataLossCommandTest", null);

    @TempDir
    static Path fixtures;

    static TestPki pki;
    static Path rootPem;
    static Path p12;
    static Path passwordFile;
    static Path wrongPasswordFile;
    static Path signedPdf;
    static Path signedXml;
    static String closedTsa;
    static SoftHsmToken hsm;
    static Path wrongPinFile;

    @TempDir
    Path dir;

    enum Command { SIGN_PDF, SIGN_XML, EXTEND_PDF, EXTEND_XML, TIMESTAMP, VALIDATE }

    enum Fault { TSA_DOWN, REVOCATION_DOWN, WRONG_PASSWORD, WRONG_PIN, MALFORMED_INPUT, OUTPUT_EXISTS, SAME_FILE, SAME_FILE_FORCE }

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
        wrongPasswordFile = Files.writeString(fixtures.resolve("wrong-password.txt"), "not the password\n");
        wrongPinFile = Files.writeString(fixtures.resolve("wrong-pin.txt"), "987654\n");
        try (ServerSocket socket = new ServerSocket(0)) {
            closedTsa = "http://127.0.0.1:" + socket.getLocalPort() + "/tsa";
        }
        signedPdf = fixtures.resolve("signed.pdf");
        Cli.run("sign", "pdf", Samples.pdf(fixtures).toString(), "-o", signedPdf.toString(), "--p12", p12.toString(),
                "--password-file", passwordFile.toString()).succeeds();
        signedXml = fixtures.resolve("signed.xml");
        Cli.run("sign", "xml", Samples.xml(fixtures).toString(), "-o", signedXml.toString(), "--p12", p12.toString(),
                "--password-file", passwordFile.toString()).succeeds();
        if (ExternalTools.find("softhsm2-util").isPresent() && ExternalTools.find("pkcs11-tool").isPresent()) {
            hsm = SoftHsmToken.create(pki);
        }
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
        pki.ocspMode(OcspMode.NORMAL);
        pki.crlMode(CrlMode.NORMAL);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Command command : Command.values()) {
            for (Fault fault : Fault.values()) {
                int exit = expectedExit(command, fault);
                if (exit != 0) {
                    cases.add(Arguments.of(command, fault, exit));
                }
            }
        }
        return cases.stream();
    }

    /** The contract's exit code for {@code fault} in {@code command}, or 0 where the fault does not apply. */
    private static int expectedExit(Command command, Fault fault) {
        boolean signs = command == Command.SIGN_PDF || command == Command.SIGN_XML;
        boolean extend = command == Command.EXTEND_PDF || command == Command.EXTEND_XML;
        return switch (fault) {
            case OUTPUT_EXISTS, SAME_FILE, SAME_FILE_FORCE -> ExitCode.CANT_CREATE;
            case TSA_DOWN -> signs || extend || command == Command.TIMESTAMP ? ExitCode.UNAVAILABLE : 0;
            case REVOCATION_DOWN -> signs || extend ? ExitCode.UNAVAILABLE : 0;
            case WRONG_PASSWORD, WRONG_PIN -> signs ? ExitCode.NO_PERM : 0;
            // Any file can be time-stamped; validate reports a malformed file in its (complete) report.
            case MALFORMED_INPUT -> command == Command.TIMESTAMP || command == Command.VALIDATE ? 0 : ExitCode.DATA_ERR;
        };
    }

    @ParameterizedTest(name = "{0} with {1}: exit {2}, folder unchanged")
    @MethodSource("cases")
    void aFailedCommandLeavesTheFolderAsItWas(Command command, Fault fault, int exit) throws Exception {
        if (fault == Fault.WRONG_PIN) {
            Assumptions.assumeTrue(hsm != null, "SoftHSM2 and pkcs11-tool are not installed");
        }
        Path in = input(command, fault);
        Path out = fault == Fault.SAME_FILE || fault == Fault.SAME_FILE_FORCE ? in : dir.resolve("out" + extension(command));
        if (fault == Fault.OUTPUT_EXISTS) {
            Files.writeString(out, "an earlier file that must survive");
        }
        if (fault == Fault.REVOCATION_DOWN) {
            pki.ocspMode(OcspMode.TRY_LATER);
            pki.crlMode(CrlMode.CORRUPT);
        }
        Map<String, byte[]> before = snapshot(dir);
        String[] args = args(command, fault, in, out);

        ReliabilityTally.Trial<Cli.Result> trial = TALLY.run(LIMIT, () -> Cli.run(args));

        assertThat(trial.hung()).as("finished within %s", LIMIT).isFalse();
        assertThat(trial.thrown()).as("Kyso.run threw").isNull();
        Cli.Result result = trial.value();
        if (result.exit() == ExitCode.SOFTWARE || result.err().contains("\tat ")) {
            TALLY.untyped();
        }
        Map<String, byte[]> after = snapshot(dir);
        List<String> leftovers = TALLY.leftovers(dir, before.keySet());
        int changed = (int) before.entrySet().stream()
                .filter(e -> !Arrays.equals(e.getValue(), after.get(e.getKey()))).count();
        TALLY.partial(changed);

        result.failsWith(exit);
        assertThat(leftovers).as("files the command left").isEmpty();
        assertThat(changed).as("files the command changed or removed").isZero();
    }

    private Path input(Command command, Fault fault) throws Exception {
        if (fault == Fault.MALFORMED_INPUT) {
            return Files.writeString(dir.resolve("not-a-document" + extension(command)),
                    "Đây không phải là một văn bản ký số", StandardCharsets.UTF_8);
        }
        return switch (command) {
            case SIGN_PDF, TIMESTAMP -> Samples.pdf(dir);
            case SIGN_XML -> Samples.xml(dir);
            case EXTEND_PDF, VALIDATE -> Files.copy(signedPdf, dir.resolve("signed.pdf"));
            case EXTEND_XML -> Files.copy(signedXml, dir.resolve("signed.xml"));
        };
    }

    private static String extension(Command command) {
        return switch (command) {
            case SIGN_PDF, EXTEND_PDF -> ".pdf";
            case SIGN_XML, EXTEND_XML -> ".xml";
            case TIMESTAMP -> ".tsr";
            case VALIDATE -> ".json";
        };
    }

    private static String[] args(Command command, Fault fault, Path in, Path out) {
        String tsa = fault == Fault.TSA_DOWN ? closedTsa : pki.tsaUrl().toString();
        List<String> args = new ArrayList<>(switch (command) {
            case SIGN_PDF -> List.of("sign", "pdf", in.toString(), "-o", out.toString());
            case SIGN_XML -> List.of("sign", "xml", in.toString(), "-o", out.toString());
            case EXTEND_PDF -> List.of("extend", "pdf", in.toString(), "-o", out.toString());
            case EXTEND_XML -> List.of("extend", "xml", in.toString(), "-o", out.toString());
            case TIMESTAMP -> List.of("timestamp", in.toString(), "--tsa", tsa, "-o", out.toString());
            case VALIDATE -> List.of("validate", in.toString(), "--format", "json", "--trust", rootPem.toString(),
                    "-o", out.toString());
        });
        if (command == Command.SIGN_PDF || command == Command.SIGN_XML) {
            if (fault == Fault.WRONG_PIN) {
                args.addAll(List.of("--pkcs11", hsm.module().toString(), "--token-label", SoftHsmToken.LABEL,
                        "--key-label", "signer", "--pin-file", wrongPinFile.toString()));
            } else {
                args.addAll(List.of("--p12", p12.toString(), "--password-file",
                        (fault == Fault.WRONG_PASSWORD ? wrongPasswordFile : passwordFile).toString()));
            }
            if (fault == Fault.TSA_DOWN) {
                args.addAll(List.of("--tsa", tsa));
            } else if (fault == Fault.REVOCATION_DOWN) {
                args.addAll(List.of("--tsa", tsa, "--level", "LT", "--trust", rootPem.toString()));
            }
        }
        if (command == Command.EXTEND_PDF || command == Command.EXTEND_XML) {
            if (fault == Fault.REVOCATION_DOWN) {
                args.addAll(List.of("--level", "LT", "--tsa", tsa, "--trust", rootPem.toString()));
            } else {
                args.addAll(List.of("--level", "T", "--tsa", tsa));
            }
        }
        if (fault == Fault.SAME_FILE_FORCE) {
            args.add("--force");
        }
        return args.toArray(new String[0]);
    }

    private static Map<String, byte[]> snapshot(Path folder) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : list.toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
