package org.kyso.core.internal;

import java.net.URI;

/**
 * One revocation source (an OCSP responder, a CRL distribution point) failed; {@link #getMessage()}
 * reads as "OCSP http://... answered HTTP 503". Collected and turned into one
 * {@link org.kyso.core.RevocationException} naming every source tried.
 */
final class SourceFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final URI url;

    SourceFailure(URI url, String message, Throwable cause) {
        super(message, cause);
        this.url = url;
    }

    URI url() {
        return url;
    }
}
