package org.kyso.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.kyso.testkit.internal.Names;

/**
 * What to put in a certificate issued by {@link TestPki#issue(LeafSpec)}: subject, key type,
 * validity and revocation. Every leaf gets keyUsage digitalSignature and nonRepudiation (critical),
 * SKI/AKI, AIA (OCSP and caIssuers) and a CRL distribution point pointing at the PKI's server;
 * {@link Builder#withoutOcsp()} leaves the OCSP location out, so revocation comes from the CRL only.
 *
 * <pre>{@code
 * LeafSpec spec = LeafSpec.builder()
 *         .subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, L=Hà Nội, C=VN, UID=MST:0101234567")
 *         .email("an@example.vn")
 *         .keyType(KeyType.RSA_2048)
 *         .build();
 * Leaf an = pki.issue(spec);
 * Leaf revoked = pki.issue(spec.toBuilder().revoked().build());
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe, and may be used with several PKIs: relative
 * validities ({@link Builder#expired()}, the default) are resolved when the leaf is issued.
 */
public final class LeafSpec {

    /** Subject used when none is set. */
    public static final String DEFAULT_SUBJECT = "CN=KySo Test Signer, O=KySo Test, C=VN";

    static final Duration DEFAULT_BACKDATE = Duration.ofHours(1);
    static final Duration DEFAULT_LIFETIME = Duration.ofDays(730);

    enum Validity { DEFAULT, EXPIRED, NOT_YET_VALID, CUSTOM }

    private final String subject;
    private final X500Name subjectName;
    private final String email;
    private final KeyType keyType;
    private final Validity validity;
    private final Instant notBefore;
    private final Instant notAfter;
    private final boolean revoked;
    private final Instant revocationTime;
    private final boolean ocsp;

    private LeafSpec(Builder b, X500Name subjectName) {
        this.subject = b.subject;
        this.subjectName = subjectName;
        this.email = b.email;
        this.keyType = b.keyType;
        this.validity = b.validity;
        this.notBefore = b.notBefore;
        this.notAfter = b.notAfter;
        this.revoked = b.revoked;
        this.revocationTime = b.revocationTime;
        this.ocsp = b.ocsp;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's settings, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.subject = subject;
        b.email = email;
        b.keyType = keyType;
        b.validity = validity;
        b.notBefore = notBefore;
        b.notAfter = notAfter;
        b.revoked = revoked;
        b.revocationTime = revocationTime;
        b.ocsp = ocsp;
        return b;
    }

    X500Name subjectName() {
        return subjectName;
    }

    String email() {
        return email;
    }

    KeyType keyType() {
        return keyType;
    }

    boolean revoked() {
        return revoked;
    }

    /** False when the leaf's AIA names no OCSP responder (CRL only). */
    boolean ocsp() {
        return ocsp;
    }

    /** {@code null}: revoked from the start of validity (or now, if that is later). */
    Instant revocationTime() {
        return revocationTime;
    }

    /** The notBefore of a leaf issued at {@code now}. */
    Instant notBefore(Instant now) {
        switch (validity) {
            case EXPIRED:
                return now.minus(DEFAULT_LIFETIME);
            case NOT_YET_VALID:
                return now.plus(Duration.ofDays(1));
            case CUSTOM:
                return notBefore;
            default:
                return now.minus(DEFAULT_BACKDATE);
        }
    }

    /** The notAfter of a leaf issued at {@code now}. */
    Instant notAfter(Instant now) {
        switch (validity) {
            case EXPIRED:
                return now.minus(Duration.ofDays(1));
            case NOT_YET_VALID:
                return now.plus(DEFAULT_LIFETIME);
            case CUSTOM:
                return notAfter;
            default:
                return now.plus(DEFAULT_LIFETIME);
        }
    }

    @Override
    public String toString() {
        return "LeafSpec[" + subject + (email == null ? "" : ", " + email) + ", " + keyType + ", " + validity
                + (revoked ? ", revoked" + (revocationTime == null ? "" : " at " + revocationTime) : "")
                + (ocsp ? "" : ", CRL only") + "]";
    }

    /**
     * Builds a {@link LeafSpec}. Defaults: subject {@value LeafSpec#DEFAULT_SUBJECT}, RSA 2048,
     * valid from one hour ago for two years, not revoked. Of the validity settings and of the
     * revocation settings, the last one called wins. Checks happen in {@link #build()}.
     */
    public static final class Builder {
        private String subject = DEFAULT_SUBJECT;
        private String email;
        private KeyType keyType = KeyType.RSA_2048;
        private Validity validity = Validity.DEFAULT;
        private Instant notBefore;
        private Instant notAfter;
        private boolean revoked;
        private Instant revocationTime;
        private boolean ocsp = true;

        private Builder() {
        }

        /**
         * The subject, written most-specific first as {@code X500Principal.getName()} prints it:
         * {@code "CN=Nguyễn Văn An, O=UBND Xã Đại An, L=Hà Nội, C=VN, UID=MST:0101234567"}. Values
         * are UTF8String (C and SERIALNUMBER PrintableString, E/emailAddress IA5String). Attribute
         * names are Bouncy Castle's BCStyle ones, among them CN, O, OU, L, ST, C, UID,
         * E/emailAddress, SERIALNUMBER and T (title).
         */
        public Builder subject(String subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
            return this;
        }

        /** Adds a subjectAltName rfc822Name (e-mail address); none by default. */
        public Builder email(String email) {
            this.email = Objects.requireNonNull(email, "email");
            return this;
        }

        public Builder keyType(KeyType keyType) {
            this.keyType = Objects.requireNonNull(keyType, "keyType");
            return this;
        }

        /** Valid for two years, ending one day before issuance. */
        public Builder expired() {
            this.validity = Validity.EXPIRED;
            return this;
        }

        /** Valid for two years, starting one day after issuance. */
        public Builder notYetValid() {
            this.validity = Validity.NOT_YET_VALID;
            return this;
        }

        /** Valid from {@code notBefore} to {@code notAfter} (second precision, as X.509 stores it). */
        public Builder validity(Instant notBefore, Instant notAfter) {
            this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
            this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
            this.validity = Validity.CUSTOM;
            return this;
        }

        /**
         * Revoked with reason keyCompromise from the start: at notBefore, or at issuance if notBefore
         * is later. OCSP answers "revoked" and the intermediate's CRL lists it from the moment it is issued.
         */
        public Builder revoked() {
            this.revoked = true;
            this.revocationTime = null;
            return this;
        }

        /** Revoked with reason keyCompromise at {@code when}, published as soon as the leaf is issued. */
        public Builder revoked(Instant when) {
            this.revoked = true;
            this.revocationTime = Objects.requireNonNull(when, "when");
            return this;
        }

        /**
         * No OCSP responder in the certificate's AIA (which keeps its caIssuers location): a
         * revocation checker has only the CRL distribution point, as with CAs that publish CRLs only.
         */
        public Builder withoutOcsp() {
            this.ocsp = false;
            return this;
        }

        /**
         * @throws IllegalArgumentException if the subject does not parse, the e-mail address has no
         *     {@code @}, or a custom validity ends before it starts
         */
        public LeafSpec build() {
            X500Name name = Names.parse(subject);
            if (email != null && (email.indexOf('@') <= 0 || email.indexOf('@') == email.length() - 1)) {
                throw new IllegalArgumentException("'" + email + "' is not an e-mail address (local@domain)");
            }
            if (validity == Validity.CUSTOM && !notAfter.isAfter(notBefore)) {
                throw new IllegalArgumentException("Validity ends (" + notAfter + ") before it starts (" + notBefore + ")");
            }
            return new LeafSpec(this, name);
        }
    }
}
