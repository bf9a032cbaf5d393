package org.kyso.pdf.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.kyso.core.KysoException;
import org.kyso.core.KysoIOException;
import org.kyso.core.MalformedDocumentException;

/** The checks every PDF operation makes on its input before any work: one place, one wording. */
public final class PdfInputs {

    private static final int HEAD = 1024;

    private PdfInputs() {
    }

    /** The file exists, is readable and starts like a PDF (a %PDF- header in its first KiB). */
    public static void checkFile(Path input) throws KysoException {
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            throw new KysoIOException(KysoIOException.Kind.INPUT, input,
                    "Cannot open " + input + ": the file does not exist or is not readable", null);
        }
        try (InputStream in = Files.newInputStream(input)) {
            if (!looksLikePdf(in.readNBytes(HEAD))) {
                throw new MalformedDocumentException(input, input
                        + " is not a PDF (no %PDF- header): check that you gave the right file", null);
            }
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.INPUT, input, "Cannot read " + input + ": " + e.getMessage(), e);
        }
    }

    /** The bytes start like a PDF. */
    public static void checkBytes(byte[] pdf) throws MalformedDocumentException {
        if (!looksLikePdf(pdf.length > HEAD ? Arrays.copyOf(pdf, HEAD) : pdf)) {
            throw new MalformedDocumentException(null, "The data is not a PDF (no %PDF- header)", null);
        }
    }

    private static boolean looksLikePdf(byte[] head) {
        return new String(head, StandardCharsets.ISO_8859_1).contains("%PDF-");
    }
}
