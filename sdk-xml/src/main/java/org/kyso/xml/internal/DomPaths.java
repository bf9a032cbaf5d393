package org.kyso.xml.internal;

import java.util.ArrayList;
import java.util.List;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Paths and child lookups for reports: {@code /TDiep/DLieu/HDon[2]/DLHDon}. */
final class DomPaths {

    private DomPaths() {
    }

    /**
     * The element's path from the root, by qualified names as written, with a 1-based {@code [n]}
     * where same-named siblings need telling apart.
     */
    static String path(Element element) {
        List<String> steps = new ArrayList<>();
        for (Node n = element; n instanceof Element e; n = e.getParentNode()) {
            int position = 0;
            int count = 0;
            Node parent = e.getParentNode();
            if (parent instanceof Element) {
                for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element sibling && sameName(sibling, e)) {
                        count++;
                        if (sibling == e) {
                            position = count;
                        }
                    }
                }
            }
            steps.add(0, count > 1 ? e.getNodeName() + "[" + position + "]" : e.getNodeName());
        }
        return "/" + String.join("/", steps);
    }

    private static boolean sameName(Element a, Element b) {
        return a.getNodeName().equals(b.getNodeName())
                && java.util.Objects.equals(a.getNamespaceURI(), b.getNamespaceURI());
    }

    /** The child elements of {@code parent} with local name {@code localName} in {@code namespace} (any when null). */
    static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && localName.equals(localName(e))
                    && (namespace == null || namespace.equals(e.getNamespaceURI()))) {
                found.add(e);
            }
        }
        return found;
    }

    /** The first child element named {@code localName} (any namespace), or null. */
    static Element child(Element parent, String localName) {
        List<Element> found = children(parent, null, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
    }

    /** The nearest ancestor (or the element itself) named {@code localName}, or null. */
    static Element ancestorOrSelf(Element element, String localName) {
        for (Node n = element; n instanceof Element e; n = e.getParentNode()) {
            if (localName.equals(localName(e))) {
                return e;
            }
        }
        return null;
    }

    /** Whether {@code node} is {@code ancestor} or inside it. */
    static boolean within(Node node, Node ancestor) {
        for (Node n = node; n != null; n = n.getParentNode()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }
}
