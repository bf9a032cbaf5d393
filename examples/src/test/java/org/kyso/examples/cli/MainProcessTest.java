package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

/**
 * Runs {@link Kyso#main} in a child JVM, as the jar does: real exit codes through System.exit,
 * logging off, and the one option no in-process test can give, a password from the environment.
 */
class MainProcessTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run kyso(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Kyso.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("org.slf4j.simpleLogger.defaultLogLevel");
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kyso " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void signsWithThePasswordFromAnEnvironmentVariableAndLogsNothing() throws Exception {
        try (TestPki pki = TestPki.builder().start()) {
            Leaf signer = pki.issue(LeafSpec.builder().subject("CN=Phạm Văn Cường, C=VN").build());
            Path p12 = dir.resolve("signer.p12");
            signer.writePkcs12(p12, "env-secret".toCharArray());
            Path root = dir.resolve("root.pem");
            Pem.write(root, pki.root().certificate());
            Path in = Samples.pdf(dir);
            Path out = dir.resolve("signed.pdf");

            Run signed = kyso(Map.of("KYSO_TEST_PASSWORD", "env-secret"), "sign", "pdf", in.toString(),
                    "-o", out.toString(), "--p12", p12.toString(), "--password-env", "KYSO_TEST_PASSWORD",
                    "--tsa", pki.tsaUrl().toString());
            assertThat(signed.exit()).as(signed.err()).isZero();
            assertThat(signed.err()).isEmpty();

            Run validated = kyso(Map.of(), "validate", "--trust", root.toString(), out.toString());
            assertThat(validated.exit()).as(validated.out() + validated.err()).isZero();
            assertThat(validated.out()).contains("VALID").contains("Phạm Văn Cường");
            assertThat(validated.err()).as("DSS and PDFBox logging is off").isEmpty();
        }
    }

    @Test
    void exitsSeventySevenWhenThePasswordVariableIsNotSet() throws Exception {
        try (TestPki pki = TestPki.builder().start()) {
            Path p12 = dir.resolve("signer.p12");
            pki.issue(LeafSpec.builder().build()).writePkcs12(p12, "x".toCharArray());

            Run run = kyso(Map.of(), "sign", "pdf", Samples.pdf(dir).toString(), "-o", dir.resolve("o.pdf").toString(),
                    "--p12", p12.toString(), "--password-env", "KYSO_TEST_UNSET_VARIABLE");

            assertThat(run.exit()).isEqualTo(ExitCode.NO_PERM);
            assertThat(run.err().strip()).startsWith("kyso: ").contains("KYSO_TEST_UNSET_VARIABLE").doesNotContain("\n");
        }
    }

    @Test
    void printsVersionsAndHelpAndExitsSixtyFourWithoutCommand() throws Exception {
        Run version = kyso(Map.of(), "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("kyso ").contains("EU DSS 6.4");

        Run help = kyso(Map.of(), "sign", "pdf", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--p12").contains("--password-env").contains("--out-dir");

        Run nothing = kyso(Map.of());
        assertThat(nothing.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(nothing.err()).contains("Usage: kyso");
    }
}
