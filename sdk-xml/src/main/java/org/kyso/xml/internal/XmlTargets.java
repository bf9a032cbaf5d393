package org.kyso.xml.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import javax.xml.xpath.XPathFactoryConfigurationException;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import org.kyso.core.MalformedDocumentException;

/**
 * Finds what a signature refers to and where it goes: elements by Id (the attributes {@code Id},
 * {@code ID} and {@code id}, as DSS and the Vietnamese schemas name them; each value must occur
 * once, or a verifier could be shown one element and a reader another), and the element an XPath
 * selects (exactly one).
 */
public final class XmlTargets {

    private static final String[] ID_NAMES = {"Id", "ID", "id"};

    private XmlTargets() {
    }

    /** The {@code Id}/{@code ID}/{@code id} attributes (without namespace) whose value is {@code id}, in document order. */
    static List<Attr> idAttributes(Document document, String id) {
        List<Attr> found = new ArrayList<>();
        NodeList all = document.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            for (String name : ID_NAMES) {
                Attr a = e.getAttributeNodeNS(null, name);
                if (a != null && a.getValue().equals(id)) {
                    found.add(a);
                }
            }
        }
        return found;
    }

    /**
     * Every {@code Id}/{@code ID}/{@code id} attribute (without namespace) by value, each list in
     * document order: one walk of the document for many look-ups (a document may name thousands of
     * references, and a walk per reference is quadratic).
     */
    static Map<String, List<Attr>> idIndex(Document document) {
        Map<String, List<Attr>> index = new HashMap<>();
        NodeList all = document.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            for (String name : ID_NAMES) {
                Attr a = e.getAttributeNodeNS(null, name);
                if (a != null) {
                    index.computeIfAbsent(a.getValue(), k -> new ArrayList<>()).add(a);
                }
            }
        }
        return index;
    }

    /** References one earlier signature may name: what Santuario's secure validation accepts. */
    static final int MAX_EARLIER_REFERENCES = 30;

    /** Bound on (references of earlier signatures) × (elements): each is looked up by Id over the whole document. */
    static final long MAX_EARLIER_LOOKUPS = 20_000_000L;

    /**
     * Refuses to sign next to earlier signatures whose references would take too long to check:
     * DSS, adding a XAdES signature, looks every earlier reference up by Id with an XPath over the
     * whole document (9,324 references in a 4 MB document took minutes).
     *
     * @throws MalformedDocumentException an earlier signature names more than
     *         {@value #MAX_EARLIER_REFERENCES} references, or all of them more than the document can
     *         afford ({@link #MAX_EARLIER_LOOKUPS})
     */
    static void checkEarlierReferences(Document document, String what, Path file) throws MalformedDocumentException {
        String ds = "http://www.w3.org/2000/09/xmldsig#";
        NodeList signedInfos = document.getElementsByTagNameNS(ds, "SignedInfo");
        long references = 0;
        for (int i = 0; i < signedInfos.getLength(); i++) {
            int here = 0;
            for (Node n = signedInfos.item(i).getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && "Reference".equals(e.getLocalName()) && ds.equals(e.getNamespaceURI())) {
                    here++;
                }
            }
            if (here > MAX_EARLIER_REFERENCES) {
                throw new MalformedDocumentException(file, what + " already holds a signature with " + here + " references, more"
                        + " than the " + MAX_EARLIER_REFERENCES + " that secure validation accepts: such a signature cannot be"
                        + " validated, and KySo does not sign next to it", null);
            }
            references += here;
        }
        if (references > 0) {
            long elements = document.getElementsByTagNameNS("*", "*").getLength();
            if (references * elements > MAX_EARLIER_LOOKUPS) {
                throw new MalformedDocumentException(file, what + " already holds signatures with " + references
                        + " references in " + elements + " elements: checking that a new signature leaves them intact"
                        + " would take too long; sign a copy without them, or sign them detached", null);
            }
        }
    }

    /** Whether some element already carries {@code id}. */
    static boolean idInUse(Document document, String id) {
        return !idAttributes(document, id).isEmpty();
    }

    /**
     * The one element whose Id is {@code id}, its attribute registered as an XML ID (so that
     * same-document references resolve to it).
     *
     * @param role what the element is, for the message ("the element to sign")
     * @throws MalformedDocumentException no element, or several, carry that Id
     */
    static Element byId(Document document, String id, String what, Path file, String role)
            throws MalformedDocumentException {
        List<Attr> found = idAttributes(document, id);
        if (found.isEmpty()) {
            throw new MalformedDocumentException(file, what + " has no element with Id \"" + id + "\" (" + role
                    + "): check the Id, which is case-sensitive", null);
        }
        if (found.size() > 1) {
            throw new MalformedDocumentException(file, what + " has " + found.size() + " elements with Id \"" + id
                    + "\" (" + role + "): an Id must be unique, or a verifier could check one element while"
                    + " an application reads another", null);
        }
        Attr attr = found.get(0);
        Element element = attr.getOwnerElement();
        element.setIdAttributeNode(attr, true);
        return element;
    }

    /**
     * Registers as XML IDs the attributes every same-document reference of {@code signature} points
     * to, walking the document once however many references there are.
     */
    static void registerReferencedIds(Element signature) {
        NodeList references = signature.getElementsByTagNameNS(EnvelopedSplice.XMLDSIG_NS, "Reference");
        Map<String, List<Attr>> ids = null;
        for (int i = 0; i < references.getLength(); i++) {
            String uri = ((Element) references.item(i)).getAttribute("URI");
            if (uri.startsWith("#") && uri.length() > 1) {
                if (ids == null) {
                    ids = idIndex(signature.getOwnerDocument());
                }
                for (Attr a : ids.getOrDefault(uri.substring(1), List.of())) {
                    a.getOwnerElement().setIdAttributeNode(a, true);
                }
            }
        }
    }

    /**
     * The one element {@code xpath} selects. Prefixes in the expression may be any declared in the
     * document, plus {@code ds} for XMLDSig.
     *
     * @throws MalformedDocumentException the expression selects no element, several, or something
     *         that is not an element
     */
    static Element select(Document document, String xpath, String what, Path file) throws MalformedDocumentException {
        NodeList nodes;
        try {
            nodes = (NodeList) newXPath(namespaces(document)).evaluate(xpath, document, XPathConstants.NODESET);
        } catch (XPathExpressionException e) {
            throw new MalformedDocumentException(file, "The placement XPath " + xpath + " cannot be evaluated on " + what
                    + ": " + rootMessage(e), e);
        }
        if (nodes.getLength() == 0) {
            throw new MalformedDocumentException(file, "The placement XPath " + xpath + " selects nothing in " + what
                    + ": check the element names (and their namespace prefixes)", null);
        }
        if (nodes.getLength() > 1) {
            throw new MalformedDocumentException(file, "The placement XPath " + xpath + " selects " + nodes.getLength()
                    + " nodes in " + what + ": make it select one element, e.g. (" + xpath + ")[1]", null);
        }
        if (!(nodes.item(0) instanceof Element element)) {
            throw new MalformedDocumentException(file, "The placement XPath " + xpath + " selects a "
                    + nodeKind(nodes.item(0)) + " in " + what + ", not an element", null);
        }
        if (EnvelopedSplice.insideSignature(element) || isSignature(element)) {
            throw new MalformedDocumentException(file, "The placement XPath " + xpath + " selects an element inside a"
                    + " signature of " + what + ": a signature cannot go there without breaking it", null);
        }
        return element;
    }

    /**
     * Checks that {@code xpath} is a valid XPath 1.0 expression, whatever prefixes it uses.
     *
     * @throws IllegalArgumentException with the parser's reason
     */
    public static void checkSyntax(String xpath) {
        try {
            newXPath(null).compile(xpath);
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("The placement " + xpath + " is not a valid XPath 1.0 expression: "
                    + rootMessage(e), e);
        }
    }

    /**
     * An absolute, prefix-free path to {@code element} ({@code /*[1]/*[3]/*[2]}) that any XPath
     * evaluator resolves to the same element of the same document, whatever namespaces it knows.
     */
    static String positionalPath(Element element) {
        StringBuilder path = new StringBuilder();
        for (Node n = element; n != null && n.getNodeType() == Node.ELEMENT_NODE; n = n.getParentNode()) {
            int position = 1;
            for (Node s = n.getPreviousSibling(); s != null; s = s.getPreviousSibling()) {
                if (s.getNodeType() == Node.ELEMENT_NODE) {
                    position++;
                }
            }
            path.insert(0, "/*[" + position + "]");
        }
        return path.toString();
    }

    static boolean isSignature(Element element) {
        return "Signature".equals(element.getLocalName()) && EnvelopedSplice.XMLDSIG_NS.equals(element.getNamespaceURI());
    }

    private static XPath newXPath(Map<String, String> prefixes) {
        XPathFactory factory = XPathFactory.newInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (XPathFactoryConfigurationException e) {
            throw new IllegalStateException("The XPath engine cannot be configured securely: " + e.getMessage(), e);
        }
        XPath xpath = factory.newXPath();
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                if (prefixes == null) {
                    return "urn:kyso:any-prefix"; // syntax check only
                }
                String uri = prefixes.get(prefix);
                return uri != null ? uri : XMLConstants.NULL_NS_URI;
            }

            @Override
            public String getPrefix(String namespaceURI) {
                return null;
            }

            @Override
            public Iterator<String> getPrefixes(String namespaceURI) {
                return List.<String>of().iterator();
            }
        });
        return xpath;
    }

    /** Every prefix declared in the document (the first declaration wins), and {@code ds}. */
    private static Map<String, String> namespaces(Document document) {
        Map<String, String> prefixes = new LinkedHashMap<>();
        NodeList all = document.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            NamedNodeMap attributes = all.item(i).getAttributes();
            for (int j = 0; j < attributes.getLength(); j++) {
                Attr a = (Attr) attributes.item(j);
                if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI()) && a.getPrefix() != null) {
                    prefixes.putIfAbsent(a.getLocalName(), a.getValue());
                }
            }
        }
        prefixes.putIfAbsent("ds", EnvelopedSplice.XMLDSIG_NS);
        return prefixes;
    }

    private static String nodeKind(Node node) {
        return switch (node.getNodeType()) {
            case Node.ATTRIBUTE_NODE -> "attribute";
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> "text node";
            case Node.COMMENT_NODE -> "comment";
            case Node.DOCUMENT_NODE -> "document node";
            default -> "node";
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
