package org.kyso.xml.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import org.w3c.dom.Document;

import org.kyso.core.DocumentType;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.internal.Messages;
import org.kyso.core.internal.RefusedDocumentException;
import org.kyso.core.internal.ValidationChecks;

/**
 * The XML side of KySo's validator, registered with sdk-core through {@link ValidationChecks}. Before
 * DSS sees a document it is parsed with {@link SecureXml} (no DOCTYPE, so no entity of any kind; no
 * XInclude; size and depth limits) and every {@code ds:Signature} is read by Santuario with secure
 * validation on (at most 30 references and 5 transforms each, no MD5; and no XSLT, checked here):
 * a document that fails either is refused (verdict ERROR) and never reaches DSS, which reads
 * signatures with secure validation off. Then {@link XmlInspection} tells what each reference covers
 * and finds signature wrapping; see there.
 *
 * <p>Stateless and thread-safe.
 */
public final class XmlValidationChecks implements ValidationChecks {

    static {
        Santuario.init();
    }

    @Override
    public boolean supports(DocumentType type) {
        return type == DocumentType.XML;
    }

    @Override
    public Inspection inspect(String name, DSSDocument document) throws RefusedDocumentException {
        byte[] xml = read(name, document);
        Document dom;
        try {
            dom = SecureXml.parse(xml, name, null);
        } catch (MalformedDocumentException e) {
            throw refusal(name, xml, e);
        }
        return XmlInspection.of(name, dom);
    }

    private static byte[] read(String name, DSSDocument document) throws RefusedDocumentException {
        try {
            if (document instanceof FileDocument file) {
                SecureXml.checkSize(Files.size(file.getFile().toPath()), name, null); // before reading any of it
            }
            try (InputStream in = document.openStream()) {
                byte[] xml = in.readNBytes(SecureXml.MAX_BYTES + 1);
                SecureXml.checkSize(xml.length, name, null);
                return xml;
            }
        } catch (MalformedDocumentException e) {
            throw new RefusedDocumentException(Messages.as("kyso.file.malformed", "kyso.xml.too-large",
                    e.getMessage(), name, SecureXml.MAX_BYTES >> 20), e);
        } catch (IOException e) {
            throw new RefusedDocumentException(Messages.of("kyso.file.unreadable", "Cannot read " + name + ": " + e.getMessage(), name), e);
        }
    }

    /** The report's error for a document {@link SecureXml} refused, in English and Vietnamese. */
    private static RefusedDocumentException refusal(String name, byte[] xml, MalformedDocumentException e) {
        String english = e.getMessage();
        if (english != null && english.contains("DOCTYPE")) {
            String head = new String(xml, 0, Math.min(xml.length, 64 * 1024), StandardCharsets.ISO_8859_1);
            if (head.contains("<!ENTITY")) {
                return new RefusedDocumentException(Messages.as("kyso.file.malformed", "kyso.xml.doctype.entities",
                        "{0} has a DOCTYPE that declares entities: KySo refuses such XML before reading it, so no entity"
                                + " (external file or URL, or an expanding one) is ever resolved; remove the DOCTYPE", name), e);
            }
            return new RefusedDocumentException(Messages.as("kyso.file.malformed", "kyso.xml.doctype",
                    "{0} has a DOCTYPE declaration: KySo refuses XML with a DOCTYPE (it could declare external or expanding"
                            + " entities, or default attributes that change what was signed); remove the DOCTYPE", name), e);
        }
        String detail = english == null ? name + " is not well-formed XML" : english;
        return new RefusedDocumentException(Messages.as("kyso.file.malformed", "kyso.xml.malformed", detail, detail), e);
    }
}
