package org.kyso.core.internal;

import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;

import org.kyso.core.DigestAlgorithm;
import org.kyso.core.TimestampException;
import org.kyso.core.Tsa;

/**
 * Lets DSS time-stamp through a KySo {@link Tsa}, so signatures made with DSS get tokens that
 * passed the same RFC 3161 checks as direct {@code Tsa} calls. Failures reach DSS as a
 * {@link WrappedKysoException} holding the {@link TimestampException}; recover it with
 * {@link WrappedKysoException#unwrap(Throwable)}.
 *
 * <p>This class is thread-safe (as {@link Tsa} is).
 */
@SuppressWarnings("serial") // DSS declares TSPSource Serializable; KySo never serializes it.
public final class DssTspSource implements TSPSource {

    private final Tsa tsa;

    public DssTspSource(Tsa tsa) {
        this.tsa = java.util.Objects.requireNonNull(tsa, "tsa");
    }

    /** The client this source uses. */
    public Tsa tsa() {
        return tsa;
    }

    @Override
    public TimestampBinary getTimeStampResponse(eu.europa.esig.dss.enumerations.DigestAlgorithm digestAlgorithm,
                                                byte[] digest) {
        DigestAlgorithm algorithm = kyso(digestAlgorithm);
        if (algorithm == null) {
            throw new WrappedKysoException(new TimestampException(tsa.url(), "Cannot time-stamp a "
                    + digestAlgorithm + " digest with the TSA at " + tsa.url()
                    + ": KySo time-stamps only SHA-256, SHA-384 and SHA-512 digests"));
        }
        try {
            return new TimestampBinary(tsa.timestampDigest(algorithm, digest).encoded());
        } catch (TimestampException e) {
            throw new WrappedKysoException(e);
        }
    }

    private static DigestAlgorithm kyso(eu.europa.esig.dss.enumerations.DigestAlgorithm dss) {
        for (DigestAlgorithm candidate : DigestAlgorithm.values()) {
            if (DssAlgorithms.digest(candidate) == dss) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "DssTspSource[" + tsa + "]";
    }
}
