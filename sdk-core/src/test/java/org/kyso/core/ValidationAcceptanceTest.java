package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import eu.europa.esig.dss.enumerations.SignatureLevel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kyso.testkit.Endpoint;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

/**
 * Issue 6 acceptance checks on the validator, with CAdES documents signed here through DSS and
 * revocation from the test PKI on 127.0.0.1: a trusted chain with its CRL reachable passes, a
 * revoked signer fails, {@code revocationChecked} says what DSS really had (embedded data counts
 * offline), one CRL download serves a batch of 200 documents, and 8 threads sharing one validator
 * report what a serial run reports.
 */
class ValidationAcceptanceTest {

    private static final Locale VI = Locale.forLanguageTag("vi");

    private static TestPki pki;
    private static TrustAnchors trust;
    private static Leaf crlOnly;
    private static Leaf revoked;
    private static Leaf signer;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        trust = TrustAnchors.of(pki.root().certificate());
        crlOnly = pki.issue(LeafSpec.builder().subject("CN=Trần Thị Bình, O=Sở Tư pháp, C=VN")
                .keyType(KeyType.ECDSA_P256).withoutOcsp().build());
        revoked = pki.issue(LeafSpec.builder().subject("CN=Lê Văn Cường, O=Sở Tư pháp, C=VN")
                .keyType(KeyType.ECDSA_P256).withoutOcsp().revoked().build());
        signer = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    @BeforeEach
    void resetCounts() {
        pki.resetRequestCounts();
    }

    private static Validator online() {
        return Validator.builder().trust(trust).revocation(Revocation.online().build()).build();
    }

    private static Validator offline() {
        return Validator.builder().trust(trust).revocation(Revocation.offline()).build();
    }

    private static SignatureReport only(ValidationReport report) {
        assertThat(report.signatures()).as("%s", report).hasSize(1);
        return report.signatures().get(0);
    }

    private static boolean revocationWarning(SignatureReport s) {
        return s.warnings().stream().anyMatch(m -> m.key().startsWith("kyso.revocation."));
    }

    @Test
    void aTrustedChainWithItsCrlReachablePasses() {
        byte[] document = DssTestSigning.cadesB(crlOnly, "Quyết định số 1/QĐ");

        ValidationReport report = online().validate(document, "quyet-dinh.p7s");

        SignatureReport s = only(report);
        assertThat(s.indication()).as("%s", s).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(report.verdict()).isEqualTo(Verdict.VALID);
        assertThat(report.revocationChecked()).isTrue();
        assertThat(revocationWarning(s)).isFalse();
        assertThat(pki.requestCount(Endpoint.CRL)).isEqualTo(1);
    }

    @Test
    void aRevokedSignerWithProofOfSigningAfterRevocationFailsWithRevoked() {
        // A content time-stamp proves the content, hence the signature, came after the revocation:
        // EN 319 102-1 5.3.4 then fails the signature (TOTAL_FAILED/REVOKED).
        byte[] document = DssTestSigning.cades(revoked, "Quyết định số 2/QĐ", SignatureLevel.CAdES_BASELINE_T,
                Tsa.rfc3161(pki.tsaUrl()), trust, Revocation.offline(), true);

        ValidationReport report = online().validate(document, "quyet-dinh-2.p7s");

        SignatureReport s = only(report);
        assertThat(s.indication()).as("%s", s).isEqualTo(Indication.TOTAL_FAILED);
        assertThat(s.subIndication()).isEqualTo("REVOKED");
        assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(report.revocationChecked()).isTrue();
    }

    @Test
    void aRevokedSignerWithoutProofOfWhenItSignedIsRevokedNoPoe() {
        // Without a time-stamp before the revocation nor a content time-stamp after it, ETSI cannot
        // tell whether the signature predates the revocation: INDETERMINATE/REVOKED_NO_POE.
        byte[] document = DssTestSigning.cades(revoked, "Quyết định số 3/QĐ", SignatureLevel.CAdES_BASELINE_T,
                Tsa.rfc3161(pki.tsaUrl()), trust, Revocation.offline());

        ValidationReport report = online().validate(document, "quyet-dinh-3.p7s");

        SignatureReport s = only(report);
        assertThat(s.indication()).as("%s", s).isEqualTo(Indication.INDETERMINATE);
        assertThat(s.subIndication()).isEqualTo("REVOKED_NO_POE");
        assertThat(report.revocationChecked()).isTrue();
    }

    @Test
    void onlineWithTheTestPkisOcspAndCrlRevocationIsChecked() {
        byte[] document = DssTestSigning.cadesB(signer, "Tờ trình số 3/TTr");

        ValidationReport report = online().validate(document, "to-trinh.p7s");

        assertThat(only(report).indication()).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(report.revocationChecked()).isTrue();
        assertThat(pki.requestCount(Endpoint.OCSP)).isPositive();
    }

    @Test
    void anLtSignatureValidatedOfflineIsCheckedFromItsOwnRevocationData() {
        byte[] document = DssTestSigning.cades(signer, "Hợp đồng số 4/HĐ", SignatureLevel.CAdES_BASELINE_LT,
                Tsa.rfc3161(pki.tsaUrl()), trust, Revocation.online().build());
        pki.resetRequestCounts();

        ValidationReport report = offline().validate(document, "hop-dong.p7s");

        SignatureReport s = only(report);
        assertThat(s.format()).isEqualTo("CAdES-BASELINE-LT");
        assertThat(report.revocationChecked()).isTrue();
        assertThat(revocationWarning(s)).as("%s", s.warnings()).isFalse();
        assertThat(s.indication()).as("%s", s).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(pki.requestCount(Endpoint.OCSP) + pki.requestCount(Endpoint.CRL)).isZero();
    }

    @Test
    void aTimestampedSignatureValidatedOfflineIsNotCheckedAndSaysSoInVietnamese() {
        byte[] document = DssTestSigning.cades(signer, "Báo cáo số 5/BC", SignatureLevel.CAdES_BASELINE_T,
                Tsa.rfc3161(pki.tsaUrl()), trust, Revocation.offline());

        ValidationReport report = offline().validate(document, "bao-cao.p7s");

        SignatureReport s = only(report);
        assertThat(s.format()).isEqualTo("CAdES-BASELINE-T");
        assertThat(s.indication()).isEqualTo(Indication.INDETERMINATE);
        assertThat(report.revocationChecked()).isFalse();
        assertThat(s.warnings()).anySatisfy(m -> {
            assertThat(m.key()).isEqualTo("kyso.revocation.offline");
            assertThat(m.text(VI)).startsWith("Không kiểm tra được tình trạng thu hồi");
        });
        assertThat(report.toJson(VI)).contains("\"revocationChecked\":false")
                .contains("Không kiểm tra được tình trạng thu hồi");
        assertThat(report.summary(VI)).contains("Không kiểm tra được tình trạng thu hồi");
    }

    @Test
    void onlineWithTheServicesDownTheWarningSaysTheyDidNotAnswer() {
        byte[] document = DssTestSigning.cadesB(crlOnly, "Giấy mời số 6/GM");
        pki.failures(Endpoint.CRL, org.kyso.testkit.Failure.HTTP_503);
        try {
            ValidationReport report = Validator.builder().trust(trust)
                    .revocation(Revocation.online().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).build())
                    .build().validate(document, "giay-moi.p7s");

            assertThat(report.revocationChecked()).isFalse();
            assertThat(only(report).warnings()).anySatisfy(m -> assertThat(m.key()).isEqualTo("kyso.revocation.unavailable"));
        } finally {
            pki.failures(Endpoint.CRL, org.kyso.testkit.Failure.NONE);
        }
    }

    @Test
    void twoHundredDocumentsFromOneCaFetchItsCrlOnce() {
        Validator validator = online();
        List<byte[]> documents = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            documents.add(DssTestSigning.cadesB(crlOnly, "Văn bản số " + i));
        }
        pki.resetRequestCounts();

        for (int i = 0; i < documents.size(); i++) {
            ValidationReport report = validator.validate(documents.get(i), "van-ban-" + i + ".p7s");
            assertThat(report.verdict()).as("document %s: %s", i, report).isEqualTo(Verdict.VALID);
        }

        assertThat(pki.requestCount(Endpoint.CRL)).isEqualTo(1);
    }

    @Test
    void eightThreadsSharingOneValidatorReportWhatASerialRunReports() throws Exception {
        Validator validator = online();
        List<byte[]> documents = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Leaf who = i % 5 == 0 ? revoked : i % 2 == 0 ? crlOnly : signer;
            documents.add(DssTestSigning.cadesB(who, "Văn bản số " + i));
        }
        List<String> serial = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            serial.add(essence(validator.validate(documents.get(i), "van-ban-" + i + ".p7s")));
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String> parallel = new ArrayList<>();
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < documents.size(); i++) {
                int n = i;
                futures.add(pool.submit(() -> essence(validator.validate(documents.get(n), "van-ban-" + n + ".p7s"))));
            }
            for (Future<String> f : futures) {
                parallel.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(parallel).containsExactlyElementsOf(serial);
        assertThat(serial).anySatisfy(line -> assertThat(line).contains("VALID TOTAL_PASSED"));
        assertThat(serial).anySatisfy(line -> assertThat(line).contains("REVOKED"));
    }

    /** What a report says, without the validation time (DSS's best-signature-time of a B-level signature). */
    private static String essence(ValidationReport report) {
        StringBuilder b = new StringBuilder(report.file()).append(' ').append(report.verdict());
        for (SignatureReport s : report.signatures()) {
            b.append(' ').append(s.indication()).append(' ').append(s.subIndication()).append(' ').append(s.id())
                    .append(' ').append(s.signer()).append(' ').append(s.integrity());
            s.errors().forEach(m -> b.append(" E:").append(m.text(Locale.ENGLISH)));
            s.warnings().forEach(m -> b.append(" W:").append(m.text(Locale.ENGLISH)));
        }
        return b.append(" revocationChecked=").append(report.revocationChecked()).toString();
    }
}
