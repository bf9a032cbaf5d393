package org.kyso.xml.internal;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apache.xml.security.c14n.Canonicalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;


/**
 * Keeps a signed document byte-identical to the original outside the {@code ds:Signature} elements
 * DSS adds or extends. DSS re-serialises the whole DOM, which is harmless to XMLDSig (it signs the
 * canonical form) but rewrites what people and archive systems compare: the XML declaration,
 * character references, quote style, empty-element tags. Here the signature elements exactly as DSS
 * wrote them are put into the original bytes, where DSS put them.
 *
 * <p>The result is used only when it is provably the same XML as DSS's output, so that everything
 * DSS signed (digests over its own DOM, the signature value over its SignedInfo) holds for it; see
 * {@link #splice} for how that is proven for a new signature. Anything unusual (a non-UTF-8
 * encoding, an unexpected layout, a difference) falls back to DSS's own serialisation, which is
 * equally valid.
 */
public final class EnvelopedSplice {

    private static final Logger LOG = LoggerFactory.getLogger(EnvelopedSplice.class);
    static final String XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
    private static final String XMLNS_NS = "http://www.w3.org/2000/xmlns/";

    static {
        Santuario.init();
    }

    private EnvelopedSplice() {
    }

    /**
     * The original document with the one signature DSS added inserted at the same place, or empty
     * when that cannot be proven to be the same XML as {@code signedByDss}.
     *
     * <p>DSS signs its own DOM: what it parsed from the original, plus the signature. The proof does
     * not parse the spliced result again nor canonicalise either whole document, because what the
     * result is made of fixes what can go wrong:
     *
     * <ul>
     * <li>DSS may have changed something outside the signature (a namespace declaration added to
     * the parent, a comment dropped, a DSS bug), and a digest it computed would then cover its
     * change, which the original bytes do not have: the spliced output would not verify, or would
     * differ from what was signed in a part the signature does not cover. So DSS's output, parsed
     * (which is needed anyway to find the new signature), is compared node by node with the DOM of
     * the original, which the caller has already parsed: they must be identical except for the new
     * signature, the last child of an element ({@link #sameExceptAdded}). This is a walk over two
     * trees in memory, much cheaper than canonicalising them, and at least as strict: equal trees
     * have equal canonical forms, every one of them.</li>
     * <li>Every byte of the result outside the inserted fragment is a byte of the original, copied
     * around the offset where the parent's end tag starts (or where its {@code />} was) by
     * {@link XmlMarkup#appendChild}. XML is read from left to right: the bytes before that offset
     * parse as before; a fragment that is exactly one balanced element leaves the parser with the
     * same open elements and namespaces as before, so the bytes after it parse as before too. The
     * parent is found in the original's bytes by its position in document order; the scan of the
     * original must count as many elements as its DOM holds and give that position the parent's
     * name.</li>
     * <li>What remains is that the fragment, at that place, reads as DSS's signature: it is parsed
     * on its own inside an element declaring the namespaces in scope at the parent, and compared
     * node by node with the signature in DSS's DOM ({@link #readsAs}). This also catches bytes that
     * were cut short, or found at the wrong place in DSS's output.</li>
     * </ul>
     *
     * Together: parsed again, the result would be the original DOM with a copy of DSS's signature as
     * the last child of the element where DSS put it, which is DSS's DOM, so every digest and the
     * signature value DSS computed hold for it.
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
        if (!XmlMarkup.isUtf8(XmlMarkup.declaredEncoding(original)) || !"1.0".equals(originalDom.getXmlVersion())) {
            LOG.debug("Keeping DSS's serialisation: the original is not declared UTF-8 and XML 1.0");
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
        if (added == null || !(added.getParentNode() instanceof Element parent) || added.getNextSibling() != null) {
            LOG.debug("Keeping DSS's serialisation: the new signature is not the last child of an element");
            return null;
        }
        int elements = sameExceptAdded(originalDom, dssDom, added);
        if (elements < 0) {
            LOG.debug("Keeping DSS's serialisation: DSS's document differs from the original outside the new signature");
            return null;
        }
        // the parent comes before the new signature in document order, so it has the same index in both documents
        int parentIndex = XmlMarkup.indexOf(parent);
        Element parentInOriginal = XmlMarkup.elementAt(originalDom, parentIndex);
        XmlMarkup markup = XmlMarkup.scan(original);
        if (markup.elementCount() != elements || !markup.span(parentIndex).name().equals(parent.getTagName())) {
            LOG.debug("Keeping DSS's serialisation: the original's markup does not match its DOM");
            return null;
        }
        byte[] fragment = signatureFoundById(signedByDss, added);
        // not found by its Id, or not the right bytes (the Id's text elsewhere, e.g. in a comment after it)
        if (fragment == null || !readsAs(fragment, added, parentInOriginal)) {
            byte[] scanned = XmlMarkup.scan(signedByDss).elementBytes(XmlMarkup.indexOf(added));
            if (Arrays.equals(scanned, fragment) || !readsAs(scanned, added, parentInOriginal)) {
                LOG.debug("Keeping DSS's serialisation: the new signature's bytes do not read back as DSS's signature");
                return null;
            }
            fragment = scanned;
        }
        return markup.appendChild(parentIndex, fragment);
    }

    /**
     * The bytes of {@code added} in DSS's output, found without scanning the whole output, which has
     * just been parsed: DSS gives each new signature an Id of its own and puts it last in its parent,
     * so it is searched for from the end by that Id. Null when no element of the same name is found
     * that way. The bytes found are a guess that {@link #readsAs} confirms; when it does not, the
     * whole output is scanned.
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

    /**
     * The number of elements in {@code original} when {@code dss} is {@code original} with
     * {@code added} appended as the last child of one element and nothing else different, else -1.
     * Compared node by node in the two DOMs already in memory: element and attribute names (with
     * their prefixes and namespaces, so every namespace declaration too), attribute values, comments,
     * processing instructions, and character data, where adjacent text and CDATA nodes count as one
     * run, as in canonical XML. Equal this way means equal in every canonical form (inclusive or
     * exclusive, with or without comments) of every part of the document, selected by position or by
     * Id. Any other kind of node (a DOCTYPE, an entity reference) counts as a difference.
     */
    static int sameExceptAdded(Document original, Document dss, Element added) {
        return sameBelow(original, dss, added);
    }

    /** {@link #sameExceptAdded} below {@code a} and {@code b} (themselves not compared); {@code added} may be null. */
    private static int sameBelow(Node a0, Node b0, Element added) {
        Node end = added == null ? null : added.getParentNode();
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(b0);
        pending.push(a0);
        int elements = 0;
        while (!pending.isEmpty()) {
            Node a = pending.pop();
            Node b = pending.pop();
            Node x = a.getFirstChild();
            Node y = b.getFirstChild();
            Node yEnd = end != null && b == end ? added : null;
            if (yEnd != null && added.getNextSibling() != null) {
                return -1;
            }
            while (true) {
                boolean xDone = x == null;
                boolean yDone = y == yEnd;
                if (xDone || yDone) {
                    if (xDone != yDone) {
                        return -1;
                    }
                    break;
                }
                if (isText(x) || isText(y)) {
                    Node xNext = afterText(x);
                    Node yNext = afterText(y);
                    if (xNext == x || yNext == y || !text(x, xNext).equals(text(y, yNext))) {
                        return -1;
                    }
                    x = xNext;
                    y = yNext;
                    continue;
                }
                if (!sameNode(x, y)) {
                    return -1;
                }
                if (x.getNodeType() == Node.ELEMENT_NODE) {
                    elements++;
                    pending.push(y);
                    pending.push(x);
                }
                x = x.getNextSibling();
                y = y.getNextSibling();
            }
        }
        return elements;
    }

    /**
     * Whether {@code fragment}, written as the last child of {@code parent} (in the original),
     * parses into a copy of {@code added} (in DSS's output), compared as in
     * {@link #sameExceptAdded}. An element's parse depends only on its bytes and the namespaces in
     * scope where it is (there is no DOCTYPE, so no entities and no default attributes), so the
     * fragment is parsed on its own inside an element declaring exactly the namespaces in scope at
     * {@code parent}. It must be exactly one element ({@link XmlMarkup#isOneElement}).
     */
    static boolean readsAs(byte[] fragment, Element added, Element parent) {
        if (!XmlMarkup.isOneElement(fragment)) {
            return false;
        }
        Map<String, String> inScope = new LinkedHashMap<>();
        for (Node n = parent; n instanceof Element e; n = n.getParentNode()) {
            NamedNodeMap attributes = e.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr attribute = (Attr) attributes.item(i);
                if (XMLNS_NS.equals(attribute.getNamespaceURI())) {
                    String prefix = "xmlns".equals(attribute.getName()) ? "" : attribute.getLocalName();
                    inScope.putIfAbsent(prefix, attribute.getValue());
                }
            }
        }
        StringBuilder start = new StringBuilder("<w");
        inScope.forEach((prefix, uri) -> {
            if (!uri.isEmpty()) {
                start.append(prefix.isEmpty() ? " xmlns" : " xmlns:" + prefix).append("=\"");
                for (int i = 0; i < uri.length(); i++) {
                    char c = uri.charAt(i);
                    start.append(switch (c) {
                        case '&' -> "&amp;";
                        case '<' -> "&lt;";
                        case '"' -> "&quot;";
                        case '\t', '\n', '\r' -> "&#" + (int) c + ";";
                        default -> String.valueOf(c);
                    });
                }
                start.append('"');
            }
        });
        start.append('>');
        byte[] wrapped = XmlMarkup.concat(start.toString().getBytes(StandardCharsets.UTF_8), fragment,
                "</w>".getBytes(StandardCharsets.UTF_8));
        Document parsed;
        try {
            parsed = XmlInput.parseTrusted(wrapped);
        } catch (IllegalStateException e) {
            return false;
        }
        Node only = parsed.getDocumentElement().getFirstChild();
        return only != null && only.getNextSibling() == null && sameNode(only, added) && sameBelow(only, added, null) >= 0;
    }

    /** Same kind, name, namespace and (for elements) attributes; for comments and processing instructions, same data. */
    private static boolean sameNode(Node x, Node y) {
        short type = x.getNodeType();
        if (type != y.getNodeType() || !x.getNodeName().equals(y.getNodeName())) {
            return false;
        }
        switch (type) {
            case Node.COMMENT_NODE, Node.PROCESSING_INSTRUCTION_NODE -> {
                return x.getNodeValue().equals(y.getNodeValue());
            }
            case Node.ELEMENT_NODE -> {
                if (!Objects.equals(x.getNamespaceURI(), y.getNamespaceURI())) {
                    return false;
                }
                NamedNodeMap xs = x.getAttributes();
                NamedNodeMap ys = y.getAttributes();
                if (xs.getLength() != ys.getLength()) {
                    return false;
                }
                // names are unique within an element, so equal counts and a match for each make a one-to-one match
                for (int i = 0; i < xs.getLength(); i++) {
                    Node xa = xs.item(i);
                    Node ya = ys.getNamedItem(xa.getNodeName());
                    if (ya == null || !Objects.equals(xa.getNamespaceURI(), ya.getNamespaceURI())
                            || !xa.getNodeValue().equals(ya.getNodeValue())) {
                        return false;
                    }
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static boolean isText(Node node) {
        return node != null && (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE);
    }

    /** The first sibling from {@code node} on that is not text or CDATA (null at the end). */
    private static Node afterText(Node node) {
        Node n = node;
        while (isText(n)) {
            n = n.getNextSibling();
        }
        return n;
    }

    /** The character data of the nodes from {@code first} to before {@code end}. */
    private static String text(Node first, Node end) {
        if (first.getNextSibling() == end) {
            return first.getNodeValue();
        }
        StringBuilder run = new StringBuilder();
        for (Node n = first; n != end; n = n.getNextSibling()) {
            run.append(n.getNodeValue());
        }
        return run.toString();
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
