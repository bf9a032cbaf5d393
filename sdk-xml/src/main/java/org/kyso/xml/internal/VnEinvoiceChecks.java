package org.kyso.xml.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.naming.InvalidNameException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import org.kyso.core.Message;
import org.kyso.core.internal.Messages;

/**
 * Checks of the Vietnamese e-invoice and tax-message profiles (Decree 123/2020/ND-CP, Circular
 * 78/2021/TT-BTC), as the tax authority and e-invoice platforms check them:
 *
 * <ul>
 *   <li><b>Placement.</b> A signature in {@code <X>/DSCKS/<role>} (NBan, NMua, CQT, NNT) or in
 *       {@code TDiep/CKSNNT} belongs to {@code <X>} (an HDon, BBan, TKhai, TBao, a TDiep) and must
 *       cover {@code <X>}'s own data, the child element a reader of {@code <X>} sees (HDon/DLHDon,
 *       HDon/MCCQT, ...), and nothing of another invoice or message. Anything else is signature
 *       wrapping: a valid seller signature copied next to other invoice data still verifies, over
 *       the data it was made for.
 *   <li><b>Tax code.</b> In an e-invoice (a document with HDon), the seller's signature
 *       ({@code HDon/DSCKS/NBan}) must be made with a certificate of the seller's tax code: the
 *       certificate's {@code MST:} (in {@code UID}, 0.9.2342.19200300.100.1.1, where Vietnamese CAs
 *       put it, or in another subject attribute) equals {@code HDon/DLHDon/NDHDon/NBan/MST}. The
 *       same for the buyer ({@code NMua}, when the buyer has a tax code) and for the taxpayer's
 *       signature of a message ({@code TDiep/CKSNNT} against {@code TDiep/TTChung/MST}). A match is
 *       an info ({@code kyso.vn.mst.match}); a mismatch an error ({@code kyso.vn.mst.mismatch})
 *       that keeps the signature from TOTAL_PASSED (INDETERMINATE/SIG_CONSTRAINTS_FAILURE: the
 *       signature is sound, but it is not the party's); a certificate without tax code a warning
 *       ({@code kyso.vn.mst.absent}).
 * </ul>
 */
final class VnEinvoiceChecks {

    /** The tax code in a certificate attribute: 10 digits, and a 3-digit branch suffix for dependent units. */
    private static final Pattern MST = Pattern.compile("MST\\s*:\\s*([0-9]{10}(?:-[0-9]{3})?)", Pattern.CASE_INSENSITIVE);

    /** How a tax code check ended. */
    enum Outcome { MATCH, MISMATCH, ABSENT }

    /** A tax code check's result, for the signature's report. */
    record TaxCodeCheck(Outcome outcome, Message message) {
    }

    private VnEinvoiceChecks() {
    }

    /** Placement findings (signature wrapping) for {@code signature}; empty outside these profiles. */
    static List<Message> placement(Element signature, List<InspectedSignature.Ref> references) {
        Element owner = owner(signature);
        if (owner == null) {
            return List.of();
        }
        List<Message> findings = new ArrayList<>();
        boolean coversOwnData = false;
        boolean allResolved = true;
        for (InspectedSignature.Ref ref : references) {
            if (!ref.sameDocument()) {
                continue;
            }
            if (ref.coversWholeDocument()) {
                coversOwnData = true;
                continue;
            }
            Element target = ref.target();
            if (target == null) {
                allResolved = false;
                continue;
            }
            if (DomPaths.within(target, signature)) {
                continue; // its own ds:Object (SigningTime)
            }
            if (target.getParentNode() == owner && !"DSCKS".equals(DomPaths.localName(target))) {
                coversOwnData = true;
            } else if (!DomPaths.within(target, owner)) {
                findings.add(Messages.of("kyso.vn.wrapping.place",
                        "Signature wrapping: reference {0} covers {1}, outside the {2} this signature belongs to ({3});"
                                + " the signed data is not what a reader of that {2} sees",
                        ref.uri(), ref.covers(), DomPaths.localName(owner), DomPaths.path(owner)));
            }
        }
        if (!coversOwnData && allResolved && findings.isEmpty()) {
            findings.add(Messages.of("kyso.vn.wrapping.uncovered",
                    "Signature wrapping: the signature at {0} covers none of the data of its {1} ({2}); what a reader"
                            + " sees there is not signed",
                    DomPaths.path(signature), DomPaths.localName(owner), DomPaths.path(owner)));
        }
        return findings;
    }

    /** The element a signature of these profiles belongs to, or null for other documents. */
    private static Element owner(Element signature) {
        if (!(signature.getParentNode() instanceof Element container)) {
            return null;
        }
        Node grandParent = container.getParentNode();
        if (grandParent instanceof Element list && "DSCKS".equals(DomPaths.localName(list))
                && list.getParentNode() instanceof Element owner) {
            return owner;
        }
        if ("CKSNNT".equals(DomPaths.localName(container)) && grandParent instanceof Element owner) {
            return owner;
        }
        return null;
    }

    /**
     * The tax code check of {@code signature}, when it is a party's signature in an e-invoice.
     *
     * @param signerSubject the signing certificate's subject (RFC 2253), or null when no signer is known
     */
    static Optional<TaxCodeCheck> taxCode(Document dom, Element signature, String signerSubject) {
        if (dom.getElementsByTagNameNS("*", "HDon").getLength() == 0) {
            return Optional.empty(); // not an e-invoice
        }
        Element owner = owner(signature);
        if (owner == null) {
            return Optional.empty();
        }
        String container = DomPaths.localName((Element) signature.getParentNode());
        Element mstElement;
        String role;
        String roleVi;
        if ("HDon".equals(DomPaths.localName(owner)) && ("NBan".equals(container) || "NMua".equals(container))) {
            Element data = DomPaths.child(owner, "DLHDon");
            Element content = data == null ? null : DomPaths.child(data, "NDHDon");
            Element party = content == null ? null : DomPaths.child(content, container);
            mstElement = party == null ? null : DomPaths.child(party, "MST");
            role = "NBan".equals(container) ? "seller" : "buyer";
            roleVi = "NBan".equals(container) ? "người bán" : "người mua";
        } else if ("CKSNNT".equals(container)) {
            Element header = DomPaths.child(owner, "TTChung");
            mstElement = header == null ? null : DomPaths.child(header, "MST");
            role = "taxpayer";
            roleVi = "người nộp thuế";
        } else {
            return Optional.empty();
        }
        String documentMst = mstElement == null ? "" : mstElement.getTextContent().strip();
        if (documentMst.isEmpty() || signerSubject == null) {
            return Optional.empty(); // nothing to compare, or no identified signer to compare with
        }
        String where = DomPaths.path(mstElement);
        String certificateMst = certificateMst(signerSubject);
        if (certificateMst == null) {
            return Optional.of(new TaxCodeCheck(Outcome.ABSENT, Messages.of("kyso.vn.mst.absent",
                    "E-invoice tax code check not possible: the signer's certificate names no tax code (MST), while {2}"
                            + " says {4}", "", role, where, roleVi, documentMst)));
        }
        if (certificateMst.equalsIgnoreCase(documentMst)) {
            return Optional.of(new TaxCodeCheck(Outcome.MATCH, Messages.of("kyso.vn.mst.match",
                    "E-invoice tax code check passed: the signer's certificate carries MST {0}, the {1}'s tax code in {2}",
                    certificateMst, role, where, roleVi, documentMst)));
        }
        return Optional.of(new TaxCodeCheck(Outcome.MISMATCH, Messages.of("kyso.vn.mst.mismatch",
                "E-invoice tax code check failed: the signer's certificate carries MST {0}, but {2} says {4}; the {1} did"
                        + " not sign with a certificate of their own tax code",
                certificateMst, role, where, roleVi, documentMst)));
    }

    /**
     * The tax code in a certificate subject (RFC 2253, as DSS reports it): in UID first, where
     * Vietnamese CAs put it ({@code UID=MST:0101234567}), else in any other attribute.
     */
    static String certificateMst(String subjectRfc2253) {
        List<Rdn> rdns;
        try {
            rdns = new LdapName(subjectRfc2253).getRdns();
        } catch (InvalidNameException | IllegalArgumentException e) {
            return null;
        }
        String other = null;
        for (Rdn rdn : rdns) {
            try {
                NamingEnumeration<? extends Attribute> attributes = rdn.toAttributes().getAll();
                while (attributes.hasMore()) {
                    Attribute attribute = attributes.next();
                    String text = text(attribute.get());
                    Matcher m = text == null ? null : MST.matcher(text);
                    if (m == null || !m.find()) {
                        continue;
                    }
                    String mst = m.group(1).toUpperCase(Locale.ROOT);
                    String type = attribute.getID();
                    if ("UID".equalsIgnoreCase(type) || "0.9.2342.19200300.100.1.1".equals(type)) {
                        return mst;
                    }
                    if (other == null) {
                        other = mst;
                    }
                }
            } catch (NamingException e) {
                return other;
            }
        }
        return other;
    }

    /** An attribute value as text; RFC 2253 writes values of unknown types as DER ({@code #0C...}). */
    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof byte[] der) {
            try {
                return ASN1Primitive.fromByteArray(der) instanceof ASN1String s ? s.getString() : null;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
