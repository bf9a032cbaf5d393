package org.kyso.xml.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.ParserConfigurationException;

import eu.europa.esig.dss.xml.utils.DomUtils;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import org.kyso.core.MalformedDocumentException;

/**
 * Checks and parses XML to be signed with DSS's hardened parser settings: no DOCTYPE (and so no
 * entity expansion of any kind), no external DTD or schema, no XInclude. A DOCTYPE is refused
 * outright rather than ignored, because a signature over a document whose meaning depends on an
 * unread DTD would sign something other than what a reader sees.
 */
public final class XmlInput {

    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // warnings do not make the document unusable
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private XmlInput() {
    }

    /**
     * Parses {@code xml} (namespace-aware, hardened).
     *
     * @param name what to call the document in messages (the file name, or the caller's name)
     * @param file the file, for {@link MalformedDocumentException#file()}, or null
     */
    public static Document parse(byte[] xml, String name, Path file) throws MalformedDocumentException {
        if (xml.length == 0) {
            throw new MalformedDocumentException(file, name + " is empty: there is no XML to sign", null);
        }
        try {
            DocumentBuilder builder = DomUtils.getSecureDocumentBuilderFactory().newDocumentBuilder();
            builder.setErrorHandler(THROWING); // the default handler prints "[Fatal Error]" to stderr
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            String hint = String.valueOf(e.getMessage()).contains("DOCTYPE")
                    ? ": KySo refuses XML with a DOCTYPE declaration (it could pull in external or expanding entities);"
                    + " remove the DOCTYPE before signing"
                    : ": " + e.getMessage();
            throw new MalformedDocumentException(file, name + " is not well-formed XML (line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + ")" + hint, e);
        } catch (SAXException e) {
            throw new MalformedDocumentException(file, name + " is not well-formed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MalformedDocumentException(file, name + " cannot be read as XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The Java XML parser cannot be configured securely: " + e.getMessage(), e);
        }
    }

    /** Parses XML KySo or DSS produced itself; a failure is a bug, reported unchecked. */
    static Document parseTrusted(byte[] xml) {
        try {
            return parse(xml, "generated XML", null);
        } catch (MalformedDocumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
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
