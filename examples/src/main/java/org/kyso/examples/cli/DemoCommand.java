package org.kyso.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.kyso.core.PasswordSource;
import org.kyso.core.Revocation;
import org.kyso.core.SigningKey;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.pdf.Appearance;
import org.kyso.pdf.PadesLevel;
import org.kyso.pdf.PdfSigner;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;
import org.kyso.xml.XadesLevel;
import org.kyso.xml.XmlSigner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kyso demo}: the whole round trip with nothing to prepare. Starts a throwaway test PKI on
 * 127.0.0.1 (root, intermediate, signer, TSA, OCSP, CRL), signs the bundled sample PDF at PAdES
 * B-T with a visible Vietnamese appearance and the bundled XML at XAdES B-T, validates both
 * against that PKI and prints the reports. Exits 0 only when both are VALID.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Versions.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Sign and validate two samples with a throwaway test PKI (nothing to prepare).",
                "Starts a root CA, an intermediate CA, a TSA, OCSP and CRL on 127.0.0.1, signs a sample công văn",
                "(PAdES B-T, visible signature) and a sample XML (XAdES B-T), validates both and prints the reports.",
                "Needs no token, no network and no argument. The test keys are for trying KySo out only."})
final class DemoCommand implements Callable<Integer> {

    static final String SIGNER = "CN=Nguyễn Văn An, O=UBND Xã Đại An, L=Hà Nội, C=VN";
    static final String SAMPLE_PDF = "/org/kyso/examples/cong-van-mau.pdf";
    static final String SAMPLE_XML = "/org/kyso/xml/samples/ho-so-mau.xml";

    /** The blank area above the signer's name in the sample PDF (see CongVanMau in the tests). */
    static final float[] SIGNATURE_RECT = {318, 178, 232, 84};
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final char[] PASSWORD_ALPHABET =
            "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for the demo's files (created if missing; files of the same names are replaced). "
                    + "Default: a new folder under the system temporary folder.")
    Path out;

    @Option(names = "--lang", paramLabel = "LANG", defaultValue = "en",
            description = "Language of the reports and messages: en (default) or vi.")
    Converters.Lang lang;

    private boolean vi;

    @Override
    public Integer call() throws Exception {
        vi = lang == Converters.Lang.vi;
        Locale locale = lang.locale();
        PrintWriter o = spec.commandLine().getOut();
        long start = System.nanoTime();
        Path dir = folder();

        try (TestPki pki = TestPki.builder().start()) {
            o.println(t("Test PKI started on 127.0.0.1: root CA, intermediate CA, TSA, OCSP, CRL (TSA at " + pki.tsaUrl() + ")",
                    "Đã khởi động PKI thử nghiệm trên 127.0.0.1: CA gốc, CA trung gian, TSA, OCSP, CRL (TSA tại " + pki.tsaUrl() + ")"));
            Leaf signer = pki.issue(LeafSpec.builder()
                    .subject(SIGNER)
                    .email("nguyenvanan@daian.example")
                    .keyType(KeyType.RSA_2048)
                    .build());
            o.println(t("Issued the signer's certificate: ", "Đã cấp chứng thư số cho người ký: ")
                    + signer.certificate().getSubjectX500Principal().getName());
            o.flush();

            Path rootPem = dir.resolve("root.pem");
            Pem.write(rootPem, pki.root().certificate());
            Path p12 = dir.resolve("signer.p12");
            Path passwordFile = dir.resolve("signer.p12.password");
            char[] password = randomPassword();
            try {
                signer.writePkcs12(p12, password);
                ownerOnly(p12);
                writePasswordFile(passwordFile, password);
                Path pdf = copyResource(SAMPLE_PDF, dir.resolve("cong-van-mau.pdf"));
                Path xml = copyResource(SAMPLE_XML, dir.resolve("ho-so-mau.xml"));
                Path signedPdf = dir.resolve("cong-van-mau-signed.pdf");
                Path signedXml = dir.resolve("ho-so-mau-signed.xml");
                Tsa tsa = Tsa.rfc3161(pki.tsaUrl());

                // The same path a user takes: open the PKCS#12 file with its password.
                try (SigningKey key = SoftwareKey.open(p12, PasswordSource.of(password))) {
                    Arrays.fill(password, '\0');
                    PdfSigner.builder()
                            .key(key)
                            .level(PadesLevel.T)
                            .timestamping(tsa)
                            .appearance(Appearance.builder()
                                    .page(1)
                                    .rect(SIGNATURE_RECT[0], SIGNATURE_RECT[1], SIGNATURE_RECT[2], SIGNATURE_RECT[3])
                                    .text("Ký bởi: {signer}\nCơ quan: {organization}\nThời gian: {time}")
                                    .zone(VIETNAM)
                                    .build())
                            .reason("Phê duyệt công văn")
                            .location("Xã Đại An, Hà Nội")
                            .build()
                            .sign(pdf, signedPdf);
                    o.println(t("Signed ", "Đã ký ") + pdf.getFileName() + " -> " + signedPdf.getFileName()
                            + " (PAdES-BASELINE-T" + t(", visible signature", ", chữ ký hiển thị") + ")");
                    o.flush();
                    XmlSigner.builder()
                            .key(key)
                            .level(XadesLevel.T)
                            .timestamping(tsa)
                            .build()
                            .sign(xml, signedXml);
                    o.println(t("Signed ", "Đã ký ") + xml.getFileName() + " -> " + signedXml.getFileName()
                            + " (XAdES-BASELINE-T)");
                    o.flush();
                }

                Validator validator = Validator.builder()
                        .trust(TrustAnchors.of(pki.root().certificate()))
                        .revocation(Revocation.online().build())
                        .build();
                o.println();
                o.println(t("Validation (trusting the test root, revocation checked online with the test PKI):",
                        "Kiểm tra chữ ký (tin cậy CA gốc thử nghiệm, kiểm tra thu hồi trực tuyến với PKI thử nghiệm):"));
                ValidationReport pdfReport = validator.validate(signedPdf);
                o.println(pdfReport.summary(locale));
                ValidationReport xmlReport = validator.validate(signedXml);
                o.println(xmlReport.summary(locale));
                o.println();

                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                o.println(t("Files (in " + dir + "):", "Các tệp (trong " + dir + "):"));
                o.println("  " + signedPdf + t("   signed PDF", "   PDF đã ký"));
                o.println("  " + signedXml + t("   signed XML", "   XML đã ký"));
                o.println("  " + rootPem + t("   the test root certificate", "   chứng thư CA gốc thử nghiệm"));
                o.println("  " + p12 + t("   the signer's test key (password in ", "   khóa thử nghiệm của người ký (mật khẩu trong ")
                        + passwordFile.getFileName() + ")");
                o.println(t("Try:", "Thử:"));
                o.println("  kyso validate --trust " + rootPem + " --offline " + signedPdf);
                o.println("  kyso sign pdf " + pdf + " -o " + dir.resolve("cong-van-mau-signed-2.pdf")
                        + " --p12 " + p12 + " --password-file " + passwordFile + " --visible");
                o.println(t("(The test PKI stopped with the demo: later validations cannot reach its OCSP and CRL, so use "
                                + "--offline and expect INDETERMINATE for missing revocation data.)",
                        "(PKI thử nghiệm đã dừng cùng bản demo: các lần kiểm tra sau không truy cập được OCSP và CRL của nó, "
                                + "hãy dùng --offline và kết quả sẽ là CHƯA XÁC ĐỊNH ĐƯỢC do thiếu dữ liệu thu hồi.)"));
                o.println(t("Done in ", "Hoàn tất sau ") + String.format(Locale.ROOT, "%.1f s", millis / 1000.0) + ".");
                o.flush();
                return Math.max(ExitCode.of(pdfReport), ExitCode.of(xmlReport));
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    private String t(String english, String vietnamese) {
        return vi ? vietnamese : english;
    }

    private Path folder() throws CliFailure {
        try {
            if (out == null) {
                return Files.createTempDirectory("kyso-demo-");
            }
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new CliFailure(ExitCode.CANT_CREATE, "--out " + out + " exists and is not a folder");
            }
            return Files.createDirectories(out);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.CANT_CREATE, "Cannot create the demo folder "
                    + (out == null ? "under " + System.getProperty("java.io.tmpdir") : out) + ": " + e.getMessage(), e);
        }
    }

    private static Path copyResource(String resource, Path target) throws IOException, CliFailure {
        try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new CliFailure(ExitCode.SOFTWARE, "The sample " + resource + " is missing from this build of kyso");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static char[] randomPassword() {
        SecureRandom random = new SecureRandom();
        char[] password = new char[20];
        for (int i = 0; i < password.length; i++) {
            password[i] = PASSWORD_ALPHABET[random.nextInt(PASSWORD_ALPHABET.length)];
        }
        return password;
    }

    /**
     * The password on the first line (where {@code --password-file} reads it), then a note. The
     * bytes are encoded from the char array and wiped, never through a String.
     */
    private static void writePasswordFile(Path file, char[] password) throws IOException {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] secret = new byte[encoded.remaining()];
        encoded.get(secret);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        byte[] note = ("\n# Password of signer.p12, written by 'kyso demo'. Only the first line is the password:\n"
                + "#   kyso sign pdf IN.pdf -o OUT.pdf --p12 signer.p12 --password-file signer.p12.password\n"
                + "# A throwaway test key: never use it for real documents.\n").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[secret.length + note.length];
        System.arraycopy(secret, 0, content, 0, secret.length);
        System.arraycopy(note, 0, content, secret.length, note.length);
        try {
            Files.write(file, content);
            ownerOnly(file);
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(content, (byte) 0);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
