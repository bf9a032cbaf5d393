package org.kyso.pkcs11.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;

import org.junit.jupiter.api.Test;

import org.kyso.core.KeyAccessException;
import org.kyso.core.TimestampException;

class DeadlineTest {

    @Test
    void givesUpOnABlockedDriverCallInsteadOfHanging() {
        ExecutorService worker = Deadline.worker("test-token");
        CountDownLatch never = new CountDownLatch(1);
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> Deadline.run(worker, Duration.ofMillis(200), () -> {
                never.await();   // a driver call that never returns
                return new byte[0];
            }, () -> new KeyAccessException(KeyAccessException.Reason.OTHER, "token did not answer")))
                    .isInstanceOf(KeyAccessException.class)
                    .hasMessageContaining("did not answer");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void passesTheCallsOwnKysoExceptionThroughUnchanged() {
        ExecutorService worker = Deadline.worker("test-token");
        TimestampException thrown = new TimestampException(java.net.URI.create("http://127.0.0.1/tsa"), "boom");
        try {
            assertThatThrownBy(() -> Deadline.run(worker, Duration.ofSeconds(5), () -> {
                throw thrown;
            }, () -> new KeyAccessException(KeyAccessException.Reason.OTHER, "timeout")))
                    .isSameAs(thrown);
        } finally {
            worker.shutdownNow();
        }
    }

    @Test
    void returnsTheValueOfACallThatFinishesInTime() throws Exception {
        ExecutorService worker = Deadline.worker("test-token");
        try {
            byte[] value = Deadline.run(worker, Duration.ofSeconds(5), () -> new byte[] {1, 2, 3},
                    () -> new KeyAccessException(KeyAccessException.Reason.OTHER, "timeout"));
            assertThat(value).containsExactly(1, 2, 3);
        } finally {
            worker.shutdownNow();
        }
    }
}
