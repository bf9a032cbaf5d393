package org.kyso.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds and runs the independent command-line checkers KySo's tests cross-check their output with
 * (pdfsig, xmlsec1, openssl, qpdf, certutil, pk12util, softhsm2-util, pkcs11-tool, tesseract).
 *
 * <p>A missing tool skips the test on a developer machine, and fails it in CI (environment variable
 * {@code CI=true}), where skipping would silently lose coverage. Either way the message names the
 * Debian package to install.
 *
 * <pre>{@code
 * ExternalTools.require("pdfsig");
 * ExternalTools.Result r = ExternalTools.run(Duration.ofSeconds(30), "pdfsig", signed.toString());
 * assertThat(r.stdout()).contains("Signature Validation: Signature is Valid.");
 * }</pre>
 *
 * <p>Needs JUnit Jupiter on the class path (for {@link Assumptions}), as any test has.
 */
public final class ExternalTools {

    private static final Map<String, String> DEBIAN_PACKAGES = Map.ofEntries(
            Map.entry("pdfsig", "poppler-utils"),
            Map.entry("xmlsec1", "xmlsec1"),
            Map.entry("qpdf", "qpdf"),
            Map.entry("softhsm2-util", "softhsm2"),
            Map.entry("pkcs11-tool", "opensc"),
            Map.entry("openssl", "openssl"),
            Map.entry("pdftoppm", "poppler-utils"),
            Map.entry("pdftotext", "poppler-utils"),
            Map.entry("pdffonts", "poppler-utils"),
            Map.entry("certutil", "libnss3-tools"),
            Map.entry("pk12util", "libnss3-tools"),
            Map.entry("tesseract", "tesseract-ocr tesseract-ocr-vie"));

    private ExternalTools() {
    }

    /** Exit code and output of a finished command, output decoded as UTF-8. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /**
     * The path of {@code tool} on {@code PATH}.
     *
     * @throws AssertionError if the tool is missing and {@code CI=true}
     * @throws org.opentest4j.TestAbortedException if the tool is missing elsewhere: JUnit reports the test as skipped
     */
    public static Path require(String tool) {
        return require(tool, System.getenv());
    }

    static Path require(String tool, Map<String, String> environment) {
        Optional<Path> found = find(tool, environment);
        if (found.isPresent()) {
            return found.get();
        }
        String pkg = DEBIAN_PACKAGES.getOrDefault(tool, "the package that provides " + tool);
        if ("true".equalsIgnoreCase(environment.getOrDefault("CI", "").trim())) {
            throw new AssertionError(tool + " is required in CI: install " + pkg);
        }
        return Assumptions.abort(tool + " not installed; install " + pkg + " to run this check");
    }

    /** The path of {@code tool} on {@code PATH}, for checks that are merely nice to have. */
    public static Optional<Path> find(String tool) {
        return find(tool, System.getenv());
    }

    static Optional<Path> find(String tool, Map<String, String> environment) {
        Objects.requireNonNull(tool, "tool");
        if (tool.isEmpty() || tool.contains("/") || tool.contains(File.separator)) {
            throw new IllegalArgumentException("Give a tool name to look up on PATH, not a path: '" + tool + "'");
        }
        String path = environment.getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code command} with no input and waits for it. A bare program name is looked up as by
     * {@link #require(String)}, so a missing tool skips or fails the test the same way.
     *
     * @throws AssertionError if the command does not finish within {@code timeout}: it is killed,
     *     with any child processes, first
     * @throws UncheckedIOException if the command cannot be started
     */
    public static Result run(Duration timeout, String... command) {
        Objects.requireNonNull(timeout, "timeout");
        if (command.length == 0) {
            throw new IllegalArgumentException("No command to run");
        }
        String[] resolved = command.clone();
        if (!resolved[0].contains("/") && !resolved[0].contains(File.separator)) {
            resolved[0] = require(resolved[0]).toString();
        }
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            // Output goes to files, not pipes: a chatty tool can never block on a full pipe.
            out = Files.createTempFile("kyso-tool-", ".out");
            err = Files.createTempFile("kyso-tool-", ".err");
            process = new ProcessBuilder(resolved).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new AssertionError(command[0] + " did not finish within " + timeout + " and was killed: "
                        + String.join(" ", command) + "\nstderr so far: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new IllegalStateException("Interrupted while waiting for " + String.join(" ", command), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void kill(Process process) {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A temp file left behind is harmless.
            }
        }
    }
}
