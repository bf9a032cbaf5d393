package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kyso.core.KysoException;
import org.kyso.core.Revocation;
import org.kyso.core.RevocationException;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TimestampException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
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
 * Issue 8, items 4 and 5 for PAdES: a TSA that is down, slow, or answers garbage, another digest or
 * another nonce makes signing at T fail with a {@link TimestampException}; OCSP answering tryLater,
 * unauthorized or stale, and a corrupt or stale CRL make signing and extending at LT fail with a
 * {@link RevocationException}. Every time: no output file, no temporary file left in the folder,
 * the input byte-identical, and no wait beyond the configured timeouts. Counts go to
 * {@code target/reliability/sdk-pdf_PdfSignerFaultsTest.txt}.
 */
class PdfSignerFaultsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SLACK = Duration.ofSeconds(3);
    private static final Duration LIMIT = Duration.ofSeconds(40);
    private static final ReliabilityTally TALLY = ReliabilityTally.faults("sdk-pdf/PdfSignerFaultsTest", KysoException.class);

    private static TestPki pki;
    private static Leaf signer;
    private static URI closedPort;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() throws Exception {
        pki = TestPki.builder().tsaDelay(Duration.ofSeconds(20)).start();
        signer = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/tsa");
        }
        // Warm DSS and PDFBox up, so that the timings below measure waiting, not class loading.
        signer(PadesLevel.LT, pki.tsaUrl()).sign(TestPdfs.simple("warm-up", 1));
    }

    @AfterAll
    static void stopPki() {
        pki.close();
        TALLY.write();
        assertThat(TALLY.hangCount()).as(TALLY.line()).isZero();
        assertThat(TALLY.untypedCount()).as(TALLY.line()).isZero();
        assertThat(TALLY.partialCount()).as(TALLY.line()).isZero();
    }

    @AfterEach
    void restore() {
        for (Endpoint endpoint : Endpoint.values()) {
            pki.failures(endpoint, Failure.NONE);
        }
        pki.tsaMode(TsaMode.NORMAL);
        pki.ocspMode(OcspMode.NORMAL);
        pki.crlMode(CrlMode.NORMAL);
    }

    private static Tsa tsa(URI url) {
        return Tsa.builder(url).connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build();
    }

    private static Revocation revocation() {
        return Revocation.online().connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build();
    }

    private static PdfSigner signer(PadesLevel level, URI tsa) {
        return PdfSigner.builder().key(SoftwareKey.of(signer.privateKey(), signer.chain())).level(level)
                .timestamping(tsa(tsa)).trust(TrustAnchors.of(pki.root().certificate())).revocation(revocation()).build();
    }

    /**
     * One fault: how to inject it, what must be thrown, what the message must say, and how many
     * timeouts it may cost (a URL that never answers is waited for once).
     */
    record Fault(String name, Consumer<TestPki> inject, boolean tsaDown, Class<? extends KysoException> expected,
                 String says, int timeouts) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Fault> timestampFaults() {
        return Stream.of(
                new Fault("TSA down (closed port)", p -> { }, true, TimestampException.class, "refused the connection", 0),
                new Fault("TSA never answers", p -> p.failures(Endpoint.TSA, Failure.TIMEOUT), false,
                        TimestampException.class, "did not answer within 2 s", 1),
                new Fault("TSA slower than the timeout", p -> p.tsaMode(TsaMode.SLOW), false,
                        TimestampException.class, "did not answer within 2 s", 1),
                new Fault("TSA answers 503", p -> p.failures(Endpoint.TSA, Failure.HTTP_503), false,
                        TimestampException.class, "HTTP 503", 0),
                new Fault("TSA answers garbage", p -> p.tsaMode(TsaMode.GARBAGE), false,
                        TimestampException.class, "not an RFC 3161", 0),
                new Fault("TSA answers for another digest", p -> p.tsaMode(TsaMode.WRONG_IMPRINT), false,
                        TimestampException.class, "message imprint", 0),
                new Fault("TSA answers for another nonce", p -> p.tsaMode(TsaMode.WRONG_NONCE), false,
                        TimestampException.class, "nonce", 0),
                new Fault("TSA rejects", p -> p.tsaMode(TsaMode.REJECT), false, TimestampException.class, "rejection", 0),
                new Fault("TSA certificate without timeStamping usage", p -> p.tsaMode(TsaMode.CERT_WITHOUT_EKU), false,
                        TimestampException.class, "id-kp-timeStamping", 0));
    }

    static Stream<Fault> revocationFaults() {
        return Stream.of(
                new Fault("OCSP tryLater, CRL 503", p -> {
                    p.ocspMode(OcspMode.TRY_LATER);
                    p.failures(Endpoint.CRL, Failure.HTTP_503);
                }, false, RevocationException.class, "revocation", 0),
                new Fault("OCSP unauthorized, CRL corrupt", p -> {
                    p.ocspMode(OcspMode.UNAUTHORIZED);
                    p.crlMode(CrlMode.CORRUPT);
                }, false, RevocationException.class, "revocation", 0),
                new Fault("OCSP and CRL stale", p -> {
                    p.ocspMode(OcspMode.STALE);
                    p.crlMode(CrlMode.STALE);
                }, false, RevocationException.class, "revocation", 0),
                new Fault("OCSP and CRL never answer", p -> {
                    p.failures(Endpoint.OCSP, Failure.TIMEOUT);
                    p.failures(Endpoint.CRL, Failure.TIMEOUT);
                }, false, RevocationException.class, "revocation", 3));
    }

    static Stream<Arguments> signFaults() {
        return Stream.concat(timestampFaults().map(f -> Arguments.of(PadesLevel.T, f)),
                revocationFaults().map(f -> Arguments.of(PadesLevel.LT, f)));
    }

    @ParameterizedTest(name = "sign at {0}: {1}")
    @MethodSource("signFaults")
    void signingFailsTypedLeavesNoFileAndDoesNotWait(PadesLevel level, Fault fault) throws Exception {
        Path in = TestPdfs.write(dir, "cong-van.pdf", "Cong van so 8/UBND", 1);
        byte[] before = Files.readAllBytes(in);
        Path out = dir.resolve("cong-van-signed.pdf");
        PdfSigner pdfSigner = signer(level, fault.tsaDown() ? closedPort : pki.tsaUrl());
        fault.inject().accept(pki);

        ReliabilityTally.Trial<Void> trial = TALLY.run(LIMIT, () -> {
            pdfSigner.sign(in, out);
            return null;
        });

        assertFailedCleanly(trial, fault, in, before, out);
    }

    @ParameterizedTest(name = "extend to LT: {0}")
    @MethodSource("revocationFaults")
    void extendingFailsTypedLeavesNoFileAndDoesNotWait(Fault fault) throws Exception {
        Path in = dir.resolve("cong-van-t.pdf");
        Files.write(in, signer(PadesLevel.T, pki.tsaUrl()).sign(TestPdfs.simple("Cong van so 9/UBND", 1)));
        byte[] before = Files.readAllBytes(in);
        Path out = dir.resolve("cong-van-lt.pdf");
        PdfExtender extender = PdfExtender.builder().level(PadesLevel.LT).timestamping(tsa(pki.tsaUrl()))
                .trust(TrustAnchors.of(pki.root().certificate())).revocation(revocation()).build();
        fault.inject().accept(pki);

        ReliabilityTally.Trial<Void> trial = TALLY.run(LIMIT, () -> {
            extender.extend(in, out);
            return null;
        });

        assertFailedCleanly(trial, fault, in, before, out);
    }

    private void assertFailedCleanly(ReliabilityTally.Trial<Void> trial, Fault fault, Path in, byte[] before, Path out)
            throws Exception {
        assertThat(trial.hung()).as("%s: hung", fault).isFalse();
        assertThat(trial.thrown()).as("%s", fault).isInstanceOf(fault.expected());
        assertThat(trial.thrown().getMessage()).containsIgnoringCase(fault.says());
        assertThat(TALLY.leftovers(dir, List.of(in.getFileName().toString()))).as("files left besides the input").isEmpty();
        if (!java.util.Arrays.equals(Files.readAllBytes(in), before)) {
            TALLY.partial(1);
        }
        assertThat(Files.readAllBytes(in)).as("input unchanged").isEqualTo(before);
        assertThat(out).doesNotExist();
        assertThat(trial.took()).as("%s: time taken", fault).isLessThan(TIMEOUT.multipliedBy(fault.timeouts()).plus(SLACK));
    }
}
