package org.kyso.testkit.internal;

import java.io.IOException;
import java.net.URI;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/** The certificate extensions the test PKI puts in its certificates (RFC 5280 section 4.2). */
public final class X509Extensions {

    private X509Extensions() {
    }

    public static Extension caBasicConstraints(int pathLength) {
        BasicConstraints value = pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength);
        return of(Extension.basicConstraints, true, value);
    }

    public static Extension keyUsage(int bits) {
        return of(Extension.keyUsage, true, new KeyUsage(bits));
    }

    public static Extension caKeyUsage() {
        return keyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign);
    }

    /** Authority information access: where to ask OCSP, and where to download the issuer's certificate. */
    public static Extension authorityInformationAccess(URI ocsp, URI caIssuers) {
        return of(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription[] {
            new AccessDescription(AccessDescription.id_ad_ocsp, uri(ocsp)),
            new AccessDescription(AccessDescription.id_ad_caIssuers, uri(caIssuers))
        }));
    }

    /** AIA with the caIssuers location only (no OCSP responder). */
    public static Extension caIssuersOnly(URI caIssuers) {
        return of(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription[] {
            new AccessDescription(AccessDescription.id_ad_caIssuers, uri(caIssuers))
        }));
    }

    public static Extension crlDistributionPoint(URI crl) {
        DistributionPointName name = new DistributionPointName(new GeneralNames(uri(crl)));
        return of(Extension.cRLDistributionPoints, false,
                new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(name, null, null)}));
    }

    public static Extension emailAlternativeName(String email) {
        return of(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.rfc822Name, email)));
    }

    /** RFC 3161 section 2.3: a TSA certificate has exactly this EKU, marked critical. */
    public static Extension timeStampingOnly() {
        return of(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
    }

    private static GeneralName uri(URI uri) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, uri.toString());
    }

    public static Extension of(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            return new Extension(oid, critical, value.toASN1Primitive().getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode extension " + oid, e);
        }
    }
}
