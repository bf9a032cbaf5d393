package org.kyso.testkit;

/**
 * A simulated outage of one {@link Endpoint}, switched on and off at run time with
 * {@link TestPki#failures(Endpoint, Failure)}. Requests that fail this way are still counted.
 *
 * <pre>{@code
 * pki.failures(Endpoint.TSA, Failure.TIMEOUT);   // the client's own timeout must fire
 * ...
 * pki.failures(Endpoint.TSA, Failure.NONE);
 * }</pre>
 */
public enum Failure {
    /** The endpoint answers normally. */
    NONE,
    /** The endpoint answers {@code 503 Service Unavailable} with a short text body. */
    HTTP_503,
    /**
     * The endpoint accepts the request and never answers: the connection is held open until the
     * client gives up, the PKI is closed, or 30 seconds pass (then it is closed without an answer).
     * No server thread is kept busy while a connection is held.
     */
    TIMEOUT
}
