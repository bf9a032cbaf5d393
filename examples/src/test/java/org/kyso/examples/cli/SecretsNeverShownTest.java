package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.PasswordSource;
import org.kyso.core.SoftwareKey;
import org.kyso.pkcs11.Pkcs11Token;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.ReliabilityTally;
import org.kyso.testkit.SoftHsmToken;
import org.kyso.testkit.TestPki;

/**
 * Issue 8, item 7: passwords and PINs never appear in logs, exception messages, {@code toString()}
 * or CLI output. A child JVM ({@link SecretScenarios}) signs with a PKCS#12 file and a SoftHSM2
 * token, with right and wrong secrets taken from an environment variable, a file and standard
 * input, through the CLI with {@code --debug} and through the SDK, with every logger at TRACE; this
 * test scans all it printed for the secrets: as text, as their {@code char[]} form
 * ({@code [Q, p, 7, ...]}), Base64 and hex of their UTF-8 bytes, and a marker every secret contains.
 * In this JVM it also checks exception messages and stack traces directly, and that the
 * {@code char[]} a {@link PasswordSource} hands out is wiped once used, as its documentation promises.
 * The outputs scanned and arrays checked, and the leaks found, are counted in
 * {@code target/reliability/examples_SecretsNeverShownTest.txt}.
 */
class SecretsNeverShownTest {

    /** In every secret below, and nowhere else: finding it anywhere means a secret leaked, even in part. */
    private static final String MARKER = "zK9mark";
    private static final String PASSWORD = "Qp7" + MARKER + "-p12-right";
    private static final String WRONG_PASSWORD = "Wv3" + MARKER + "-p12-wrong";
    private static final String PIN = "Tn5" + MARKER + "-pin-right";
    private static final String WRONG_PIN = "Rb8" + MARKER + "-pin-wrong";
    private static final List<String> SECRETS = List.of(PASSWORD, WRONG_PASSWORD, PIN, WRONG_PIN);
    private static final ReliabilityTally TALLY = ReliabilityTally.secrets("examples/SecretsNeverShownTest");

    @TempDir
    static Path dir;

    static TestPki pki;
    static Path p12;
    static Path passwordFile;
    static Path pinFile;
    static SoftHsmToken hsm;

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestPki.builder().start();
        Leaf signer = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        p12 = dir.resolve("signer.p12");
        signer.writePkcs12(p12, PASSWORD.toCharArray());
        passwordFile = Files.writeString(dir.resolve("password.txt"), PASSWORD + "\n");
        pinFile = Files.writeString(dir.resolve("pin.txt"), PIN + "\n");
        hsm = SoftHsmToken.create(pki);
        // SoftHsmToken's PIN is 1234, which could turn up anywhere; give the token a distinctive one.
        String oldPin = new String(hsm.pin());
        ExternalTools.Result changed = ExternalTools.run(Duration.ofSeconds(60), "pkcs11-tool", "--module",
                hsm.module().toString(), "--token-label", SoftHsmToken.LABEL, "--login", "--pin", oldPin,
                "--change-pin", "--new-pin", PIN);
        assertThat(changed.exitCode()).as(changed.stdout() + changed.stderr()).isZero();
    }

    @AfterAll
    static void stopPki() {
        TALLY.write();
        pki.close();
    }

    @Test
    void noSecretInWhatTheCliAndTheSdkPrintEvenWithDebugAndTraceLogging() throws Exception {
        Path work = Files.createDirectories(dir.resolve("outputs"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
                "-Dorg.slf4j.simpleLogger.logFile=System.err",
                "-Dkyso.secrets.dir=" + work,
                "-Dkyso.secrets.p12=" + p12,
                "-Dkyso.secrets.pdf=" + Samples.pdf(dir),
                "-Dkyso.secrets.xml=" + Samples.xml(dir),
                "-Dkyso.secrets.tsa=" + pki.tsaUrl(),
                "-Dkyso.secrets.module=" + hsm.module(),
                "-Dkyso.secrets.passwordFile=" + passwordFile,
                "-Dkyso.secrets.pinFile=" + pinFile,
                SecretScenarios.class.getName()));
        Path stdout = dir.resolve("child-stdout.txt");
        Path stderr = dir.resolve("child-stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("KYSO_P12_PASSWORD", PASSWORD);
        builder.environment().put("KYSO_P12_WRONG", WRONG_PASSWORD);
        builder.environment().put("KYSO_TOKEN_PIN", PIN);
        builder.environment().put("KYSO_TOKEN_WRONG", WRONG_PIN);
        Process process = builder.start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(4, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String out = Files.readString(stdout);
        String err = Files.readString(stderr);

        assertThat(finished).as("child finished in 4 minutes").isTrue();
        assertThat(process.exitValue()).as("child exit; stderr tail: %s", tail(err)).isZero();
        assertThat(out).contains("DONE");
        assertThat(out).contains("EXIT 77 p12-env-wrong", "EXIT 0 p12-env-right-T", "EXIT 0 p12-file-right",
                "EXIT 0 p12-stdin-right-xml", "EXIT 77 p12-stdin-wrong-xml", "EXIT 77 pin-env-wrong",
                "EXIT 0 pin-file-right", "EXIT 0 pin-stdin-right", "EXIT 77 pin-stdin-wrong", "EXIT 0 token-list");
        assertThat(err).as("the SDK's failures were printed with stack traces")
                .contains("SoftwareKey wrong threw", "Pkcs11Token wrong PIN threw", "\tat org.kyso.");
        assertThat(err).as("logging really was on").contains(" DEBUG org.kyso").contains(" TRACE ");
        assertThat(out).as("toString() of the objects holding secrets was printed")
                .contains("PasswordSource.of: ", "Pkcs11Token: ", "Tsa with basic auth: ");
        assertNoSecret("child standard output", out);
        assertNoSecret("child standard error (CLI messages, logs, stack traces)", err);
    }

    @Test
    void noSecretInExceptionsOrToStringInThisJvm() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        StringBuilder seen = new StringBuilder();
        try {
            PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);

            Throwable wrongPassword = catchThrowable(() -> SoftwareKey.open(p12, PasswordSource.of(WRONG_PASSWORD.toCharArray())));
            Throwable wrongPin = catchThrowable(() -> Pkcs11Token.builder().library(hsm.module())
                    .tokenLabel(SoftHsmToken.LABEL).pin(WRONG_PIN.toCharArray()).open());
            assertThat(wrongPassword).isNotNull();
            assertThat(wrongPin).isNotNull();
            for (Throwable t : List.of(wrongPassword, wrongPin)) {
                seen.append(t).append('\n').append(stackTrace(t)).append('\n');
                for (Throwable c = t; c != null; c = c.getCause()) {
                    seen.append(c.getMessage()).append('\n').append(c.getLocalizedMessage()).append('\n');
                }
            }
            try (SoftwareKey key = SoftwareKey.open(p12, PasswordSource.of(PASSWORD.toCharArray()));
                 Pkcs11Token token = Pkcs11Token.builder().library(hsm.module()).tokenLabel(SoftHsmToken.LABEL)
                         .pin(PIN.toCharArray()).open()) {
                seen.append(key).append('\n').append(token).append('\n').append(token.keys()).append('\n')
                        .append(token.key("signer-ec")).append('\n');
            }
            seen.append(PasswordSource.of(PASSWORD.toCharArray())).append('\n')
                    .append(Pkcs11Token.builder().pin(PIN.toCharArray())).append('\n');
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        assertThat(seen.toString()).contains("KeyAccessException").contains("Pkcs11Token[");
        assertNoSecret("exceptions, stack traces and toString()", seen.toString());
        assertNoSecret("System.out and System.err meanwhile", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theArraysAPasswordSourceHandsOutAreWipedAfterUse() throws Exception {
        List<char[]> handedOut = new ArrayList<>();
        PasswordSource tracking = () -> {
            char[] secret = handedOut.size() % 2 == 0 ? PASSWORD.toCharArray() : WRONG_PASSWORD.toCharArray();
            handedOut.add(secret);
            return secret;
        };
        List<char[]> pins = new ArrayList<>();
        PasswordSource trackingPin = () -> {
            char[] secret = pins.isEmpty() ? WRONG_PIN.toCharArray() : PIN.toCharArray();
            pins.add(secret);
            return secret;
        };

        SoftwareKey.open(p12, tracking).close();                                        // right password
        assertThat(catchThrowable(() -> SoftwareKey.open(p12, tracking))).isNotNull(); // wrong password
        assertThat(catchThrowable(() -> Pkcs11Token.builder().library(hsm.module()).tokenLabel(SoftHsmToken.LABEL)
                .pin(trackingPin).open())).isNotNull();                                  // wrong PIN
        try (Pkcs11Token token = Pkcs11Token.builder().library(hsm.module()).tokenLabel(SoftHsmToken.LABEL)
                .pin(trackingPin).open()) {                                              // right PIN
            assertThat(token.keys()).isNotEmpty();
        }

        assertThat(handedOut).hasSize(2);
        assertThat(pins).hasSizeGreaterThanOrEqualTo(2);
        List<char[]> all = new ArrayList<>(handedOut);
        all.addAll(pins);
        for (char[] secret : all) {
            TALLY.tried();
            if (!new String(secret).chars().allMatch(c -> c == 0)) {
                TALLY.leaks(1);
            }
        }
        for (char[] secret : all) {
            assertThat(secret).containsOnly('\0');
        }
    }

    /** Fails if {@code text} holds any secret in any of the forms a careless program would print. */
    private static void assertNoSecret(String where, String text) {
        List<String> forms = new ArrayList<>();
        forms.add(MARKER);
        forms.add(MARKER.toLowerCase(Locale.ROOT));
        for (String secret : SECRETS) {
            byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
            forms.add(secret);
            forms.add(Arrays.toString(secret.toCharArray()));
            forms.add(new String(secret.toCharArray()).chars().mapToObj(c -> String.valueOf((char) c)).reduce("", (a, b) -> a + b + " ").trim());
            forms.add(Base64.getEncoder().encodeToString(utf8));
            forms.add(Base64.getEncoder().withoutPadding().encodeToString(utf8));
            forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(utf8));
            forms.add(HexFormat.of().formatHex(utf8));
            forms.add(HexFormat.of().withUpperCase().formatHex(utf8));
        }
        TALLY.tried();
        if (forms.stream().anyMatch(text::contains)) {
            TALLY.leaks(1);
        }
        for (String form : forms) {
            assertThat(text).as("%s must not contain a secret (form '%s')", where, form).doesNotContain(form);
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}
