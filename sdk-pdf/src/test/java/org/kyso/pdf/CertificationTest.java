package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import eu.europa.esig.dss.enumerations.CertificationPermission;
import eu.europa.esig.dss.enumerations.PdfLockAction;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.kyso.core.KysoException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.Modification;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SignatureReport;
import org.kyso.core.SigningKey;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

/** Certification (DocMDP), approval signatures after it, and field locks (FieldMDP). */
class CertificationTest {

    private static TestPki pki;
    private static Leaf certifier;
    private static Leaf approver;
    private static Validator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        certifier = pki.issue(LeafSpec.builder().subject("CN=Văn thư UBND Xã Đại An, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.RSA_2048).build());
        approver = pki.issue(LeafSpec.builder().subject("CN=Trần Thị Bình, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        validator = Validator.builder()
                .trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.online().build())
                .build();
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    private static SoftwareKey key(Leaf leaf) {
        return SoftwareKey.of(leaf.privateKey(), leaf.chain());
    }

    private Path unsigned() throws Exception {
        return TestPdfs.write(dir, "in.pdf", "Quyet dinh so 45/QD-UBND", 1);
    }

    private Path certify(Certification level) throws Exception {
        Path certified = dir.resolve("certified-" + level + ".pdf");
        PdfSigner.builder().key(key(certifier)).certify(level).build().sign(unsigned(), certified);
        return certified;
    }

    @ParameterizedTest
    @EnumSource(Certification.class)
    void certifiesWithTheChosenDocMdpLevel(Certification level) throws Exception {
        Path certified = certify(level);

        ValidationReport report = validator.validate(certified);
        assertThat(report.verdict()).as(PdfChecks.describe(report)).isEqualTo(Verdict.VALID);
        SignatureReport s = report.signatures().get(0);
        assertThat(PdfChecks.dss(report, s.id()).getDocMDPPermissions())
                .isEqualTo(CertificationPermission.fromCode(level.permission()));
        try (PDDocument pdf = Loader.loadPDF(certified.toFile())) {
            COSDictionary perms = pdf.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PERMS);
            assertThat(perms).as("/Perms in the catalog").isNotNull();
            COSDictionary reference = (COSDictionary) perms.getCOSDictionary(COSName.DOCMDP)
                    .getCOSArray(COSName.REFERENCE).getObject(0);
            assertThat(reference.getCOSDictionary(COSName.TRANSFORM_PARAMS).getInt(COSName.P)).isEqualTo(level.permission());
        }
        PdfChecks.assertPdfsigAccepts(certified, 1);
    }

    @Test
    void refusesToCertifyAPdfThatIsAlreadySigned() throws Exception {
        Path signed = dir.resolve("signed.pdf");
        PdfSigner.builder().key(key(approver)).build().sign(unsigned(), signed);
        Path out = dir.resolve("never.pdf");

        assertThatThrownBy(() -> PdfSigner.builder().key(key(certifier)).certify(Certification.FORM_FILLING).build()
                .sign(signed, out))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining(signed.toString())
                .hasMessageContaining("only the first signature of a document can certify it");
        assertThat(out).doesNotExist();
    }

    @Test
    void refusesApprovalSignatureOnNoChangesCertificationBeforeSigning() throws Exception {
        Path certified = certify(Certification.NO_CHANGES);
        Path out = dir.resolve("never.pdf");
        CountingKey counting = new CountingKey(key(approver));

        assertThatThrownBy(() -> PdfSigner.builder().key(counting).build().sign(certified, out))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining(certified.toString())
                .hasMessageContaining("certified with 'no changes allowed'");
        assertThat(counting.uses).as("the key was never asked to sign").hasValue(0);
        assertThat(out).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = Certification.class, names = {"FORM_FILLING", "ANNOTATIONS"})
    void allowsApprovalSignatureAfterCertificationThatPermitsIt(Certification level) throws Exception {
        Path certified = certify(level);
        Path approved = dir.resolve("approved.pdf");

        PdfSigner.builder().key(key(approver)).appearance(Appearance.builder().page(1).rect(300, 60, 220, 70).build())
                .build().sign(certified, approved);

        ValidationReport report = validator.validate(approved);
        assertThat(report.verdict()).as(PdfChecks.describe(report)).isEqualTo(Verdict.VALID);
        assertThat(report.signatures()).extracting(SignatureReport::modifiedAfterSigning)
                .containsExactly(Modification.PERMITTED, Modification.NONE);
        assertThat(report.signatures()).allSatisfy(s -> assertThat(s.integrity()).isTrue());
        assertThat(report.signatures().get(0).signer().subject()).contains("Văn thư");
        PdfChecks.assertPdfsigAccepts(approved, 2);
    }

    @Test
    void locksNamedFieldsAndTheValidatorReportsALaterChangeToThem() throws Exception {
        Path form = PdfChecks.formPdf(dir, "form.pdf");
        Path signed = dir.resolve("locked.pdf");
        PdfSigner.builder().key(key(certifier)).lockFields(FieldLock.only("so_tien")).build().sign(form, signed);

        ValidationReport clean = validator.validate(signed);
        assertThat(clean.verdict()).as(PdfChecks.describe(clean)).isEqualTo(Verdict.VALID);
        var dss = PdfChecks.dss(clean, clean.signatures().get(0).id());
        assertThat(dss.getFieldMDP()).as("FieldMDP in the signature's /Reference, as DSS reads it").isNotNull();
        assertThat(dss.getFieldMDP().getAction()).isEqualTo(PdfLockAction.INCLUDE);
        assertThat(dss.getFieldMDP().getFields()).containsExactly("so_tien");
        assertThat(dss.getSigFieldLock()).as("/Lock on the new signature field, as DSS reads it").isNotNull();
        assertThat(dss.getSigFieldLock().getFields()).containsExactly("so_tien");
        PdfChecks.assertPdfsigAccepts(signed, 1);

        Path changed = PdfChecks.fillField(signed, dir.resolve("changed.pdf"), "so_tien", "9.000.000");
        ValidationReport report = validator.validate(changed);
        SignatureReport s = report.signatures().get(0);
        assertThat(s.integrity()).as("the signed bytes themselves are intact").isTrue();
        assertThat(s.warnings()).as(PdfChecks.describe(report))
                .anySatisfy(w -> assertThat(w.key()).isEqualTo("BBB_FC_ISVAFMDPD_ANS"))
                .anySatisfy(w -> assertThat(w.key()).isEqualTo("BBB_FC_ISVASFLD_ANS"));
        assertThat(s.modifiedAfterSigning()).as("the new value also changes how the page looks")
                .isEqualTo(Modification.NOT_PERMITTED);
        assertThat(strictFieldMdpValidator().validate(changed).verdict()).isEqualTo(Verdict.INVALID);

        Path free = PdfChecks.fillField(signed, dir.resolve("free.pdf"), "ghi_chu", "da xem");
        ValidationReport unlocked = strictFieldMdpValidator().validate(free);
        assertThat(unlocked.signatures().get(0).warnings()).as(PdfChecks.describe(unlocked))
                .noneSatisfy(w -> assertThat(w.key()).isEqualTo("BBB_FC_ISVAFMDPD_ANS"));
        assertThat(unlocked.signatures().get(0).subIndication()).isNotEqualTo("FORMAT_FAILURE");
        assertThat(validator.validate(free).signatures().get(0).modifiedAfterSigning())
                .as("filling a field the signature does not lock is permitted")
                .isEqualTo(Modification.PERMITTED);
    }

    @Test
    void formFillingAfterAFormFillingCertificationIsPermitted() throws Exception {
        Path signed = dir.resolve("certified.pdf");
        PdfSigner.builder().key(key(certifier)).certify(Certification.FORM_FILLING).build()
                .sign(PdfChecks.formPdf(dir, "form.pdf"), signed);

        Path filled = PdfChecks.fillField(signed, dir.resolve("filled.pdf"), "ghi_chu", "da xem");

        ValidationReport report = validator.validate(filled);
        assertThat(report.signatures().get(0).modifiedAfterSigning()).as(PdfChecks.describe(report))
                .isEqualTo(Modification.PERMITTED);
        assertThat(report.signatures().get(0).integrity()).isTrue();
        assertThat(report.verdict()).isNotEqualTo(Verdict.INVALID);
    }

    @Test
    void reportsAChangeToALockedFieldThatLeavesNoVisualTrace() throws Exception {
        Path form = PdfChecks.formPdf(dir, "hidden.pdf", true);
        Path signed = dir.resolve("locked.pdf");
        PdfSigner.builder().key(key(certifier)).lockFields(FieldLock.only("so_tien")).build().sign(form, signed);

        Path changed = PdfChecks.fillField(signed, dir.resolve("changed.pdf"), "so_tien", "9.000.000");

        ValidationReport report = validator.validate(changed);
        assertThat(report.signatures().get(0).warnings()).as(PdfChecks.describe(report))
                .anySatisfy(w -> assertThat(w.key()).isEqualTo("BBB_FC_ISVAFMDPD_ANS"))
                .noneSatisfy(w -> assertThat(w.key()).isEqualTo("BBB_FC_IVDBSFR_ANS"));
        assertThat(report.signatures().get(0).modifiedAfterSigning()).isEqualTo(Modification.NOT_PERMITTED);
        ValidationReport strict = strictFieldMdpValidator().validate(changed);
        assertThat(strict.verdict()).as(PdfChecks.describe(strict)).isEqualTo(Verdict.INVALID);
        assertThat(strict.signatures().get(0).subIndication()).isEqualTo("FORMAT_FAILURE");
    }

    @Test
    void locksAllFieldsWithACertification() throws Exception {
        Path form = PdfChecks.formPdf(dir, "form.pdf");
        Path signed = dir.resolve("locked-all.pdf");
        PdfSigner.builder().key(key(certifier)).certify(Certification.FORM_FILLING).lockFields(FieldLock.all())
                .build().sign(form, signed);

        ValidationReport report = validator.validate(signed);
        assertThat(report.verdict()).as(PdfChecks.describe(report)).isEqualTo(Verdict.VALID);
        var dss = PdfChecks.dss(report, report.signatures().get(0).id());
        assertThat(dss.getDocMDPPermissions()).isEqualTo(CertificationPermission.MINIMAL_CHANGES_PERMITTED);
        assertThat(dss.getFieldMDP().getAction()).isEqualTo(PdfLockAction.ALL);
        PdfChecks.assertPdfsigAccepts(signed, 1);

        Path changed = PdfChecks.fillField(signed, dir.resolve("changed.pdf"), "ghi_chu", "sua");
        assertThat(validator.validate(changed).signatures().get(0).modifiedAfterSigning())
                .isEqualTo(Modification.NOT_PERMITTED);
    }

    @Test
    void dssAddsNoSignatureAfterOneThatLocksAllFields() throws Exception {
        Path signed = dir.resolve("locked-all.pdf");
        PdfSigner.builder().key(key(certifier)).lockFields(FieldLock.all()).build().sign(PdfChecks.formPdf(dir, "f.pdf"), signed);
        Path out = dir.resolve("never.pdf");

        assertThatThrownBy(() -> PdfSigner.builder().key(key(approver)).build().sign(signed, out))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("FieldMDP");
        assertThat(out).doesNotExist();
    }

    @Test
    void threeSignaturesInARowStayValid() throws Exception {
        Leaf rsa2 = pki.issue(LeafSpec.builder().subject("CN=Lê Văn Cường, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.RSA_2048).build());
        Path one = dir.resolve("one.pdf");
        Path two = dir.resolve("two.pdf");
        Path three = dir.resolve("three.pdf");

        PdfSigner.builder().key(key(certifier)).build().sign(unsigned(), one);
        PdfSigner.builder().key(key(approver)).appearance(Appearance.builder().rect(36, 36, 200, 60).build())
                .build().sign(one, two);
        PdfSigner.builder().key(key(rsa2)).timestamping(org.kyso.core.Tsa.rfc3161(pki.tsaUrl()))
                .appearance(Appearance.builder().rect(300, 36, 200, 60).build()).build().sign(two, three);

        ValidationReport report = validator.validate(three);
        assertThat(report.verdict()).as(PdfChecks.describe(report)).isEqualTo(Verdict.VALID);
        assertThat(report.signatures()).hasSize(3);
        assertThat(report.signatures()).allSatisfy(s -> assertThat(s.integrity()).isTrue());
        assertThat(report.signatures()).extracting(SignatureReport::modifiedAfterSigning)
                .containsExactly(Modification.PERMITTED, Modification.PERMITTED, Modification.NONE);
        assertThat(report.signatures()).extracting(SignatureReport::format)
                .containsExactly("PAdES-BASELINE-B", "PAdES-BASELINE-B", "PAdES-BASELINE-T");
        assertThat(report.signatures().get(1).signer().subject()).contains("Trần Thị Bình");
        PdfChecks.assertPdfsigAccepts(three, 3);
    }

    /** DSS's default policy with the FieldMDP check raised from WARN to FAIL. */
    private Validator strictFieldMdpValidator() throws Exception {
        String policy;
        try (InputStream in = getClass().getResourceAsStream("/policy/constraint.xml")) {
            assertThat(in).as("DSS default policy on the class path").isNotNull();
            policy = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(policy).contains("<FieldMDP Level=\"WARN\" />");
        Path file = dir.resolve("strict-policy.xml");
        Files.writeString(file, policy.replace("<FieldMDP Level=\"WARN\" />", "<FieldMDP Level=\"FAIL\" />"));
        return validator.toBuilder().policy(file).build();
    }

    /** Counts how often a key is asked to sign. */
    private static final class CountingKey implements SigningKey {
        private final SigningKey key;
        final AtomicInteger uses = new AtomicInteger();

        CountingKey(SigningKey key) {
            this.key = key;
        }

        @Override
        public java.util.List<java.security.cert.X509Certificate> certificateChain() {
            return key.certificateChain();
        }

        @Override
        public byte[] sign(SignatureAlgorithm algorithm, byte[] data) throws KysoException {
            uses.incrementAndGet();
            return key.sign(algorithm, data);
        }

        @Override
        public void close() {
            key.close();
        }
    }
}
