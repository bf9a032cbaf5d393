package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.Modification;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.pdf.internal.PadesServices;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

/**
 * KySo renders and compares a PDF's pages after signing only where its verdict can depend on them
 * ({@code internal.FileBackedSignatureService}): never for the last signature of a file, nor after
 * revisions that only add signatures or fill form fields; always after revisions that only add
 * validation data or annotations, and for every signature under a custom validation policy. The
 * verdicts are those of the full comparison in every case.
 */
class PageComparisonTest {

    private static TestPki pki;
    private static Leaf first;
    private static Leaf second;
    private static Validator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        first = pki.issue(LeafSpec.builder().subject("CN=Nguyen Van An, O=UBND Xa Dai An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        second = pki.issue(LeafSpec.builder().subject("CN=Tran Thi Binh, O=UBND Xa Dai An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        validator = Validator.builder().trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.online().build()).build();
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    /** A validator like {@link #validator} with DSS's default policy given as a custom policy file. */
    private Validator withPolicyFile() throws Exception {
        Path policy = dir.resolve("constraint.xml");
        try (InputStream in = getClass().getResourceAsStream("/policy/constraint.xml")) {
            Files.copy(in, policy);
        }
        return validator.toBuilder().policy(policy).build();
    }

    private Path signed(Path in, Leaf leaf, String name, Appearance appearance) throws Exception {
        Path out = dir.resolve(name);
        PdfSigner.Builder builder = PdfSigner.builder().key(SoftwareKey.of(leaf.privateKey(), leaf.chain()));
        if (appearance != null) {
            builder.appearance(appearance);
        }
        builder.build().sign(in, out);
        return out;
    }

    private Path letter() throws Exception {
        return TestPdfs.write(dir, "letter.pdf", "Cong van so 12/UBND", 1);
    }

    /** The pages rendered while {@code job} runs, and its result. */
    private static <T> Rendered<T> rendered(Supplier<T> job) {
        long before = PadesServices.pagesRendered();
        T result = job.get();
        return new Rendered<>(result, PadesServices.pagesRendered() - before);
    }

    private record Rendered<T>(T result, long pages) {
    }

    private static List<Modification> modifications(ValidationReport report) {
        return report.signatures().stream().map(SignatureReport::modifiedAfterSigning).toList();
    }

    @Test
    void theLastSignatureOfAFileIsNotCompared() throws Exception {
        Path once = signed(letter(), first, "once.pdf", null);

        Rendered<ValidationReport> skipped = rendered(() -> validator.validate(once));
        Validator custom = withPolicyFile();
        Rendered<ValidationReport> full = rendered(() -> custom.validate(once));

        assertThat(skipped.pages()).isZero();
        assertThat(full.pages()).as("DSS's comparison under a custom policy").isPositive();
        assertThat(skipped.result().verdict()).isEqualTo(full.result().verdict()).hasToString("VALID");
        assertThat(modifications(skipped.result())).isEqualTo(modifications(full.result())).containsExactly(Modification.NONE);
    }

    @Test
    void signaturesAddedLaterAreNotCompared() throws Exception {
        Path once = signed(letter(), first, "once.pdf", null);
        Path twice = signed(once, second, "twice.pdf",
                Appearance.builder().page(1).rect(300, 60, 200, 60).build());

        Rendered<ValidationReport> skipped = rendered(() -> validator.validate(twice));
        Validator custom = withPolicyFile();
        Rendered<ValidationReport> full = rendered(() -> custom.validate(twice));

        assertThat(skipped.pages()).isZero();
        assertThat(full.pages()).isPositive();
        assertThat(modifications(skipped.result())).isEqualTo(modifications(full.result()))
                .containsExactly(Modification.PERMITTED, Modification.NONE);
        assertThat(skipped.result().verdict()).isEqualTo(full.result().verdict());
        assertThat(skipped.result().signatures().get(0).changesAfterSigning())
                .isEqualTo(full.result().signatures().get(0).changesAfterSigning());
    }

    @Test
    void validationDataAddedLaterIsCompared() throws Exception {
        Path once = signed(letter(), first, "once.pdf", null);
        Path lt = dir.resolve("lt.pdf");
        PdfExtender.builder().level(PadesLevel.LT).timestamping(Tsa.rfc3161(pki.tsaUrl()))
                .trust(TrustAnchors.of(pki.root().certificate())).build().extend(once, lt);

        Rendered<ValidationReport> report = rendered(() -> validator.validate(lt));

        assertThat(report.pages()).as("a revision of validation data only: the pages are what tells"
                + " it from one that changed content behind it").isPositive();
        assertThat(modifications(report.result())).contains(Modification.PERMITTED);
    }

    @Test
    void annotationsAddedLaterAreCompared() throws Exception {
        Path once = signed(letter(), first, "once.pdf", null);
        Path annotated = PdfChecks.edit(once, dir.resolve("annotated.pdf"), d -> PdfChecks.annotate(d, 0));

        Rendered<ValidationReport> report = rendered(() -> validator.validate(annotated));

        assertThat(report.pages()).isPositive();
        assertThat(modifications(report.result())).containsExactly(Modification.PERMITTED);
    }
}
