package org.kyso.core;

import java.net.URI;

/**
 * A network service that signing or validation depends on (TSA, OCSP responder, CRL
 * distribution point) was unreachable, too slow, or answered something unusable.
 */
public class ServiceException extends KysoException {

    private final URI url;

    public ServiceException(URI url, String message, Throwable cause) {
        super(message, cause);
        this.url = url;
    }

    /** The service that failed. */
    public URI url() {
        return url;
    }
}
