package org.kyso.xml.internal;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.apache.xml.security.algorithms.SignatureAlgorithm;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.signature.XMLSignatureException;
import org.apache.xml.security.transforms.TransformationException;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import org.kyso.core.Message;
import org.kyso.core.ReferenceReport;
import org.kyso.core.internal.Messages;

/**
 * One {@code ds:Signature} as KySo reads it: its references (read by Santuario with secure
 * validation on, same-document ones resolved and digested here, nothing outside the document ever
 * dereferenced), and the signature-wrapping findings about them.
 */
final class InspectedSignature {

    private static final String ETSI = "http://uri.etsi.org/01903/";
    private static final String TYPE_SIGNED_PROPERTIES = "http://uri.etsi.org/01903#SignedProperties";
    private static final String TYPE_COUNTERSIGNED = "http://uri.etsi.org/01903#CountersignedSignature";
    private static final String TYPE_OBJECT = XmlInspection.DS + "Object";
    /** Local time, as the Vietnamese e-invoice platforms write SigningTime. */
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    /** One {@code ds:Reference} of {@code ds:SignedInfo}. */
    record Ref(String uri, String type, String digestAlgorithm, boolean sameDocument, String covers,
               List<Element> targets, boolean intact) {

        /** The one element (or document node, for null) the reference resolves to; only when found. */
        Element target() {
            return targets.size() == 1 ? targets.get(0) : null;
        }

        boolean found() {
            return covers != null && (targets.size() == 1 || coversWholeDocument());
        }

        boolean coversWholeDocument() {
            return ReferenceReport.WHOLE_DOCUMENT.equals(covers);
        }

        ReferenceReport report() {
            return new ReferenceReport(uri, covers, digestAlgorithm, found(), found() && intact);
        }
    }

    private final int index;
    private final Element element;
    private final String id;
    private final byte[] value;
    private final boolean xades;
    private final List<Ref> references;
    private final List<String> externalUris;
    private final List<Message> errors = new ArrayList<>();
    private boolean wrapped;
    private Boolean valueVerified;
    private X509Certificate verifiedBy;

    private InspectedSignature(int index, Element element, String id, byte[] value, boolean xades,
                               List<Ref> references, List<String> externalUris) {
        this.index = index;
        this.element = element;
        this.id = id;
        this.value = value;
        this.xades = xades;
        this.references = references;
        this.externalUris = externalUris;
    }

    /**
     * Reads {@code element}.
     *
     * @param ids the document's elements by Id value
     * @throws XMLSecurityException Santuario refuses the signature under secure validation
     * @throws TransformChecks.RefusedTransformException a transform KySo does not run (see {@link TransformChecks})
     */
    static InspectedSignature read(int index, Element element, Map<String, List<Element>> ids) throws XMLSecurityException {
        TransformChecks.check(element); // before Santuario or DSS could run any of them
        XMLSignature signature = new XMLSignature(element, "", true);
        SignedInfo signedInfo = signature.getSignedInfo();
        List<Ref> references = new ArrayList<>();
        List<String> external = new ArrayList<>();
        for (int i = 0; i < signedInfo.getLength(); i++) {
            Reference reference = signedInfo.item(i);
            instantiateTransforms(reference);
            Ref ref = resolve(reference, ids);
            references.add(ref);
            if (!ref.sameDocument() && ref.uri() != null) {
                external.add(ref.uri());
            }
        }
        external.addAll(manifestUris(element));
        byte[] value;
        try {
            value = signature.getSignatureValue();
        } catch (XMLSignatureException | RuntimeException e) {
            value = null;
        }
        String id = element.hasAttributeNS(null, "Id") ? element.getAttributeNS(null, "Id") : null;
        InspectedSignature inspected = new InspectedSignature(index, element, id, value, qualifyingProperties(element) != null,
                references, external);
        inspected.verifySignatureValue(signature);
        inspected.findWrapping();
        return inspected;
    }

    /**
     * Verifies the SignatureValue over the canonical SignedInfo alone, with each key the signature
     * carries (its {@code ds:X509Certificate}s, a {@code ds:KeyValue}). DSS cannot tell this apart:
     * Santuario's check it calls also verifies the references, so an invoice changed after signing
     * leaves DSS without a signing certificate (INDETERMINATE), where the signer is in fact known and
     * the signed data changed (TOTAL_FAILED, HASH_FAILURE).
     */
    private void verifySignatureValue(XMLSignature signature) {
        if (value == null) {
            return;
        }
        byte[] signedInfo;
        try {
            signedInfo = signature.getSignedInfo().getCanonicalizedOctetStream();
        } catch (XMLSecurityException | java.io.IOException | RuntimeException e) {
            return;
        }
        boolean tried = false;
        for (X509Certificate certificate : keyInfoCertificates(element)) {
            Boolean ok = verify(signature, signedInfo, certificate.getPublicKey());
            if (Boolean.TRUE.equals(ok)) {
                valueVerified = true;
                verifiedBy = certificate;
                return;
            }
            tried |= ok != null;
        }
        try {
            KeyInfo keyInfo = signature.getKeyInfo();
            PublicKey key = keyInfo == null ? null : keyInfo.getPublicKey();
            if (key != null) {
                Boolean ok = verify(signature, signedInfo, key);
                if (Boolean.TRUE.equals(ok)) {
                    valueVerified = true;
                    return;
                }
                tried |= ok != null;
            }
        } catch (XMLSecurityException | RuntimeException e) {
            // no usable KeyValue
        }
        valueVerified = tried ? Boolean.FALSE : null;
    }

    /** TRUE or FALSE when {@code key} could be tried, null when not (an unsupported curve, an HMAC). */
    private Boolean verify(XMLSignature signature, byte[] signedInfo, PublicKey key) {
        try {
            SignatureAlgorithm algorithm = signature.getSignedInfo().getSignatureAlgorithm();
            algorithm.initVerify(key);
            algorithm.update(signedInfo);
            return algorithm.verify(value);
        } catch (XMLSecurityException | RuntimeException e) {
            return null;
        }
    }

    private static List<X509Certificate> keyInfoCertificates(Element signature) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Element keyInfo : DomPaths.children(signature, XmlInspection.DS, "KeyInfo")) {
            NodeList encoded = keyInfo.getElementsByTagNameNS(XmlInspection.DS, "X509Certificate");
            for (int i = 0; i < encoded.getLength(); i++) {
                try {
                    byte[] der = Base64.getMimeDecoder().decode(encoded.item(i).getTextContent());
                    certificates.add((X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der)));
                } catch (GeneralSecurityException | RuntimeException e) {
                    // not a certificate: DSS reports it
                }
            }
        }
        return certificates;
    }

    /**
     * Santuario checks a reference's transforms against secure validation (no XSLT) only when it
     * digests the data, and DSS digests with secure validation off: so they are checked here, where
     * a forbidden one refuses the document before DSS could run it.
     */
    private static void instantiateTransforms(Reference reference) throws XMLSecurityException {
        Transforms transforms = reference.getTransforms();
        if (transforms != null) {
            for (int i = 0; i < transforms.getLength(); i++) {
                String uri = transforms.item(i).getURI();
                if (Transforms.TRANSFORM_XSLT.equals(uri)) {
                    // what secure validation forbids when it digests; DSS would run the stylesheet
                    throw new TransformationException("signature.Transform.ForbiddenTransform", new Object[] {uri});
                }
            }
        }
    }

    private static Ref resolve(Reference reference, Map<String, List<Element>> ids) {
        String uri = reference.getElement().hasAttributeNS(null, "URI") ? reference.getURI() : null;
        String digest = digestName(reference);
        String type = reference.getType();
        if (uri == null || !(uri.isEmpty() || uri.startsWith("#"))) {
            // outside the document: never dereferenced here; DSS resolves it against the detached contents
            return new Ref(uri, type, digest, false, null, List.of(), false);
        }
        String id = idOf(uri);
        if (id == null) { // "" or #xpointer(/): the whole document
            return new Ref(uri, type, digest, true, ReferenceReport.WHOLE_DOCUMENT, List.of(), verify(reference));
        }
        List<Element> targets = ids.getOrDefault(id, List.of());
        if (targets.size() != 1) {
            String covers = targets.isEmpty() ? null : String.join(" | ", targets.stream().map(DomPaths::path).toList());
            return new Ref(uri, type, digest, true, covers, List.copyOf(targets), false);
        }
        return new Ref(uri, type, digest, true, DomPaths.path(targets.get(0)), List.copyOf(targets), verify(reference));
    }

    /** The Id a same-document URI names ({@code #x}, {@code #xpointer(id('x'))}), or null for the whole document. */
    static String idOf(String uri) {
        if (uri.isEmpty() || uri.equals("#xpointer(/)")) {
            return null;
        }
        String fragment = uri.substring(1);
        if (fragment.startsWith("xpointer(id(") && fragment.endsWith("))") && fragment.length() > 16) {
            String quoted = fragment.substring("xpointer(id(".length(), fragment.length() - 2);
            return quoted.length() >= 2 ? quoted.substring(1, quoted.length() - 1) : quoted;
        }
        return fragment;
    }

    /** Core validation of one same-document reference (W3C XML Signature 1.1 §3.2.1), with secure validation. */
    private static boolean verify(Reference reference) {
        try {
            return reference.verify();
        } catch (XMLSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String digestName(Reference reference) {
        try {
            return reference.getMessageDigestAlgorithm().getJCEAlgorithmString();
        } catch (XMLSignatureException | RuntimeException e) {
            return null;
        }
    }

    private static List<String> manifestUris(Element signature) {
        List<String> uris = new ArrayList<>();
        NodeList manifests = signature.getElementsByTagNameNS(XmlInspection.DS, "Manifest");
        for (int i = 0; i < manifests.getLength(); i++) {
            for (Element ref : DomPaths.children((Element) manifests.item(i), XmlInspection.DS, "Reference")) {
                String uri = ref.getAttributeNS(null, "URI");
                if (!uri.isEmpty() && !uri.startsWith("#")) {
                    uris.add(uri);
                }
            }
        }
        return uris;
    }

    /** This signature's {@code ds:Object/xades:QualifyingProperties}, or null for plain XMLDSig. */
    private static Element qualifyingProperties(Element signature) {
        for (Element object : DomPaths.children(signature, XmlInspection.DS, "Object")) {
            for (Element child : DomPaths.children(object, null, "QualifyingProperties")) {
                if (child.getNamespaceURI() != null && child.getNamespaceURI().startsWith(ETSI)) {
                    return child;
                }
            }
        }
        return null;
    }

    private void findWrapping() {
        for (Ref ref : references) {
            if (!ref.sameDocument()) {
                continue;
            }
            if (ref.targets().size() > 1) {
                wrapping(Messages.of("kyso.xml.reference.duplicate-id",
                        "Signature wrapping: reference {0} is ambiguous, {1} elements carry the Id \"{2}\" ({3}); a verifier"
                                + " may check one while an application reads another",
                        ref.uri(), ref.targets().size(), idOf(ref.uri()), ref.covers()));
                continue;
            }
            if (!ref.found()) {
                errors.add(Messages.of("kyso.xml.reference.not-found",
                        "Reference {0} points to no element of this document: the signed data is missing (the file was edited"
                                + " after signing, or the signature was copied from another document)", ref.uri()));
                continue;
            }
            if (!ref.intact()) {
                errors.add(Messages.of("kyso.xml.reference.changed",
                        "The data covered by reference {0} ({1}) has changed since it was signed: its digest no longer"
                                + " matches (even re-indenting or re-encoding the file breaks it)",
                        ref.uri().isEmpty() ? "\"\"" : ref.uri(), ref.covers()));
            }
            Element target = ref.target();
            if (target == null) {
                continue;
            }
            if (TYPE_SIGNED_PROPERTIES.equals(ref.type()) || "SignedProperties".equals(target.getLocalName())) {
                checkSignedProperties(ref, target);
            }
            if (TYPE_OBJECT.equals(ref.type()) || isDs(target, "Object")) {
                checkObject(ref, target);
            }
            if (TYPE_COUNTERSIGNED.equals(ref.type())) {
                checkCounterSigned(ref, target);
            }
        }
        VnEinvoiceChecks.placement(element, references).forEach(this::wrapping);
    }

    /** XAdES: the signed properties must be those of this signature's QualifyingProperties. */
    private void checkSignedProperties(Ref ref, Element target) {
        Element qualifying = qualifyingProperties(element);
        Node parent = target.getParentNode();
        if (qualifying == null || parent != qualifying || !"SignedProperties".equals(target.getLocalName())) {
            wrapping(Messages.of("kyso.xml.wrapping.signed-properties",
                    "Signature wrapping: reference {0} covers signed properties at {1}, not those in this signature's"
                            + " QualifyingProperties; the signing time and certificate a reader sees there are not signed",
                    ref.uri(), ref.covers()));
        }
    }

    /** A ds:Object belongs directly under a ds:Signature, where readers look for signed objects. */
    private void checkObject(Ref ref, Element target) {
        if (!isDs(target, "Object")) {
            return;
        }
        Node parent = target.getParentNode();
        if (!(parent instanceof Element p) || !isDs(p, "Signature")) {
            wrapping(Messages.of("kyso.xml.wrapping.object",
                    "Signature wrapping: reference {0} covers a ds:Object at {1}, which is not a child of a ds:Signature;"
                            + " the objects a reader finds under the signature are not the signed one",
                    ref.uri(), ref.covers()));
        }
    }

    /** XAdES counter-signature: it must cover the SignatureValue of the signature it is attached to. */
    private void checkCounterSigned(Ref ref, Element target) {
        Element master = masterSignature();
        Element masterValue = master == null ? null
                : DomPaths.children(master, XmlInspection.DS, "SignatureValue").stream().findFirst().orElse(null);
        if (masterValue == null || masterValue != target) {
            wrapping(Messages.of("kyso.xml.wrapping.counter-signature",
                    "Signature wrapping: this counter-signature covers the ds:SignatureValue at {0}, not the SignatureValue"
                            + " of the signature it is attached to ({1})",
                    ref.covers(), master == null ? "none found" : DomPaths.path(master)));
        }
    }

    /** The signature this one counter-signs: the nearest ds:Signature around its xades:CounterSignature. */
    private Element masterSignature() {
        Node parent = element.getParentNode();
        if (!(parent instanceof Element p) || !"CounterSignature".equals(p.getLocalName())) {
            return null;
        }
        for (Node n = p.getParentNode(); n instanceof Element e; n = e.getParentNode()) {
            if (isDs(e, "Signature")) {
                return e;
            }
        }
        return null;
    }

    private void wrapping(Message message) {
        errors.add(message);
        wrapped = true;
    }

    private static boolean isDs(Element e, String localName) {
        return XmlInspection.DS.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName());
    }

    /**
     * The signing time a plain XMLDSig signature claims in a signed {@code ds:Object}
     * ({@code SignatureProperties/SignatureProperty/SigningTime}, as Vietnamese e-invoices carry it;
     * local time of Việt Nam when it has no offset), or null.
     */
    Instant claimedSigningTime() {
        for (Ref ref : references) {
            Element target = ref.target();
            if (target == null || !ref.intact() || !isDs(target, "Object") || target.getParentNode() != element) {
                continue;
            }
            NodeList times = target.getElementsByTagNameNS("*", "SigningTime");
            for (int i = 0; i < times.getLength(); i++) {
                Instant time = parseTime(times.item(i).getTextContent());
                if (time != null) {
                    return time;
                }
            }
        }
        return null;
    }

    static Instant parseTime(String text) {
        String t = text == null ? "" : text.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(t).atZone(VIETNAM).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    int index() {
        return index;
    }

    Element element() {
        return element;
    }

    String id() {
        return id;
    }

    byte[] value() {
        return value;
    }

    boolean isXades() {
        return xades;
    }

    List<Ref> references() {
        return references;
    }

    List<String> externalUris() {
        return externalUris;
    }

    List<Message> errors() {
        return errors;
    }

    /**
     * Whether the SignatureValue verifies over SignedInfo with a key the signature carries; null
     * when KySo could not try (an HMAC, an algorithm or curve the Java runtime lacks).
     */
    Boolean signatureValueVerified() {
        return valueVerified;
    }

    /** The {@code ds:X509Certificate} whose key verifies the SignatureValue, or null. */
    X509Certificate verifiedBy() {
        return verifiedBy;
    }

    /** Whether a finding is signature wrapping (the signature then fails). */
    boolean wrapped() {
        return wrapped;
    }
}
