package org.kyso.core;

/**
 * What one signed reference of an XML signature (a {@code ds:Reference} in {@code ds:SignedInfo},
 * W3C XML Signature 1.1 §4.4.3) covers, so that a reader can see which part of the document the
 * signature vouches for.
 *
 * <pre>{@code
 * for (ReferenceReport r : signature.references()) {
 *     System.out.println(r.uri() + " -> " + r.covers() + (r.intact() ? " intact" : " BROKEN"));
 * }
 * }</pre>
 *
 * @param uri the Reference's URI as written: {@code "#_618901"}, {@code ""} (the whole document), a
 *        detached file name; {@code null} when the Reference has no URI attribute
 * @param covers what the URI resolves to: the covered element's path such as
 *        {@code /TDiep/DLieu/HDon/DLHDon} (with {@code [n]} where same-named siblings need telling
 *        apart), {@link #WHOLE_DOCUMENT} for the whole document, the name of the detached content for
 *        a reference to data outside the document, or {@code null} when nothing was found; when
 *        several elements carry the referenced Id (signature wrapping), their paths joined by
 *        {@code " | "}, with {@code found} false
 * @param digestAlgorithm the digest algorithm, such as {@code SHA-256} or {@code SHA-1}; {@code null}
 *        when not recognised
 * @param found the referenced data was found, exactly once
 * @param intact the digest of the referenced data matches the signed digest
 */
public record ReferenceReport(String uri, String covers, String digestAlgorithm, boolean found, boolean intact) {

    /** {@link #covers()} of a reference to the whole document ({@code URI=""}): the XPath of the document node. */
    public static final String WHOLE_DOCUMENT = "/";

    /** Whether the reference covers the whole document. */
    public boolean coversWholeDocument() {
        return WHOLE_DOCUMENT.equals(covers);
    }
}
