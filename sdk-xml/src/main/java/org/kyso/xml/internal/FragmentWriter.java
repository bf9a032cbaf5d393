package org.kyso.xml.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Writes an element KySo built (a new {@code Signature}, or the {@code CQT} holding one) as the
 * bytes that go into the document: no added white space, namespace declarations first, empty
 * elements as {@code <X/>}, as the e-invoice platforms write them. Only elements, attributes and
 * text are expected. In a document that is not UTF-8, every character outside ASCII is written as a
 * character reference, so the bytes fit any ASCII-compatible encoding.
 */
final class FragmentWriter {

    private FragmentWriter() {
    }

    static byte[] write(Element element, boolean utf8) {
        StringBuilder out = new StringBuilder(4096);
        write(element, out);
        String text = out.toString();
        if (utf8) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder ascii = new StringBuilder(text.length() + 64);
        text.codePoints().forEach(c -> {
            if (c < 0x80) {
                ascii.append((char) c);
            } else {
                ascii.append("&#x").append(Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)).append(';');
            }
        });
        return ascii.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void write(Element element, StringBuilder out) {
        out.append('<').append(element.getTagName());
        NamedNodeMap attributes = element.getAttributes();
        List<Attr> declarations = new ArrayList<>();
        List<Attr> others = new ArrayList<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI()) ? declarations : others).add(a);
        }
        for (List<Attr> group : List.of(declarations, others)) {
            for (Attr a : group) {
                out.append(' ').append(a.getName()).append("=\"");
                escape(a.getValue(), true, out);
                out.append('"');
            }
        }
        if (element.getFirstChild() == null) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            switch (child.getNodeType()) {
                case Node.ELEMENT_NODE -> write((Element) child, out);
                case Node.TEXT_NODE -> escape(child.getNodeValue(), false, out);
                default -> throw new IllegalStateException("Unexpected " + child.getNodeName() + " in a generated signature");
            }
        }
        out.append("</").append(element.getTagName()).append('>');
    }

    private static void escape(String value, boolean attribute, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append(attribute ? ">" : "&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\r' -> out.append("&#xD;");
                case '\n' -> out.append(attribute ? "&#xA;" : "\n");
                case '\t' -> out.append(attribute ? "&#x9;" : "\t");
                default -> out.append(c);
            }
        }
    }
}
