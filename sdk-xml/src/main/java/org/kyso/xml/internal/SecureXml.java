package org.kyso.xml.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.xml.sax.EntityResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import org.kyso.core.MalformedDocumentException;

/**
 * The one way KySo turns untrusted bytes into a DOM: namespace-aware, DOCTYPE refused outright (so no
 * DTD is read and no entity, internal or external, is ever declared or expanded), no XInclude, no
 * external DTD or schema access, an entity resolver that refuses everything should a parser ignore
 * the rest, the JDK's secure-processing limits pinned to explicit values (so a system property
 * cannot raise them), and a size limit on the input.
 *
 * <p>A DOCTYPE is refused rather than ignored: a signature over a document whose meaning depends on
 * an unread DTD (default attributes, entities) would cover something other than what a reader sees.
 *
 * <pre>{@code
 * Document dom = SecureXml.parse(bytes, "hoa-don.xml", path);   // MalformedDocumentException when refused
 * }</pre>
 *
 * <p>Thread-safe: every parse gets a new parser. The hardened factory behind it, whose
 * configuration costs more than a small document's parse (the JDK builds a throw-away parser to
 * check each {@code setFeature}), is configured once per thread and never shared between threads
 * ({@link DocumentBuilderFactory} is not thread-safe). Parsers themselves are not reused: a reused
 * Xerces parser keeps its symbol table (every name of every document it has read) and, after a
 * failure, the partial DOM, and its limit counters would have to be trusted to reset.
 */
public final class SecureXml {

    /**
     * Largest XML document KySo parses: a DOM takes several times the file's size in memory, and
     * the documents signed in practice (invoices, dossiers, tax messages) are far smaller.
     */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    /** Deepest element nesting accepted; real documents stay below 50, recursive processing does not like 10^5. */
    public static final int MAX_ELEMENT_DEPTH = 1000;

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

    private static final EntityResolver REFUSING = (publicId, systemId) -> {
        throw new SAXException("External entity " + systemId + " refused: KySo never reads external entities");
    };

    /**
     * This thread's factory from {@link #documentBuilderFactory()}, never configured further:
     * {@link DocumentBuilderFactory#newDocumentBuilder()} leaves the settings as they are and gives
     * each builder the features, attributes and pinned limits anew, so every builder it makes is
     * hardened exactly as one from a new factory. The factory holds no KySo object, so a pooled
     * thread does not keep KySo's class loader alive through it.
     */
    private static final ThreadLocal<DocumentBuilderFactory> PER_THREAD = ThreadLocal.withInitial(SecureXml::documentBuilderFactory);

    private SecureXml() {
    }

    /**
     * A new hardened, namespace-aware factory (see the class comment), for callers that configure
     * it further. Callers that need a {@link DocumentBuilder} should use {@link #newDocumentBuilder()}
     * or set its handlers too.
     */
    public static DocumentBuilderFactory documentBuilderFactory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setCoalescing(false);
        factory.setIgnoringComments(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The Java XML parser cannot be configured securely: " + e.getMessage(), e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        // The JDK's limits (JAXP secure processing), pinned so that jdk.xml.* system properties cannot lift them.
        factory.setAttribute("jdk.xml.entityExpansionLimit", "1000");
        factory.setAttribute("jdk.xml.maxGeneralEntitySizeLimit", "65536");
        factory.setAttribute("jdk.xml.maxParameterEntitySizeLimit", "65536");
        factory.setAttribute("jdk.xml.totalEntitySizeLimit", "1000000");
        factory.setAttribute("jdk.xml.maxElementDepth", String.valueOf(MAX_ELEMENT_DEPTH));
        factory.setAttribute("jdk.xml.elementAttributeLimit", "1000");
        factory.setAttribute("jdk.xml.maxXMLNameLimit", "1000");
        try {
            // Not a safety setting: build every node while parsing rather than on first access. KySo
            // visits every node of what it parses (checks, canonicalisation), and building them
            // lazily from Xerces's tables cost 20% more CPU and 30% more heap (10 MB invoice).
            factory.setFeature("http://apache.org/xml/features/dom/defer-node-expansion", false);
        } catch (ParserConfigurationException e) {
            // another DOM implementation: it builds its nodes as it likes
        }
        return factory;
    }

    /**
     * A new builder, configured as {@link #documentBuilderFactory()} says (from this thread's
     * factory), that throws on errors and refuses every external entity. Use it on this thread.
     */
    public static DocumentBuilder newDocumentBuilder() {
        try {
            DocumentBuilder builder = PER_THREAD.get().newDocumentBuilder();
            builder.setErrorHandler(THROWING); // the default handler prints "[Fatal Error]" to stderr
            builder.setEntityResolver(REFUSING);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The Java XML parser cannot be configured securely: " + e.getMessage(), e);
        }
    }

    /**
     * Parses {@code xml}.
     *
     * @param name what to call the document in messages (the file name, or the caller's name)
     * @param file the file, for {@link MalformedDocumentException#file()}, or null
     * @throws MalformedDocumentException the data is empty, larger than {@link #MAX_BYTES}, not
     *         well-formed, has a DOCTYPE, or exceeds a parser limit; the message says which
     */
    public static Document parse(byte[] xml, String name, Path file) throws MalformedDocumentException {
        if (xml.length == 0) {
            throw new MalformedDocumentException(file, name + " is empty: there is no XML in it", null);
        }
        checkSize(xml.length, name, file);
        return parse(new ByteArrayInputStream(xml), name, file);
    }

    /** Refuses documents larger than {@link #MAX_BYTES} before they are read. */
    public static void checkSize(long bytes, String name, Path file) throws MalformedDocumentException {
        if (bytes > MAX_BYTES) {
            throw new MalformedDocumentException(file, name + " has " + bytes + " bytes: KySo parses XML documents of at most "
                    + (MAX_BYTES >> 20) + " MiB (sign larger data as a detached signature)", null);
        }
    }

    private static Document parse(InputStream in, String name, Path file) throws MalformedDocumentException {
        try {
            return newDocumentBuilder().parse(in);
        } catch (SAXParseException e) {
            String where = " (line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ")";
            String message = String.valueOf(e.getMessage());
            if (message.contains("DOCTYPE")) {
                throw new MalformedDocumentException(file, name + " is refused" + where + ": KySo refuses XML with a"
                        + " DOCTYPE declaration (it could declare external or expanding entities); remove the DOCTYPE", e);
            }
            if (message.contains("JAXP0")) {
                throw new MalformedDocumentException(file, name + " is refused" + where + ": it exceeds a safety limit"
                        + " of the XML parser (" + message.strip() + ")", e);
            }
            throw new MalformedDocumentException(file, name + " is not well-formed XML" + where + ": " + message, e);
        } catch (SAXException e) {
            throw new MalformedDocumentException(file, name + " is not acceptable XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MalformedDocumentException(file, name + " cannot be read as XML: " + e.getMessage(), e);
        }
    }
}
