package org.kyso.pkcs11.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.kyso.core.KeyAccessException;
import org.kyso.core.KysoException;

/**
 * Runs token operations on the token's own worker thread and gives up waiting after a deadline:
 * a driver that blocks (a token pulled out mid-operation, a hung reader) must not hang the caller.
 * The blocked native call cannot be interrupted; it is left to its daemon thread.
 */
public final class Deadline {

    private Deadline() {
    }

    /** A single daemon worker for one token: token operations are serialised on it. */
    public static ExecutorService worker(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code call} on {@code worker}; after {@code timeout} throws what {@code onTimeout} gives.
     * KySo exceptions thrown by the call reach the caller unchanged.
     */
    public static <T> T run(ExecutorService worker, Duration timeout, Callable<T> call,
                            Supplier<KeyAccessException> onTimeout) throws KysoException {
        Future<T> future;
        try {
            future = worker.submit(call);
        } catch (RejectedExecutionException e) {
            throw onTimeout.get();
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw onTimeout.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new KeyAccessException(KeyAccessException.Reason.OTHER, "Interrupted while waiting for the token", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof KysoException k) {
                throw k;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new KeyAccessException(KeyAccessException.Reason.OTHER, "The token operation failed: " + cause, cause);
        }
    }
}
