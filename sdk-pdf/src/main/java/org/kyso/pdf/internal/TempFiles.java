package org.kyso.pdf.internal;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.signature.resources.AbstractResourcesHandler;
import eu.europa.esig.dss.spi.signature.resources.DSSResourcesHandler;
import eu.europa.esig.dss.spi.signature.resources.DSSResourcesHandlerBuilder;

import org.kyso.core.KysoIOException;

/**
 * The temporary files of one signing run, in one folder; {@link #close()} deletes them all. DSS
 * writes its intermediate documents through this {@link DSSResourcesHandlerBuilder} instead of
 * into byte arrays, so a PDF of any size never has to fit in the heap.
 *
 * <p>Not DSS's own {@code TempFileResourcesHandlerBuilder}: that one registers every file with
 * {@code File.deleteOnExit()}, a JVM-wide list that only grows, by one entry per signature, in a
 * server that signs for months. A failure to create or write a file carries a
 * {@link KysoIOException} in its cause chain, so the caller reports a full disk as such and not as
 * a damaged PDF.
 */
public final class TempFiles implements DSSResourcesHandlerBuilder, AutoCloseable {

    private final Path folder;
    private final List<Path> files = new ArrayList<>();

    private TempFiles(Path folder) {
        this.folder = folder;
    }

    /** Temporary files in {@code folder} (which must exist). */
    public static TempFiles in(Path folder) {
        return new TempFiles(folder);
    }

    /** A new empty file, deleted by {@link #close()}. */
    public synchronized Path create() throws IOException {
        try {
            // Hidden and private (0600): the file holds a copy of the document being signed.
            Path file = Files.createTempFile(folder, ".kyso-", ".tmp");
            files.add(file);
            return file;
        } catch (IOException e) {
            throw failure(folder, e);
        }
    }

    /** Whether {@code document} is one of this run's files (still in place). */
    public synchronized boolean holds(DSSDocument document) {
        return document instanceof FileDocument file && files.contains(file.getFile().toPath());
    }

    @Override
    public DSSResourcesHandler createResourcesHandler() {
        try {
            return new Handler(create());
        } catch (IOException e) {
            throw new eu.europa.esig.dss.model.DSSException(e.getMessage(), e);
        }
    }

    /** Deletes every file created so far; a file that cannot be deleted is left behind, nothing is thrown. */
    @Override
    public synchronized void close() {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // best effort: the name starts with ".kyso-" and ends in ".tmp"
            }
        }
        files.clear();
    }

    /** An I/O failure on a temporary file in {@code folder}, with the KySo exception to report in its cause chain. */
    static IOException failure(Path folder, IOException e) {
        return new IOException(e.getMessage(), new KysoIOException(KysoIOException.Kind.OUTPUT, folder,
                "Cannot write a temporary file in " + folder + " (" + e.getMessage() + "): KySo prepares the signed"
                        + " PDF there; check that the folder is writable and has free space for about twice the PDF", e));
    }

    private final class Handler extends AbstractResourcesHandler {
        private final Path file;

        Handler(Path file) {
            this.file = file;
        }

        @Override
        protected OutputStream buildOutputStream() throws IOException {
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    try {
                        out.write(b, off, len);
                    } catch (IOException e) {
                        throw failure(folder, e);
                    }
                }

                @Override
                public void write(int b) throws IOException {
                    try {
                        out.write(b);
                    } catch (IOException e) {
                        throw failure(folder, e);
                    }
                }

                @Override
                public void flush() throws IOException {
                    try {
                        out.flush();
                    } catch (IOException e) {
                        throw failure(folder, e);
                    }
                }
            };
        }

        @Override
        public DSSDocument writeToDSSDocument() throws IOException {
            getOutputStream().close();
            return new FileDocument(file.toFile());
        }
    }
}
