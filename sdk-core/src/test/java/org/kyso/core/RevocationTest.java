package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.security.cert.CRLReason;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kyso.testkit.Endpoint;
import org.kyso.testkit.Failure;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

class RevocationTest {

    private static TestPki pki;
    private static Leaf good;
    private static Leaf revoked;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().ocspNextUpdate(Duration.ofMinutes(5)).start();
        good = pki.issue(leaf("CN=Good"));
        revoked = pki.issue(LeafSpec.builder().subject("CN=Revoked").keyType(KeyType.ECDSA_P256).revoked().build());
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    @BeforeEach
    void restore() {
        pki.failures(Endpoint.OCSP, Failure.NONE);
        pki.failures(Endpoint.CRL, Failure.NONE);
        pki.resetRequestCounts();
    }

    @Test
    void findsGoodLeafGoodViaOcsp() throws Exception {
        RevocationStatus st = Revocation.online().build().check(good.certificate(), issuer());

        assertThat(st.status()).isEqualTo(RevocationStatus.Status.GOOD);
        assertThat(st.source()).isEqualTo(RevocationStatus.Source.OCSP);
        assertThat(st.url()).isEqualTo(pki.ocspUrl());
        assertThat(st.nextUpdate()).isAfter(st.thisUpdate());
        assertThat(st.revocationTime()).isNull();
        assertThat(pki.requestCount(Endpoint.CRL)).isZero();
    }

    @Test
    void findsRevokedLeafRevokedViaOcsp() throws Exception {
        RevocationStatus st = Revocation.online().build().check(revoked.certificate(), issuer());

        assertThat(st.status()).isEqualTo(RevocationStatus.Status.REVOKED);
        assertThat(st.source()).isEqualTo(RevocationStatus.Source.OCSP);
        assertThat(st.revocationTime()).isBeforeOrEqualTo(Instant.now());
        assertThat(st.revocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
    }

    @Test
    void fallsBackToTheCrlWhenOcspAnswers503() throws Exception {
        pki.failures(Endpoint.OCSP, Failure.HTTP_503);

        RevocationStatus st = Revocation.online().build().check(revoked.certificate(), issuer());

        assertThat(st.status()).isEqualTo(RevocationStatus.Status.REVOKED);
        assertThat(st.source()).isEqualTo(RevocationStatus.Source.CRL);
        assertThat(st.url()).isEqualTo(pki.crlUrl());
        assertThat(st.revocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(pki.requestCount(Endpoint.OCSP)).isEqualTo(1);
    }

    @Test
    void reusesTheOcspAnswerForASecondCheck() throws Exception {
        Revocation revocation = Revocation.online().build();

        revocation.check(good.certificate(), issuer());
        RevocationStatus again = revocation.check(good.certificate(), issuer());

        assertThat(again.status()).isEqualTo(RevocationStatus.Status.GOOD);
        assertThat(pki.requestCount(Endpoint.OCSP)).isEqualTo(1);
    }

    @Test
    void doesNotWaitAgainForAResponderThatJustTimedOut() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        Revocation revocation = Revocation.online().clock(clock)
                .connectTimeout(Duration.ofMillis(500)).readTimeout(Duration.ofMillis(300)).build();
        pki.failures(Endpoint.OCSP, Failure.TIMEOUT);
        pki.failures(Endpoint.CRL, Failure.TIMEOUT);
        try {
            assertThatThrownBy(() -> revocation.check(good.certificate(), issuer())).isInstanceOf(RevocationException.class);
            int ocsp = pki.requestCount(Endpoint.OCSP);
            int crl = pki.requestCount(Endpoint.CRL);
            assertThat(ocsp).isEqualTo(1);

            assertThatThrownBy(() -> revocation.check(good.certificate(), issuer()))
                    .isInstanceOf(RevocationException.class).hasMessageContaining("a moment ago");
            assertThat(pki.requestCount(Endpoint.OCSP)).isEqualTo(ocsp);
            assertThat(pki.requestCount(Endpoint.CRL)).isEqualTo(crl);

            clock.set(clock.instant().plusSeconds(61));
            assertThatThrownBy(() -> revocation.check(good.certificate(), issuer())).isInstanceOf(RevocationException.class);
            assertThat(pki.requestCount(Endpoint.OCSP)).isEqualTo(ocsp + 1);
        } finally {
            pki.failures(Endpoint.OCSP, Failure.NONE);
            pki.failures(Endpoint.CRL, Failure.NONE);
        }
    }

    @Test
    void asksAgainOnceTheClockPassesNextUpdate() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        Revocation revocation = Revocation.online().clock(clock).build();
        RevocationStatus first = revocation.check(good.certificate(), issuer());

        clock.set(first.nextUpdate().minusSeconds(1));
        revocation.check(good.certificate(), issuer());
        assertThat(pki.requestCount(Endpoint.OCSP)).isEqualTo(1);

        clock.set(first.nextUpdate().plusSeconds(1));
        revocation.check(good.certificate(), issuer());
        assertThat(pki.requestCount(Endpoint.OCSP)).isEqualTo(2);
    }

    @Test
    void neverReusesAnAnswerWithoutNextUpdate() throws Exception {
        try (TestPki noNextUpdate = TestPki.builder().ocspNextUpdate(Duration.ZERO).start()) {
            Leaf leaf = noNextUpdate.issue(leaf("CN=No next update"));
            Revocation revocation = Revocation.online().build();

            RevocationStatus st = revocation.check(leaf.certificate(), noNextUpdate.intermediate().certificate());
            revocation.check(leaf.certificate(), noNextUpdate.intermediate().certificate());

            assertThat(st.nextUpdate()).isNull();
            assertThat(noNextUpdate.requestCount(Endpoint.OCSP)).isEqualTo(2);
        }
    }

    @Test
    void fetchesTheCrlOnceForManyLeavesOfOneCa() throws Exception {
        List<Leaf> leaves = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            leaves.add(pki.issue(leaf("CN=Batch " + i)));
        }
        pki.failures(Endpoint.OCSP, Failure.HTTP_503);
        pki.resetRequestCounts();
        Revocation revocation = Revocation.online().build();

        for (Leaf leaf : leaves) {
            assertThat(revocation.check(leaf.certificate(), issuer()).source()).isEqualTo(RevocationStatus.Source.CRL);
        }

        assertThat(pki.requestCount(Endpoint.CRL)).isEqualTo(1);
    }

    @Test
    void namesEveryUrlTriedWhenAllSourcesFail() {
        pki.failures(Endpoint.OCSP, Failure.HTTP_503);
        pki.failures(Endpoint.CRL, Failure.HTTP_503);

        RevocationException e = catchThrowableOfType(RevocationException.class,
                () -> Revocation.online().build().check(good.certificate(), issuer()));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains(pki.ocspUrl().toString()).contains(pki.crlUrl().toString())
                .contains("HTTP 503");
        assertThat(e.url()).isEqualTo(pki.ocspUrl());
    }

    @Test
    void doesNotTrustAnswersSignedByAnotherCa() {
        try (TestPki impostor = TestPki.builder().start()) {
            // Same CA names, different keys: only the signature tells the two apart.
            X509Certificate wrongIssuer = impostor.intermediate().certificate();

            assertThatThrownBy(() -> Revocation.online().build().check(good.certificate(), wrongIssuer))
                    .isInstanceOf(RevocationException.class)
                    .hasMessageContaining("not signed by the issuer");
        }
    }

    @Test
    void offlineMakesNoRequestAndSaysSo() {
        Revocation offline = Revocation.offline();

        assertThat(offline.isOffline()).isTrue();
        assertThatThrownBy(() -> offline.check(good.certificate(), issuer()))
                .isInstanceOf(RevocationException.class).hasMessageContaining("offline: revocation not checked");
        assertThat(pki.requestCount(Endpoint.OCSP) + pki.requestCount(Endpoint.CRL)
                + pki.requestCount(Endpoint.CA_ISSUERS)).isZero();
    }

    @Test
    void keepsNoMoreAnswersThanTheCacheSize() throws Exception {
        Leaf a = pki.issue(leaf("CN=A"));
        Leaf b = pki.issue(leaf("CN=B"));
        Leaf c = pki.issue(leaf("CN=C"));
        pki.resetRequestCounts();
        Revocation revocation = Revocation.online().cacheSize(2).build();

        revocation.check(a.certificate(), issuer());
        revocation.check(b.certificate(), issuer());
        revocation.check(c.certificate(), issuer());
        revocation.check(c.certificate(), issuer());
        assertThat(pki.requestCount(Endpoint.OCSP)).isEqualTo(3);
        assertThat(revocation.engine().cachedEntries()).isEqualTo(2);

        revocation.check(a.certificate(), issuer()); // the least recently used one was dropped
        assertThat(pki.requestCount(Endpoint.OCSP)).isEqualTo(4);
    }

    @Test
    void givesConsistentAnswersToEightThreadsWithOneRequestPerCertificate() throws Exception {
        List<Leaf> leaves = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            leaves.add(i % 2 == 0 ? pki.issue(leaf("CN=Concurrent " + i))
                    : pki.issue(LeafSpec.builder().subject("CN=Concurrent " + i).keyType(KeyType.ECDSA_P256).revoked().build()));
        }
        pki.resetRequestCounts();
        Revocation revocation = Revocation.online().build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<RevocationStatus.Status>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Callable<List<RevocationStatus.Status>> task = () -> {
                    start.await();
                    List<RevocationStatus.Status> seen = new ArrayList<>();
                    for (int round = 0; round < 5; round++) {
                        for (Leaf leaf : leaves) {
                            seen.add(revocation.check(leaf.certificate(), issuer()).status());
                        }
                    }
                    return seen;
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<List<RevocationStatus.Status>> result : results) {
                List<RevocationStatus.Status> seen = result.get();
                for (int i = 0; i < seen.size(); i++) {
                    assertThat(seen.get(i)).isEqualTo(i % 2 == 0 ? RevocationStatus.Status.GOOD : RevocationStatus.Status.REVOKED);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(pki.requestCount(Endpoint.OCSP)).isEqualTo(leaves.size());
    }

    @Test
    void rejectsACertificateThatIsNotTheIssuer() {
        assertThatThrownBy(() -> Revocation.online().build().check(good.certificate(), pki.root().certificate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not the issuer");
    }

    @Test
    void rejectsMisconfigurationInBuild() {
        assertThatThrownBy(() -> Revocation.online().cacheSize(-1).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Revocation.online().readTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static X509Certificate issuer() {
        return pki.intermediate().certificate();
    }

    private static LeafSpec leaf(String subject) {
        return LeafSpec.builder().subject(subject).keyType(KeyType.ECDSA_P256).build();
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            this.now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
