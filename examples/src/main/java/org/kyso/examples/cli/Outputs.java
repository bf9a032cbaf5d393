package org.kyso.examples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Output files of the commands: checked before any work (exists without {@code --force}, folder
 * missing: exit 73), then written under a temporary name in the target folder and moved into
 * place only when complete, so a failed command leaves no partial output.
 */
final class Outputs {

    /** Writes the content to a stream. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException, CliFailure;
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private Outputs() {
    }

    /** Fails with exit 73 when {@code output} cannot be created or is one of the {@code inputs}. */
    static void check(Path output, boolean force, Path... inputs) throws CliFailure {
        for (Path input : inputs) {
            try {
                if (Files.exists(output) && Files.exists(input) && Files.isSameFile(input, output)) {
                    throw new CliFailure(ExitCode.CANT_CREATE, output + " is an input file: kyso never overwrites its input;"
                            + " choose another output name");
                }
            } catch (IOException e) {
                throw new CliFailure(ExitCode.CANT_CREATE, "Cannot check " + output + ": " + e.getMessage(), e);
            }
        }
        Path folder = output.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new CliFailure(ExitCode.CANT_CREATE, "Cannot create " + output + ": the folder " + folder
                    + " does not exist");
        }
        if (Files.isDirectory(output)) {
            throw new CliFailure(ExitCode.CANT_CREATE, "Cannot create " + output + ": it is a folder");
        }
        if (Files.exists(output) && !force) {
            throw new CliFailure(ExitCode.CANT_CREATE, output + " already exists: choose another name, or add --force to replace it");
        }
    }

    /** Writes {@code content} to a temporary file next to {@code output}, then moves it into place. */
    static void write(Path output, Content content) throws CliFailure {
        Path folder = output.toAbsolutePath().getParent();
        // Not Files.createTempFile: its owner-only permissions would stick to the output; this honours the umask.
        Path temp = folder.resolve("." + output.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part");
        OutputStream stream;
        try {
            stream = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.CANT_CREATE, "Cannot create a file in " + folder
                    + ": check that the folder exists and is writable", e);
        }
        try {
            try (OutputStream out = stream) {
                content.writeTo(out);
            }
            try {
                Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCode.IO_ERR, "Cannot write " + output + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: the temporary name starts with a dot and ends in .part
            }
        }
    }
}
