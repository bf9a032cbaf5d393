package org.kyso.core;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.kyso.core.internal.RevocationEngine;

/**
 * Where revocation information comes from: online (OCSP, RFC 6960, then CRL, RFC 5280) or
 * deliberately offline. Signers and validators take one; {@link #check} can also be called
 * directly.
 *
 * <pre>{@code
 * Revocation revocation = Revocation.online()
 *         .readTimeout(Duration.ofSeconds(20))
 *         .build();                              // build once, share with every validator
 * RevocationStatus st = revocation.check(leaf, issuer);
 * System.out.println(st.status() + " from " + st.source() + " " + st.url());
 * }</pre>
 *
 * <p><b>Online</b>: for each certificate the OCSP responders of its Authority Information Access
 * extension are asked first, then the CRL distribution points of its CRL Distribution Points
 * extension (http and https only). An answer is used only if the certificate's issuer signed it,
 * or, for OCSP, a responder certificate that the issuer signed with extended key usage
 * id-kp-OCSPSigning; an answer whose nextUpdate lies more than 15 minutes (the JDK's
 * clock-skew allowance) in the past is refused as stale. A source that fails or answers badly
 * counts as failed and the next one is tried.
 *
 * <p><b>Cache</b>: each online instance holds one in-memory cache, shared by every check and
 * every document validated with it. OCSP answers are kept per (issuer, serial number); a CRL is
 * kept per distribution point URL, so one CRL serves every certificate of its CA. An answer is
 * reused until its nextUpdate, as read from the {@linkplain Builder#clock(Clock) clock}; an answer
 * without nextUpdate is never reused, because nothing says how long it stays true. The cache is
 * bounded: beyond {@linkplain Builder#cacheSize(int) cacheSize} entries the least recently used
 * one is dropped. Concurrent checks needing the same answer wait for one request instead of
 * sending one each.
 *
 * <p><b>Offline</b>: {@link #offline()} never touches the network; {@link #check} throws and
 * validators report that revocation was not checked.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class Revocation {

    private final RevocationEngine engine;

    private Revocation(RevocationEngine engine) {
        this.engine = engine;
    }

    /** Starts an online configuration (OCSP first, then CRL, with a shared cache). */
    public static Builder online() {
        return new Builder();
    }

    /** Revocation that never touches the network: nothing is checked, and reports say so. */
    public static Revocation offline() {
        return new Revocation(RevocationEngine.offline());
    }

    /** True for {@link #offline()}. */
    public boolean isOffline() {
        return engine.isOffline();
    }

    /**
     * Asks whether {@code certificate} is revoked: OCSP first, then CRL, each answer verified and
     * cached.
     *
     * @param issuer the certificate of the CA that issued {@code certificate}
     * @throws IllegalArgumentException when {@code issuer} is not the issuer named in {@code certificate}
     * @throws RevocationException when offline, when the certificate names no usable OCSP or CRL
     *         location, or when every source failed (the message names each URL and why)
     */
    public RevocationStatus check(X509Certificate certificate, X509Certificate issuer) throws RevocationException {
        return engine.check(Objects.requireNonNull(certificate, "certificate"), Objects.requireNonNull(issuer, "issuer"));
    }

    /**
     * The cache and HTTP client behind this instance. KySo's own modules reach it through
     * {@code org.kyso.core.internal.CoreAccess.engine(revocation)}; it is not part of the API.
     */
    RevocationEngine engine() {
        return engine;
    }

    @Override
    public String toString() {
        return engine.toString();
    }

    /** Configures an online {@link Revocation}; every check happens in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(20);
        private int cacheSize = 10_000;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** How long to wait for a connection to a responder or distribution point. Default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** How long to wait for a whole answer (a large CRL included) once connected. Default 20 s. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /** At most this many cached answers (OCSP answers plus CRLs); 0 disables the cache. Default 10 000. */
        public Builder cacheSize(int entries) {
            this.cacheSize = entries;
            return this;
        }

        /** The clock that decides when a cached answer passed its nextUpdate. Default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** @throws IllegalArgumentException when a timeout is not positive or the cache size is negative */
        public Revocation build() {
            requirePositive(connectTimeout, "connectTimeout");
            requirePositive(readTimeout, "readTimeout");
            if (cacheSize < 0) {
                throw new IllegalArgumentException("cacheSize must be 0 or more, got " + cacheSize);
            }
            Objects.requireNonNull(clock, "clock");
            return new Revocation(RevocationEngine.online(connectTimeout, readTimeout, cacheSize, clock));
        }

        private static void requirePositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
        }
    }
}
