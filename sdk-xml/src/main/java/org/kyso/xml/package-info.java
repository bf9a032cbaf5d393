/**
 * XML signatures with any {@link org.kyso.core.SigningKey}: XAdES baseline signatures (ETSI EN 319
 * 132-1, levels B to LTA) created and extended through EU DSS ({@link org.kyso.xml.XmlSigner},
 * {@link org.kyso.xml.XmlExtender}), and plain XMLDSig signatures created through Apache Santuario,
 * laid out by the caller or by a {@link org.kyso.xml.XmlProfile} (the Vietnamese e-invoice
 * parties). Validation goes through {@link org.kyso.core.Validator}, which recognises XML as soon
 * as this module is on the class path.
 *
 * <pre>{@code
 * XmlSigner signer = XmlSigner.builder().key(key).level(XadesLevel.B).build();
 * signer.sign(Path.of("ho-so.xml"), Path.of("ho-so-signed.xml"));
 * XmlSigner seller = XmlSigner.builder().key(key).profile(XmlProfile.VN_EINVOICE_SELLER).build();
 * seller.sign(Path.of("hoa-don.xml"), Path.of("hoa-don-signed.xml"));
 * ValidationReport report = Validator.builder().trust(TrustAnchors.from(Path.of("roots"))).build()
 *         .validate(Path.of("ho-so-signed.xml"));
 * }</pre>
 *
 * <p>A sample document to try it on ships as the resource
 * {@code /org/kyso/xml/samples/ho-so-mau.xml}.
 */
package org.kyso.xml;
