package org.kyso.xml.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import javax.security.auth.x500.X500Principal;
import javax.xml.XMLConstants;

import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.utils.resolver.implementations.ResolverFragment;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;


import org.kyso.core.KeyAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.internal.DssAlgorithms;

/**
 * Creates one plain XMLDSig enveloped signature (W3C XML Signature 1.1, no XAdES properties) with
 * Apache Santuario and an external {@link SigningKey}: the {@code Signature} element is built in the
 * document's DOM where it will sit, Santuario computes the reference digests and canonicalizes
 * {@code SignedInfo}, the key signs those bytes, and the new element is written into the original
 * bytes, which stay as they were around it. Before anything is returned, the output is parsed again:
 * the new element must read back where it was planned and canonically equal to the one signed, and
 * the new signature must verify with Santuario (secure validation on); see {@code checkOutput}.
 *
 * <p>Santuario is initialised once ({@link Santuario}); fragment references are resolved by a
 * {@link ResolverFragment} given to each signature, and secure validation is on. No other global
 * state is touched; every DOM and Santuario object belongs to one call, so this class is
 * thread-safe.
 */
public final class XmlDsigEngine implements SignatureEngine {

    static final String DS = EnvelopedSplice.XMLDSIG_NS;
    private static final String ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
    private static final String INCLUSIVE = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
    private static final String XPATH_FILTER2 = "http://www.w3.org/2002/06/xmldsig-filter2";
    private static final String XPATH = "http://www.w3.org/TR/1999/REC-xpath-19991116";

    static {
        Santuario.init();
    }

    /** Who decides the layout: the caller (generic) or a Vietnamese e-invoice profile. */
    public enum Layout { GENERIC, VN_SELLER, VN_BUYER, VN_TAX }

    /**
     * Immutable settings of one signer.
     *
     * @param referenceIds generic layout: the Ids of the elements to sign (empty: the whole document)
     * @param placement generic layout: XPath of the element the signature is appended to (null: the root)
     * @param canonicalization URI of the SignedInfo canonicalization; other than inclusive C14N 1.0,
     *        it is also added as an explicit transform to every reference
     * @param signingTime generic layout: add an Object with a SigningTime signature property, and a reference to it
     */
    public record Settings(SigningKey key, SignatureAlgorithm algorithm, Layout layout, List<String> referenceIds,
                           String placement, String canonicalization, boolean signingTime) {
        public Settings {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(layout, "layout");
            referenceIds = List.copyOf(referenceIds);
            Objects.requireNonNull(canonicalization, "canonicalization");
        }
    }

    /** One reference: its URI, the element it covers (null for the whole document or the time object), its transform. */
    record Ref(String uri, Element target, boolean enveloped) {
    }

    /** The Object holding SignatureProperties/SignatureProperty/SigningTime. */
    record TimeObject(String id, boolean noNamespace, String target, String time) {
    }

    /**
     * What to build: the signature goes into {@code parent} (inside a new {@code wrapper} element
     * when that is not null), with these Ids and references.
     */
    record Plan(Element parent, String wrapper, String signatureId, List<Ref> references, TimeObject timeObject,
                boolean includeChain) {
    }

    private final Settings settings;

    public XmlDsigEngine(Settings settings) {
        this.settings = settings;
    }

    @Override
    public byte[] sign(byte[] content, String name, Path file) throws KysoException {
        String what = file == null ? name : file.toString();
        if (XmlInput.markupStart(content) < 0) {
            throw new MalformedDocumentException(file, what + " does not start with '<' in UTF-8: KySo signs XML in UTF-8"
                    + " or an ASCII-compatible encoding; convert it (e.g. from UTF-16) before signing", null);
        }
        String encoding = XmlMarkup.declaredEncoding(content);
        boolean utf8 = XmlMarkup.isUtf8(encoding);
        if (!utf8 && !XmlMarkup.isSingleByteAsciiCompatible(encoding)) {
            throw new MalformedDocumentException(file, what + " is declared in " + encoding + ": KySo adds plain XML"
                    + " signatures to UTF-8, ASCII and single-byte (ISO-8859, Windows) documents; convert it to UTF-8", null);
        }
        Document document = SecureXml.parse(content, what, file);
        Plan plan = settings.layout() == Layout.GENERIC ? genericPlan(document, what, file)
                : VnEinvoiceLayout.plan(settings.layout(), document, what, file);
        XmlTargets.checkEarlierReferences(document, what, file);
        checkEarlierSignaturesSurvive(document, plan.parent(), what, file);

        int parentIndex = XmlMarkup.indexOf(plan.parent());
        Element signature = buildSignature(document, plan);
        Element inserted = signature;
        if (plan.wrapper() != null) {
            Element parent = plan.parent();
            inserted = document.createElementNS(parent.getNamespaceURI(),
                    parent.getPrefix() == null ? plan.wrapper() : parent.getPrefix() + ":" + plan.wrapper());
            inserted.appendChild(signature);
        }
        plan.parent().appendChild(inserted);

        Signed signed = computeSignature(signature, what);

        byte[] fragment = FragmentWriter.write(inserted, utf8);
        byte[] result;
        try {
            result = XmlMarkup.scan(content).appendChild(parentIndex, fragment);
        } catch (IllegalStateException e) {
            throw new KysoException("Cannot place the signature in " + what + " without changing the rest of it: "
                    + e.getMessage(), e);
        }
        try {
            checkOutput(inserted, signature, parentIndex, fragment, result, what);
        } catch (KysoException | RuntimeException e) {
            // a key that signs with another private key fails here first; say so rather than "does not verify"
            checkSignatureValue(signed.signedInfo(), signed.value());
            throw e;
        }
        return result;
    }

    /** The canonical SignedInfo and the value the key returned for it, as it returned it. */
    private record Signed(byte[] signedInfo, byte[] value) {
    }

    private Plan genericPlan(Document document, String what, Path file) throws MalformedDocumentException {
        Element parent = settings.placement() == null ? document.getDocumentElement()
                : XmlTargets.select(document, settings.placement(), what, file);
        List<Ref> references = new ArrayList<>();
        if (settings.referenceIds().isEmpty()) {
            references.add(new Ref("", null, true));
        }
        for (String id : settings.referenceIds()) {
            references.add(new Ref("#" + id, XmlTargets.byId(document, id, what, file, "an element to sign"), true));
        }
        String signatureId = "sig-" + UUID.randomUUID().toString().replace("-", "");
        TimeObject time = null;
        if (settings.signingTime()) {
            String objectId = "Obj-" + signatureId;
            time = new TimeObject(objectId, true, "#" + signatureId,
                    DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
            references.add(new Ref("#" + objectId, null, false));
        }
        return new Plan(parent, null, signatureId, references, time, true);
    }

    /**
     * Refuses to add a signature where it would break one already there: inside what an earlier
     * signature covers with only the enveloped-signature transform (which removes that signature
     * alone, not later ones). References that filter signatures out with XPath (as DSS's XAdES
     * signatures do) are not affected.
     */
    private static void checkEarlierSignaturesSurvive(Document document, Element parent, String what, Path file)
            throws MalformedDocumentException {
        NodeList signatures = document.getElementsByTagNameNS(DS, "Signature");
        Map<String, List<org.w3c.dom.Attr>> ids = null; // built once, at the first reference by Id
        for (int i = 0; i < signatures.getLength(); i++) {
            Element earlier = (Element) signatures.item(i);
            NodeList references = earlier.getElementsByTagNameNS(DS, "Reference");
            for (int j = 0; j < references.getLength(); j++) {
                Element reference = (Element) references.item(j);
                if (!(reference.getParentNode() instanceof Element signedInfo) || !"SignedInfo".equals(signedInfo.getLocalName())) {
                    continue;
                }
                String uri = reference.getAttribute("URI");
                Element covered;
                if (uri.isEmpty() && reference.hasAttribute("URI")) {
                    covered = document.getDocumentElement();
                } else if (uri.startsWith("#")) {
                    if (ids == null) {
                        ids = XmlTargets.idIndex(document);
                    }
                    List<org.w3c.dom.Attr> holders = ids.getOrDefault(uri.substring(1), List.of());
                    covered = holders.size() == 1 ? holders.get(0).getOwnerElement() : null;
                } else {
                    covered = null;
                }
                if (covered != null && isAncestorOrSelf(covered, parent) && !filtersSignatures(reference)) {
                    String id = earlier.getAttribute("Id");
                    throw new MalformedDocumentException(file, "Adding a signature inside " + parent.getTagName() + " of " + what
                            + " would break the signature " + (id.isEmpty() ? "#" + (i + 1) : id) + ", whose reference URI=\""
                            + uri + "\" covers that element; place the new signature elsewhere (--place)", null);
                }
            }
        }
    }

    private static boolean isAncestorOrSelf(Element ancestor, Element node) {
        for (org.w3c.dom.Node n = node; n != null; n = n.getParentNode()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static boolean filtersSignatures(Element reference) {
        NodeList transforms = reference.getElementsByTagNameNS(DS, "Transform");
        for (int i = 0; i < transforms.getLength(); i++) {
            String algorithm = ((Element) transforms.item(i)).getAttribute("Algorithm");
            if (XPATH_FILTER2.equals(algorithm) || XPATH.equals(algorithm)) {
                return true;
            }
        }
        return false;
    }

    private Element buildSignature(Document document, Plan plan) throws KysoException {
        String digestUri = DssAlgorithms.digest(settings.algorithm().digest()).getUri();
        String c14n = settings.canonicalization();
        Element signature = ds(document, "Signature");
        signature.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", DS);
        signature.setAttributeNS(null, "Id", plan.signatureId());
        signature.setIdAttributeNS(null, "Id", true);

        Element signedInfo = append(signature, ds(document, "SignedInfo"));
        append(signedInfo, ds(document, "CanonicalizationMethod")).setAttributeNS(null, "Algorithm", c14n);
        append(signedInfo, ds(document, "SignatureMethod")).setAttributeNS(null, "Algorithm",
                DssAlgorithms.signature(settings.algorithm()).getUri());
        for (Ref ref : plan.references()) {
            Element reference = append(signedInfo, ds(document, "Reference"));
            reference.setAttributeNS(null, "URI", ref.uri());
            List<String> transforms = new ArrayList<>();
            if (ref.enveloped()) {
                transforms.add(ENVELOPED);
            }
            if (!INCLUSIVE.equals(c14n)) {
                transforms.add(c14n);
            }
            if (!transforms.isEmpty()) {
                Element list = append(reference, ds(document, "Transforms"));
                for (String t : transforms) {
                    append(list, ds(document, "Transform")).setAttributeNS(null, "Algorithm", t);
                }
            }
            append(reference, ds(document, "DigestMethod")).setAttributeNS(null, "Algorithm", digestUri);
            append(reference, ds(document, "DigestValue"));
        }
        append(signature, ds(document, "SignatureValue"));

        Element x509Data = append(append(signature, ds(document, "KeyInfo")), ds(document, "X509Data"));
        X509Certificate certificate = settings.key().certificate();
        append(x509Data, ds(document, "X509SubjectName")).setTextContent(subjectName(certificate));
        List<X509Certificate> certificates = plan.includeChain() ? settings.key().certificateChain() : List.of(certificate);
        for (X509Certificate c : certificates) {
            if (c != certificate && c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                continue; // a root proves nothing by being in the signature; validators have their own
            }
            try {
                append(x509Data, ds(document, "X509Certificate")).setTextContent(Base64.getEncoder().encodeToString(c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new KysoException("Cannot encode the certificate " + c.getSubjectX500Principal().getName(), e);
            }
        }

        TimeObject time = plan.timeObject();
        if (time != null) {
            Element object = append(signature, ds(document, "Object"));
            object.setAttributeNS(null, "Id", time.id());
            object.setIdAttributeNS(null, "Id", true);
            String ns = time.noNamespace() ? null : DS;
            Element properties = append(object, document.createElementNS(ns, "SignatureProperties"));
            if (time.noNamespace()) {
                // the e-invoice platforms undeclare the XMLDSig default namespace here; canonical XML keeps it
                properties.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", "");
            }
            Element property = append(properties, document.createElementNS(ns, "SignatureProperty"));
            property.setAttributeNS(null, "Target", time.target());
            append(property, document.createElementNS(ns, "SigningTime")).setTextContent(time.time());
        }
        return signature;
    }

    /**
     * Digests, SignedInfo, the key's signature value: Santuario computes, the key signs. The value is
     * not verified here: {@code checkOutput} verifies the whole signature with Santuario anyway, and
     * only when that fails is the value checked on its own ({@link #checkSignatureValue}), for a
     * message that names the likely cause.
     */
    private Signed computeSignature(Element signature, String what) throws KysoException {
        byte[] signedInfo;
        try {
            XMLSignature xmlSignature = new XMLSignature(signature, "", true);
            xmlSignature.addResourceResolver(new ResolverFragment());
            SignedInfo signedInfoProxy = xmlSignature.getSignedInfo();
            // item(i), not generateDigestValues(): on a parsed SignedInfo the references are created lazily
            for (int i = 0; i < signedInfoProxy.getLength(); i++) {
                signedInfoProxy.item(i).generateDigestValue();
            }
            // Santuario may break long base64 lines; the platforms write one line
            NodeList digests = signature.getElementsByTagNameNS(DS, "DigestValue");
            for (int i = 0; i < digests.getLength(); i++) {
                digests.item(i).setTextContent(digests.item(i).getTextContent().replaceAll("\\s", ""));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            xmlSignature.getSignedInfo().signInOctetStream(out);
            signedInfo = out.toByteArray();
        } catch (XMLSecurityException e) {
            throw new KysoException("Cannot compute the XML signature of " + what + ": " + e.getMessage(), e);
        }
        byte[] value = settings.key().sign(settings.algorithm(), signedInfo);
        byte[] written = value;
        if (settings.algorithm().keyAlgorithm().equals("EC")) {
            written = derToConcatenated(value, (ECPublicKey) settings.key().certificate().getPublicKey());
        }
        Element signatureValue = (Element) signature.getElementsByTagNameNS(DS, "SignatureValue").item(0);
        signatureValue.setTextContent(Base64.getEncoder().encodeToString(written));
        return new Signed(signedInfo, value);
    }

    /**
     * Reads the output back before anyone else does. What the output is made of decides what must
     * be checked:
     *
     * <ul>
     * <li>Every byte outside {@code fragment} is a byte of the caller's document, copied at the
     * offset where the parent's end tag starts (or where its {@code />} was) by
     * {@link XmlMarkup#appendChild}: the unsigned parts are kept by construction. They are not
     * compared again: canonicalising the whole output and the whole signed DOM to compare them
     * would prove a copy that cannot differ, and cost two more canonicalisations of the whole
     * document (more than half the time spent signing a large one).</li>
     * <li>What remains to prove is that inserting {@code fragment} there changes nothing else and
     * that the signature reads back as it was signed. XML is read from left to right: the bytes
     * before the insertion point parse as before; if the fragment is exactly one balanced element,
     * the parser leaves it with the same open elements and namespaces as before, so the bytes after
     * it (the parent's end tag onwards) parse as before too. Hence the fragment must be one element
     * ({@link XmlMarkup#isOneElement}); the output must parse; the element planned as the parent must
     * be found at the same position in document order, with the same name, and its last child must
     * be the inserted element with the same inclusive canonical form (with comments) as the one
     * signed: this covers what the signature does not sign, e.g. {@code KeyInfo} and the e-invoice
     * wrapper.</li>
     * <li>The new signature must verify with Santuario (secure validation on) over the parsed
     * output: every signed part was written as signed, whatever the writer did.</li>
     * </ul>
     *
     * {@link #readBack} makes the checks of the second point.
     */
    private void checkOutput(Element inserted, Element signature, int parentIndex, byte[] fragment, byte[] result,
                             String what) throws KysoException {
        Element insertedAgain = readBack(inserted, parentIndex, fragment, result);
        if (insertedAgain == null) {
            throw new KysoException("The signature written into " + what + " does not read back where and as it was"
                    + " signed; this is a KySo bug, please report it with the document");
        }
        // the e-invoice wrapper holds the signature and nothing else (its canonical form was just compared)
        Element candidate = inserted == signature ? insertedAgain : (Element) insertedAgain.getFirstChild();
        try {
            XmlTargets.registerReferencedIds(candidate);
            candidate.setIdAttributeNS(null, "Id", true);
            NodeList objects = candidate.getElementsByTagNameNS(DS, "Object");
            for (int j = 0; j < objects.getLength(); j++) {
                ((Element) objects.item(j)).setIdAttributeNS(null, "Id", true);
            }
            XMLSignature check = new XMLSignature(candidate, "", true);
            check.addResourceResolver(new ResolverFragment());
            if (check.checkSignatureValue(settings.key().certificate())) {
                return;
            }
        } catch (XMLSecurityException e) {
            throw new KysoException("The new signature in " + what + " does not verify: " + e.getMessage(), e);
        }
        throw new KysoException("The new signature in " + what + " does not verify; this is a KySo bug,"
                + " please report it with the document");
    }

    /**
     * Parses {@code result} and returns the element that reads back as {@code inserted} (in the
     * signed DOM, appended to its parent, the element at {@code parentIndex} in document order), or
     * null when {@code fragment}, the bytes written for it, is not exactly one element, or when the
     * parent's last child in the output is not an element canonically equal to {@code inserted}.
     */
    static Element readBack(Element inserted, int parentIndex, byte[] fragment, byte[] result) {
        if (!XmlMarkup.isOneElement(fragment)) {
            return null;
        }
        Document reparsed = XmlInput.parseTrusted(result);
        Element parent = (Element) inserted.getParentNode();
        Element parentAgain = XmlMarkup.elementAt(reparsed, parentIndex);
        if (parentAgain == null || !parentAgain.getTagName().equals(parent.getTagName())
                || !(parentAgain.getLastChild() instanceof Element insertedAgain)
                || !insertedAgain.getTagName().equals(inserted.getTagName())
                || !EnvelopedSplice.canonicallyEqual(inserted, insertedAgain)) {
            return null;
        }
        return insertedAgain;
    }

    /**
     * As in {@code XadesEngine}: a key that signs with another private key is caught before any
     * output. Run only when {@code checkOutput} has failed, so that the caller learns that the key
     * and the certificate do not belong together rather than that the signature does not verify.
     */
    private void checkSignatureValue(byte[] data, byte[] value) throws KysoException {
        SignatureAlgorithm algorithm = settings.algorithm();
        X509Certificate certificate = settings.key().certificate();
        if (!org.kyso.core.internal.SignatureValues.verifies(algorithm, certificate.getPublicKey(), data, value, false)) {
            throw new KeyAccessException(KeyAccessException.Reason.OTHER, "The key returned a " + algorithm
                    + " signature value that does not verify with the certificate of "
                    + certificate.getSubjectX500Principal().getName()
                    + ": the key and the certificate chain do not belong together, or the device signed something else");
        }
    }

    /**
     * XMLDSig writes an ECDSA value as r and s, each left-padded to the length of the group order
     * (RFC 4050 §3.3, XMLDSig 1.1 §6.4.3), where Java and tokens return a DER SEQUENCE.
     */
    static byte[] derToConcatenated(byte[] der, ECPublicKey key) throws KysoException {
        int length = (key.getParams().getOrder().bitLength() + 7) / 8;
        try {
            ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            if (sequence.size() != 2) {
                throw new IOException("not two integers");
            }
            byte[] result = new byte[2 * length];
            for (int i = 0; i < 2; i++) {
                BigInteger v = ASN1Integer.getInstance(sequence.getObjectAt(i)).getPositiveValue();
                byte[] bytes = v.toByteArray();
                int skip = bytes.length > length ? bytes.length - length : 0; // a leading sign byte
                if (bytes.length - skip > length || v.signum() < 0) {
                    throw new IOException("integer too large for the curve");
                }
                System.arraycopy(bytes, skip, result, i * length + length - (bytes.length - skip), bytes.length - skip);
            }
            return result;
        } catch (IOException | IllegalArgumentException e) {
            throw new KeyAccessException(KeyAccessException.Reason.OTHER,
                    "The key returned an ECDSA value that is not a DER SEQUENCE of two integers (" + e.getMessage() + ")");
        }
    }

    /**
     * The subject as RFC 4514 text, e-mail addresses named {@code emailAddress} (which OpenSSL and
     * so xmlsec1 read) rather than written as an OID with a hex value.
     */
    private static String subjectName(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253,
                Map.of("1.2.840.113549.1.9.1", "emailAddress"));
    }

    private static Element ds(Document document, String localName) {
        return document.createElementNS(DS, localName);
    }

    private static Element append(Element parent, Element child) {
        parent.appendChild(child);
        return child;
    }
}
