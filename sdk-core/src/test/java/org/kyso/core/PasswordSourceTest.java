package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordSourceTest {

    private static final String SECRET = "mật-khẩu";

    @TempDir
    Path dir;

    @Test
    void ofKeepsItsOwnCopyWhenTheCallerWipesTheOriginal() throws Exception {
        char[] original = SECRET.toCharArray();
        PasswordSource source = PasswordSource.of(original);

        Arrays.fill(original, '\0');

        assertThat(source.password()).containsExactly(SECRET.toCharArray());
    }

    @Test
    void ofHandsOutAFreshArrayOnEachCall() throws Exception {
        PasswordSource source = PasswordSource.of(SECRET.toCharArray());

        char[] first = source.password();
        Arrays.fill(first, '\0');
        char[] second = source.password();

        assertThat(second).isNotSameAs(first).containsExactly(SECRET.toCharArray());
    }

    @Test
    void fileReturnsTheFirstLineWithoutTheTrailingNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), SECRET + "\n", StandardCharsets.UTF_8);

        assertThat(PasswordSource.file(file).password()).containsExactly(SECRET.toCharArray());
    }

    @Test
    void fileReturnsTheFirstLineWithoutTheTrailingCrLf() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), SECRET + "\r\n", StandardCharsets.UTF_8);

        assertThat(PasswordSource.file(file).password()).containsExactly(SECRET.toCharArray());
    }

    @Test
    void fileReturnsOnlyTheFirstOfSeveralLines() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), SECRET + "\nsecond line\n", StandardCharsets.UTF_8);

        assertThat(PasswordSource.file(file).password()).containsExactly(SECRET.toCharArray());
    }

    @Test
    void fileReturnsTheWholeContentWhenThereIsNoLineBreak() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), SECRET, StandardCharsets.UTF_8);

        assertThat(PasswordSource.file(file).password()).containsExactly(SECRET.toCharArray());
    }

    @Test
    void fileDecodesUtf8() throws Exception {
        Path file = Files.write(dir.resolve("pw"), (SECRET + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(new String(PasswordSource.file(file).password())).isEqualTo(SECRET);
    }

    @Test
    void fileIgnoresAUtf8ByteOrderMark() throws Exception {
        // Windows PowerShell 5 writes one with: "mật-khẩu" | Out-File pw.txt -Encoding utf8
        Path file = Files.write(dir.resolve("pw"), ("\uFEFF" + SECRET + "\r\n").getBytes(StandardCharsets.UTF_8));

        assertThat(PasswordSource.file(file).password()).containsExactly(SECRET.toCharArray());
    }

    @Test
    void fileReportsMissingFileAsInputErrorNamingIt() {
        Path missing = dir.resolve("no-such-password");

        KysoIOException e = catchThrowableOfType(KysoIOException.class, () -> PasswordSource.file(missing).password());

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(KysoIOException.Kind.INPUT);
        assertThat(e.getMessage()).contains(missing.toString());
    }

    @Test
    void envReportsUnsetVariableByName() {
        String variable = "KYSO_TEST_UNSET_" + UUID.randomUUID().toString().replace('-', '_').toUpperCase();
        assumeTrue(System.getenv(variable) == null);

        KeyAccessException e = catchThrowableOfType(KeyAccessException.class, () -> PasswordSource.env(variable).password());

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(variable);
    }

    @Test
    void envReturnsTheValueOfASetVariable() throws Exception {
        String value = System.getenv("PATH");
        assumeTrue(value != null, "PATH is set");

        assertThat(PasswordSource.env("PATH").password()).containsExactly(value.toCharArray());
    }

    @Test
    void refusesAHugeFileGivenAsPasswordFileWithoutReadingItWhole() throws Exception {
        Path huge = dir.resolve("disk.img");
        Files.write(huge, new byte[PasswordSource.MAX_FILE_BYTES + 10]);

        KeyAccessException e = catchThrowableOfType(KeyAccessException.class, () -> PasswordSource.file(huge).password());

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(huge.toString()).contains("not a password file");
    }
}
