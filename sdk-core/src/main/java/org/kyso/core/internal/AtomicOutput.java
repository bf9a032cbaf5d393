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
        Path temp = newPart(output);
        boolean done = false;
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                writer.write(out);
            }
            move(temp, output);
            done = true;
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.OUTPUT, output, "Cannot write " + output + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                deleteQuietly(temp);
            }
        }
    }

    /**
     * Moves {@code finished}, a complete file in {@code output}'s folder (a temporary file of the
     * job), into place as {@code output}, replacing it, with the permissions {@link #write} gives a
     * new output (those of a file newly created there): the same result without copying the bytes
     * again. On failure {@code finished} stays where it was, for its owner to delete.
     */
    public static void moveIntoPlace(Path finished, Path output) throws KysoException {
        Path probe = newPart(output);
        try {
            try {
                Files.setPosixFilePermissions(finished, Files.getPosixFilePermissions(probe));
            } catch (UnsupportedOperationException notPosix) {
                // no POSIX permissions to copy (Windows): the file keeps the folder's defaults
            }
            move(finished, output);
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.OUTPUT, output, "Cannot write " + output + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(probe);
        }
    }

    /** A new empty file in {@code output}'s folder, named after it: hidden, ending in .part. */
    private static Path newPart(Path output) throws KysoIOException {
        Path folder = output.toAbsolutePath().getParent();
        try {
            // createFile (not createTempFile) so the result gets the usual permissions (umask), not 0600.
            return Files.createFile(folder.resolve("." + output.getFileName() + "."
                    + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part"));
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.OUTPUT, output,
                    "Cannot create a file in " + folder + ": check that the folder exists and is writable", e);
        }
    }

    private static void move(Path from, Path output) throws IOException {
        try {
            Files.move(from, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, output, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: the temporary name starts with a dot and ends in .part
        }
    }
}
