package org.kyso.xml.internal;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import javax.security.auth.x500.X500Principal;

import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlDigestMatcher;
import eu.europa.esig.dss.enumerations.DigestMatcherType;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.kyso.core.Indication;
import org.kyso.core.ReferenceReport;
import org.kyso.core.SignatureReport;
import org.kyso.core.SignerInfo;
import org.kyso.core.internal.Messages;
import org.kyso.core.internal.RefusedDocumentException;
import org.kyso.core.internal.ValidationChecks;

/**
 * What KySo reads from an XML document's signatures itself, next to DSS: which element each
 * {@code ds:Reference} covers, the reference digests as W3C XML Signature core validation computes
 * them, and signature wrapping (the signed element is not the one an application reads). Its
 * findings amend DSS's answer for each signature:
 *
 * <ul>
 *   <li>{@code integrity} is the cryptographic answer: DSS's check of the signature value, every
 *       reference of {@code ds:SignedInfo} resolved exactly once in this document (or found among the
 *       detached contents) with a matching digest, and every {@code ds:Manifest} entry DSS found
 *       intact. DSS refuses to resolve some references as a defence against wrapping and then says
 *       the data was not found; KySo still computes their digests, and reports the wrapping itself.
 *   <li>Signature wrapping makes the signature TOTAL_FAILED (FORMAT_FAILURE: the document does not
 *       have the structure the signature's standard prescribes) with an error saying what is wrong:
 *       an Id carried by several elements, signed properties or objects outside the place where a
 *       reader looks for them, a counter-signature over another signature value, or (Vietnamese
 *       e-invoices, tax messages) a signature covering data of another invoice or message.
 *   <li>Documents whose signatures are all plain XMLDSig are validated with
 *       {@link XmlDsigValidationPolicy} instead of DSS's default policy.
 * </ul>
 *
 * <p>Used by one validation, from one thread.
 */
final class XmlInspection implements ValidationChecks.Inspection {

    static final String DS = "http://www.w3.org/2000/09/xmldsig#";

    private final Document dom;
    private final List<InspectedSignature> signatures;
    /** DSS's signature ids, matched to the signatures read here. */
    private final Map<String, InspectedSignature> matches = new HashMap<>();

    private XmlInspection(Document dom, List<InspectedSignature> signatures) {
        this.dom = dom;
        this.signatures = signatures;
    }

    static XmlInspection of(String name, Document dom) throws RefusedDocumentException {
        Map<String, List<Element>> ids = registerIds(dom);
        NodeList elements = dom.getElementsByTagNameNS(DS, "Signature"); // document order of the start tags
        List<InspectedSignature> signatures = new ArrayList<>();
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            try {
                signatures.add(InspectedSignature.read(i, element, ids));
            } catch (XMLSecurityException | RuntimeException e) {
                throw new RefusedDocumentException(Messages.as("kyso.file.malformed", "kyso.xml.insecure",
                        "{0}: signature {1} ({2}) cannot be read with secure validation: {3}", name, i + 1,
                        DomPaths.path(element), e.getMessage()), e);
            }
        }
        return new XmlInspection(dom, signatures);
    }

    /**
     * Registers the {@code Id}, {@code ID} and {@code id} attributes (without namespace) as XML IDs,
     * as DSS does and as the Vietnamese schemas need (they declare none), and indexes the elements
     * by them: a value on several elements is how signature wrapping hides a second copy.
     */
    private static Map<String, List<Element>> registerIds(Document dom) {
        Map<String, List<Element>> ids = new LinkedHashMap<>();
        NodeList all = dom.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            for (String name : new String[] {"Id", "ID", "id"}) {
                Attr a = e.getAttributeNodeNS(null, name);
                if (a != null) {
                    e.setIdAttributeNode(a, true);
                    List<Element> holders = ids.computeIfAbsent(a.getValue(), k -> new ArrayList<>());
                    if (!holders.contains(e)) {
                        holders.add(e);
                    }
                }
            }
        }
        return ids;
    }

    @Override
    public ValidationPolicy defaultPolicy() {
        boolean anyXades = signatures.stream().anyMatch(InspectedSignature::isXades);
        return signatures.isEmpty() || anyXades ? null : XmlDsigValidationPolicy.create();
    }

    @Override
    public List<String> externalReferences() {
        List<String> uris = new ArrayList<>();
        for (InspectedSignature s : signatures) {
            uris.addAll(s.externalUris());
        }
        return uris;
    }

    @Override
    public List<SignatureWrapper> order(List<SignatureWrapper> dssSignatures) {
        Map<InspectedSignature, Boolean> taken = new IdentityHashMap<>();
        Map<SignatureWrapper, Integer> position = new IdentityHashMap<>();
        for (SignatureWrapper s : dssSignatures) {
            InspectedSignature match = match(s, taken);
            if (match != null) {
                taken.put(match, true);
                matches.put(s.getId(), match);
                position.put(s, match.index());
            }
        }
        List<SignatureWrapper> ordered = new ArrayList<>(dssSignatures);
        ordered.sort(Comparator.comparing(s -> position.getOrDefault(s, Integer.MAX_VALUE)));
        return ordered;
    }

    /** The signature read here that is DSS's {@code s}: same Id and signature value, else same value, else same Id. */
    private InspectedSignature match(SignatureWrapper s, Map<InspectedSignature, Boolean> taken) {
        byte[] value = s.getSignatureValue();
        String id = s.getDAIdentifier();
        InspectedSignature byValue = null;
        InspectedSignature byId = null;
        for (InspectedSignature candidate : signatures) {
            if (taken.containsKey(candidate)) {
                continue;
            }
            boolean sameValue = value != null && candidate.value() != null && Arrays.equals(value, candidate.value());
            boolean sameId = id != null && id.equals(candidate.id());
            if (sameValue && sameId) {
                return candidate;
            }
            if (sameValue && byValue == null) {
                byValue = candidate;
            }
            if (sameId && byId == null) {
                byId = candidate;
            }
        }
        return byValue != null ? byValue : byId;
    }

    @Override
    public SignatureReport amend(SignatureWrapper dss, SignatureReport report) {
        InspectedSignature signature = matches.get(dss.getId());
        if (signature == null) {
            signature = match(dss, new IdentityHashMap<>());
            if (signature == null) {
                return report;
            }
        }
        SignatureReport.Builder b = report.toBuilder().clearReferences();
        List<ReferenceReport> references = new ArrayList<>();
        for (InspectedSignature.Ref ref : signature.references()) {
            references.add(ref.sameDocument() ? ref.report() : external(ref, dss));
        }
        references.forEach(b::addReference);
        boolean referencesIntact = references.stream().allMatch(r -> r.found() && r.intact());
        boolean manifestIntact = dss.getDigestMatchers().stream()
                .filter(m -> m.getType() == DigestMatcherType.MANIFEST_ENTRY && m.isDataFound())
                .allMatch(XmlDigestMatcher::isDataIntact);
        Boolean valueVerified = signature.signatureValueVerified();
        boolean integrity = (valueVerified != null ? valueVerified : dss.isSignatureIntact()) && referencesIntact && manifestIntact;
        b.integrity(integrity);
        signature.errors().forEach(b::addError);
        Indication indication = report.indication();
        boolean digestMismatch = references.stream().anyMatch(r -> r.found() && !r.intact())
                || dss.getDigestMatchers().stream().anyMatch(m -> m.getType() == DigestMatcherType.MANIFEST_ENTRY
                        && m.isDataFound() && !m.isDataIntact());
        if (signature.wrapped() && indication != Indication.TOTAL_FAILED) {
            indication = Indication.TOTAL_FAILED;
            b.indication(indication).subIndication("FORMAT_FAILURE");
        } else if (Boolean.TRUE.equals(valueVerified) && digestMismatch && indication != Indication.TOTAL_FAILED) {
            // the signer is known (their key verifies the SignatureValue) and the data they signed changed:
            // DSS, whose check of the SignatureValue includes the references, finds no signing certificate
            indication = Indication.TOTAL_FAILED;
            b.indication(indication).subIndication("HASH_FAILURE");
        } else if (!integrity && indication == Indication.TOTAL_PASSED) {
            // DSS and core validation disagree: the stricter answer wins
            indication = Indication.TOTAL_FAILED;
            b.indication(indication).subIndication(digestMismatch ? "HASH_FAILURE" : "SIG_CRYPTO_FAILURE");
        }
        if (report.signer() == null && signature.verifiedBy() != null) {
            X509Certificate certificate = signature.verifiedBy();
            b.signer(new SignerInfo(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
                    certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                    certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT)));
        }
        if (report.claimedSigningTime() == null && !signature.isXades()) {
            b.claimedSigningTime(signature.claimedSigningTime());
        }
        String signerSubject = dss.getSigningCertificate() != null ? dss.getSigningCertificate().getCertificateDN()
                : signature.verifiedBy() != null ? signature.verifiedBy().getSubjectX500Principal().getName(X500Principal.RFC2253)
                : null;
        Indication current = indication;
        VnEinvoiceChecks.taxCode(dom, signature.element(), signerSubject).ifPresent(check -> taxCode(check, b, current));
        return b.build();
    }

    /** A tax code check into the report: a match is an info, a missing tax code a warning, a mismatch an error. */
    private static void taxCode(VnEinvoiceChecks.TaxCodeCheck check, SignatureReport.Builder b, Indication indication) {
        switch (check.outcome()) {
            case MATCH -> b.addInfo(check.message());
            case ABSENT -> b.addWarning(check.message());
            case MISMATCH -> {
                b.addError(check.message());
                if (indication == Indication.TOTAL_PASSED) {
                    // sound, but not the party's signature: a signature acceptance constraint of the profile
                    b.indication(Indication.INDETERMINATE).subIndication("SIG_CONSTRAINTS_FAILURE");
                }
            }
        }
    }

    /** A reference to data outside the document: what DSS found among the detached contents. */
    private static ReferenceReport external(InspectedSignature.Ref ref, SignatureWrapper dss) {
        for (XmlDigestMatcher m : dss.getDigestMatchers()) {
            if (Objects.equals(m.getUri(), ref.uri()) && m.getType() != DigestMatcherType.MANIFEST_ENTRY) {
                boolean found = m.isDataFound();
                return new ReferenceReport(ref.uri(), found ? ref.uri() : null, ref.digestAlgorithm(), found,
                        found && m.isDataIntact());
            }
        }
        return new ReferenceReport(ref.uri(), null, ref.digestAlgorithm(), false, false);
    }
}
