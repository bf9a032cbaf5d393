package org.kyso.xml;

/**
 * The kind of XML signature an {@link XmlSigner} creates.
 *
 * <pre>{@code
 * XmlSigner plain = XmlSigner.builder().key(key).format(XmlFormat.XMLDSIG).referenceIds("DLHDon-1").build();
 * }</pre>
 */
public enum XmlFormat {
    /**
     * XAdES baseline signatures (ETSI EN 319 132-1): XMLDSig plus signed qualifying properties
     * (signing certificate, signing time), with levels B, T, LT and LTA. Created through EU DSS.
     */
    XADES,
    /**
     * Plain W3C XML Signature (XMLDSig 1.0/1.1, enveloped), without XAdES properties: what
     * Vietnamese e-invoices and tax messages use. Created through Apache Santuario. No levels, no
     * time-stamps; an optional {@code SigningTime} signature property.
     */
    XMLDSIG
}
