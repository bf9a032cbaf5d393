package org.kyso.xml.internal;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.xml.security.c14n.Canonicalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;


/**
 * Keeps a signed document byte-identical to the original outside the {@code ds:Signature} elements
 * DSS adds or extends. DSS re-serialises the whole DOM, which is harmless to XMLDSig (it signs the
 * canonical form) but rewrites what people and archive systems compare: the XML declaration,
 * character references, quote style, empty-element tags. Here the signature elements exactly as DSS
 * wrote them are put into the original bytes, where DSS put them.
 *
 * <p>The result is used only when it is provably the same XML as DSS's output: both must have
 * identical inclusive canonical forms with comments (W3C Canonical XML 1.0), which fixes every
 * digest and the signature value. Anything unusual (a non-UTF-8 encoding, an unexpected layout)
 * falls back to DSS's own serialisation, which is equally valid.
 */
public final class EnvelopedSplice {

    private static final Logger LOG = LoggerFactory.getLogger(EnvelopedSplice.class);
    static final String XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

    static {
        Santuario.init();
    }

    private EnvelopedSplice() {
    }

    /**
     * The original document with the one signature DSS added inserted at the same place, or empty
     * when that cannot be proven equivalent to {@code signedByDss}.
     *
     * @param original the bytes given to DSS (the caller's, less any blank lines before the markup)
     * @param originalDom the original, as parsed by {@link SecureXml}
     * @param signedByDss DSS's output (UTF-8)
     */
    public static Optional<byte[]> splice(byte[] original, Document originalDom, byte[] signedByDss) {
        try {
            return Optional.ofNullable(trySplice(original, originalDom, signedByDss));
        } catch (RuntimeException e) {
            LOG.debug("Keeping DSS's serialisation: {}", e.toString());
            return Optional.empty();
        }
    }

    /**
     * The original document with each of its signatures replaced by the same signature as DSS
     * extended it (XAdES augmentation changes only the inside of {@code ds:Signature}), or empty
     * when that cannot be proven equivalent to {@code extendedByDss}.
     *
     * @param original the bytes given to DSS (the caller's, less any blank lines before the markup)
     * @param originalDom the original, as parsed by {@link SecureXml} (not parsed again here)
     * @param extendedByDss DSS's output (UTF-8)
     */
    public static Optional<byte[]> replaceSignatures(byte[] original, Document originalDom, byte[] extendedByDss) {
        try {
            return Optional.ofNullable(tryReplace(original, originalDom, extendedByDss));
        } catch (RuntimeException e) {
            LOG.debug("Keeping DSS's serialisation: {}", e.toString());
            return Optional.empty();
        }
    }

    private static byte[] trySplice(byte[] original, Document originalDom, byte[] signedByDss) {
        if (!XmlMarkup.isUtf8(XmlMarkup.declaredEncoding(original))) {
            LOG.debug("Keeping DSS's serialisation: the original is not declared UTF-8");
            return null;
        }
        Set<String> before = new HashSet<>();
        for (Element s : topLevelSignatures(originalDom)) {
            before.add(s.getAttribute("Id"));
        }
        Document dssDom = XmlInput.parseTrusted(signedByDss);
        Element added = null;
        for (Element s : topLevelSignatures(dssDom)) {
            if (!before.contains(s.getAttribute("Id"))) {
                if (added != null) {
                    return null;
                }
                added = s;
            }
        }
        if (added == null || !(added.getParentNode() instanceof Element parent) || nextElementSibling(added) != null) {
            LOG.debug("Keeping DSS's serialisation: the new signature is not the last child of an element");
            return null;
        }
        // the parent comes before the new signature in document order, so it has the same index in both documents
        int parentIndex = XmlMarkup.indexOf(parent);
        XmlMarkup markup = XmlMarkup.scan(original);
        if (!markup.span(parentIndex).name().equals(parent.getTagName())) {
            return null;
        }
        byte[] found = signatureFoundById(signedByDss, added);
        if (found != null) {
            byte[] result = markup.appendChild(parentIndex, found);
            if (canonicallyEqual(dssDom, XmlInput.parseTrusted(result))) {
                return result;
            }
        }
        // not found by its Id, or not the right bytes (the Id's text elsewhere, e.g. in a comment after it)
        byte[] scanned = XmlMarkup.scan(signedByDss).elementBytes(XmlMarkup.indexOf(added));
        if (Arrays.equals(scanned, found)) {
            LOG.debug("Keeping DSS's serialisation: the spliced document is not canonically equal");
            return null;
        }
        byte[] result = markup.appendChild(parentIndex, scanned);
        if (!canonicallyEqual(dssDom, XmlInput.parseTrusted(result))) {
            LOG.debug("Keeping DSS's serialisation: the spliced document is not canonically equal");
            return null;
        }
        return result;
    }

    /**
     * The bytes of {@code added} in DSS's output, found without scanning the whole output, which has
     * just been parsed: DSS gives each new signature an Id of its own and puts it last in its parent,
     * so it is searched for from the end by that Id. Null when no element of the same name is found
     * that way. The bytes found are a guess that the canonical comparison of the spliced document
     * confirms; when it does not, the whole output is scanned.
     */
    private static byte[] signatureFoundById(byte[] signedByDss, Element added) {
        String id = added.getAttribute("Id");
        if (id.isEmpty() || id.indexOf('"') >= 0 || id.indexOf('&') >= 0 || id.indexOf('<') >= 0) {
            return null;
        }
        byte[] found = XmlMarkup.lastElementWithAttribute(signedByDss, "Id=\"" + id + "\"");
        byte[] startTag = ("<" + added.getTagName()).getBytes(StandardCharsets.UTF_8);
        int n = startTag.length;
        if (found != null && found.length > n && Arrays.equals(found, 0, n, startTag, 0, n)
                && (found[n] == ' ' || found[n] == '\t' || found[n] == '\r' || found[n] == '\n')) {
            return found;
        }
        return null;
    }

    private static byte[] tryReplace(byte[] original, Document before, byte[] extendedByDss) {
        if (!XmlMarkup.isUtf8(XmlMarkup.declaredEncoding(original))) {
            return null;
        }
        Document after = XmlInput.parseTrusted(extendedByDss);
        List<Element> old = topLevelSignatures(before);
        List<Element> extended = topLevelSignatures(after);
        if (old.size() != extended.size() || old.isEmpty()) {
            return null;
        }
        XmlMarkup originalMarkup = XmlMarkup.scan(original);
        XmlMarkup dssMarkup = XmlMarkup.scan(extendedByDss);
        List<int[]> ranges = new ArrayList<>();
        List<byte[]> replacements = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) {
            if (!old.get(i).getAttribute("Id").equals(extended.get(i).getAttribute("Id"))) {
                return null;
            }
            XmlMarkup.Span span = originalMarkup.span(XmlMarkup.indexOf(old.get(i)));
            ranges.add(new int[] {span.start(), span.end()});
            replacements.add(dssMarkup.elementBytes(XmlMarkup.indexOf(extended.get(i))));
        }
        byte[] result = original;
        // from the last to the first, so that earlier offsets stay right
        for (int i = ranges.size() - 1; i >= 0; i--) {
            result = XmlMarkup.splice(result, ranges.get(i)[0], ranges.get(i)[1], replacements.get(i));
        }
        if (!canonicallyEqual(after, XmlInput.parseTrusted(result))) {
            LOG.debug("Keeping DSS's serialisation: the extended document is not canonically equal");
            return null;
        }
        return result;
    }

    /** The {@code ds:Signature} elements not inside another one (counter-signatures are), in document order. */
    static List<Element> topLevelSignatures(Document document) {
        List<Element> result = new ArrayList<>();
        NodeList all = document.getElementsByTagNameNS(XMLDSIG_NS, "Signature");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (!insideSignature(e)) {
                result.add(e);
            }
        }
        return result;
    }

    static boolean insideSignature(Node node) {
        for (Node p = node.getParentNode(); p != null; p = p.getParentNode()) {
            if (p.getNodeType() == Node.ELEMENT_NODE && "Signature".equals(p.getLocalName())
                    && XMLDSIG_NS.equals(p.getNamespaceURI())) {
                return true;
            }
        }
        return false;
    }

    private static Element nextElementSibling(Node node) {
        for (Node s = node.getNextSibling(); s != null; s = s.getNextSibling()) {
            if (s.getNodeType() == Node.ELEMENT_NODE) {
                return (Element) s;
            }
        }
        return null;
    }

    /**
     * Same inclusive canonical form with comments (W3C Canonical XML 1.0): the same XML for every
     * signature. For an element, its subtree with the namespaces and {@code xml:} attributes in scope.
     */
    static boolean canonicallyEqual(Node a, Node b) {
        return MessageDigest.isEqual(canonicalDigest(a), canonicalDigest(b));
    }

    private static byte[] canonicalDigest(Node node) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (DigestingBuffer out = new DigestingBuffer(sha256)) {
                Canonicalizer.getInstance(Canonicalizer.ALGO_ID_C14N_WITH_COMMENTS).canonicalizeSubtree(node, out);
            }
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot canonicalise: " + e.getMessage(), e);
        }
    }

    /**
     * Feeds a digest in blocks of 64 KiB. Santuario writes the canonical form a byte or two at a
     * time; {@code MessageDigest.update(byte)} per byte, or a {@code BufferedOutputStream} (whose
     * writes are synchronized), took several times as long as the digest itself. One thread only.
     */
    private static final class DigestingBuffer extends OutputStream {
        private final MessageDigest digest;
        private final byte[] buffer = new byte[1 << 16];
        private int used;

        DigestingBuffer(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            if (used == buffer.length) {
                flush();
            }
            buffer[used++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len >= buffer.length - used) {
                flush();
                if (len >= buffer.length) {
                    digest.update(b, off, len);
                    return;
                }
            }
            System.arraycopy(b, off, buffer, used, len);
            used += len;
        }

        @Override
        public void flush() {
            digest.update(buffer, 0, used);
            used = 0;
        }

        @Override
        public void close() {
            flush();
        }
    }
}
