package org.kyso.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the kyso command line in-process, as the jar's main would, and captures what it prints. */
final class Cli {

    /** Exit code and captured output of one run. */
    record Result(int exit, String out, String err) {

        /** The non-empty lines of standard error. */
        List<String> errLines() {
            return Arrays.stream(err.split("\\R")).filter(line -> !line.isBlank()).toList();
        }

        /** Asserts the run failed with {@code code} and one plain message line (plus picocli's "Try" hint for usage errors). */
        Result failsWith(int code) {
            assertThat(exit).as("exit code; stderr: %s", err).isEqualTo(code);
            List<String> lines = errLines();
            assertThat(lines).as("stderr").isNotEmpty();
            assertThat(lines.get(0)).startsWith("kyso: ");
            if (code == ExitCode.USAGE && lines.size() > 1) {
                assertThat(lines).hasSize(2);
                assertThat(lines.get(1)).startsWith("Try 'kyso").endsWith("--help' for more information.");
            } else {
                assertThat(lines).as("stderr lines").hasSize(1);
            }
            assertThat(err).as("no stack trace without --debug").doesNotContain("\tat ").doesNotContain("at org.");
            return this;
        }

        Result succeeds() {
            assertThat(exit).as("exit code; stdout: %s; stderr: %s", out, err).isZero();
            return this;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        return runWithInput(InputStream.nullInputStream(), args);
    }

    static Result runWithStdin(String stdin, String... args) {
        return runWithInput(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    private static Result runWithInput(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Kyso.run(args, new PrintWriter(out), new PrintWriter(err), stdin);
        return new Result(exit, out.toString(), err.toString());
    }
}
