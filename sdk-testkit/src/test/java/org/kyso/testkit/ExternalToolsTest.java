package org.kyso.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

@EnabledOnOs({OS.LINUX, OS.MAC}) // POSIX file permissions and shell tools; CI runs on Linux
class ExternalToolsTest {

    @TempDir
    Path bin;

    @Test
    void findsExecutableToolOnPath() throws Exception {
        Path tool = Files.createFile(bin.resolve("pdfsig"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        assertThat(ExternalTools.require("pdfsig", Map.of("PATH", "/nonexistent:" + bin))).isEqualTo(tool);
    }

    @Test
    void ignoresFilesThatAreNotExecutable() throws Exception {
        Files.createFile(bin.resolve("qpdf"));

        assertThat(ExternalTools.find("qpdf", Map.of("PATH", bin.toString()))).isEmpty();
    }

    @Test
    void failsInCiWhenToolIsMissingNamingTheDebianPackage() {
        assertThatThrownBy(() -> ExternalTools.require("pdfsig", Map.of("PATH", bin.toString(), "CI", "true")))
                .isInstanceOf(AssertionError.class)
                .hasMessage("pdfsig is required in CI: install poppler-utils");
        assertThatThrownBy(() -> ExternalTools.require("pk12util", Map.of("PATH", bin.toString(), "CI", "true")))
                .isInstanceOf(AssertionError.class)
                .hasMessage("pk12util is required in CI: install libnss3-tools");
    }

    @Test
    void skipsOutsideCiWhenToolIsMissingNamingTheDebianPackage() {
        assertThatThrownBy(() -> ExternalTools.require("softhsm2-util", Map.of("PATH", bin.toString())))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("softhsm2-util not installed; install softhsm2 to run this check");
        assertThatThrownBy(() -> ExternalTools.require("pkcs11-tool", Map.of("PATH", bin.toString(), "CI", "false")))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("install opensc");
    }

    @Test
    void runsCommandCapturingExitCodeAndBothOutputs() {
        ExternalTools.Result result = ExternalTools.run(Duration.ofSeconds(10), "sh", "-c",
                "echo 'Chữ ký hợp lệ'; echo warning >&2; exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("Chữ ký hợp lệ\n");
        assertThat(result.stderr()).isEqualTo("warning\n");
    }

    @Test
    void killsCommandThatOutlivesItsTimeout() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> ExternalTools.run(Duration.ofMillis(200), "sleep", "10"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("did not finish within PT0.2S");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
