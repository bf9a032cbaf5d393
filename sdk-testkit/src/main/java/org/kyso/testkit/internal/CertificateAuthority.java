package org.kyso.testkit.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * One certification authority of the test PKI: its certificate and key, the serials it issued, the
 * ones it revoked, and its CRL. This class is thread-safe.
 */
public final class CertificateAuthority {

    /** When and why a certificate was revoked; {@code reason} is an RFC 5280 CRLReason code. */
    public record Revocation(Instant time, int reason) {
    }

    private final X509Certificate certificate;
    private final X509CertificateHolder holder;
    private final PrivateKey privateKey;
    private final byte[] keyIdentifier;
    private final SecureRandom random;
    private final Set<BigInteger> issued = ConcurrentHashMap.newKeySet();
    private final Map<BigInteger, Revocation> revocations = new ConcurrentHashMap<>();
    private final AtomicLong crlNumber = new AtomicLong();

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, SecureRandom random) {
        this.certificate = certificate;
        this.holder = Bc.holder(certificate);
        this.privateKey = privateKey;
        this.keyIdentifier = keyIdentifier(certificate.getPublicKey());
        this.random = random;
    }

    /** A root CA: self-signed, basicConstraints CA=true without a path length limit. */
    public static CertificateAuthority selfSigned(X500Name subject, KeyPair keys, Instant notBefore, Instant notAfter,
            SecureRandom random) {
        byte[] keyId = keyIdentifier(keys.getPublic());
        X509Certificate cert = build(subject, keys.getPrivate(), keyId, Bc.serial(random), subject, keys.getPublic(),
                notBefore, notAfter, List.of(X509Extensions.caBasicConstraints(-1), X509Extensions.caKeyUsage()));
        return new CertificateAuthority(cert, keys.getPrivate(), random);
    }

    /** A CA below this one that may issue only end-entity certificates (pathLen 0). */
    public CertificateAuthority subordinate(X500Name subject, KeyPair keys, Instant notBefore, Instant notAfter,
            List<Extension> extensions) {
        List<Extension> all = new ArrayList<>();
        all.add(X509Extensions.caBasicConstraints(0));
        all.add(X509Extensions.caKeyUsage());
        all.addAll(extensions);
        return new CertificateAuthority(issue(subject, keys.getPublic(), notBefore, notAfter, all), keys.getPrivate(), random);
    }

    /** Issues a certificate with SKI and AKI added to {@code extensions}, and remembers its serial for OCSP. */
    public X509Certificate issue(X500Name subject, PublicKey key, Instant notBefore, Instant notAfter,
            List<Extension> extensions) {
        BigInteger serial = Bc.serial(random);
        X509Certificate cert = build(holder.getSubject(), privateKey, keyIdentifier, serial, subject, key,
                notBefore, notAfter, extensions);
        issued.add(serial);
        return cert;
    }

    private static X509Certificate build(X500Name issuer, PrivateKey issuerKey, byte[] issuerKeyId, BigInteger serial,
            X500Name subject, PublicKey key, Instant notBefore, Instant notAfter, List<Extension> extensions) {
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                Date.from(notAfter), subject, SubjectPublicKeyInfo.getInstance(key.getEncoded()));
        try {
            builder.addExtension(X509Extensions.of(Extension.subjectKeyIdentifier, false,
                    new SubjectKeyIdentifier(keyIdentifier(key))));
            builder.addExtension(X509Extensions.of(Extension.authorityKeyIdentifier, false,
                    new AuthorityKeyIdentifier(issuerKeyId)));
            for (Extension extension : extensions) {
                builder.addExtension(extension);
            }
        } catch (CertIOException e) {
            throw new IllegalStateException("Cannot add extensions to the certificate of " + subject, e);
        }
        return Bc.toX509(builder.build(Bc.contentSigner(issuerKey)));
    }

    /** RFC 5280 section 4.2.1.2 method (1): SHA-1 of the subjectPublicKey bits. */
    static byte[] keyIdentifier(PublicKey key) {
        return Bc.digest("SHA-1", SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes());
    }

    /** Publishes a revocation at once, in the CRL and over OCSP; a later call for the same serial replaces it. */
    public void revoke(BigInteger serial, Instant time, int reason) {
        if (!issued.contains(serial)) {
            throw new IllegalArgumentException("Serial " + serial.toString(16) + " was not issued by "
                    + certificate.getSubjectX500Principal());
        }
        revocations.put(serial, new Revocation(time, reason));
    }

    public boolean hasIssued(BigInteger serial) {
        return issued.contains(serial);
    }

    public Optional<Revocation> revocation(BigInteger serial) {
        return Optional.ofNullable(revocations.get(serial));
    }

    /**
     * A freshly signed DER CRL (v2, with CRL number and AKI) listing every revocation so far.
     * {@code nextUpdate} of zero leaves the field out. The CRL number grows with every CRL issued.
     */
    public byte[] crl(Instant thisUpdate, Duration nextUpdate) {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(holder.getSubject(), Date.from(thisUpdate));
        if (!nextUpdate.isZero()) {
            builder.setNextUpdate(Date.from(thisUpdate.plus(nextUpdate)));
        }
        revocations.forEach((serial, revocation) ->
                builder.addCRLEntry(serial, Date.from(revocation.time()), revocation.reason()));
        try {
            builder.addExtension(Extension.cRLNumber, false, new ASN1Integer(crlNumber.incrementAndGet()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyIdentifier));
            X509CRLHolder crl = builder.build(Bc.contentSigner(privateKey));
            return crl.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot build the CRL of " + certificate.getSubjectX500Principal(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public X509CertificateHolder holder() {
        return holder;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }
}
