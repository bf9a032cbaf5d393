package org.kyso.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.KysoException;
import org.kyso.core.Revocation;
import org.kyso.core.SigningKey;
import org.kyso.core.SoftwareKey;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.pdf.Appearance;
import org.kyso.pdf.PdfSigner;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;
import org.kyso.xml.XmlFormat;
import org.kyso.xml.XmlSigner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz suite (issue 8, item 1): mutated PDF and XML documents, made from the shared corpus and
 * from documents KySo signed itself ({@link Seeds}, {@link Mutator}), go through the validator
 * ({@link Validator#validate(byte[], String)} and {@link Validator#validate(Path, Path...)}) and the
 * signers' input parsing ({@link PdfSigner#sign(byte[])}, {@link XmlSigner#sign(byte[], String)} with a
 * testkit software key). Every call must end within {@value Harness#DEADLINE_SECONDS} s with a report
 * (validation) or a typed {@link KysoException} (signing): never another exception, an
 * {@link OutOfMemoryError}, a thread left behind, or a connection to the loopback trap listener that
 * mutants name in entities, DTDs, references and transforms.
 *
 * <pre>
 * mvn -B -pl reliability test -Dtest=FuzzTest                          # CI size: 1,000 inputs
 * mvn -B -pl reliability test -Dtest=FuzzTest -Dkyso.fuzz.count=10000  # nightly size
 * mvn -B -pl reliability test -Dtest=FuzzTest -Dkyso.fuzz.seed=42      # another seed
 * </pre>
 *
 * It prints the seed, and at the end {@code RELIABILITY fuzz suite=reliability/FuzzTest inputs=N hangs=0 untyped=0 threads=0 ...}
 * (also written to {@code target/reliability/fuzz.txt}, with each failure). A failing input is kept
 * under {@code target/reliability/failures/}; the seed and input number reproduce it.
 */
class FuzzTest {

    static final long DEFAULT_SEED = 20260308L;

    @TempDir
    Path dir;

    @Test
    void mutatedDocumentsGetAReportOrATypedErrorInTime() throws Exception {
        long seed = Long.getLong("kyso.fuzz.seed", DEFAULT_SEED);
        int count = Integer.getInteger("kyso.fuzz.count", 1000);
        long maxSeedBytes = Long.getLong("kyso.fuzz.maxSeedBytes", 300_000L);
        int lanes = Integer.getInteger("kyso.fuzz.threads", Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
        Path corpus = Corpus.folder();
        System.out.println("fuzz: seed=" + seed + " inputs=" + count + " threads=" + lanes + " corpus=" + corpus
                + " (reproduce with -Dkyso.fuzz.seed=" + seed + ")");

        try (TestPki pki = TestPki.builder().start(); Harness harness = new Harness()) {
            Leaf leaf = pki.issue(LeafSpec.builder().subject("CN=Fuzz Signer, O=KySo, C=VN").build());
            SigningKey key = SoftwareKey.of(leaf.privateKey(), leaf.chain());
            List<Seeds.Seed> seeds = Seeds.all(corpus, maxSeedBytes);
            List<byte[]> pdfDonors = seeds.stream().filter(s -> s.kind() == Mutator.Kind.PDF).map(Seeds.Seed::data).toList();
            List<byte[]> xmlDonors = seeds.stream().filter(s -> s.kind() == Mutator.Kind.XML).map(Seeds.Seed::data).toList();
            List<Seeds.Seed> kyso = seeds.stream().filter(s -> s.name().startsWith("kyso/")).toList();
            Mutator mutator = new Mutator(pdfDonors, xmlDonors, harness.trapUrl());
            Targets targets = new Targets(key, dir);

            // Warm-up on the unmutated KySo seeds: class loading, DSS's and PDFBox's one-time setup.
            ExecutorService warm = harness.newWorker();
            for (Seeds.Seed s : kyso) {
                for (Op op : Op.values()) {
                    if (op.kind == s.kind()) {
                        warm = targets.call(harness, warm, op, s.data(), "warm-up " + s.name() + " " + op);
                    }
                }
            }
            assertThat(harness.failures()).as("warm-up on unmutated documents").isEmpty();
            harness.baseline();

            Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
            AtomicInteger next = new AtomicInteger();
            long started = System.nanoTime();
            ExecutorService drivers = Executors.newFixedThreadPool(lanes, r -> {
                Thread t = new Thread(r, "kyso-fuzz-driver");
                t.setDaemon(true);
                return t;
            });
            List<Future<?>> running = new ArrayList<>();
            for (int lane = 0; lane < lanes; lane++) {
                running.add(drivers.submit(() -> {
                    ExecutorService worker = harness.newWorker();
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        Random r = new Random(seed * 0x9E3779B97F4A7C15L + i);
                        Seeds.Seed s = r.nextInt(4) == 0 ? kyso.get(r.nextInt(kyso.size())) : seeds.get(r.nextInt(seeds.size()));
                        Mutator.Mutant mutant = mutator.mutate(r, s.data(), s.kind());
                        Op op = Op.pick(r, s.kind());
                        String input = "#" + i + " " + op + " of " + s.name() + ": " + mutant.description();
                        int before = harness.failures().size();
                        worker = targets.call(harness, worker, op, mutant.data(), input);
                        outcomes.computeIfAbsent(op + " " + targets.lastOutcome(), k -> new LongAdder()).increment();
                        if (harness.failures().size() > before) {
                            Harness.keep("fuzz-" + seed + "-" + i + (s.kind() == Mutator.Kind.PDF ? ".pdf" : ".xml"), mutant.data());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            drivers.shutdown();
            drivers.awaitTermination(10, TimeUnit.SECONDS);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            List<String> leftover = harness.leftoverThreads();
            List<Harness.Failure> failures = harness.failures();
            long hangs = harness.count("hang");
            long untyped = harness.count("untyped");
            long oom = harness.count("oom");
            String line = "RELIABILITY fuzz suite=reliability/FuzzTest inputs=" + count + " hangs=" + hangs + " untyped=" + untyped + " threads=" + leftover.size()
                    + " oom=" + oom + " connections=" + harness.trapConnections() + " seed=" + seed + " seconds=" + seconds;
            List<String> details = new ArrayList<>();
            outcomes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> details.add("outcome " + e.getKey() + ": " + e.getValue()));
            failures.forEach(f -> details.add("FAILURE " + f));
            leftover.forEach(t -> details.add("LEFTOVER THREAD " + t));
            harness.allowedThreads().forEach(t -> details.add("allowed new thread " + t));
            Harness.summary("fuzz.txt", line, details);
            details.stream().filter(d -> d.startsWith("outcome")).forEach(d -> System.out.println("fuzz: " + d));

            assertThat(failures).as("hangs, untyped exceptions and errors (see target/reliability/fuzz.txt)").isEmpty();
            assertThat(leftover).as("threads left behind").isEmpty();
            assertThat(harness.trapConnections()).as("connections to the loopback trap listener").isZero();
        }
    }

    /** What is done with a mutant. */
    enum Op {
        VALIDATE_PDF(Mutator.Kind.PDF), VALIDATE_PDF_FILE(Mutator.Kind.PDF), SIGN_PDF(Mutator.Kind.PDF),
        SIGN_PDF_VISIBLE(Mutator.Kind.PDF), VALIDATE_XML(Mutator.Kind.XML), VALIDATE_XML_FILE(Mutator.Kind.XML),
        SIGN_XADES(Mutator.Kind.XML), SIGN_XMLDSIG(Mutator.Kind.XML);

        final Mutator.Kind kind;

        Op(Mutator.Kind kind) {
            this.kind = kind;
        }

        /** About half validations from memory, one in six from a file, a third signings. */
        static Op pick(Random r, Mutator.Kind kind) {
            int n = r.nextInt(12);
            if (kind == Mutator.Kind.PDF) {
                return n < 6 ? VALIDATE_PDF : n < 8 ? VALIDATE_PDF_FILE : n < 11 ? SIGN_PDF : SIGN_PDF_VISIBLE;
            }
            return n < 6 ? VALIDATE_XML : n < 8 ? VALIDATE_XML_FILE : n < 10 ? SIGN_XADES : SIGN_XMLDSIG;
        }
    }

    /** The API calls under test, shared by every thread (as KySo's signers and validator are meant to be). */
    static final class Targets {
        private final Validator validator = Validator.builder().revocation(Revocation.offline()).build();
        private final PdfSigner pdfSigner;
        private final PdfSigner visibleSigner;
        private final XmlSigner xades;
        private final XmlSigner xmldsig;
        private final Path dir;
        private final AtomicInteger files = new AtomicInteger();
        private final ThreadLocal<String> last = new ThreadLocal<>();

        Targets(SigningKey key, Path dir) {
            this.dir = dir;
            pdfSigner = PdfSigner.builder().key(key).build();
            visibleSigner = PdfSigner.builder().key(key).appearance(Appearance.builder().page(1).rect(300, 60, 220, 70).build()).build();
            xades = XmlSigner.builder().key(key).build();
            xmldsig = XmlSigner.builder().key(key).format(XmlFormat.XMLDSIG).build();
        }

        /** The last call's outcome on this thread, for the statistics. */
        String lastOutcome() {
            return String.valueOf(last.get());
        }

        ExecutorService call(Harness harness, ExecutorService worker, Op op, byte[] data, String input) {
            last.set("FAILED");
            Harness.Thrown typed = t -> {
                if (t instanceof KysoException) {
                    last.set(t.getClass().getSimpleName());
                    return null;
                }
                return "not a KysoException: " + t.getClass().getName();
            };
            switch (op) {
                case VALIDATE_PDF, VALIDATE_XML, VALIDATE_PDF_FILE, VALIDATE_XML_FILE -> {
                    boolean file = op == Op.VALIDATE_PDF_FILE || op == Op.VALIDATE_XML_FILE;
                    String ext = op.kind == Mutator.Kind.PDF ? ".pdf" : ".xml";
                    ExecutorService next = harness.run(worker, input, () -> {
                        if (!file) {
                            return validator.validate(data, "fuzz" + ext);
                        }
                        Path p = Files.write(dir.resolve("fuzz-" + files.incrementAndGet() + ext), data);
                        try {
                            return validator.validate(p);
                        } finally {
                            Files.deleteIfExists(p);
                        }
                    }, report -> {
                        String wrong = judge(report);
                        if (wrong == null) {
                            last.set(report.verdict() + report.error().map(e -> " " + e.key()).orElse(""));
                        }
                        return wrong;
                    }, t -> "validation threw (it must answer with a report): " + t.getClass().getName());
                    return next;
                }
                default -> {
                    ExecutorService next = harness.run(worker, input, () -> switch (op) {
                        case SIGN_PDF -> pdfSigner.sign(data);
                        case SIGN_PDF_VISIBLE -> visibleSigner.sign(data);
                        case SIGN_XADES -> xades.sign(data, "fuzz.xml");
                        default -> xmldsig.sign(data, "fuzz.xml");
                    }, signed -> {
                        if (signed == null || signed.length == 0) {
                            return "signing returned nothing";
                        }
                        if (op.kind == Mutator.Kind.PDF && (signed.length <= data.length
                                || !Arrays.equals(signed, 0, data.length, data, 0, data.length))) {
                            return "the signed PDF does not keep the input's bytes (an incremental update must)";
                        }
                        last.set("signed");
                        return null;
                    }, typed);
                    return next;
                }
            }
        }

        private static String judge(ValidationReport report) {
            if (report == null) {
                return "validation returned null";
            }
            if (report.verdict() == null) {
                return "a report without verdict";
            }
            if (report.verdict() == Verdict.ERROR && report.error().isEmpty()) {
                return "an ERROR report without error message";
            }
            if (report.error().filter(e -> "kyso.internal".equals(e.key())).isPresent()) {
                return "KySo reported an internal error: " + report.error().get().english();
            }
            report.toJson(Locale.ENGLISH);
            report.summary(Locale.forLanguageTag("vi"));
            return null;
        }
    }
}
