/**
 * XML signatures: XAdES baseline signatures (ETSI EN 319 132-1) created through EU DSS, with any
 * {@link org.kyso.core.SigningKey}. Validation goes through {@link org.kyso.core.Validator}, which
 * recognises XML as soon as this module is on the class path.
 *
 * <pre>{@code
 * XmlSigner signer = XmlSigner.builder().key(key).level(XadesLevel.B).build();
 * signer.sign(Path.of("ho-so.xml"), Path.of("ho-so-signed.xml"));
 * ValidationReport report = Validator.builder().trust(TrustAnchors.from(Path.of("roots"))).build()
 *         .validate(Path.of("ho-so-signed.xml"));
 * }</pre>
 *
 * <p>A sample document to try it on ships as the resource
 * {@code /org/kyso/xml/samples/ho-so-mau.xml}.
 */
package org.kyso.xml;
