package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kyso.testkit.CrlMode;
import org.kyso.testkit.Endpoint;
import org.kyso.testkit.Failure;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.OcspMode;
import org.kyso.testkit.ReliabilityTally;
import org.kyso.testkit.TestPki;
import org.kyso.testkit.TsaMode;

/**
 * Issue 8, item 4 for sdk-core: failing services. OCSP answering tryLater, unauthorized or a stale
 * answer, a corrupt or stale CRL, services that are down or never answer: {@link Revocation#check}
 * throws a {@link RevocationException} saying what each source did, and a {@link Validator} reports
 * INDETERMINATE with {@code revocationChecked=false} and a warning naming the precise reason. A
 * TSA that is down, slow or wrong gives a {@link TimestampException}. Nothing waits longer than the
 * configured timeouts. Counts go to {@code target/reliability/sdk-core_ServiceFaultsTest.txt}.
 */
class ServiceFaultsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Scheduling, DSS's own work and a loaded 2-core CI machine; a hang would take 30 s (the testkit's hold). */
    private static final Duration SLACK = Duration.ofSeconds(3);
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final ReliabilityTally TALLY = ReliabilityTally.faults("sdk-core/ServiceFaultsTest", KysoException.class);

    private static TestPki pki;
    private static TrustAnchors trust;
    private static Leaf signer;
    private static Leaf crlOnly;
    private static byte[] signedBySigner;
    private static byte[] signedByCrlOnly;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().tsaDelay(Duration.ofSeconds(20)).start();
        trust = TrustAnchors.of(pki.root().certificate());
        signer = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        crlOnly = pki.issue(LeafSpec.builder().subject("CN=Trần Thị Bình, O=Sở Tư pháp, C=VN")
                .keyType(KeyType.ECDSA_P256).withoutOcsp().build());
        signedBySigner = DssTestSigning.cadesB(signer, "Quyết định số 8/QĐ");
        signedByCrlOnly = DssTestSigning.cadesB(crlOnly, "Giấy mời số 8/GM");
        // The first validation in a JVM loads DSS's policy and parsers (seconds on a busy machine):
        // done here, so that the timings below measure waiting, not class loading.
        Verdict warm = Validator.builder().trust(trust).revocation(revocation()).build()
                .validate(signedBySigner, "warm-up.p7s").verdict();
        assertThat(warm).isEqualTo(Verdict.VALID);
    }

    @AfterAll
    static void stopPki() {
        pki.close();
        TALLY.write();
        assertThat(TALLY.hangCount()).as(TALLY.line()).isZero();
        assertThat(TALLY.untypedCount()).as(TALLY.line()).isZero();
    }

    @AfterEach
    void restore() {
        for (Endpoint endpoint : Endpoint.values()) {
            pki.failures(endpoint, Failure.NONE);
        }
        pki.ocspMode(OcspMode.NORMAL);
        pki.crlMode(CrlMode.NORMAL);
        pki.tsaMode(TsaMode.NORMAL);
    }

    /** A fresh online configuration (its own cache and back-off), with the short test timeouts. */
    private static Revocation revocation() {
        return Revocation.online().connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build();
    }

    /** OCSP misbehaviour, CRL misbehaviour, and what the reason must say about each. */
    static Stream<Arguments> revocationFaults() {
        return Stream.of(
                Arguments.of("OCSP tryLater, CRL 503", OcspMode.TRY_LATER, null, CrlMode.NORMAL, Failure.HTTP_503,
                        new String[] {"answered status tryLater", "answered HTTP 503"}),
                Arguments.of("OCSP unauthorized, CRL corrupt", OcspMode.UNAUTHORIZED, null, CrlMode.CORRUPT, null,
                        new String[] {"answered status unauthorized", "not a CRL"}),
                Arguments.of("OCSP and CRL stale", OcspMode.STALE, null, CrlMode.STALE, null,
                        new String[] {"OCSP " + pki.ocspUrl() + " sent a stale answer", "CRL " + pki.crlUrl() + " sent a stale answer"}),
                Arguments.of("OCSP 503, CRL stale", OcspMode.NORMAL, Failure.HTTP_503, CrlMode.STALE, null,
                        new String[] {"answered HTTP 503", "stale"}));
    }

    private static void inject(OcspMode ocsp, Failure ocspFailure, CrlMode crl, Failure crlFailure) {
        pki.ocspMode(ocsp);
        pki.crlMode(crl);
        pki.failures(Endpoint.OCSP, ocspFailure == null ? Failure.NONE : ocspFailure);
        pki.failures(Endpoint.CRL, crlFailure == null ? Failure.NONE : crlFailure);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("revocationFaults")
    void revocationCheckSaysWhatEachSourceDid(String name, OcspMode ocsp, Failure ocspFailure, CrlMode crl,
                                              Failure crlFailure, String[] reasons) {
        inject(ocsp, ocspFailure, crl, crlFailure);
        Revocation revocation = revocation();

        ReliabilityTally.Trial<RevocationStatus> trial = TALLY.run(LIMIT,
                () -> revocation.check(signer.certificate(), pki.intermediate().certificate()));

        assertThat(trial.hung()).isFalse();
        assertThat(trial.thrown()).as(name).isInstanceOf(RevocationException.class);
        assertThat(trial.thrown().getMessage()).contains(reasons);
        assertThat(trial.took()).isLessThan(TIMEOUT.plus(SLACK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("revocationFaults")
    void validationIsIndeterminateAndTheWarningSaysWhy(String name, OcspMode ocsp, Failure ocspFailure, CrlMode crl,
                                                      Failure crlFailure, String[] reasons) {
        inject(ocsp, ocspFailure, crl, crlFailure);
        Validator validator = Validator.builder().trust(trust).revocation(revocation()).build();

        ReliabilityTally.Trial<ValidationReport> trial = TALLY.run(LIMIT,
                () -> validator.validate(signedBySigner, "quyet-dinh.p7s"));

        assertThat(trial.thrown()).as(name).isNull();
        assertThat(trial.hung()).isFalse();
        assertIndeterminateBecause(trial.value(), reasons);
        assertThat(trial.took()).isLessThan(TIMEOUT.plus(SLACK));
    }

    @Test
    void aCorruptCrlForACrlOnlySignerIsIndeterminateAndSaysSo() {
        pki.crlMode(CrlMode.CORRUPT);
        Validator validator = Validator.builder().trust(trust).revocation(revocation()).build();

        ReliabilityTally.Trial<ValidationReport> trial = TALLY.run(LIMIT,
                () -> validator.validate(signedByCrlOnly, "giay-moi.p7s"));

        assertThat(trial.thrown()).isNull();
        assertIndeterminateBecause(trial.value(), "CRL " + pki.crlUrl() + " answered something that is not a CRL");
    }

    @Test
    void anOcspResponderThatNeverAnswersCostsOneTimeoutAndTheWarningSaysSo() {
        pki.failures(Endpoint.OCSP, Failure.TIMEOUT);
        pki.failures(Endpoint.CRL, Failure.HTTP_503);
        Validator validator = Validator.builder().trust(trust).revocation(revocation()).build();

        ReliabilityTally.Trial<ValidationReport> trial = TALLY.run(LIMIT,
                () -> validator.validate(signedBySigner, "quyet-dinh.p7s"));

        assertThat(trial.thrown()).isNull();
        assertIndeterminateBecause(trial.value(), "did not answer within 2 s", "answered HTTP 503");
        // One OCSP URL for the signer and its CA: waited for once, then not asked again for a minute.
        assertThat(trial.took()).isLessThan(TIMEOUT.plus(SLACK));
    }

    @Test
    void servicesThatNeverAnswerCostAtMostOneTimeoutPerUrl() {
        pki.failures(Endpoint.OCSP, Failure.TIMEOUT);
        pki.failures(Endpoint.CRL, Failure.TIMEOUT);
        Validator validator = Validator.builder().trust(trust).revocation(revocation()).build();
        pki.resetRequestCounts();

        ReliabilityTally.Trial<ValidationReport> trial = TALLY.run(LIMIT,
                () -> validator.validate(signedBySigner, "quyet-dinh.p7s"));

        assertThat(trial.thrown()).isNull();
        assertThat(pki.requestCount(Endpoint.OCSP)).as("OCSP requests").isEqualTo(1);
        assertThat(pki.requestCount(Endpoint.CRL)).as("CRL requests").isEqualTo(2);
        assertIndeterminateBecause(trial.value(), "did not answer within 2 s");
        // Three URLs (OCSP, the intermediate's CRL, the root's CRL), each waited for at most once.
        assertThat(trial.took()).isLessThan(TIMEOUT.multipliedBy(3).plus(SLACK));
    }

    @Test
    void aRevocationCheckWaitsNoLongerThanTheReadTimeout() {
        pki.failures(Endpoint.OCSP, Failure.TIMEOUT);
        pki.failures(Endpoint.CRL, Failure.HTTP_503);
        Revocation revocation = revocation();

        ReliabilityTally.Trial<RevocationStatus> trial = TALLY.run(LIMIT,
                () -> revocation.check(signer.certificate(), pki.intermediate().certificate()));

        assertThat(trial.thrown()).isInstanceOf(RevocationException.class).hasMessageContaining("did not answer within 2 s");
        assertThat(trial.took()).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(100)).isLessThan(TIMEOUT.plus(SLACK));
    }

    /** TSA misbehaviour: mode or failure, and what the message must say. */
    static Stream<Arguments> tsaFaults() {
        return Stream.of(
                Arguments.of(TsaMode.NORMAL, Failure.TIMEOUT, "did not answer within 2 s"),
                Arguments.of(TsaMode.SLOW, Failure.NONE, "did not answer within 2 s"),
                Arguments.of(TsaMode.NORMAL, Failure.HTTP_503, "HTTP 503"),
                Arguments.of(TsaMode.GARBAGE, Failure.NONE, "not an RFC 3161"),
                Arguments.of(TsaMode.WRONG_IMPRINT, Failure.NONE, "message imprint"),
                Arguments.of(TsaMode.WRONG_NONCE, Failure.NONE, "nonce"),
                Arguments.of(TsaMode.REJECT, Failure.NONE, "rejection"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tsaFaults")
    void aFailingTsaGivesATimestampExceptionWithinTheTimeout(TsaMode mode, Failure failure, String says) {
        pki.tsaMode(mode);
        pki.failures(Endpoint.TSA, failure);
        Tsa tsa = Tsa.builder(pki.tsaUrl()).connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build();

        ReliabilityTally.Trial<Timestamp> trial = TALLY.run(LIMIT,
                () -> tsa.timestamp("Công văn".getBytes(StandardCharsets.UTF_8)));

        assertThat(trial.thrown()).isInstanceOf(TimestampException.class).hasMessageContaining(says);
        assertThat(trial.took()).isLessThan(TIMEOUT.plus(SLACK));
    }

    @Test
    void aTsaThatIsDownGivesATimestampExceptionAtOnce() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Tsa tsa = Tsa.builder(URI.create("http://127.0.0.1:" + port + "/tsa")).connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build();

        ReliabilityTally.Trial<Timestamp> trial = TALLY.run(LIMIT, () -> tsa.timestamp(new byte[] {1}));

        assertThat(trial.thrown()).isInstanceOf(TimestampException.class).hasMessageContaining("refused the connection");
        assertThat(trial.took()).isLessThan(TIMEOUT.plus(SLACK));
    }

    private static void assertIndeterminateBecause(ValidationReport report, String... reasons) {
        assertThat(report.signatures()).as("%s", report).hasSize(1);
        SignatureReport s = report.signatures().get(0);
        assertThat(s.indication()).as("%s", s).isEqualTo(Indication.INDETERMINATE);
        assertThat(report.verdict()).isEqualTo(Verdict.INDETERMINATE);
        assertThat(report.revocationChecked()).isFalse();
        assertThat(s.warnings()).as("%s", s.warnings()).anySatisfy(m -> {
            assertThat(m.key()).isEqualTo("kyso.revocation.unavailable");
            assertThat(m.text(Locale.ENGLISH)).contains(reasons);
            assertThat(m.text(Locale.forLanguageTag("vi"))).startsWith("Không kiểm tra được").contains(reasons);
        });
    }
}
