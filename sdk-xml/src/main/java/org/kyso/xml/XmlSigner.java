package org.kyso.xml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;

import org.kyso.core.KysoException;
import org.kyso.core.KysoIOException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.internal.AtomicOutput;
import org.kyso.core.internal.DssVerifiers;
import org.kyso.xml.internal.XadesEngine;

/**
 * Signs XML documents as XAdES baseline signatures (ETSI EN 319 132-1, on W3C XML Signature),
 * through EU DSS, with any {@link SigningKey}.
 *
 * <pre>{@code
 * try (SigningKey key = SoftwareKey.open(Path.of("signer.p12"), PasswordSource.env("P12_PASSWORD"))) {
 *     XmlSigner signer = XmlSigner.builder()
 *             .key(key)
 *             .level(XadesLevel.T)
 *             .timestamping(Tsa.rfc3161(URI.create("http://127.0.0.1:8080/tsa")))
 *             .build();                                  // build once, reuse for many documents
 *     signer.sign(Path.of("ho-so.xml"), Path.of("ho-so-signed.xml"));
 * }
 * }</pre>
 *
 * <p>By default the signature is {@linkplain XmlPackaging#ENVELOPED enveloped}: a
 * {@code ds:Signature} added as the last child of the root element, signing the whole document
 * (enveloped-signature transform, then exclusive canonicalisation). Everything outside the new
 * signature is kept byte for byte, XML declaration and comments included, whenever the document is
 * UTF-8 and its root has an end tag (blank lines before the markup are dropped, as DSS cannot read
 * them); otherwise DSS's serialisation of the same XML is written, which verifies just as well. Input is parsed with DOCTYPE
 * declarations refused, so no entity, local or external, is ever expanded.
 *
 * <p>Files are written under a temporary name in the output's folder and moved into place when
 * complete: a failure (a TSA that does not answer, a key that refuses) leaves no output, and the
 * input is never changed. This class is immutable and thread-safe: one instance can sign many
 * documents from many threads at once, provided its {@link SigningKey} is thread-safe, as the
 * SPI requires.
 */
public final class XmlSigner {

    private final SigningKey key;
    private final XadesLevel level;
    private final Tsa tsa;
    private final XmlPackaging packaging;
    private final SignatureAlgorithm algorithm;
    private final TrustAnchors trust;
    private final Revocation revocation;
    // as given to the builder (null: not chosen), so that toBuilder() variants re-derive defaults
    private final XadesLevel chosenLevel;
    private final SignatureAlgorithm chosenAlgorithm;
    private final Revocation chosenRevocation;
    private final XadesEngine engine;

    private XmlSigner(Builder b, XadesLevel level, SignatureAlgorithm algorithm, Revocation revocation) {
        this.key = b.key;
        this.level = level;
        this.tsa = b.tsa;
        this.packaging = b.packaging;
        this.algorithm = algorithm;
        this.trust = b.trust;
        this.revocation = revocation;
        this.chosenLevel = b.level;
        this.chosenAlgorithm = b.algorithm;
        this.chosenRevocation = b.revocation;
        this.engine = new XadesEngine(new XadesEngine.Settings(key, algorithm, dssLevel(level), dssPackaging(packaging),
                level == XadesLevel.B ? null : tsa, DssVerifiers.trustedSource(trust),
                level.needsValidationData() ? revocation : Revocation.offline()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this signer's settings, to derive a variant (another level, another packaging). */
    public Builder toBuilder() {
        return new Builder().key(key).level(chosenLevel).timestamping(tsa).packaging(packaging)
                .signatureAlgorithm(chosenAlgorithm).trust(trust).revocation(chosenRevocation);
    }

    /**
     * Signs {@code input} into {@code output}, which is replaced if it exists. For a
     * {@linkplain XmlPackaging#DETACHED detached} signature the output is the signature alone, and it
     * refers to the input by its file name: keep both files in one folder.
     *
     * @throws IllegalArgumentException when {@code output} is {@code input}: KySo never overwrites its input
     * @throws MalformedDocumentException the input is not well-formed XML (or has a DOCTYPE)
     * @throws KysoIOException the input cannot be read ({@code Kind.INPUT}) or the output cannot be written ({@code Kind.OUTPUT})
     * @throws org.kyso.core.TimestampException the TSA failed; no output is written
     * @throws org.kyso.core.KeyAccessException the key refused to sign
     */
    public void sign(Path input, Path output) throws KysoException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        if (sameFile(input, output)) {
            throw new IllegalArgumentException("The output " + output + " is the input: KySo never overwrites the"
                    + " document it signs; choose another output name (e.g. ho-so-signed.xml)");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(input);
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.INPUT, input,
                    "Cannot read " + input + ": check that the file exists and is readable (" + e + ")", e);
        }
        AtomicOutput.checkTarget(input, output);
        Path fileName = input.getFileName();
        byte[] signed = engine.sign(content, fileName == null ? input.toString() : fileName.toString(), input);
        AtomicOutput.write(output, out -> out.write(signed));
    }

    /**
     * Signs XML held in memory and returns the signed document (or, for
     * {@linkplain XmlPackaging#DETACHED detached} signatures, the signature, which refers to the data
     * as {@code name}).
     *
     * @param name the document's name, used in messages and as a detached signature's reference
     * @throws MalformedDocumentException the data is not well-formed XML (or has a DOCTYPE)
     * @throws org.kyso.core.TimestampException the TSA failed
     * @throws org.kyso.core.KeyAccessException the key refused to sign
     */
    public byte[] sign(byte[] xml, String name) throws KysoException {
        Objects.requireNonNull(xml, "xml");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Give the document a name (e.g. \"ho-so.xml\"): messages use it,"
                    + " and a detached signature refers to the data by it");
        }
        return engine.sign(xml, name, null);
    }

    private static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static SignatureLevel dssLevel(XadesLevel level) {
        return switch (level) {
            case B -> SignatureLevel.XAdES_BASELINE_B;
            case T -> SignatureLevel.XAdES_BASELINE_T;
            case LT -> SignatureLevel.XAdES_BASELINE_LT;
            case LTA -> SignatureLevel.XAdES_BASELINE_LTA;
        };
    }

    private static SignaturePackaging dssPackaging(XmlPackaging packaging) {
        return switch (packaging) {
            case ENVELOPED -> SignaturePackaging.ENVELOPED;
            case ENVELOPING -> SignaturePackaging.ENVELOPING;
            case DETACHED -> SignaturePackaging.DETACHED;
        };
    }

    public SigningKey key() {
        return key;
    }

    public XadesLevel level() {
        return level;
    }

    /** The time-stamping authority, or null when none was given (level B). */
    public Tsa timestamping() {
        return tsa;
    }

    public XmlPackaging packaging() {
        return packaging;
    }

    /** The signature algorithm used. */
    public SignatureAlgorithm signatureAlgorithm() {
        return algorithm;
    }

    /** The certificates that end chains when validation data is collected (LT, LTA). */
    public TrustAnchors trust() {
        return trust;
    }

    /** Where LT and LTA signatures get revocation data; levels B and T never go online for it. */
    public Revocation revocation() {
        return revocation;
    }

    @Override
    public String toString() {
        return "XmlSigner[XAdES-BASELINE-" + level + ", " + packaging + ", " + algorithm + ", "
                + key.certificate().getSubjectX500Principal().getName() + (tsa == null ? "" : ", " + tsa) + "]";
    }

    /** Builds an {@link XmlSigner}; all checks happen in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private SigningKey key;
        private XadesLevel level;
        private Tsa tsa;
        private XmlPackaging packaging = XmlPackaging.ENVELOPED;
        private SignatureAlgorithm algorithm;
        private TrustAnchors trust = TrustAnchors.none();
        private Revocation revocation;

        private Builder() {
        }

        /** The signing key (required). The signer uses it but does not close it. */
        public Builder key(SigningKey key) {
            this.key = key;
            return this;
        }

        /** The XAdES baseline level; default {@link XadesLevel#T} when a TSA is set, else {@link XadesLevel#B}. */
        public Builder level(XadesLevel level) {
            this.level = level;
            return this;
        }

        /** The RFC 3161 time-stamping authority, required for levels T, LT and LTA (unused at B). */
        public Builder timestamping(Tsa tsa) {
            this.tsa = tsa;
            return this;
        }

        /** Where the signature goes; default {@link XmlPackaging#ENVELOPED}. */
        public Builder packaging(XmlPackaging packaging) {
            this.packaging = Objects.requireNonNull(packaging, "packaging");
            return this;
        }

        /** Default: the key's usual algorithm (SHA-256 with RSA PKCS#1 v1.5, or ECDSA with a hash fitting the curve). */
        public Builder signatureAlgorithm(SignatureAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /**
         * The roots that end the signer's and the TSA's chains; required for LT and LTA, whose
         * revocation data is collected for chains up to these roots. Unused at B and T.
         */
        public Builder trust(TrustAnchors trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /**
         * Where LT and LTA signatures get OCSP responses and CRLs; default
         * {@code Revocation.online().build()} for them. Levels B and T never go online for revocation.
         */
        public Builder revocation(Revocation revocation) {
            this.revocation = revocation;
            return this;
        }

        /**
         * @throws IllegalStateException when the key is missing, a level above B has no TSA, or
         *         LT/LTA has no {@link #trust(TrustAnchors) trust anchors}
         * @throws IllegalArgumentException when the algorithm does not fit the key, or LT/LTA is
         *         asked for with {@link Revocation#offline()}
         */
        public XmlSigner build() {
            if (key == null) {
                throw new IllegalStateException("A signing key is required: call key(...)");
            }
            if (key.certificateChain() == null || key.certificateChain().isEmpty()) {
                throw new IllegalArgumentException("The key has no certificate: XAdES signatures name the signer's certificate");
            }
            XadesLevel chosen = level != null ? level : tsa == null ? XadesLevel.B : XadesLevel.T;
            if (chosen.needsTimestamp() && tsa == null) {
                throw new IllegalStateException("XAdES level " + chosen + " needs a time-stamping authority:"
                        + " call timestamping(Tsa.rfc3161(URI.create(\"http://...\"))), or sign at level B");
            }
            SignatureAlgorithm effective = algorithm != null ? algorithm : key.defaultAlgorithm();
            String keyType = switch (key.certificate().getPublicKey().getAlgorithm()) {
                case "EC", "ECDSA" -> "EC";
                case "RSA", "RSASSA-PSS" -> "RSA";
                default -> key.certificate().getPublicKey().getAlgorithm();
            };
            if (!effective.keyAlgorithm().equals(keyType)) {
                throw new IllegalArgumentException(effective + " needs an " + effective.keyAlgorithm() + " key, but the certificate of "
                        + key.certificate().getSubjectX500Principal().getName() + " holds a " + keyType + " key");
            }
            Revocation effectiveRevocation = revocation;
            if (chosen.needsValidationData()) {
                if (trust.isEmpty()) {
                    // DSS fetches revocation data only for chains ending at a trust anchor
                    throw new IllegalStateException("XAdES level " + chosen + " embeds revocation data for the"
                            + " signer's and the TSA's chains up to a trusted root: call trust(TrustAnchors.of(rootCertificate))");
                }
                if (effectiveRevocation == null) {
                    effectiveRevocation = Revocation.online().build();
                } else if (effectiveRevocation.isOffline()) {
                    throw new IllegalArgumentException("XAdES level " + chosen + " embeds revocation data, which"
                            + " Revocation.offline() cannot fetch: use Revocation.online().build(), or level T");
                }
            } else if (effectiveRevocation == null) {
                effectiveRevocation = Revocation.offline();
            }
            return new XmlSigner(this, chosen, effective, effectiveRevocation);
        }
    }
}
