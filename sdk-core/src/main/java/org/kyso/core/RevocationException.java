package org.kyso.core;

import java.net.URI;

/** Revocation data (OCSP or CRL) was required but could not be obtained. */
public class RevocationException extends ServiceException {

    public RevocationException(URI url, String message, Throwable cause) {
        super(url, message, cause);
    }
}
