package org.kyso.xml;

/**
 * Where the XML signature sits relative to the signed data (ETSI EN 319 132-1 §4 and W3C
 * XML-Signature Syntax and Processing §2).
 *
 * <pre>{@code
 * XmlSigner signer = XmlSigner.builder().key(key).packaging(XmlPackaging.DETACHED).build();
 * signer.sign(Path.of("ho-so.xml"), Path.of("ho-so.xml.sig.xml"));   // keep both files together
 * }</pre>
 */
public enum XmlPackaging {
    /**
     * The {@code ds:Signature} is added inside the signed XML document, as the last child of its
     * root element; the rest of the document is kept byte for byte where possible.
     */
    ENVELOPED,
    /**
     * The signed XML document is placed inside the signature, in a {@code ds:Object} element; the
     * output's root is the {@code ds:Signature}.
     */
    ENVELOPING,
    /**
     * The signature is a separate XML file that references the signed data by its file name. The
     * signed data may be any file, XML or not; a validator needs both files. One signature may also
     * cover several files, one reference each ({@link XmlSigner#signDetached(java.util.List, java.nio.file.Path)}).
     */
    DETACHED
}
