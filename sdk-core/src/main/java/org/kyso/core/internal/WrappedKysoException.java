package org.kyso.core.internal;

import eu.europa.esig.dss.model.DSSException;

import org.kyso.core.KysoException;

/**
 * Carries a {@link KysoException} through DSS interfaces that cannot throw checked exceptions
 * ({@code TSPSource}, revocation sources). KySo code that calls into DSS catches it (or anything
 * whose cause chain holds one) and rethrows the original with {@link #unwrap(Throwable)}, so the
 * caller sees the same {@code TimestampException} a direct {@code Tsa} call would give.
 */
public final class WrappedKysoException extends DSSException {

    private static final long serialVersionUID = 1L;

    public WrappedKysoException(KysoException cause) {
        super(cause.getMessage(), cause);
    }

    /** The wrapped exception. */
    public KysoException kysoException() {
        return (KysoException) getCause();
    }

    /**
     * The first {@link KysoException} in {@code failure}'s cause chain ({@code failure} itself
     * included), or {@code null} when there is none. DSS often wraps what a source threw once
     * more, so looking only one level down is not enough.
     */
    public static KysoException unwrap(Throwable failure) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof KysoException kyso) {
                return kyso;
            }
        }
        return null;
    }
}
