package org.kyso.xml;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * W3C canonicalization algorithms, used for the {@code SignedInfo} and for the signed XML data.
 * Same-document references ({@code URI=""}, {@code URI="#id"}) never carry comments, whichever
 * variant is chosen (XMLDSig §4.4.3.3), so the "with comments" variants matter for
 * {@code SignedInfo} only.
 *
 * <pre>{@code
 * XmlSigner signer = XmlSigner.builder().key(key).canonicalization(XmlCanonicalization.INCLUSIVE).build();
 * }</pre>
 */
public enum XmlCanonicalization {
    /** Canonical XML 1.0 (inclusive), {@code http://www.w3.org/TR/2001/REC-xml-c14n-20010315}. */
    INCLUSIVE("inclusive", "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"),
    /** Canonical XML 1.0 with comments. */
    INCLUSIVE_WITH_COMMENTS("inclusive-with-comments", "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"),
    /** Canonical XML 1.1 (inclusive), {@code http://www.w3.org/2006/12/xml-c14n11}. */
    INCLUSIVE_11("inclusive-1.1", "http://www.w3.org/2006/12/xml-c14n11"),
    /** Canonical XML 1.1 with comments. */
    INCLUSIVE_11_WITH_COMMENTS("inclusive-1.1-with-comments", "http://www.w3.org/2006/12/xml-c14n11#WithComments"),
    /** Exclusive XML Canonicalization 1.0, {@code http://www.w3.org/2001/10/xml-exc-c14n#}. */
    EXCLUSIVE("exclusive", "http://www.w3.org/2001/10/xml-exc-c14n#"),
    /** Exclusive XML Canonicalization 1.0 with comments. */
    EXCLUSIVE_WITH_COMMENTS("exclusive-with-comments", "http://www.w3.org/2001/10/xml-exc-c14n#WithComments");

    private final String cliName;
    private final String uri;

    XmlCanonicalization(String cliName, String uri) {
        this.cliName = cliName;
        this.uri = uri;
    }

    /** The algorithm's URI, as written in {@code CanonicalizationMethod} and {@code Transform}. */
    public String uri() {
        return uri;
    }

    /** The short name the command line uses ({@code inclusive}, {@code exclusive-with-comments}, ...). */
    public String cliName() {
        return cliName;
    }

    /**
     * The algorithm with this short name (see {@link #cliName()}) or URI.
     *
     * @throws IllegalArgumentException for any other name, listing the known ones
     */
    public static XmlCanonicalization fromName(String name) {
        for (XmlCanonicalization c : values()) {
            if (c.cliName.equalsIgnoreCase(name) || c.uri.equals(name) || c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown canonicalization '" + name + "': use one of "
                + Arrays.stream(values()).map(XmlCanonicalization::cliName).collect(Collectors.joining(", ")));
    }
}
