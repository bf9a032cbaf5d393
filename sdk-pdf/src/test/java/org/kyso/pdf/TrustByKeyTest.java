package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.Indication;
import org.kyso.core.Revocation;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

/** Trust follows keys, not names: a look-alike root with the trusted root's name does not inherit its trust. */
class TrustByKeyTest {

    private static final String ROOT_NAME = "CN=MIC National Root CA, OU=National CA Center, O=Ministry of Information and Communications, C=VN";

    private static TestPki genuine;
    private static TestPki lookAlike;
    private static Validator trustingGenuine;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPkis() {
        genuine = TestPki.builder().rootSubject(ROOT_NAME).start();
        lookAlike = TestPki.builder().rootSubject(ROOT_NAME).start();
        trustingGenuine = Validator.builder().trust(TrustAnchors.of(genuine.root().certificate()))
                .revocation(Revocation.online().build()).build();
    }

    @AfterAll
    static void stopPkis() {
        genuine.close();
        lookAlike.close();
    }

    private Path signedBy(TestPki pki, String name) throws Exception {
        Leaf leaf = pki.issue(LeafSpec.builder().subject("CN=Trần Thị Bình, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        Path in = TestPdfs.write(dir, "in-" + name, "Cong van so 12/UBND", 1);
        Path out = dir.resolve(name);
        PdfSigner.builder().key(SoftwareKey.of(leaf.privateKey(), leaf.chain())).build().sign(in, out);
        return out;
    }

    @Test
    void trustsALeafOfTheGenuineRoot() throws Exception {
        ValidationReport report = trustingGenuine.validate(signedBy(genuine, "genuine.pdf"));

        assertThat(report.signatures()).singleElement()
                .satisfies(s -> assertThat(s.indication()).isEqualTo(Indication.TOTAL_PASSED));
    }

    @Test
    void doesNotTrustALeafOfARootWithTheSameNameAndAnotherKey() throws Exception {
        assertThat(lookAlike.root().certificate().getSubjectX500Principal())
                .isEqualTo(genuine.root().certificate().getSubjectX500Principal());

        ValidationReport report = trustingGenuine.validate(signedBy(lookAlike, "look-alike.pdf"));

        assertThat(report.signatures()).singleElement().satisfies(s -> {
            assertThat(s.integrity()).isTrue();
            assertThat(s.indication()).isEqualTo(Indication.INDETERMINATE);
        });
        assertThat(report.verdict()).isEqualTo(Verdict.INDETERMINATE);
    }

    @Test
    void theVietnamPresetDoesNotTrustATestRoot() throws Exception {
        Validator vietnam = Validator.builder().trust(TrustAnchors.vietnam()).revocation(Revocation.online().build()).build();

        ValidationReport report = vietnam.validate(signedBy(genuine, "test-root.pdf"));

        assertThat(report.signatures()).singleElement()
                .satisfies(s -> assertThat(s.indication()).isEqualTo(Indication.INDETERMINATE));
        assertThat(report.verdict()).isEqualTo(Verdict.INDETERMINATE);
    }
}
