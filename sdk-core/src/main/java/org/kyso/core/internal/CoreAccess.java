package org.kyso.core.internal;

import java.util.List;
import java.util.Objects;

import eu.europa.esig.dss.spi.tsl.TrustedListsCertificateSource;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;

import org.kyso.core.Revocation;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Validator;

/**
 * How KySo's own modules reach the engine and DSS objects behind the public types of
 * {@code org.kyso.core} (a revocation's cache and HTTP client, a validator's DSS trusted source,
 * the DSS sources of trusted lists), which those types deliberately do not expose: the objects
 * are mutable and their types may change in any release. Not part of KySo's API.
 *
 * <pre>{@code
 * RevocationEngine engine = CoreAccess.engine(revocation);
 * }</pre>
 */
public final class CoreAccess {

    /** Implemented by a package-private class of {@code org.kyso.core}, which installs it when loaded. */
    public interface Bridge {
        RevocationEngine engine(Revocation revocation);

        CommonTrustedCertificateSource trustedSource(Validator validator);

        List<TrustedListsCertificateSource> trustedLists(TrustAnchors anchors);
    }

    private static final String IMPLEMENTATION = "org.kyso.core.CoreBridge";

    private static volatile Bridge bridge;

    private CoreAccess() {
    }

    /** Called once by {@code org.kyso.core}; a second, different bridge is refused. */
    public static synchronized void install(Bridge implementation) {
        if (!implementation.getClass().getName().equals(IMPLEMENTATION)) {
            throw new IllegalStateException("Only org.kyso.core installs the core bridge");
        }
        if (bridge == null) {
            bridge = implementation;
        }
    }

    /** The cache, HTTP client and checks behind {@code revocation}. */
    public static RevocationEngine engine(Revocation revocation) {
        return bridge().engine(Objects.requireNonNull(revocation, "revocation"));
    }

    /** The DSS trusted source the validator built once from its trust anchors (shared: do not change it). */
    public static CommonTrustedCertificateSource trustedSource(Validator validator) {
        return bridge().trustedSource(Objects.requireNonNull(validator, "validator"));
    }

    /** The DSS sources of the trusted lists behind {@code anchors} (shared: do not change them). */
    public static List<TrustedListsCertificateSource> trustedLists(TrustAnchors anchors) {
        return bridge().trustedLists(Objects.requireNonNull(anchors, "anchors"));
    }

    private static Bridge bridge() {
        Bridge b = bridge;
        if (b == null) {
            try {
                // Loading the class runs its static initialiser, which installs it.
                Class.forName(IMPLEMENTATION, true, CoreAccess.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("KySo's core bridge is missing", e);
            }
            b = bridge;
        }
        return b;
    }
}
