/**
 * A throwaway in-process PKI for tests and demos: root CA, intermediate CA, leaf certificates and
 * a TSA, with RFC 3161 time-stamping, RFC 6960 OCSP, RFC 5280 CRLs and AIA CA certificates served
 * over HTTP on 127.0.0.1 ephemeral ports. Start with {@link org.kyso.testkit.TestPki#builder()}.
 *
 * <p>{@link org.kyso.testkit.ExternalTools} finds and runs independent command-line checkers
 * (pdfsig, xmlsec1, openssl) from tests; {@link org.kyso.testkit.OpensslPki} is a second PKI, CRL
 * and TSA made by the openssl command line, for interoperability tests;
 * {@link org.kyso.testkit.SoftHsmToken} is a SoftHSM2 token made by softhsm2-util and pkcs11-tool.
 *
 * <p>Nothing here is meant for production: keys are generated on the fly, never protected, and
 * the services answer anyone on the loopback interface.
 */
package org.kyso.testkit;
