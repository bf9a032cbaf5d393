package org.kyso.testkit;

/**
 * The services a {@link TestPki} serves over HTTP on 127.0.0.1, for counting requests
 * ({@link TestPki#requestCount(Endpoint)}) and simulating outages ({@link TestPki#failures(Endpoint, Failure)}).
 *
 * <pre>{@code
 * pki.failures(Endpoint.OCSP, Failure.HTTP_503);
 * }</pre>
 */
public enum Endpoint {
    /** RFC 3161 time-stamping at {@code POST /tsa}. */
    TSA,
    /** RFC 6960 OCSP at {@code POST /ocsp} and {@code GET /ocsp/{base64}}. */
    OCSP,
    /** RFC 5280 CRLs at {@code GET /crl/intermediate.crl} and {@code GET /crl/root.crl}. */
    CRL,
    /** CA certificates (AIA caIssuers) at {@code GET /ca/intermediate.cer} and {@code GET /ca/root.cer}. */
    CA_ISSUERS
}
