package org.kyso.examples.cli;

import java.net.URI;
import java.time.Duration;

import org.kyso.core.Revocation;
import org.kyso.core.TrustedListSource;
import org.kyso.core.Tsa;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --timeout SECONDS}, for the commands that reach network services: the connect timeout
 * and the read timeout of every request to the time-stamping authority, to OCSP responders, CRL
 * distribution points and CA certificate (AIA) addresses, and of trusted-list downloads. Without
 * it each service keeps the SDK's defaults (TSA 10 s and 30 s, OCSP/CRL 10 s and 20 s, trusted
 * lists 10 s and 60 s; SECURITY.md, "Safe defaults"), so the option changes nothing unless given.
 */
final class ServiceTimeout {

    /** Longer is no timeout at all for a person at a desk; it also keeps DSS's millisecond ints far from overflow. */
    static final int MAX_SECONDS = 3600;

    @Option(names = "--timeout", paramLabel = "SECONDS", order = 90, converter = Seconds.class,
            description = "Wait at most SECONDS for a network service (TSA, OCSP, CRL, CA certificates, trusted lists)"
                    + " to accept the connection, and at most SECONDS for its answer; 1 to " + MAX_SECONDS + "."
                    + " Default: TSA 10 s and 30 s, OCSP and CRL 10 s and 20 s, trusted lists 10 s and 60 s.")
    Duration timeout;

    /** A client for the TSA at {@code url}, with {@code --timeout} if given. */
    Tsa tsa(URI url) {
        Tsa.Builder builder = Tsa.builder(url);
        if (timeout != null) {
            builder.connectTimeout(timeout).readTimeout(timeout);
        }
        return builder.build();
    }

    /** Online revocation checking (OCSP, CRL, AIA), with {@code --timeout} if given. */
    Revocation online() {
        Revocation.Builder builder = Revocation.online();
        if (timeout != null) {
            builder.connectTimeout(timeout).readTimeout(timeout);
        }
        return builder.build();
    }

    /**
     * Whether {@code --timeout} was given: only then do the commands set revocation on signers and
     * extenders, which otherwise choose for themselves (online at LT and LTA, offline below).
     */
    boolean given() {
        return timeout != null;
    }

    /** Makes {@code builder} download lists named by URL, with {@code --timeout} if given. */
    TrustedListSource.Builder online(TrustedListSource.Builder builder) {
        return timeout == null ? builder.online() : builder.online(timeout, timeout);
    }

    /** A whole number of seconds from 1 to {@link #MAX_SECONDS}; anything else is a usage error (exit 64). */
    static final class Seconds implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            int seconds;
            try {
                seconds = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a whole number of seconds (1 to " + MAX_SECONDS + ")");
            }
            if (seconds < 1 || seconds > MAX_SECONDS) {
                throw new TypeConversionException("it must be from 1 to " + MAX_SECONDS + " seconds, not " + seconds);
            }
            return Duration.ofSeconds(seconds);
        }
    }
}
