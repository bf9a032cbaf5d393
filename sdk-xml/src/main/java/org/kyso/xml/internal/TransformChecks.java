package org.kyso.xml.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The transforms of a signature that KySo lets Santuario and DSS run, checked before either sees
 * the signature: every {@code ds:Transform} in it (in {@code ds:SignedInfo}, in a {@code ds:Manifest},
 * under {@code ds:KeyInfo}), not only those Santuario's secure validation looks at when it digests
 * (DSS digests with secure validation off).
 *
 * <ul>
 *   <li>XSLT: refused, as secure validation does (a stylesheet can loop, or fetch with
 *       {@code document()}).</li>
 *   <li>XPath Filter 1.0 ({@code REC-xpath-19991116}): the expression is evaluated once for every
 *       node of the document, and the Java XPath engine Santuario uses rebuilds its view of the
 *       document up to the node each time: whatever the expression, the cost is the square of the
 *       document's size (20,000 small elements take many minutes). Accepted only in documents small
 *       enough ({@link #MAX_XPATH1_COST}), and only expressions about the node itself, its
 *       ancestors, attributes, namespaces or children: no {@code /} (no location path), no
 *       predicate, no other axis. {@code not(ancestor-or-self::ds:Signature)}, the usual one,
 *       passes.</li>
 *   <li>XPath Filter 2.0 ({@code xmldsig-filter2}): each expression is evaluated once, so a path
 *       through the document is fine, but not inside a predicate (evaluated once per node), nor the
 *       following and preceding axes, nor more than two descendant steps.
 *       {@code /descendant::ds:Signature} passes.</li>
 * </ul>
 *
 * Expressions are at most {@value #MAX_EXPRESSION} characters.
 */
final class TransformChecks {

    static final int MAX_EXPRESSION = 512;

    /**
     * Bound on (XPath Filter 1.0 transforms in the document) × (its nodes)²: one such transform on a
     * document of at most 2,828 nodes (elements, attributes, text), two on 2,000, and so on. One on
     * 2,000 nodes takes under a second (Santuario's check and DSS's).
     */
    static final long MAX_XPATH1_COST = 8_000_000L;

    private static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    private static final Pattern AXIS = Pattern.compile("([A-Za-z][A-Za-z-]*)\\s*::");
    private static final Set<String> PER_NODE_AXES = Set.of("self", "parent", "ancestor", "ancestor-or-self", "attribute",
            "namespace", "child");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"[^\"]*\"|'[^']*'");

    /** A transform KySo refuses; the message says which and why. */
    static final class RefusedTransformException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RefusedTransformException(String message) {
            super(message);
        }
    }

    private TransformChecks() {
    }

    /** Checks every {@code ds:Transform} under {@code signature}. */
    static void check(Element signature) {
        NodeList transforms = signature.getElementsByTagNameNS(DS, "Transform");
        for (int i = 0; i < transforms.getLength(); i++) {
            Element transform = (Element) transforms.item(i);
            String algorithm = transform.getAttributeNS(null, "Algorithm");
            if (Transforms.TRANSFORM_XSLT.equals(algorithm)) {
                throw new RefusedTransformException("an XSLT transform (" + algorithm + ") is refused: a stylesheet can run"
                        + " for ever or fetch data from elsewhere, and secure validation forbids it");
            }
            boolean perNode = Transforms.TRANSFORM_XPATH.equals(algorithm);
            if (perNode || Transforms.TRANSFORM_XPATH2FILTER.equals(algorithm)) {
                for (Node n = transform.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e && "XPath".equals(e.getLocalName())) {
                        String expression = e.getTextContent();
                        String problem = perNode ? perNodeProblem(expression) : oncePerDocumentProblem(expression);
                        if (problem == null && perNode) {
                            problem = xpath1CostProblem(signature.getOwnerDocument());
                        }
                        if (problem != null) {
                            throw new RefusedTransformException("the XPath transform '" + shorten(expression) + "' is refused: "
                                    + problem);
                        }
                    }
                }
            }
        }
    }

    /** Why an XPath Filter 1.0 expression (evaluated for every node) is refused, or null. */
    static String perNodeProblem(String expression) {
        String x = withoutLiterals(expression);
        if (expression.length() > MAX_EXPRESSION) {
            return "it is longer than " + MAX_EXPRESSION + " characters";
        }
        if (x.indexOf('/') >= 0 || x.indexOf('[') >= 0) {
            return "an XPath Filter 1.0 expression is evaluated once for every node of the document, and a path or a"
                    + " predicate in it makes that cost the square of the document's size; KySo accepts expressions"
                    + " about the node itself and its ancestors, such as not(ancestor-or-self::ds:Signature)";
        }
        Matcher axis = AXIS.matcher(x);
        while (axis.find()) {
            if (!PER_NODE_AXES.contains(axis.group(1).toLowerCase(Locale.ROOT))) {
                return "the " + axis.group(1) + " axis, evaluated for every node of the document, costs the square of its"
                        + " size; KySo accepts expressions about the node itself and its ancestors";
            }
        }
        return null;
    }

    /** Why an XPath Filter 2.0 expression (evaluated once) is refused, or null. */
    static String oncePerDocumentProblem(String expression) {
        String x = withoutLiterals(expression);
        if (expression.length() > MAX_EXPRESSION) {
            return "it is longer than " + MAX_EXPRESSION + " characters";
        }
        Matcher axis = AXIS.matcher(x);
        int descendantSteps = 0;
        while (axis.find()) {
            String name = axis.group(1).toLowerCase(Locale.ROOT);
            if (name.startsWith("following") || name.startsWith("preceding")) {
                return "the " + axis.group(1) + " axis can cost the square of the document's size";
            }
            if (name.startsWith("descendant")) {
                descendantSteps++;
            }
        }
        descendantSteps += count(x, "//");
        if (descendantSteps > 2) {
            return "more than two descendant steps can cost a power of the document's size";
        }
        int depth = 0;
        for (int i = 0; i < x.length(); i++) {
            char c = x.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (depth > 0 && (c == '/' || x.startsWith("descendant", i))) {
                return "a path inside a predicate is evaluated for every node it filters, which costs the square of the"
                        + " document's size";
            }
        }
        return null;
    }

    /**
     * Why the document is too large for its XPath Filter 1.0 transforms (all its signatures'), or null:
     * each is evaluated once per node, and the Java XPath engine walks the document up to that node
     * every time.
     */
    private static String xpath1CostProblem(Document document) {
        long transforms = 0;
        NodeList all = document.getElementsByTagNameNS(DS, "Transform");
        for (int i = 0; i < all.getLength(); i++) {
            if (Transforms.TRANSFORM_XPATH.equals(((Element) all.item(i)).getAttributeNS(null, "Algorithm"))) {
                transforms++;
            }
        }
        long limit = (long) Math.sqrt((double) MAX_XPATH1_COST / Math.max(1, transforms));
        long nodes = nodes(document, limit);
        if (nodes <= limit) {
            return null;
        }
        return "an XPath Filter 1.0 transform takes time that grows with the square of the document (the Java XPath"
                + " engine walks the document again for each of its nodes); with " + transforms + " such transform"
                + (transforms == 1 ? "" : "s") + " KySo accepts documents of at most " + limit + " nodes, and this one has more"
                + " (sign with the enveloped-signature transform or XPath Filter 2.0 instead)";
    }

    /** The document's elements, attributes, text, comments and processing instructions, counted up to just past {@code limit}. */
    static long nodes(Node document, long limit) {
        long nodes = 0;
        Node n = document;
        while (n != null && nodes <= limit) {
            if (n instanceof Element e) {
                nodes += 1 + e.getAttributes().getLength();
            } else if (n.getNodeType() != Node.DOCUMENT_NODE) {
                nodes++;
            }
            // document order, without recursion
            if (n.getFirstChild() != null) {
                n = n.getFirstChild();
            } else {
                while (n != null && n.getNextSibling() == null) {
                    n = n.getParentNode();
                }
                n = n == null ? null : n.getNextSibling();
            }
        }
        return nodes;
    }

    private static String withoutLiterals(String expression) {
        return STRING_LITERAL.matcher(expression).replaceAll("''");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    private static String shorten(String expression) {
        String one = expression.strip().replaceAll("\\s+", " ");
        return one.length() > 80 ? one.substring(0, 80) + "…" : one;
    }
}
