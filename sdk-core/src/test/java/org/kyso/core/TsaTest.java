package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kyso.testkit.Endpoint;
import org.kyso.testkit.Failure;
import org.kyso.testkit.TestPki;
import org.kyso.testkit.TsaMode;

class TsaTest {

    private static final byte[] DATA = "Công văn số 12/UBND".getBytes(StandardCharsets.UTF_8);
    private static final String DEFAULT_POLICY = "1.3.6.1.4.1.99999.1.1";

    private static TestPki pki;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().tsaDelay(Duration.ofSeconds(5)).start();
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    @AfterEach
    void restore() {
        pki.tsaMode(TsaMode.NORMAL);
        pki.failures(Endpoint.TSA, Failure.NONE);
    }

    @Test
    void returnsTokenThatVerifiesWithTheTsaCertificate() throws Exception {
        Timestamp ts = Tsa.rfc3161(pki.tsaUrl()).timestamp(DATA);

        TimeStampToken token = new TimeStampToken(ContentInfo.getInstance(ts.encoded()));
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(new JcaX509CertificateHolder(ts.tsaCertificate())));
        assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(DigestAlgorithm.SHA256.digest(DATA));
        assertThat(ts.tsaCertificate()).isEqualTo(pki.tsa().certificate());
        assertThat(ts.serialNumber()).isEqualTo(token.getTimeStampInfo().getSerialNumber());
    }

    @Test
    void reportsGenTimeNearNowAndWhatWasStamped() throws Exception {
        Instant before = Instant.now();
        Timestamp ts = Tsa.rfc3161(pki.tsaUrl()).timestamp(DATA);

        assertThat(ts.time()).isBetween(before.minusSeconds(5), Instant.now().plusSeconds(5));
        assertThat(ts.digestAlgorithm()).isEqualTo(DigestAlgorithm.SHA256);
        assertThat(ts.messageImprint()).isEqualTo(DigestAlgorithm.SHA256.digest(DATA));
        assertThat(ts.policy()).isEqualTo(DEFAULT_POLICY);
        assertThat(ts.tsaUrl()).isEqualTo(pki.tsaUrl());
    }

    @Test
    void hashesWithTheConfiguredDigest() throws Exception {
        Timestamp ts = Tsa.builder(pki.tsaUrl()).digest(DigestAlgorithm.SHA512).build().timestamp(DATA);

        assertThat(ts.digestAlgorithm()).isEqualTo(DigestAlgorithm.SHA512);
        assertThat(ts.messageImprint()).isEqualTo(DigestAlgorithm.SHA512.digest(DATA));
    }

    @Test
    void stampsADigestComputedByTheCaller() throws Exception {
        byte[] digest = DigestAlgorithm.SHA384.digest(DATA);

        Timestamp ts = Tsa.rfc3161(pki.tsaUrl()).timestampDigest(DigestAlgorithm.SHA384, digest);

        assertThat(ts.messageImprint()).isEqualTo(digest);
        assertThat(ts.digestAlgorithm()).isEqualTo(DigestAlgorithm.SHA384);
    }

    @Test
    void rejectsDigestOfTheWrongLength() {
        Tsa tsa = Tsa.rfc3161(pki.tsaUrl());

        assertThatThrownBy(() -> tsa.timestampDigest(DigestAlgorithm.SHA512, new byte[32]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 bytes");
    }

    @ParameterizedTest
    @EnumSource(value = TsaMode.class, names = {"REJECT", "WRONG_NONCE", "WRONG_IMPRINT", "CERT_WITHOUT_EKU", "GARBAGE"})
    void refusesAMisbehavingTsaNamingItsUrl(TsaMode mode) {
        pki.tsaMode(mode);

        TimestampException e = catchThrowableOfType(TimestampException.class,
                () -> Tsa.rfc3161(pki.tsaUrl()).timestamp(DATA));

        assertThat(e).isNotNull();
        assertThat(e.url()).isEqualTo(pki.tsaUrl());
        assertThat(e.getMessage()).contains(pki.tsaUrl().toString());
    }

    @Test
    void saysWhyARejectedRequestFailed() {
        pki.tsaMode(TsaMode.REJECT);

        assertThatThrownBy(() -> Tsa.rfc3161(pki.tsaUrl()).timestamp(DATA))
                .isInstanceOf(TimestampException.class)
                .hasMessageContaining("rejection").hasMessageContaining("systemFailure");
    }

    @Test
    void refusesTokenWithWrongNonce() {
        pki.tsaMode(TsaMode.WRONG_NONCE);

        assertThatThrownBy(() -> Tsa.rfc3161(pki.tsaUrl()).timestamp(DATA))
                .isInstanceOf(TimestampException.class).hasMessageContaining("nonce");
    }

    @Test
    void refusesTokenWithWrongImprint() {
        pki.tsaMode(TsaMode.WRONG_IMPRINT);

        assertThatThrownBy(() -> Tsa.rfc3161(pki.tsaUrl()).timestamp(DATA))
                .isInstanceOf(TimestampException.class).hasMessageContaining("message imprint");
    }

    @Test
    void refusesTokenSignedWithoutTimeStampingUsage() {
        pki.tsaMode(TsaMode.CERT_WITHOUT_EKU);

        assertThatThrownBy(() -> Tsa.rfc3161(pki.tsaUrl()).timestamp(DATA))
                .isInstanceOf(TimestampException.class).hasMessageContaining("id-kp-timeStamping");
    }

    @Test
    void refusesGarbageBody() {
        pki.tsaMode(TsaMode.GARBAGE);

        assertThatThrownBy(() -> Tsa.rfc3161(pki.tsaUrl()).timestamp(DATA))
                .isInstanceOf(TimestampException.class).hasMessageContaining("not an RFC 3161")
                .hasCauseInstanceOf(Exception.class);
    }

    @Test
    void givesUpOnASlowTsaAfterTheReadTimeout() {
        pki.tsaMode(TsaMode.SLOW);
        Tsa tsa = Tsa.builder(pki.tsaUrl()).readTimeout(Duration.ofMillis(500)).build();

        long start = System.nanoTime();
        TimestampException e = catchThrowableOfType(TimestampException.class, () -> tsa.timestamp(DATA));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(pki.tsaUrl().toString()).contains("did not answer within 500 ms");
        assertThat(e.getCause()).isNotNull();
        assertThat(took).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void givesUpOnATsaThatHoldsTheConnection() {
        pki.failures(Endpoint.TSA, Failure.TIMEOUT);
        Tsa tsa = Tsa.builder(pki.tsaUrl()).readTimeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> tsa.timestamp(DATA))
                .isInstanceOf(TimestampException.class).hasMessageContaining("did not answer within 300 ms");
    }

    @Test
    void reportsHttp503() {
        pki.failures(Endpoint.TSA, Failure.HTTP_503);

        assertThatThrownBy(() -> Tsa.rfc3161(pki.tsaUrl()).timestamp(DATA))
                .isInstanceOf(TimestampException.class)
                .hasMessageContaining(pki.tsaUrl().toString()).hasMessageContaining("HTTP 503");
    }

    @Test
    void reportsRefusedConnectionOnAClosedPort() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + "/tsa");

        TimestampException e = catchThrowableOfType(TimestampException.class, () -> Tsa.rfc3161(closed).timestamp(DATA));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(closed.toString()).contains("refused the connection: check the URL");
        assertThat(e.getCause()).isNotNull();
        assertThat(e.url()).isEqualTo(closed);
    }

    @Test
    void obtainsTokenUnderTheRequestedPolicy() throws Exception {
        Timestamp ts = Tsa.builder(pki.tsaUrl()).policy(DEFAULT_POLICY).build().timestamp(DATA);

        assertThat(ts.policy()).isEqualTo(DEFAULT_POLICY);
    }

    @Test
    void reportsTsaRefusingTheRequestedPolicy() {
        Tsa tsa = Tsa.builder(pki.tsaUrl()).policy("1.2.3.4").build();

        assertThatThrownBy(() -> tsa.timestamp(DATA))
                .isInstanceOf(TimestampException.class).hasMessageContaining("unacceptedPolicy");
    }

    @Test
    void authenticatesWithBasicAuthAndWipesThePassword() throws Exception {
        try (TestPki guarded = TestPki.builder().tsaBasicAuth("kyso", "bí mật".toCharArray()).start()) {
            List<char[]> handedOut = new ArrayList<>();
            PasswordSource source = () -> {
                char[] secret = "bí mật".toCharArray();
                handedOut.add(secret);
                return secret;
            };
            Tsa tsa = Tsa.builder(guarded.tsaUrl()).basicAuth("kyso", source).build();

            Timestamp ts = tsa.timestamp(DATA);

            assertThat(ts.time()).isNotNull();
            assertThat(handedOut).hasSize(1);
            assertThat(handedOut.get(0)).containsOnly('\0');
        }
    }

    @Test
    void asksForCredentialsWhenTheTsaRequiresThem() {
        try (TestPki guarded = TestPki.builder().tsaBasicAuth("kyso", "secret".toCharArray()).start()) {
            assertThatThrownBy(() -> Tsa.rfc3161(guarded.tsaUrl()).timestamp(DATA))
                    .isInstanceOf(TimestampException.class)
                    .hasMessageContaining(guarded.tsaUrl().toString()).hasMessageContaining("basicAuth");
        }
    }

    @Test
    void reportsWrongPasswordWithoutRevealingIt() {
        try (TestPki guarded = TestPki.builder().tsaBasicAuth("kyso", "secret".toCharArray()).start()) {
            Tsa tsa = Tsa.builder(guarded.tsaUrl()).basicAuth("kyso", PasswordSource.of("wrong-pw".toCharArray())).build();

            assertThatThrownBy(() -> tsa.timestamp(DATA))
                    .isInstanceOf(TimestampException.class)
                    .hasMessageContaining("did not accept the credentials")
                    .message().doesNotContain("wrong-pw");
        }
    }

    @Test
    void servesManyThreadsWithOneInstance() throws Exception {
        Tsa tsa = Tsa.rfc3161(pki.tsaUrl());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Timestamp>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                byte[] data = ("document " + i).getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> tsa.timestamp(data)));
            }
            Set<java.math.BigInteger> serials = new HashSet<>();
            for (int i = 0; i < results.size(); i++) {
                Timestamp ts = results.get(i).get();
                assertThat(ts.messageImprint())
                        .isEqualTo(DigestAlgorithm.SHA256.digest(("document " + i).getBytes(StandardCharsets.UTF_8)));
                serials.add(ts.serialNumber());
            }
            assertThat(serials).hasSize(32);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsMisconfigurationInBuild() {
        assertThatThrownBy(() -> Tsa.rfc3161(URI.create("ftp://127.0.0.1/tsa")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
        assertThatThrownBy(() -> Tsa.builder(pki.tsaUrl()).policy("not-an-oid").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OID");
        assertThatThrownBy(() -> Tsa.builder(pki.tsaUrl()).readTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> Tsa.builder(pki.tsaUrl()).basicAuth("a:b", PasswordSource.of(new char[1])).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 7617");
    }

    @Test
    void derivesAVariantWithToBuilder() {
        Tsa base = Tsa.builder(pki.tsaUrl()).policy(DEFAULT_POLICY).build();

        Tsa variant = base.toBuilder().digest(DigestAlgorithm.SHA384).build();

        assertThat(variant.digest()).isEqualTo(DigestAlgorithm.SHA384);
        assertThat(variant.policy()).contains(DEFAULT_POLICY);
        assertThat(base.digest()).isEqualTo(DigestAlgorithm.SHA256);
    }

    @Test
    void refusesAUrlCarryingAPasswordWithoutEchoingIt() {
        assertThatThrownBy(() -> Tsa.rfc3161(URI.create("http://operator:S3cretPW@127.0.0.1:9/tsa")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("basicAuth")
                .hasMessageNotContaining("S3cretPW");
    }
}
