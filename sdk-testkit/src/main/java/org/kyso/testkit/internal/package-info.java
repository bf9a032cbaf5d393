/**
 * Implementation of {@code org.kyso.testkit}: certificate and CRL building, the OCSP responder, the
 * time-stamping authority and the HTTP server. Not an API: anything here may change without notice.
 */
package org.kyso.testkit.internal;
