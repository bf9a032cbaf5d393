package org.kyso.testkit.internal;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Distinguished names from strings. */
public final class Names {

    private Names() {
    }

    /**
     * Parses a name written most-specific first ("CN=..., O=..., C=VN"), as RFC 4514 and
     * {@code X500Principal.getName()} write it, so that the name prints back the way it was given.
     * Bouncy Castle's BCStyle supplies the attribute names (CN, O, OU, L, ST, C, UID, E/emailAddress,
     * SERIALNUMBER, T, ...) and their encodings: UTF8String, except PrintableString for C and
     * SERIALNUMBER and IA5String for emailAddress, as RFC 5280 asks.
     */
    public static X500Name parse(String name) {
        X500Name written;
        try {
            written = new X500Name(BCStyle.INSTANCE, name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot parse the distinguished name '" + name
                    + "': write it like \"CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN\" (" + e.getMessage() + ")", e);
        }
        RDN[] rdns = written.getRDNs();
        if (rdns.length == 0) {
            throw new IllegalArgumentException("The distinguished name '" + name + "' is empty");
        }
        // BC keeps the written order in the DER; X.500 encodes the most general RDN first.
        RDN[] encoded = new RDN[rdns.length];
        for (int i = 0; i < rdns.length; i++) {
            encoded[i] = rdns[rdns.length - 1 - i];
        }
        return new X500Name(BCStyle.INSTANCE, encoded);
    }
}
