package org.kyso.core.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * A bounded (least recently used) map of revocation answers that expire at their nextUpdate,
 * plus "single flight": while one thread fetches an answer, others asking for the same key wait
 * for it instead of sending the same request. Not part of KySo's API.
 *
 * <p>This class is thread-safe.
 */
final class RevocationCache {

    /** Fetches a value on a cache miss. */
    interface Loader<T> {
        T load() throws SourceFailure;
    }

    /** A value and the instant from which it must not be reused; {@code expires} null = never cache. */
    record Expiring<T>(T value, Instant expires) {
    }

    private final int capacity;
    private final Clock clock;
    // Guarded by itself. Lookups and insertions are a few pointer moves, so one lock is cheap
    // next to the network calls it saves; fetching happens outside it.
    private final LinkedHashMap<Object, Expiring<?>> entries;
    private final ConcurrentHashMap<Object, CompletableFuture<Expiring<?>>> inFlight = new ConcurrentHashMap<>();

    RevocationCache(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Expiring<?>> eldest) {
                return size() > RevocationCache.this.capacity;
            }
        };
    }

    /** The cached value for {@code key} if still fresh, else what {@code loader} fetches (cached when it may be). */
    @SuppressWarnings("unchecked")
    <T> T get(Object key, Loader<Expiring<T>> loader) throws SourceFailure {
        Expiring<T> fresh = (Expiring<T>) fresh(key);
        if (fresh != null) {
            return fresh.value();
        }
        CompletableFuture<Expiring<?>> mine = new CompletableFuture<>();
        CompletableFuture<Expiring<?>> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return ((Expiring<T>) await(running)).value();
        }
        try {
            // Another thread may have finished this key between our lookup and putIfAbsent.
            Expiring<T> loaded = (Expiring<T>) fresh(key);
            if (loaded == null) {
                loaded = loader.load();
                store(key, loaded);
            }
            mine.complete(loaded);
            return loaded.value();
        } catch (SourceFailure | RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** How many answers are held now. */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private Expiring<?> fresh(Object key) {
        Instant now = clock.instant();
        synchronized (entries) {
            Expiring<?> cached = entries.get(key);
            if (cached == null) {
                return null;
            }
            if (now.isBefore(cached.expires())) {
                return cached;
            }
            entries.remove(key);
            return null;
        }
    }

    private void store(Object key, Expiring<?> value) {
        if (capacity == 0 || value.expires() == null || !clock.instant().isBefore(value.expires())) {
            return;
        }
        synchronized (entries) {
            entries.put(key, value);
        }
    }

    private static Expiring<?> await(CompletableFuture<Expiring<?>> running) throws SourceFailure {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceFailure(null, "interrupted while waiting for another thread's request", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SourceFailure failure) {
                throw failure;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new SourceFailure(null, String.valueOf(cause), cause);
        }
    }
}
