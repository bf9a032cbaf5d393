package org.kyso.core.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.kyso.core.KysoException;
import org.kyso.core.KysoIOException;

/**
 * Writes an output file completely under a temporary name in the target folder, then moves it
 * into place: a failure never leaves a partial output, and the input is never touched.
 */
public final class AtomicOutput {

    /** Writes the content to a stream; may throw KySo's checked failures. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException, KysoException;
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private AtomicOutput() {
    }

    /** Checks that {@code output} can be written for {@code input} before any work is done. */
    public static void checkTarget(Path input, Path output) throws KysoIOException {
        Path folder = output.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new KysoIOException(KysoIOException.Kind.OUTPUT, output,
                    "Cannot write " + output + ": the folder " + folder + " does not exist", null);
        }
        try {
            if (input != null && Files.exists(output) && Files.isSameFile(input, output)) {
                throw new KysoIOException(KysoIOException.Kind.OUTPUT, output,
                        "The output " + output + " is the input file: KySo never overwrites its input; choose another output name", null);
            }
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.OUTPUT, output, "Cannot check " + output + ": " + e.getMessage(), e);
        }
    }

    /** Writes through {@code writer} into a temporary file, then atomically replaces {@code output}. */
    public static void write(Path output, Writer writer) throws KysoException {
        Path folder = output.toAbsolutePath().getParent();
        Path temp;
        try {
            // createFile (not createTempFile) so the result gets the usual permissions (umask), not 0600.
            temp = Files.createFile(folder.resolve("." + output.getFileName() + "."
                    + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part"));
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.OUTPUT, output,
                    "Cannot create a file in " + folder + ": check that the folder exists and is writable", e);
        }
        boolean done = false;
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                writer.write(out);
            }
            try {
                Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.OUTPUT, output, "Cannot write " + output + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: the temporary name starts with a dot and ends in .part
                }
            }
        }
    }
}
