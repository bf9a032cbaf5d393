package org.kyso.core;

import java.util.List;

import eu.europa.esig.dss.spi.tsl.TrustedListsCertificateSource;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;

import org.kyso.core.internal.CoreAccess;
import org.kyso.core.internal.RevocationEngine;

/** Hands {@link CoreAccess} what the public types keep package-private. */
final class CoreBridge implements CoreAccess.Bridge {

    static {
        CoreAccess.install(new CoreBridge());
    }

    private CoreBridge() {
    }

    @Override
    public RevocationEngine engine(Revocation revocation) {
        return revocation.engine();
    }

    @Override
    public CommonTrustedCertificateSource trustedSource(Validator validator) {
        return validator.dssTrustedSource();
    }

    @Override
    public List<TrustedListsCertificateSource> trustedLists(TrustAnchors anchors) {
        return anchors.dssTrustedLists();
    }
}
