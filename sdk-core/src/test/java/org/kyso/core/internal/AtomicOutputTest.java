package org.kyso.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.KysoException;
import org.kyso.core.KysoIOException;

class AtomicOutputTest {

    private static final byte[] CONTENT = "Nội dung đã ký".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private List<String> filesInDir() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void writesTheContentToTheOutput() throws Exception {
        Path output = dir.resolve("out.pdf");

        AtomicOutput.write(output, out -> out.write(CONTENT));

        assertThat(output).hasBinaryContent(CONTENT);
        assertThat(filesInDir()).containsExactly("out.pdf");
    }

    @Test
    void leavesNoOutputAndNoPartFileWhenTheWriterFailsWithIOException() throws Exception {
        Path output = dir.resolve("out.pdf");

        assertThatThrownBy(() -> AtomicOutput.write(output, out -> {
            out.write(CONTENT);
            throw new IOException("disk full");
        })).isInstanceOf(KysoIOException.class);

        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void leavesNoOutputAndNoPartFileWhenTheWriterFailsWithKysoException() throws Exception {
        Path output = dir.resolve("out.pdf");

        assertThatThrownBy(() -> AtomicOutput.write(output, out -> {
            out.write(CONTENT);
            throw new KysoException("TSA unreachable");
        })).isInstanceOf(KysoException.class).isNotInstanceOf(KysoIOException.class);

        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void leavesNoOutputAndNoPartFileWhenTheWriterFailsWithRuntimeException() throws Exception {
        Path output = dir.resolve("out.pdf");

        assertThatThrownBy(() -> AtomicOutput.write(output, out -> {
            out.write(CONTENT);
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(filesInDir()).isEmpty();
    }

    @Test
    void keepsAnExistingOutputUnchangedWhenTheWriterFails() throws Exception {
        byte[] previous = "bản cũ".getBytes(StandardCharsets.UTF_8);
        Path output = Files.write(dir.resolve("out.pdf"), previous);

        assertThatThrownBy(() -> AtomicOutput.write(output, out -> {
            out.write(CONTENT);
            throw new IOException("disk full");
        })).isInstanceOf(KysoIOException.class);

        assertThat(output).hasBinaryContent(previous);
        assertThat(filesInDir()).containsExactly("out.pdf");
    }

    @Test
    void replacesAnExistingOutputOnSuccess() throws Exception {
        Path output = Files.writeString(dir.resolve("out.pdf"), "bản cũ, dài hơn bản mới rất nhiều ký tự");

        AtomicOutput.write(output, out -> out.write(CONTENT));

        assertThat(output).hasBinaryContent(CONTENT);
        assertThat(filesInDir()).containsExactly("out.pdf");
    }

    @Test
    void checkTargetRefusesToWriteOverTheInput() throws Exception {
        Path input = Files.write(dir.resolve("in.pdf"), CONTENT);

        KysoIOException e = catchThrowableOfType(KysoIOException.class,
                () -> AtomicOutput.checkTarget(input, dir.resolve(".").resolve("in.pdf")));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(KysoIOException.Kind.OUTPUT);
        assertThat(input).hasBinaryContent(CONTENT);
    }

    @Test
    void checkTargetRefusesAMissingFolder() {
        Path output = dir.resolve("no-such-folder").resolve("out.pdf");

        KysoIOException e = catchThrowableOfType(KysoIOException.class,
                () -> AtomicOutput.checkTarget(dir.resolve("in.pdf"), output));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(KysoIOException.Kind.OUTPUT);
        assertThat(e.file()).isEqualTo(output);
        assertThat(e.getMessage()).contains("no-such-folder");
    }

    @Test
    void checkTargetAcceptsANewFileInAnExistingFolder() throws Exception {
        Path input = Files.write(dir.resolve("in.pdf"), CONTENT);
        Path output = dir.resolve("out.pdf");

        AtomicOutput.checkTarget(input, output);

        assertThat(output).doesNotExist();
    }

    @Test
    void writeReportsAMissingFolderAsOutputError() {
        Path output = dir.resolve("no-such-folder").resolve("out.pdf");

        KysoIOException e = catchThrowableOfType(KysoIOException.class,
                () -> AtomicOutput.write(output, out -> out.write(CONTENT)));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(KysoIOException.Kind.OUTPUT);
    }
}
