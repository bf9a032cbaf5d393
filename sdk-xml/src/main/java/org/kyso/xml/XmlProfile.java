package org.kyso.xml;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Signature layouts fixed by a receiving system, built exactly as that system's own documents are
 * (plain XMLDSig, {@link XmlFormat#XMLDSIG}). A profile decides where the signature goes, what it
 * references, its Ids, canonicalization and algorithms; the caller only gives the key.
 *
 * <p>The Vietnamese e-invoice profiles follow invoices (HDon, Decree 123/2020/ND-CP, Circular
 * 78/2021/TT-BTC, data format 2.x) as the General Department of Taxation and the service providers
 * exchange them: the seller signs the invoice data {@code DLHDon} in {@code DSCKS/NBan}, the buyer in
 * {@code DSCKS/NMua}, the tax authority in {@code DSCKS/CQT} after adding its code {@code MCCQT}.
 * Each signature covers {@code DLHDon} (not {@code DSCKS}), so each later one leaves the earlier
 * ones valid. The signing certificate must hold an RSA key; the signature is RSA-SHA256 with
 * SHA-256 digests and inclusive Canonical XML 1.0.
 *
 * <pre>{@code
 * XmlSigner seller = XmlSigner.builder().key(key).profile(XmlProfile.VN_EINVOICE_SELLER).build();
 * seller.sign(Path.of("hoa-don.xml"), Path.of("hoa-don-signed.xml"));
 * }</pre>
 */
public enum XmlProfile {
    /**
     * The seller's signature: {@code <Signature Id="NBan-<n>">} appended to {@code HDon/DSCKS/NBan},
     * referencing {@code #<DLHDon/@Id>} (enveloped-signature transform) and {@code #Obj-NBan-<n>}, an
     * {@code Object} holding {@code SignatureProperties/SignatureProperty/SigningTime} (no namespace,
     * local time of Asia/Ho_Chi_Minh). {@code <n>} is the {@code DLHDon} Id without its leading
     * underscore, as the invoice platforms write it.
     */
    VN_EINVOICE_SELLER("vn-einvoice-seller"),
    /** The buyer's signature: as the seller's, with {@code NMua} in place of {@code NBan}. */
    VN_EINVOICE_BUYER("vn-einvoice-buyer"),
    /**
     * The tax authority's signature: {@code <Signature Id="Tct-<uuid>">} in {@code HDon/DSCKS/CQT}
     * (created when missing), referencing {@code #<DLHDon/@Id>}, its own
     * {@code #SigningTime-<uuid>} object and {@code #<MCCQT/@Id>} (the tax authority's code), without
     * transforms, as the tax authority's own messages do.
     */
    VN_EINVOICE_TAX("vn-einvoice-tax");

    private final String cliName;

    XmlProfile(String cliName) {
        this.cliName = cliName;
    }

    /** The name the command line uses ({@code vn-einvoice-seller}, ...). */
    public String cliName() {
        return cliName;
    }

    /**
     * The profile with this name (see {@link #cliName()}).
     *
     * @throws IllegalArgumentException for any other name, listing the known ones
     */
    public static XmlProfile fromName(String name) {
        for (XmlProfile p : values()) {
            if (p.cliName.equalsIgnoreCase(name) || p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown profile '" + name + "': use one of "
                + Arrays.stream(values()).map(XmlProfile::cliName).collect(Collectors.joining(", ")));
    }
}
