package org.kyso.xml.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Where each element of a well-formed XML document sits in its bytes, in document order, so that a
 * signature can be inserted (or replaced) without re-serialising anything else. Works on UTF-8 and
 * on single-byte ASCII-compatible encodings, where every markup delimiter is one ASCII byte. The
 * document must already have been parsed by {@link SecureXml} (so it is well-formed and has no
 * DOCTYPE); anything unexpected is an {@link IllegalStateException}, on which callers fall back to a
 * serialisation they can prove.
 */
final class XmlMarkup {

    /**
     * One element. {@code start} is its {@code '<'}; {@code startTagEnd} the offset after the start
     * tag's {@code '>'}; {@code endTagStart} the {@code '<'} of its end tag, or -1 for an
     * empty-element tag; {@code end} the offset after its last byte.
     */
    record Span(String name, int start, int startTagEnd, int endTagStart, int end) {
        boolean emptyTag() {
            return endTagStart < 0;
        }
    }

    private static final Pattern ENCODING = Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([^\"']+)[\"']");

    private final byte[] xml;
    /** Per element, in document order: its {@code '<'}, the end of its name, and Span's other offsets. */
    private final int[] starts;
    private final int[] nameEnds;
    private final int[] startTagEnds;
    private final int[] endTagStarts;
    private final int[] ends;
    private final int count;

    private XmlMarkup(byte[] xml, int[] starts, int[] nameEnds, int[] startTagEnds, int[] endTagStarts, int[] ends,
                      int count) {
        this.xml = xml;
        this.starts = starts;
        this.nameEnds = nameEnds;
        this.startTagEnds = startTagEnds;
        this.endTagStarts = endTagStarts;
        this.ends = ends;
        this.count = count;
    }

    /**
     * Scans {@code xml}; {@link IllegalStateException} when it holds something this scanner does not handle.
     * Offsets are kept in arrays and names compared as bytes, not as one String and one record per
     * element: a 10 MB document has hundreds of thousands of elements, and this runs on every signature.
     */
    static XmlMarkup scan(byte[] xml) {
        return scan(xml, 0, false);
    }

    /**
     * The element whose start tag holds {@code attribute} ({@code Id="..."}, as written), searched
     * for from the end of {@code xml}, as bytes: only that element is scanned, not the whole
     * document. {@code attribute} must follow a space. Null when the text is not found or not
     * inside a start tag. Callers must prove what they do with the bytes some other way: the text
     * could also sit in a comment, a CDATA section or a processing instruction.
     */
    static byte[] lastElementWithAttribute(byte[] xml, String attribute) {
        byte[] needle = (" " + attribute).getBytes(StandardCharsets.UTF_8);
        int start = xml.length - needle.length;
        while (start >= 0 && !(xml[start] == needle[0] && Arrays.equals(xml, start, start + needle.length, needle, 0, needle.length))) {
            start--;
        }
        while (start > 0 && xml[start] != '<' && xml[start] != '>') {
            start--;
        }
        if (start < 0 || xml[start] != '<') {
            return null;
        }
        try {
            return scan(xml, start, true).elementBytes(0);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** From {@code from}; {@code firstOnly}: stop at the end of the first element (which must start there). */
    private static XmlMarkup scan(byte[] xml, int from, boolean firstOnly) {
        // about one element per 64 bytes to start with (grown when needed): a 64 MiB document must not cost 40 MB up front
        int capacity = firstOnly ? 64 : Math.max(16, Math.min(xml.length >> 6, 1 << 20));
        int[] starts = new int[capacity];
        int[] nameEnds = new int[capacity];
        int[] startTagEnds = new int[capacity];
        int[] endTagStarts = new int[capacity];
        int[] ends = new int[capacity];
        int count = 0;
        int[] open = new int[64]; // indexes of the elements not yet closed, innermost last
        int depth = 0;
        int i = from;
        int n = xml.length;
        if (firstOnly && (i + 1 >= n || xml[i] != '<' || xml[i + 1] == '/' || xml[i + 1] == '?' || xml[i + 1] == '!')) {
            throw new IllegalStateException("no element at offset " + i);
        }
        while (i < n && !(firstOnly && count > 0 && depth == 0)) {
            if (xml[i] != '<') {
                i++;
                continue;
            }
            byte next = i + 1 < n ? xml[i + 1] : 0;
            if (next == '?') {
                i = after(xml, i + 2, "?>");
            } else if (next == '!') {
                if (startsWith(xml, i, "<!--")) {
                    i = after(xml, i + 4, "-->");
                } else if (startsWith(xml, i, "<![CDATA[")) {
                    i = after(xml, i + 9, "]]>");
                } else {
                    throw new IllegalStateException("markup declaration at offset " + i);
                }
            } else if (next == '/') {
                int close = indexOf(xml, i + 2, (byte) '>');
                if (depth == 0) {
                    throw new IllegalStateException("end tag without start tag at offset " + i);
                }
                int index = open[--depth];
                int nameEnd = close;
                while (nameEnd > i + 2 && isSpace(xml[nameEnd - 1])) {
                    nameEnd--;
                }
                int nameStart = starts[index] + 1;
                if (!Arrays.equals(xml, i + 2, nameEnd, xml, nameStart, nameEnds[index])) {
                    throw new IllegalStateException("end tag " + new String(xml, i + 2, nameEnd - i - 2, StandardCharsets.UTF_8)
                            + " does not close " + new String(xml, nameStart, nameEnds[index] - nameStart, StandardCharsets.UTF_8));
                }
                endTagStarts[index] = i;
                ends[index] = close + 1;
                i = close + 1;
            } else {
                int j = i + 1;
                while (j < n && !isSpace(xml[j]) && xml[j] != '/' && xml[j] != '>') {
                    j++;
                }
                int nameEnd = j;
                byte quote = 0;
                while (j < n) {
                    byte b = xml[j];
                    if (quote != 0) {
                        if (b == quote) {
                            quote = 0;
                        }
                    } else if (b == '"' || b == '\'') {
                        quote = b;
                    } else if (b == '>') {
                        break;
                    }
                    j++;
                }
                if (j >= n) {
                    throw new IllegalStateException("unterminated start tag at offset " + i);
                }
                boolean empty = xml[j - 1] == '/';
                if (count == starts.length) {
                    int grown = count * 2;
                    starts = Arrays.copyOf(starts, grown);
                    nameEnds = Arrays.copyOf(nameEnds, grown);
                    startTagEnds = Arrays.copyOf(startTagEnds, grown);
                    endTagStarts = Arrays.copyOf(endTagStarts, grown);
                    ends = Arrays.copyOf(ends, grown);
                }
                starts[count] = i;
                nameEnds[count] = nameEnd;
                startTagEnds[count] = j + 1;
                endTagStarts[count] = empty ? -1 : 0;
                ends[count] = empty ? j + 1 : 0;
                if (!empty) {
                    if (depth == open.length) {
                        open = Arrays.copyOf(open, depth * 2);
                    }
                    open[depth++] = count;
                }
                count++;
                i = j + 1;
            }
        }
        if (depth != 0 || count == 0) {
            throw new IllegalStateException("unbalanced elements");
        }
        return new XmlMarkup(xml, starts, nameEnds, startTagEnds, endTagStarts, ends, count);
    }

    /** The number of elements. */
    int elementCount() {
        return count;
    }

    /** The element at {@code index} in document order (0 is the root). */
    Span span(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("element " + index + " of " + count);
        }
        int start = starts[index];
        return new Span(new String(xml, start + 1, nameEnds[index] - start - 1, StandardCharsets.UTF_8), start,
                startTagEnds[index], endTagStarts[index], ends[index]);
    }

    /** The bytes of the element at {@code index}, start tag to end tag. */
    byte[] elementBytes(int index) {
        Span s = span(index);
        return Arrays.copyOfRange(xml, s.start(), s.end());
    }

    /**
     * A copy of the document with {@code fragment} added as the last child of the element at
     * {@code parentIndex}. An empty-element tag ({@code <NBan/>}) becomes a start tag, the fragment
     * and an end tag, which is the same XML.
     */
    byte[] appendChild(int parentIndex, byte[] fragment) {
        Span parent = span(parentIndex);
        if (!parent.emptyTag()) {
            return splice(parent.endTagStart(), parent.endTagStart(), fragment);
        }
        // "<NBan/>" or "<NBan />": the "/>" becomes ">" + fragment + "</NBan>", the name in the document's own bytes
        int nameEnd = parent.start() + 1;
        while (!isSpace(xml[nameEnd]) && xml[nameEnd] != '/' && xml[nameEnd] != '>') {
            nameEnd++;
        }
        byte[] endTag = concat(new byte[] {'<', '/'}, Arrays.copyOfRange(xml, parent.start() + 1, nameEnd), new byte[] {'>'});
        return splice(parent.end() - 2, parent.end(), concat(new byte[] {'>'}, fragment, endTag));
    }

    private byte[] splice(int from, int to, byte[] replacement) {
        return splice(xml, from, to, replacement);
    }

    /** A copy of {@code xml} with the bytes {@code from}..{@code to} replaced by {@code replacement}. */
    static byte[] splice(byte[] xml, int from, int to, byte[] replacement) {
        byte[] result = new byte[xml.length - (to - from) + replacement.length];
        System.arraycopy(xml, 0, result, 0, from);
        System.arraycopy(replacement, 0, result, from, replacement.length);
        System.arraycopy(xml, to, result, from + replacement.length, xml.length - to);
        return result;
    }

    /** The position of {@code element} among all elements of its document, in document order. */
    static int indexOf(Element element) {
        Document document = element.getOwnerDocument();
        int index = 0;
        Node node = document.getDocumentElement();
        while (node != null) {
            if (node == element) {
                return index;
            }
            index++;
            node = nextElement(node);
        }
        throw new IllegalArgumentException("The element is not in its owner document");
    }

    /** The element at {@code index} among all elements of {@code document}, in document order, or null. */
    static Element elementAt(Document document, int index) {
        Node node = document.getDocumentElement();
        for (int i = 0; node != null && i < index; i++) {
            node = nextElement(node);
        }
        return (Element) node;
    }

    /**
     * Whether {@code fragment} is exactly one element, from its start tag to its end tag, with
     * nothing before or after it and every tag inside it closed.
     */
    static boolean isOneElement(byte[] fragment) {
        try {
            XmlMarkup markup = scan(fragment);
            return markup.starts[0] == 0 && markup.ends[0] == fragment.length;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** The next element after {@code node} in document order (pre-order), or null. */
    private static Node nextElement(Node node) {
        Node child = firstElementChild(node);
        if (child != null) {
            return child;
        }
        for (Node n = node; n != null && n.getNodeType() == Node.ELEMENT_NODE; n = n.getParentNode()) {
            for (Node s = n.getNextSibling(); s != null; s = s.getNextSibling()) {
                if (s.getNodeType() == Node.ELEMENT_NODE) {
                    return s;
                }
            }
        }
        return null;
    }

    private static Node firstElementChild(Node node) {
        for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.ELEMENT_NODE) {
                return c;
            }
        }
        return null;
    }

    /**
     * The encoding the document declares, upper case ({@code UTF-8} when it declares none, after an
     * optional UTF-8 byte order mark).
     */
    static String declaredEncoding(byte[] xml) {
        String head = new String(xml, 0, Math.min(xml.length, 200), StandardCharsets.ISO_8859_1);
        if (head.startsWith("\u00EF\u00BB\u00BF")) {
            head = head.substring(3);
        }
        Matcher m = ENCODING.matcher(head);
        return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : "UTF-8";
    }

    /** UTF-8 or its ASCII subset. */
    static boolean isUtf8(String encoding) {
        return encoding.equals("UTF-8") || encoding.equals("UTF8") || encoding.equals("US-ASCII") || encoding.equals("ASCII");
    }

    /** Encodings where every byte below 0x80 is ASCII and every character one byte (Latin and Windows code pages). */
    static boolean isSingleByteAsciiCompatible(String encoding) {
        return encoding.startsWith("ISO-8859-") || encoding.startsWith("WINDOWS-125") || encoding.startsWith("CP125")
                || encoding.equals("LATIN1");
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] result = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, result, at, p.length);
            at += p.length;
        }
        return result;
    }

    private static boolean startsWith(byte[] xml, int at, String prefix) {
        if (at + prefix.length() > xml.length) {
            return false;
        }
        for (int k = 0; k < prefix.length(); k++) {
            if (xml[at + k] != prefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int after(byte[] xml, int from, String terminator) {
        for (int i = from; i + terminator.length() <= xml.length; i++) {
            if (startsWith(xml, i, terminator)) {
                return i + terminator.length();
            }
        }
        throw new IllegalStateException("unterminated markup: no " + terminator);
    }

    private static int indexOf(byte[] xml, int from, byte b) {
        for (int i = from; i < xml.length; i++) {
            if (xml[i] == b) {
                return i;
            }
        }
        throw new IllegalStateException("unterminated tag");
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
