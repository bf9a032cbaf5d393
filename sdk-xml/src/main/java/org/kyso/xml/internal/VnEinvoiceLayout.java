package org.kyso.xml.internal;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import org.kyso.core.MalformedDocumentException;

/**
 * Where and how the parties of a Vietnamese e-invoice (HDon, Circular 78/2021/TT-BTC) sign it, as the
 * platforms and the tax authority build their signatures (see the samples in the test corpus):
 *
 * <pre>
 * HDon
 *   DLHDon Id="_618901"            the invoice data, covered by every signature
 *   MCCQT Id="Id-…"                the tax authority's code (added by the tax authority)
 *   DSCKS
 *     NBan  Signature Id="NBan-618901"   refs #_618901 (enveloped-signature), #Obj-NBan-618901
 *     NMua  Signature Id="NMua-618901"   the same for the buyer
 *     CQT   Signature Id="Tct-…"         refs #_618901, #SigningTime-…, #Id-… (no transforms)
 * </pre>
 *
 * {@code DSCKS} is a sibling of {@code DLHDon}, so a later signature never changes what an earlier
 * one covers.
 */
final class VnEinvoiceLayout {

    /** The SigningTime of the e-invoice platforms: local time in Việt Nam, without offset. */
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private VnEinvoiceLayout() {
    }

    static XmlDsigEngine.Plan plan(XmlDsigEngine.Layout layout, Document document, String what, Path file)
            throws MalformedDocumentException {
        Element hdon = invoice(document, what, file);
        Element dlhdon = child(hdon, "DLHDon", what, file, "the invoice data the signature covers");
        String dataId = requiredId(dlhdon, "HDon/DLHDon", what, file, "every signature references the invoice data by it");
        XmlTargets.byId(document, dataId, what, file, "HDon/DLHDon");
        Element dscks = child(hdon, "DSCKS", what, file, "the list of signatures");
        String time = LOCAL_TIME.format(ZonedDateTime.now(VIETNAM));
        return switch (layout) {
            case VN_SELLER -> party(document, dscks, dlhdon, dataId, "NBan", "seller", time, what, file);
            case VN_BUYER -> party(document, dscks, dlhdon, dataId, "NMua", "buyer", time, what, file);
            case VN_TAX -> taxAuthority(document, hdon, dscks, dlhdon, dataId, time, what, file);
            case GENERIC -> throw new IllegalArgumentException("not an e-invoice layout");
        };
    }

    private static XmlDsigEngine.Plan party(Document document, Element dscks, Element dlhdon, String dataId, String slotName,
                                            String party, String time, String what, Path file)
            throws MalformedDocumentException {
        Element slot = child(dscks, slotName, what, file, "where the " + party + "'s signature goes");
        refuseSigned(slot, "HDon/DSCKS/" + slotName, "the " + party, what, file);
        // "_618901" -> "NBan-618901", as the platforms name it
        String signatureId = slotName + "-" + (dataId.startsWith("_") ? dataId.substring(1) : dataId);
        String objectId = "Obj-" + signatureId;
        refuseIdInUse(document, signatureId, what, file);
        refuseIdInUse(document, objectId, what, file);
        List<XmlDsigEngine.Ref> references = List.of(
                new XmlDsigEngine.Ref("#" + dataId, dlhdon, true),
                new XmlDsigEngine.Ref("#" + objectId, null, false));
        return new XmlDsigEngine.Plan(slot, null, signatureId, references,
                new XmlDsigEngine.TimeObject(objectId, true, "#" + signatureId, time), false);
    }

    private static XmlDsigEngine.Plan taxAuthority(Document document, Element hdon, Element dscks, Element dlhdon,
                                                   String dataId, String time, String what, Path file)
            throws MalformedDocumentException {
        Element mccqt = child(hdon, "MCCQT", what, file, "the tax authority's code, which its signature covers;"
                + " add it before the tax authority signs");
        String codeId = requiredId(mccqt, "HDon/MCCQT", what, file, "the tax authority's signature references the code by it");
        XmlTargets.byId(document, codeId, what, file, "HDon/MCCQT");
        Element cqt = optionalChild(dscks, "CQT");
        if (cqt != null) {
            refuseSigned(cqt, "HDon/DSCKS/CQT", "the tax authority", what, file);
        }
        String signatureId = "Tct-" + uuid();
        String objectId = "SigningTime-" + uuid();
        List<XmlDsigEngine.Ref> references = new ArrayList<>();
        references.add(new XmlDsigEngine.Ref("#" + dataId, dlhdon, false));
        references.add(new XmlDsigEngine.Ref("#" + objectId, null, false));
        references.add(new XmlDsigEngine.Ref("#" + codeId, mccqt, false));
        // the tax authority's messages write this Target literally, not as a reference to the signature
        return new XmlDsigEngine.Plan(cqt != null ? cqt : dscks, cqt != null ? null : "CQT", signatureId, references,
                new XmlDsigEngine.TimeObject(objectId, false, "signatureProperties", time), false);
    }

    /** The invoice: the root when it is an HDon, else the one HDon inside (a TDiep message carrying it). */
    private static Element invoice(Document document, String what, Path file) throws MalformedDocumentException {
        Element root = document.getDocumentElement();
        if ("HDon".equals(root.getLocalName())) {
            return root;
        }
        NodeList found = document.getElementsByTagNameNS("*", "HDon");
        if (found.getLength() == 1) {
            return (Element) found.item(0);
        }
        throw new MalformedDocumentException(file, found.getLength() == 0
                ? what + " is not an e-invoice: it has no HDon element (its root is " + root.getTagName() + ")"
                : what + " holds " + found.getLength() + " invoices (HDon): sign each one separately", null);
    }

    private static Element child(Element parent, String name, String what, Path file, String role)
            throws MalformedDocumentException {
        Element child = optionalChild(parent, name);
        if (child == null) {
            throw new MalformedDocumentException(file, what + " has no " + path(parent) + "/" + name + " element (" + role + ")", null);
        }
        return child;
    }

    private static Element optionalChild(Element parent, String name) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static String requiredId(Element element, String path, String what, Path file, String why)
            throws MalformedDocumentException {
        String id = element.getAttributeNS(null, "Id");
        if (id.isEmpty()) {
            throw new MalformedDocumentException(file, what + ": " + path + " has no Id attribute (" + why
                    + "), e.g. <" + element.getTagName() + " Id=\"_1\">", null);
        }
        return id;
    }

    private static void refuseSigned(Element slot, String path, String party, String what, Path file)
            throws MalformedDocumentException {
        for (Node c = slot.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && XmlTargets.isSignature(e)) {
                throw new MalformedDocumentException(file, what + " is already signed by " + party + " (" + path
                        + " holds a signature)", null);
            }
        }
    }

    private static void refuseIdInUse(Document document, String id, String what, Path file) throws MalformedDocumentException {
        if (XmlTargets.idInUse(document, id)) {
            throw new MalformedDocumentException(file, what + " already has an element with Id \"" + id
                    + "\", the Id this signature needs", null);
        }
    }

    /** "HDon", "HDon/DSCKS": the path people know, from the invoice down. */
    private static String path(Element element) {
        String path = element.getLocalName();
        Node p = element;
        while (!"HDon".equals(p.getLocalName()) && p.getParentNode() instanceof Element parent) {
            path = parent.getLocalName() + "/" + path;
            p = parent;
        }
        return path;
    }

    private static String uuid() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
