package org.kyso.core;

import java.net.URI;

/** An RFC 3161 time-stamping authority failed or gave an answer that did not pass the checks. */
public class TimestampException extends ServiceException {

    public TimestampException(URI url, String message) {
        super(url, message, null);
    }

    public TimestampException(URI url, String message, Throwable cause) {
        super(url, message, cause);
    }
}
