package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.SoftwareKey;
import org.kyso.core.TimestampException;
import org.kyso.core.Tsa;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;
import org.kyso.testkit.TsaMode;

/**
 * The issue's "large files" bound: a 200 MB PDF is signed (PAdES B-T, visible) and validated in
 * JVMs limited to 256 MB of heap, and the signed file is the input's bytes unchanged plus an
 * incremental update. The PDF (about 100 pages, each with a 2 MB uncompressed noise image, as a
 * scanned dossier) is written as a stream, in well under a second.
 */
class LargeFileTest {

    private static final long SIZE = 200L * 1024 * 1024;
    private static final String HEAP = "-Xmx256m";
    private static final char[] PASSWORD = "large-file-test".toCharArray();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static Leaf signer;
    private static Path input;
    private static Path signed;
    private static Path root;
    private static Path scratch;
    private static ExternalTools.Result validation;

    @BeforeAll
    static void signAndValidateLargePdfInSmallHeaps() throws Exception {
        pki = TestPki.builder().start();
        signer = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.RSA_2048).build());
        Path p12 = dir.resolve("signer.p12");
        signer.writePkcs12(p12, PASSWORD);
        Path password = Files.writeString(dir.resolve("password.txt"), new String(PASSWORD));
        root = dir.resolve("root.pem");
        Pem.write(root, pki.root().certificate());
        // The children's java.io.tmpdir: whatever they leave there is a leak.
        scratch = Files.createDirectory(dir.resolve("tmp"));
        Path work = Files.createDirectory(dir.resolve("work"));
        input = work.resolve("dossier.pdf");
        writeLargePdf(input, SIZE);
        signed = work.resolve("dossier-signed.pdf");

        ExternalTools.Result signing = child("sign", input.toString(), signed.toString(), p12.toString(),
                password.toString(), pki.tsaUrl().toString(), "visible");
        assertThat(signing.exitCode()).as("signing a %d MB PDF with %s:%n%s%n%s", Files.size(input) >> 20, HEAP,
                signing.stdout(), signing.stderr()).isZero();
        validation = child("validate", signed.toString(), root.toString());
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    @Test
    void signedFileIsTheInputUnchangedPlusAnIncrementalUpdate() throws Exception {
        long inputSize = Files.size(input);
        assertThat(inputSize).isGreaterThanOrEqualTo(SIZE - 4 * 1024 * 1024);
        assertThat(Files.size(signed)).isGreaterThan(inputSize);
        assertThat(sha256(signed, inputSize)).as("SHA-256 of the first %d bytes of the signed file", inputSize)
                .isEqualTo(sha256(input, inputSize));
        String update = tail(signed, Files.size(signed) - inputSize);
        assertThat(update).contains("/ByteRange").contains("/Type /Sig").endsWith("%%EOF\n");
    }

    @Test
    void pdfsigAcceptsTheSignature() {
        ExternalTools.require("pdfsig");
        ExternalTools.Result result = ExternalTools.run(Duration.ofSeconds(90), "pdfsig", signed.toString());
        assertThat(result.stdout()).as("pdfsig output")
                .contains("Signature #1").doesNotContain("Signature #2")
                .contains("Total document signed")
                .contains("Signature Validation: Signature is Valid");
    }

    @Test
    void validatesAsBaselineTWithin256MbOfHeap() {
        assertThat(validation.exitCode()).as("%s%n%s", validation.stdout(), validation.stderr()).isZero();
        assertThat(validation.stdout()).as(validation.stdout()).contains("result VALID 1 PAdES-BASELINE-T NONE");
    }

    @Test
    void signingAndValidationLeaveNoTemporaryFiles() throws Exception {
        try (Stream<Path> files = Files.list(signed.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "dossier.pdf", "dossier-signed.pdf");
        }
        try (Stream<Path> files = Files.list(scratch)) {
            assertThat(files).as("files left in the children's java.io.tmpdir").isEmpty();
        }
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void theRenamedOutputHasThePermissionsOfANewFileNotThoseOfATemporaryOne() throws Exception {
        // The signed document is DSS's finished temporary file (0600), renamed into place.
        Path fresh = Files.createFile(signed.resolveSibling("fresh-file"));
        try {
            assertThat(Files.getPosixFilePermissions(signed)).isEqualTo(Files.getPosixFilePermissions(fresh));
        } finally {
            Files.delete(fresh);
        }
    }

    @Test
    void removesItsTemporaryFilesWhenSigningFails() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("failing"));
        Path in = TestPdfs.write(folder, "in.pdf", "Cong van so 124/UBND", 1);
        pki.tsaMode(TsaMode.REJECT);
        try {
            assertThatThrownBy(() -> PdfSigner.builder().key(SoftwareKey.of(signer.privateKey(), signer.chain()))
                    .timestamping(Tsa.rfc3161(pki.tsaUrl())).build().sign(in, folder.resolve("out.pdf")))
                    .isInstanceOf(TimestampException.class);
        } finally {
            pki.tsaMode(TsaMode.NORMAL);
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("in.pdf");
        }
    }

    /** Runs {@link LargeFileMain} in a JVM with {@link #HEAP}; its temporary files go to {@link #scratch}. */
    private static ExternalTools.Result child(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-Djava.io.tmpdir=" + scratch,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), LargeFileMain.class.getName()));
        command.addAll(List.of(args));
        ExternalTools.Result result = ExternalTools.run(Duration.ofSeconds(120), command.toArray(String[]::new));
        System.out.println("LargeFileTest " + args[0] + " (" + HEAP + "): " + result.stdout().lines()
                .filter(l -> l.startsWith("time-ms")).toList());
        return result;
    }

    private static String sha256(Path file, long length) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (long left = length; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException(file + " is shorter than " + length + " bytes");
                }
                digest.update(buffer, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String tail(Path file, long length) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Files.size(file) - length);
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Writes a valid PDF of about {@code size} bytes, one object at a time: A4 pages, each with a
     * line of text and a 1000 x 700 RGB image of noise, uncompressed (so the size is exact and
     * nothing can be compressed away). More than 10 pages, as a real large dossier would have.
     */
    static void writeLargePdf(Path file, long size) throws IOException {
        int width = 1000;
        int height = 700;
        int imageBytes = width * height * 3;
        int pages = (int) Math.max(11, size / imageBytes);
        SplittableRandom random = new SplittableRandom(20251123);
        byte[] image = new byte[imageBytes];
        List<Long> offsets = new ArrayList<>();
        try (Counting out = new Counting(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.ascii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
            offsets.add(out.count);
            out.ascii("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
            StringBuilder kids = new StringBuilder();
            for (int i = 0; i < pages; i++) {
                kids.append(3 + 3 * i).append(" 0 R ");
            }
            offsets.add(out.count);
            out.ascii("2 0 obj\n<< /Type /Pages /Count " + pages + " /Kids [" + kids + "] >>\nendobj\n");
            for (int i = 0; i < pages; i++) {
                int page = 3 + 3 * i;
                offsets.add(out.count);
                out.ascii(page + " 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents " + (page + 1)
                        + " 0 R /Resources << /XObject << /Im0 " + (page + 2) + " 0 R >> /Font << /F1 << /Type /Font"
                        + " /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>\nendobj\n");
                String content = "q 515 0 0 360 40 420 cm /Im0 Do Q BT /F1 14 Tf 40 380 Td (Ho so so 42/UBND - trang "
                        + (i + 1) + ") Tj ET\n";
                offsets.add(out.count);
                out.ascii((page + 1) + " 0 obj\n<< /Length " + content.length() + " >>\nstream\n" + content
                        + "endstream\nendobj\n");
                for (int j = 0; j < imageBytes; j += 8) {
                    long r = random.nextLong();
                    for (int k = 0; k < 8 && j + k < imageBytes; k++, r >>>= 8) {
                        image[j + k] = (byte) r;
                    }
                }
                offsets.add(out.count);
                out.ascii((page + 2) + " 0 obj\n<< /Type /XObject /Subtype /Image /Width " + width + " /Height " + height
                        + " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length " + imageBytes + " >>\nstream\n");
                out.write(image);
                out.ascii("\nendstream\nendobj\n");
            }
            long xref = out.count;
            StringBuilder table = new StringBuilder("xref\n0 " + (offsets.size() + 1) + "\n0000000000 65535 f \n");
            for (long offset : offsets) {
                table.append(String.format("%010d 00000 n \n", offset));
            }
            table.append("trailer\n<< /Size ").append(offsets.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                    .append(xref).append("\n%%EOF\n");
            out.ascii(table.toString());
        }
    }

    /** Counts the bytes written, for the cross-reference table's offsets. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        void ascii(String s) throws IOException {
            write(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }
}
