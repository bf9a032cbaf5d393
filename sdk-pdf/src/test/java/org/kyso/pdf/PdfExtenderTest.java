package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.Indication;
import org.kyso.core.KysoIOException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.Modification;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TimestampException;
import org.kyso.core.TimestampReport;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.testkit.Endpoint;
import org.kyso.testkit.Failure;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

/** Extension B → T → LT → LTA of KySo-signed PDFs and of PDFs signed by other products. */
class PdfExtenderTest {

    private static TestPki pki;
    private static Leaf signer;
    private static Validator validator;
    private static Tsa tsa;
    private static TrustAnchors roots;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        signer = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.RSA_2048).build());
        roots = TrustAnchors.of(pki.root().certificate());
        validator = Validator.builder().trust(roots).revocation(Revocation.online().build()).build();
        tsa = Tsa.rfc3161(pki.tsaUrl());
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    @AfterEach
    void servicesBackUp() {
        pki.failures(Endpoint.TSA, Failure.NONE);
    }

    private Path signedAtB(String name) throws Exception {
        Path in = TestPdfs.write(dir, "in-" + name, "Cong van so 7/UBND", 1);
        Path out = dir.resolve(name);
        PdfSigner.builder().key(SoftwareKey.of(signer.privateKey(), signer.chain()))
                .appearance(Appearance.builder().build()).build().sign(in, out);
        return out;
    }

    private static PdfExtender extender(PadesLevel level) {
        return PdfExtender.builder().level(level).timestamping(tsa).trust(roots).build();
    }

    private static ValidationReport validVerdict(Path pdf) {
        ValidationReport report = validator.validate(pdf);
        assertThat(report.verdict()).as(PdfChecks.describe(report)).isEqualTo(Verdict.VALID);
        return report;
    }

    @Test
    void extendsKysoSignatureStepByStepFromBToLta() throws Exception {
        Path b = signedAtB("b.pdf");
        byte[] signedBytes = Files.readAllBytes(b);
        Path t = dir.resolve("t.pdf");
        Path lt = dir.resolve("lt.pdf");
        Path lta = dir.resolve("lta.pdf");

        extender(PadesLevel.T).extend(b, t);
        ValidationReport atT = validVerdict(t);
        assertThat(atT.signatures()).singleElement().satisfies(s -> {
            assertThat(s.format()).isEqualTo("PAdES-BASELINE-T");
            assertThat(s.integrity()).isTrue();
            assertThat(s.modifiedAfterSigning()).isEqualTo(Modification.PERMITTED);
        });
        assertThat(atT.documentTimestamps()).singleElement().satisfies(ts -> assertThat(ts.integrity()).isTrue());
        assertThat(Files.readAllBytes(t)).as("extension is an incremental update").startsWith(signedBytes);
        PdfChecks.assertPdfsigAccepts(t, 1);

        extender(PadesLevel.LT).extend(t, lt);
        ValidationReport atLt = validVerdict(lt);
        assertThat(atLt.signatures().get(0).format()).isEqualTo("PAdES-BASELINE-LT");
        assertThat(atLt.signatures().get(0).integrity()).isTrue();
        assertThat(Files.readAllBytes(lt)).startsWith(Files.readAllBytes(t));
        PdfChecks.assertPdfsigAccepts(lt, 1);

        extender(PadesLevel.LTA).extend(lt, lta);
        ValidationReport atLta = validVerdict(lta);
        assertThat(atLta.signatures().get(0).format()).isEqualTo("PAdES-BASELINE-LTA");
        assertThat(atLta.signatures().get(0).integrity()).isTrue();
        assertThat(atLta.documentTimestamps()).hasSize(2).allSatisfy(ts -> assertThat(ts.integrity()).isTrue());
        assertThat(Files.readAllBytes(lta)).startsWith(Files.readAllBytes(lt));
        PdfChecks.assertPdfsigAccepts(lta, 1);
    }

    @Test
    void extendsFromBStraightToLtaAndRenewsLta() throws Exception {
        Path b = signedAtB("b.pdf");
        Path lta = dir.resolve("lta.pdf");
        Path renewed = dir.resolve("lta-2.pdf");

        extender(PadesLevel.LTA).extend(b, lta);
        extender(PadesLevel.LTA).extend(lta, renewed);

        ValidationReport report = validVerdict(renewed);
        assertThat(report.signatures().get(0).format()).isEqualTo("PAdES-BASELINE-LTA");
        assertThat(report.documentTimestamps().size()).isGreaterThan(validator.validate(lta).documentTimestamps().size());
        assertThat(report.documentTimestamps()).allSatisfy(ts -> assertThat(ts.integrity()).isTrue());
        PdfChecks.assertPdfsigAccepts(renewed, 1);
    }

    @Test
    void extendsCertifiedNoChangesDocumentWithoutBreakingItsCertification() throws Exception {
        Path in = TestPdfs.write(dir, "in.pdf", "Ban sao", 1);
        Path certified = dir.resolve("certified.pdf");
        PdfSigner.builder().key(SoftwareKey.of(signer.privateKey(), signer.chain())).certify(Certification.NO_CHANGES)
                .build().sign(in, certified);
        Path lta = dir.resolve("certified-lta.pdf");

        extender(PadesLevel.LTA).extend(certified, lta);

        ValidationReport report = validVerdict(lta);
        assertThat(report.signatures().get(0).modifiedAfterSigning()).isEqualTo(Modification.PERMITTED);
        assertThat(report.signatures().get(0).format()).isEqualTo("PAdES-BASELINE-LTA");
        PdfChecks.assertPdfsigAccepts(lta, 1);
    }

    @Test
    void extendsInMemoryPdf() throws Exception {
        byte[] signed = Files.readAllBytes(signedAtB("b.pdf"));

        byte[] extended = extender(PadesLevel.T).extend(signed);

        assertThat(extended).startsWith(signed);
        ValidationReport report = validator.validate(extended, "memory.pdf");
        assertThat(report.verdict()).as(PdfChecks.describe(report)).isEqualTo(Verdict.VALID);
        assertThat(report.signatures().get(0).format()).isEqualTo("PAdES-BASELINE-T");
    }

    @Test
    void extendsToLtWithoutTsaWhenEverySignatureHasItsTimestamp() throws Exception {
        Path t = dir.resolve("t.pdf");
        extender(PadesLevel.T).extend(signedAtB("b.pdf"), t);
        Path lt = dir.resolve("lt.pdf");

        PdfExtender.builder().level(PadesLevel.LT).trust(roots).build().extend(t, lt);

        assertThat(validVerdict(lt).signatures().get(0).format()).isEqualTo("PAdES-BASELINE-LT");
    }

    @Test
    void asksForTsaWhenLtExtensionMeetsAnUntimestampedSignature() throws Exception {
        Path b = signedAtB("b.pdf");
        Path out = dir.resolve("never.pdf");

        assertThatThrownBy(() -> PdfExtender.builder().level(PadesLevel.LT).trust(roots).build().extend(b, out))
                .isInstanceOf(TimestampException.class)
                .hasMessageContaining("needs one first")
                .hasMessageContaining("--tsa");
        assertThat(out).doesNotExist();
    }

    @Test
    void extendsPdfSignedByAnotherProductToT() throws Exception {
        // Adobe Reader signatures (adbe.pkcs7.detached) from pyHanko's test data, certificate valid until 2294.
        Path adobe = corpus("pdf/pyhanko/minimal-two-fields-signed-twice.pdf");
        Path out = dir.resolve("adobe-t.pdf");

        PdfExtender.builder().level(PadesLevel.T).timestamping(tsa).build().extend(adobe, out);

        assertThat(Files.readAllBytes(out)).startsWith(Files.readAllBytes(adobe));
        ValidationReport report = Validator.builder().revocation(Revocation.offline()).build().validate(out);
        assertThat(report.signatures()).as(PdfChecks.describe(report)).hasSize(2)
                .allSatisfy(s -> assertThat(s.integrity()).isTrue())
                .allSatisfy(s -> assertThat(s.indication()).isNotEqualTo(Indication.TOTAL_FAILED));
        assertThat(report.documentTimestamps()).singleElement().extracting(TimestampReport::integrity).isEqualTo(true);
        assertThat(report.signatures().get(1).bestSignatureTime()).as("now proven by the document timestamp")
                .isCloseTo(report.documentTimestamps().get(0).time(), within(1, ChronoUnit.SECONDS));
        PdfChecks.assertPdfsigAccepts(out, 2);
    }

    @Test
    void extendsPadesSignedByAnotherProductToBaselineT() throws Exception {
        // A PAdES signature made with an Estonian ID card (DigiDoc4j test data), certificate valid until 2029.
        Path estonian = corpus("pdf/digidoc4j/valid-pades-esteid2018.pdf");
        Path out = dir.resolve("esteid-t.pdf");

        PdfExtender.builder().level(PadesLevel.T).timestamping(tsa).build().extend(estonian, out);

        ValidationReport report = Validator.builder().revocation(Revocation.offline()).build().validate(out);
        SignatureReport s = report.signatures().get(0);
        assertThat(s.integrity()).as(PdfChecks.describe(report)).isTrue();
        assertThat(s.format()).isEqualTo("PAdES-BASELINE-T");
        assertThat(s.modifiedAfterSigning()).isEqualTo(Modification.PERMITTED);
        PdfChecks.assertPdfsigAccepts(out, 1);
    }

    @Test
    void refusesToExtendSignatureWhoseCertificateExpiredWithoutProofOfExistence() throws Exception {
        // DSS's own PAdES-B sample: good-user's certificate expired on 2025-06-30, the signature has no timestamp.
        Path expired = corpus("pdf/dss/pades-bes.pdf");
        Path out = dir.resolve("never.pdf");

        assertThatThrownBy(() -> PdfExtender.builder().level(PadesLevel.T).timestamping(tsa).build().extend(expired, out))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining(expired.toString())
                .hasMessageContaining("expired");
        assertThat(out).doesNotExist();
    }

    @Test
    void refusesPdfWithoutSignature() throws Exception {
        Path unsigned = TestPdfs.write(dir, "unsigned.pdf", "Chua ky", 1);
        Path out = dir.resolve("never.pdf");

        assertThatThrownBy(() -> extender(PadesLevel.T).extend(unsigned, out))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("no signature to extend");
        assertThat(out).doesNotExist();
    }

    @Test
    void refusesToLowerAnLtaDocumentToT() throws Exception {
        Path lta = dir.resolve("lta.pdf");
        extender(PadesLevel.LTA).extend(signedAtB("b.pdf"), lta);
        Path out = dir.resolve("never.pdf");

        assertThatThrownBy(() -> extender(PadesLevel.T).extend(lta, out))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("higher level");
        assertThat(out).doesNotExist();
    }

    @Test
    void failingTsaLeavesNoOutput() throws Exception {
        Path b = signedAtB("b.pdf");
        Path out = dir.resolve("never.pdf");
        pki.failures(Endpoint.TSA, Failure.HTTP_503);

        assertThatThrownBy(() -> extender(PadesLevel.T).extend(b, out))
                .isInstanceOf(TimestampException.class)
                .hasMessageContaining(pki.tsaUrl().toString());
        assertThat(out).doesNotExist();
    }

    @Test
    void refusesToOverwriteItsInput() throws Exception {
        Path b = signedAtB("b.pdf");
        byte[] before = Files.readAllBytes(b);

        assertThatThrownBy(() -> extender(PadesLevel.T).extend(b, b)).isInstanceOf(KysoIOException.class);
        assertThat(Files.readAllBytes(b)).isEqualTo(before);
    }

    @Test
    void oneExtenderServesManyThreads() throws Exception {
        PdfExtender shared = extender(PadesLevel.LTA);
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inputs.add(signedAtB("b-" + i + ".pdf"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (Path in : inputs) {
                results.add(pool.submit(() -> {
                    Path out = dir.resolve("lta-" + in.getFileName());
                    shared.extend(in, out);
                    return out;
                }));
            }
            for (Future<Path> result : results) {
                ValidationReport report = validVerdict(result.get());
                assertThat(report.signatures().get(0).format()).isEqualTo("PAdES-BASELINE-LTA");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void checksItsSettingsWhenBuilt() {
        assertThatThrownBy(() -> PdfExtender.builder().timestamping(tsa).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("level(");
        assertThatThrownBy(() -> PdfExtender.builder().level(PadesLevel.B).timestamping(tsa).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PdfExtender.builder().level(PadesLevel.LTA).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("timestamping(Tsa)");
        PdfExtender t = PdfExtender.builder().level(PadesLevel.T).timestamping(tsa).build();
        assertThat(t.revocation().isOffline()).as("T checks no revocation by default").isTrue();
        assertThat(t.toBuilder().level(PadesLevel.LTA).build().revocation().isOffline()).isFalse();
    }

    /**
     * A file of the shared conformance corpus: {@code $KYSO_CORPUS}, else {@code ../shared/corpus}
     * beside the repository. Missing: the test is skipped, except in CI where that is a failure.
     */
    static Path corpus(String relative) {
        String configured = System.getenv("KYSO_CORPUS");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured) : repositoryRoot().resolveSibling("shared").resolve("corpus");
        Path file = root.resolve(relative);
        if (!Files.isRegularFile(file)) {
            String message = "Conformance corpus file " + file + " not found: set KYSO_CORPUS to the corpus folder"
                    + " (the one holding manifest.tsv)";
            if ("true".equalsIgnoreCase(System.getenv().getOrDefault("CI", "").trim())) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        return file;
    }

    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("sdk-pdf"))) {
                return p;
            }
        }
        return here;
    }
}
