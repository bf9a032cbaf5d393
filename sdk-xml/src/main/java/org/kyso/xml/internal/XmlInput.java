package org.kyso.xml.internal;

import java.nio.file.Path;

import org.w3c.dom.Document;

import org.kyso.core.MalformedDocumentException;

/**
 * XML to be signed: parsing through {@link SecureXml} (no DOCTYPE, so no entity expansion of any
 * kind, no external DTD or schema, no XInclude, size limits), and the byte-level facts DSS cares
 * about (where the markup starts).
 */
public final class XmlInput {

    private XmlInput() {
    }

    /**
     * Parses {@code xml} (namespace-aware, hardened: see {@link SecureXml}).
     *
     * @param name what to call the document in messages (the file name, or the caller's name)
     * @param file the file, for {@link MalformedDocumentException#file()}, or null
     */
    public static Document parse(byte[] xml, String name, Path file) throws MalformedDocumentException {
        return SecureXml.parse(xml, name, file);
    }

    /** Parses XML KySo or DSS produced itself; a failure is a bug, reported unchecked. */
    static Document parseTrusted(byte[] xml) {
        try {
            return parse(xml, "generated XML", null);
        } catch (MalformedDocumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The bytes DSS gets: DSS (signing and validating alike) wants the markup first, after at most a
     * byte order mark, so blank lines before it (not part of the XML infoset anyway) are dropped.
     *
     * @throws MalformedDocumentException the document does not start with '<' in an ASCII-compatible encoding
     */
    public static byte[] forDss(byte[] content, String what, Path file) throws MalformedDocumentException {
        int start = markupStart(content);
        if (start < 0) {
            throw new MalformedDocumentException(file, what + " does not start with '<' in UTF-8: KySo signs XML"
                    + " in UTF-8 or an ASCII-compatible encoding; convert it (e.g. from UTF-16) before signing", null);
        }
        int bom = hasUtf8Bom(content) ? 3 : 0;
        if (start == bom) {
            return content;
        }
        byte[] trimmed = new byte[bom + content.length - start];
        System.arraycopy(content, 0, trimmed, 0, bom);
        System.arraycopy(content, start, trimmed, bom, content.length - start);
        return trimmed;
    }

    /** Whether {@code xml} starts with the UTF-8 byte order mark EF BB BF. */
    public static boolean hasUtf8Bom(byte[] xml) {
        return xml.length >= 3 && (xml[0] & 0xFF) == 0xEF && (xml[1] & 0xFF) == 0xBB && (xml[2] & 0xFF) == 0xBF;
    }

    /**
     * The offset of the first {@code '<'} when only a UTF-8 byte order mark and XML white space come
     * before it, else -1 (e.g. UTF-16 text). DSS accepts XML only when it starts there.
     */
    public static int markupStart(byte[] xml) {
        int i = 0;
        if (hasUtf8Bom(xml)) {
            i = 3;
        }
        while (i < xml.length && (xml[i] == ' ' || xml[i] == '\t' || xml[i] == '\r' || xml[i] == '\n')) {
            i++;
        }
        return i < xml.length && xml[i] == '<' ? i : -1;
    }
}
