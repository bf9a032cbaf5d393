package org.kyso.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.core.Revocation;
import org.kyso.pdf.Appearance;
import org.kyso.pdf.PadesLevel;
import org.kyso.pdf.PdfSigner;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;
import org.kyso.xml.XmlFormat;
import org.kyso.xml.XmlSigner;

/**
 * The benchmarks' world: a {@link TestPki} (CA, OCSP, CRL and TSA on 127.0.0.1) and the documents,
 * made once per run in a folder, and kept serving while the benchmarks run in their own JVMs.
 *
 * <pre>
 * java -cp benchmarks.jar org.kyso.benchmarks.Fixtures DIR     # writes DIR, prints "ready", serves until stdin closes
 * </pre>
 *
 * <p>Every JVM that benchmarks then reads {@code DIR/fixtures.properties} through {@link Env}
 * (the folder is named by the environment variable {@code KYSO_BENCH_DIR}, which JMH's forks
 * inherit).
 */
public final class Fixtures {

    static final char[] PASSWORD = "benchmark-password".toCharArray();
    /** Documents in each batch case. */
    static final int BATCH = 1000;
    /** Signers, all issued by the one intermediate CA, that sign the batch-validation documents in turn. */
    static final int BATCH_SIGNERS = 10;

    private Fixtures() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Fixtures DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        long start = System.nanoTime();
        try (TestPki pki = TestPki.builder().start()) {
            make(pki, dir);
            System.out.printf(Locale.ROOT, "fixtures ready in %s (%.1f s)%n", dir, (System.nanoTime() - start) / 1e9);
            System.out.flush();
            Files.writeString(dir.resolve("ready"), "ready\n");
            // Serve until the parent closes our standard input (or kills us).
            InputStream in = System.in;
            while (in.read() >= 0) {
                // ignore input
            }
        }
    }

    static void make(TestPki pki, Path dir) throws Exception {
        Files.createDirectories(dir);
        for (String sub : List.of("in", "signed", "batch-sign", "batch-validate", "out")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Leaf signer = pki.issue(LeafSpec.builder().keyType(KeyType.RSA_2048)
                .subject("CN=Nguyen Van An, O=KySo Benchmark, C=VN").build());
        Path p12 = dir.resolve("signer.p12");
        signer.writePkcs12(p12, PASSWORD);
        Files.writeString(dir.resolve("password.txt"), new String(PASSWORD) + "\n");
        Files.writeString(dir.resolve("root.pem"), pem(pki.root().certificate()));

        Properties props = new Properties();
        props.setProperty("tsa", pki.tsaUrl().toString());
        props.setProperty("p12", p12.toString());
        props.setProperty("password", dir.resolve("password.txt").toString());
        props.setProperty("root", dir.resolve("root.pem").toString());

        timed("1-page, 10 MB and 100 MB PDFs", () -> {
            Inputs.onePagePdf(dir.resolve("in/1page.pdf"), "KySo benchmark: one page");
            Inputs.largePdf(dir.resolve("in/10mb.pdf"), 10, 10);
            Inputs.largePdf(dir.resolve("in/100mb.pdf"), 100, 100);
        });
        timed("10 KB and 10 MB XML", () -> {
            Inputs.xml(dir.resolve("in/10kb.xml"), 10 * 1024);
            Inputs.xml(dir.resolve("in/10mb.xml"), 10L * 1024 * 1024);
        });

        try (SoftwareKey key = SoftwareKey.of(signer.privateKey(), signer.chain())) {
            Tsa tsa = Tsa.rfc3161(pki.tsaUrl());
            timed("PDFs with 1, 5 and 20 signatures (visible, B-T)", () -> {
                Path current = dir.resolve("in/1page.pdf");
                for (int n = 1; n <= 20; n++) {
                    // A 4 x 5 grid of small visible signatures: none overlaps another.
                    int col = (n - 1) % 4;
                    int row = (n - 1) / 4;
                    PdfSigner pdfSigner = PdfSigner.builder().key(key).level(PadesLevel.T).timestamping(tsa)
                            .appearance(Appearance.builder().page(1).rect(40 + col * 135, 40 + row * 62, 125, 55).build())
                            .reason("Signature " + n).build();
                    Path next = dir.resolve("signed/pdf-" + n + ".pdf");
                    pdfSigner.sign(current, next);
                    current = next;
                }
                for (int n = 1; n <= 20; n++) {
                    if (n != 1 && n != 5 && n != 20) {
                        Files.delete(dir.resolve("signed/pdf-" + n + ".pdf"));
                    }
                }
            });
            timed("signed 100 MB PDF (B-B)", () -> PdfSigner.builder().key(key).build()
                    .sign(dir.resolve("in/100mb.pdf"), dir.resolve("signed/100mb.pdf")));
            timed("signed XML (XAdES B-T, 10 KB)", () -> {
                XmlSigner xmlSigner = XmlSigner.builder().key(key).format(XmlFormat.XADES).timestamping(tsa).build();
                xmlSigner.sign(dir.resolve("in/10kb.xml"), dir.resolve("signed/xml.xml"));
            });
        }

        timed(BATCH + " one-page PDFs to sign", () -> {
            for (int i = 0; i < BATCH; i++) {
                Inputs.onePagePdf(dir.resolve(String.format(Locale.ROOT, "batch-sign/%04d.pdf", i)),
                        "KySo benchmark: batch document " + i);
            }
        });

        timed(BATCH + " signed PDFs from one CA, " + BATCH_SIGNERS + " signers", () -> {
            List<Leaf> signers = new ArrayList<>();
            for (int s = 0; s < BATCH_SIGNERS; s++) {
                signers.add(pki.issue(LeafSpec.builder().keyType(KeyType.RSA_2048)
                        .subject("CN=Batch Signer " + s + ", O=KySo Benchmark, C=VN").build()));
            }
            // Two threads: this is setup, not a measurement.
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<PdfSigner> pdfSigners = new ArrayList<>();
                for (Leaf leaf : signers) {
                    pdfSigners.add(PdfSigner.builder().key(SoftwareKey.of(leaf.privateKey(), leaf.chain())).build());
                }
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    int doc = i;
                    done.add(pool.submit(() -> {
                        Path in = dir.resolve(String.format(Locale.ROOT, "batch-sign/%04d.pdf", doc));
                        Path out = dir.resolve(String.format(Locale.ROOT, "batch-validate/%04d.pdf", doc));
                        pdfSigners.get(doc % BATCH_SIGNERS).sign(in, out);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
        });

        try (OutputStream out = Files.newOutputStream(dir.resolve("fixtures.properties"))) {
            props.store(out, "KySo benchmark fixtures; valid while the Fixtures process runs");
        }

        // Sanity: every kind of signed input validates, so no benchmark measures a failure path.
        Validator validator = Validator.builder().trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.online().build()).build();
        for (String name : List.of("signed/pdf-1.pdf", "signed/pdf-5.pdf", "signed/pdf-20.pdf", "signed/xml.xml", "signed/100mb.pdf",
                "batch-validate/0000.pdf", "batch-validate/0999.pdf")) {
            ValidationReport report = validator.validate(dir.resolve(name));
            if (report.verdict() != Verdict.VALID) {
                throw new IllegalStateException(name + " does not validate: " + report.summary(Locale.ENGLISH));
            }
        }
    }

    interface Step {
        void run() throws Exception;
    }

    private static void timed(String what, Step step) throws Exception {
        long t = System.nanoTime();
        step.run();
        System.out.printf(Locale.ROOT, "  %-55s %6.1f s%n", what, (System.nanoTime() - t) / 1e9);
        System.out.flush();
    }

    static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    /** What a benchmark JVM needs from the fixtures: files, the signer's key, the root, the TSA. */
    static final class Env {
        final Path dir;
        final URI tsa;
        final Path p12;
        final Path passwordFile;
        final PrivateKey privateKey;
        final List<X509Certificate> chain;
        final X509Certificate root;

        private Env(Path dir) throws Exception {
            this.dir = dir;
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(dir.resolve("fixtures.properties"))) {
                props.load(in);
            }
            tsa = URI.create(props.getProperty("tsa"));
            p12 = Path.of(props.getProperty("p12"));
            passwordFile = Path.of(props.getProperty("password"));
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                store.load(in, PASSWORD);
            }
            String alias = store.aliases().nextElement();
            privateKey = (PrivateKey) store.getKey(alias, PASSWORD);
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate c : store.getCertificateChain(alias)) {
                certificates.add((X509Certificate) c);
            }
            chain = List.copyOf(certificates);
            try (InputStream in = Files.newInputStream(Path.of(props.getProperty("root")))) {
                root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
        }

        private static Env instance;

        /** The fixtures of this run: the folder named by {@code KYSO_BENCH_DIR} (or {@code -Dkyso.bench.dir}). */
        static synchronized Env get() {
            if (instance == null) {
                String dir = System.getProperty("kyso.bench.dir", System.getenv("KYSO_BENCH_DIR"));
                if (dir == null || !Files.isRegularFile(Path.of(dir, "fixtures.properties"))) {
                    throw new IllegalStateException("No fixtures: run benchmarks/run, or start 'java -cp benchmarks.jar"
                            + " org.kyso.benchmarks.Fixtures DIR' and set KYSO_BENCH_DIR=DIR (" + dir + ")");
                }
                try {
                    instance = new Env(Path.of(dir));
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot read the fixtures in " + dir + ": " + e, e);
                }
            }
            return instance;
        }

        Path file(String relative) {
            return dir.resolve(relative);
        }

        /** A fresh empty folder under DIR/out for one benchmark's outputs. */
        Path outFolder(String name) throws IOException {
            Path folder = dir.resolve("out").resolve(name + "-" + ProcessHandle.current().pid());
            Files.createDirectories(folder);
            return folder;
        }
    }
}
