package org.kyso.xml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;

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
import org.kyso.xml.internal.SecureXml;
import org.kyso.xml.internal.SignatureEngine;
import org.kyso.xml.internal.XadesEngine;
import org.kyso.xml.internal.XmlDsigEngine;
import org.kyso.xml.internal.XmlTargets;

/**
 * Signs XML documents: XAdES baseline signatures (ETSI EN 319 132-1, on W3C XML Signature) through
 * EU DSS, or plain XMLDSig signatures (W3C XML Signature 1.1, no XAdES properties) through Apache
 * Santuario, as Vietnamese e-invoices are signed; with any {@link SigningKey}.
 *
 * <pre>{@code
 * try (SigningKey key = SoftwareKey.open(Path.of("signer.p12"), PasswordSource.env("P12_PASSWORD"))) {
 *     XmlSigner signer = XmlSigner.builder()
 *             .key(key)
 *             .level(XadesLevel.T)
 *             .timestamping(Tsa.rfc3161(URI.create("http://127.0.0.1:8080/tsa")))
 *             .build();                                  // build once, reuse for many documents
 *     signer.sign(Path.of("ho-so.xml"), Path.of("ho-so-signed.xml"));
 *
 *     XmlSigner seller = XmlSigner.builder().key(key).profile(XmlProfile.VN_EINVOICE_SELLER).build();
 *     seller.sign(Path.of("hoa-don.xml"), Path.of("hoa-don-signed.xml"));   // plain XMLDSig in DSCKS/NBan
 * }
 * }</pre>
 *
 * <p>By default the signature is {@linkplain XmlPackaging#ENVELOPED enveloped}: a
 * {@code ds:Signature} added as the last child of the root element (or of the element
 * {@link Builder#placement(String)} selects), signing the whole document (or the elements
 * {@link Builder#referenceIds(String...)} names). Everything outside the new signature is kept byte
 * for byte, XML declaration and comments included, whenever the document is UTF-8 (plain XMLDSig:
 * also single-byte encodings); an empty-element tag that receives the signature ({@code <NBan/>})
 * becomes a start and an end tag. For XAdES, when DSS's output cannot be proven equivalent to such
 * a splice (blank lines before the markup are dropped, as DSS cannot read them; other encodings),
 * DSS's serialisation of the same XML is written, which verifies just as well. Input is parsed with
 * DOCTYPE declarations refused, so no entity, local or external, is ever expanded.
 *
 * <p>Files are written under a temporary name in the output's folder and moved into place when
 * complete: a failure (a TSA that does not answer, a key that refuses) leaves no output, and the
 * input is never changed. This class is immutable and thread-safe: one instance can sign many
 * documents from many threads at once, provided its {@link SigningKey} is thread-safe, as the
 * SPI requires.
 */
public final class XmlSigner {

    private final SigningKey key;
    private final XmlFormat format;
    private final XmlProfile profile;
    private final XadesLevel level;
    private final Tsa tsa;
    private final XmlPackaging packaging;
    private final SignatureAlgorithm algorithm;
    private final TrustAnchors trust;
    private final Revocation revocation;
    private final List<String> referenceIds;
    private final String placement;
    private final XmlCanonicalization canonicalization;
    private final boolean signingTimeProperty;
    // as given to the builder (null: not chosen), so that toBuilder() variants re-derive defaults
    private final XmlFormat chosenFormat;
    private final XadesLevel chosenLevel;
    private final SignatureAlgorithm chosenAlgorithm;
    private final Revocation chosenRevocation;
    private final SignatureEngine engine;

    private XmlSigner(Builder b, XmlFormat format, XadesLevel level, SignatureAlgorithm algorithm, Revocation revocation) {
        this.key = b.key;
        this.format = format;
        this.profile = b.profile;
        this.level = level;
        this.tsa = b.tsa;
        this.packaging = b.packaging;
        this.algorithm = algorithm;
        this.trust = b.trust;
        this.revocation = revocation;
        this.referenceIds = List.copyOf(b.referenceIds);
        this.placement = b.placement;
        this.canonicalization = b.canonicalization;
        this.signingTimeProperty = b.signingTimeProperty;
        this.chosenFormat = b.format;
        this.chosenLevel = b.level;
        this.chosenAlgorithm = b.algorithm;
        this.chosenRevocation = b.revocation;
        if (format == XmlFormat.XMLDSIG) {
            this.engine = new XmlDsigEngine(new XmlDsigEngine.Settings(key, algorithm, layout(profile), referenceIds,
                    placement, (canonicalization != null ? canonicalization : XmlCanonicalization.INCLUSIVE).uri(),
                    signingTimeProperty));
        } else {
            this.engine = new XadesEngine(new XadesEngine.Settings(key, algorithm, dssLevel(level), dssPackaging(packaging),
                    level == XadesLevel.B ? null : tsa, DssVerifiers.trustedSource(trust),
                    level.needsValidationData() ? revocation : Revocation.offline(),
                    referenceIds, placement, canonicalization == null ? null : canonicalization.uri()));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this signer's settings, to derive a variant (another level, another packaging). */
    public Builder toBuilder() {
        return new Builder().key(key).format(chosenFormat).profile(profile).level(chosenLevel).timestamping(tsa)
                .packaging(packaging).signatureAlgorithm(chosenAlgorithm).trust(trust).revocation(chosenRevocation)
                .referenceIds(referenceIds.toArray(String[]::new)).placement(placement).canonicalization(canonicalization)
                .signingTimeProperty(signingTimeProperty);
    }

    /**
     * Signs {@code input} into {@code output}, which is replaced if it exists. For a
     * {@linkplain XmlPackaging#DETACHED detached} signature the output is the signature alone, and it
     * refers to the input by its file name: keep both files in one folder.
     *
     * @throws IllegalArgumentException when {@code output} is {@code input}: KySo never overwrites its input
     * @throws MalformedDocumentException the input is not well-formed XML, has a DOCTYPE, exceeds a
     *         parser limit, lacks an element the references, the placement or the profile need, or
     *         would have an earlier signature broken by the new one
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
            if (packaging != XmlPackaging.DETACHED && Files.isRegularFile(input)) {
                SecureXml.checkSize(Files.size(input), input.toString(), input);
            }
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
     * @throws MalformedDocumentException as for {@link #sign(Path, Path)}
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

    /**
     * Signs several files in one {@linkplain XmlPackaging#DETACHED detached} XAdES signature
     * (ETSI EN 319 132-1 §4.2), with one reference per file, by its file name, and writes the
     * signature to {@code output}, which is replaced if it exists. Keep the files and the signature
     * in one folder; a validator needs them all:
     *
     * <pre>{@code
     * XmlSigner signer = XmlSigner.builder().key(key).packaging(XmlPackaging.DETACHED).build();
     * signer.signDetached(List.of(Path.of("to-trinh.pdf"), Path.of("phu-luc.xlsx")), Path.of("ho-so.xades.xml"));
     * validator.validate(Path.of("ho-so.xades.xml"), Path.of("to-trinh.pdf"), Path.of("phu-luc.xlsx"));
     * }</pre>
     *
     * @throws IllegalStateException when this signer is not built with {@link XmlPackaging#DETACHED}
     * @throws IllegalArgumentException when no file is given, more than 25, two files have the same
     *         name (the signature refers to them by name), or {@code output} is one of the files
     * @throws KysoIOException a file cannot be read ({@code Kind.INPUT}) or the output cannot be written ({@code Kind.OUTPUT})
     * @throws org.kyso.core.TimestampException the TSA failed; no output is written
     * @throws org.kyso.core.KeyAccessException the key refused to sign
     */
    public void signDetached(List<Path> files, Path output) throws KysoException {
        Objects.requireNonNull(output, "output");
        checkDetachedFiles(files);
        for (Path file : files) {
            if (sameFile(file, output)) {
                throw new IllegalArgumentException("The output " + output + " is one of the files to sign: KySo never"
                        + " overwrites the data it signs; choose another output name (e.g. ho-so.xades.xml)");
            }
            AtomicOutput.checkTarget(file, output);
        }
        byte[] signed = signDetached(files);
        AtomicOutput.write(output, out -> out.write(signed));
    }

    /**
     * Signs several files in one detached XAdES signature, one reference per file by its file
     * name, and returns the signature; see {@link #signDetached(List, Path)}.
     *
     * @throws IllegalStateException when this signer is not built with {@link XmlPackaging#DETACHED}
     * @throws IllegalArgumentException when no file is given, more than 25, or two have the same name
     * @throws KysoIOException a file cannot be read
     * @throws org.kyso.core.TimestampException the TSA failed
     * @throws org.kyso.core.KeyAccessException the key refused to sign
     */
    public byte[] signDetached(List<Path> files) throws KysoException {
        checkDetachedFiles(files);
        List<DSSDocument> documents = new ArrayList<>();
        for (Path file : files) {
            try {
                documents.add(new InMemoryDocument(Files.readAllBytes(file), file.getFileName().toString()));
            } catch (IOException e) {
                throw new KysoIOException(KysoIOException.Kind.INPUT, file,
                        "Cannot read " + file + ": check that the file exists and is readable (" + e + ")", e);
            }
        }
        return ((XadesEngine) engine).signDetached(documents, files.size() == 1 ? files.get(0).toString()
                : files.size() + " files (" + files.get(0) + ", ...)");
    }

    private void checkDetachedFiles(List<Path> files) {
        Objects.requireNonNull(files, "files");
        if (packaging != XmlPackaging.DETACHED) {
            throw new IllegalStateException("Several files are signed in a detached signature: build the signer"
                    + " with packaging(XmlPackaging.DETACHED), not " + packaging.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("Give at least one file to sign");
        }
        if (files.size() > Builder.MAX_REFERENCES) {
            throw new IllegalArgumentException("At most " + Builder.MAX_REFERENCES + " files can be signed in one"
                    + " detached signature (verifiers with secure validation refuse more references), got " + files.size());
        }
        Map<String, Path> byName = new HashMap<>();
        for (Path file : files) {
            Objects.requireNonNull(file, "files contains null");
            Path name = file.getFileName();
            if (name == null) {
                throw new IllegalArgumentException(file + " has no file name: the signature refers to each file by its name");
            }
            Path earlier = byName.putIfAbsent(name.toString(), file);
            if (earlier != null) {
                throw new IllegalArgumentException(earlier + " and " + file + " have the same file name, " + name
                        + ": the signature refers to each file by its name, so a validator could not tell them apart;"
                        + " rename one of them");
            }
        }
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

    private static XmlDsigEngine.Layout layout(XmlProfile profile) {
        if (profile == null) {
            return XmlDsigEngine.Layout.GENERIC;
        }
        return switch (profile) {
            case VN_EINVOICE_SELLER -> XmlDsigEngine.Layout.VN_SELLER;
            case VN_EINVOICE_BUYER -> XmlDsigEngine.Layout.VN_BUYER;
            case VN_EINVOICE_TAX -> XmlDsigEngine.Layout.VN_TAX;
        };
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

    /** XAdES or plain XMLDSig. */
    public XmlFormat format() {
        return format;
    }

    /** The profile that fixed the signature's layout, or null. */
    public XmlProfile profile() {
        return profile;
    }

    /** The XAdES level, or null for plain XMLDSig, which has no levels. */
    public XadesLevel level() {
        return level;
    }

    /** The time-stamping authority, or null when none was given (level B, plain XMLDSig). */
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

    /** The Ids of the elements signed; empty when the whole document is signed (or a profile decides). */
    public List<String> referenceIds() {
        return referenceIds;
    }

    /** The XPath of the element the enveloped signature is appended to, or null for the root (or a profile's place). */
    public String placement() {
        return placement;
    }

    /** The canonicalization chosen, or null for the format's default (XAdES: exclusive; XMLDSig: inclusive). */
    public XmlCanonicalization canonicalization() {
        return canonicalization;
    }

    /** Plain XMLDSig: whether a SigningTime signature property is added and signed (profiles always add one). */
    public boolean signingTimeProperty() {
        return signingTimeProperty;
    }

    @Override
    public String toString() {
        String what = profile != null ? "XMLDSig " + profile.cliName()
                : format == XmlFormat.XMLDSIG ? "XMLDSig, " + packaging : "XAdES-BASELINE-" + level + ", " + packaging;
        return "XmlSigner[" + what + ", " + algorithm + ", "
                + key.certificate().getSubjectX500Principal().getName() + (tsa == null ? "" : ", " + tsa) + "]";
    }

    /** Builds an {@link XmlSigner}; all checks happen in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        /** Santuario refuses more references than this under secure validation. */
        private static final int MAX_REFERENCES = 25;

        private SigningKey key;
        private XmlFormat format;
        private XmlProfile profile;
        private XadesLevel level;
        private Tsa tsa;
        private XmlPackaging packaging = XmlPackaging.ENVELOPED;
        private SignatureAlgorithm algorithm;
        private TrustAnchors trust = TrustAnchors.none();
        private Revocation revocation;
        private List<String> referenceIds = List.of();
        private String placement;
        private XmlCanonicalization canonicalization;
        private boolean signingTimeProperty;

        private Builder() {
        }

        /** The signing key (required). The signer uses it but does not close it. */
        public Builder key(SigningKey key) {
            this.key = key;
            return this;
        }

        /**
         * XAdES (default) or plain XMLDSig. Plain XMLDSig has no levels and no time-stamps, and is
         * enveloped only.
         */
        public Builder format(XmlFormat format) {
            this.format = format;
            return this;
        }

        /**
         * A layout fixed by a receiving system (implies {@link XmlFormat#XMLDSIG}): the profile
         * decides placement, references, Ids, canonicalization and algorithm, so none of those may
         * be set as well. Null: no profile.
         */
        public Builder profile(XmlProfile profile) {
            this.profile = profile;
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
         * Enveloped signatures: sign the elements with these Ids ({@code Id}, {@code ID} or
         * {@code id} attributes, each carried by exactly one element), one reference each, instead
         * of the whole document. No Ids (the default): the whole document.
         */
        public Builder referenceIds(String... ids) {
            this.referenceIds = List.of(ids);
            return this;
        }

        /**
         * Enveloped signatures: the element the signature is appended to, as an XPath 1.0 expression
         * selecting exactly one element (e.g. {@code /HoSo/ChuKy}); prefixes declared in the
         * document may be used, and {@code ds} for XMLDSig. Null (the default): the root element.
         */
        public Builder placement(String xpath) {
            this.placement = xpath;
            return this;
        }

        /**
         * The canonicalization of {@code SignedInfo} and of the signed data. Null (the default):
         * exclusive for XAdES (DSS's choice), inclusive Canonical XML 1.0 for plain XMLDSig.
         */
        public Builder canonicalization(XmlCanonicalization canonicalization) {
            this.canonicalization = canonicalization;
            return this;
        }

        /**
         * Plain XMLDSig: add an {@code Object} holding
         * {@code SignatureProperties/SignatureProperty/SigningTime} (the signing time in UTC, e.g.
         * {@code 2026-03-02T03:15:30Z}) and sign it through a second reference. XAdES signs its
         * signing time anyway. Default false.
         */
        public Builder signingTimeProperty(boolean signingTime) {
            this.signingTimeProperty = signingTime;
            return this;
        }

        /**
         * @throws IllegalStateException when the key is missing, a level above B has no TSA, LT/LTA
         *         has no {@link #trust(TrustAnchors) trust anchors}, or options do not fit together
         *         (plain XMLDSig with a level, a TSA or another packaging than enveloped; Ids or
         *         placement with another packaging; a profile with options it fixes itself)
         * @throws IllegalArgumentException when the algorithm does not fit the key (or the profile),
         *         LT/LTA is asked for with {@link Revocation#offline()}, or the placement is not XPath
         */
        public XmlSigner build() {
            if (key == null) {
                throw new IllegalStateException("A signing key is required: call key(...)");
            }
            if (key.certificateChain() == null || key.certificateChain().isEmpty()) {
                throw new IllegalArgumentException("The key has no certificate: XML signatures name the signer's certificate");
            }
            XmlFormat effectiveFormat = format != null ? format : profile != null ? XmlFormat.XMLDSIG : XmlFormat.XADES;
            checkShape(effectiveFormat);
            String keyType = switch (key.certificate().getPublicKey().getAlgorithm()) {
                case "EC", "ECDSA" -> "EC";
                case "RSA", "RSASSA-PSS" -> "RSA";
                default -> key.certificate().getPublicKey().getAlgorithm();
            };
            SignatureAlgorithm effective = algorithm != null ? algorithm
                    : profile != null && keyType.equals("RSA") ? SignatureAlgorithm.RSA_SHA256 : key.defaultAlgorithm();
            if (profile != null && (!keyType.equals("RSA") || effective != SignatureAlgorithm.RSA_SHA256)) {
                throw new IllegalArgumentException("The " + profile.cliName() + " profile signs with RSA-SHA256, as the"
                        + " tax authority and the invoice platforms expect; " + (keyType.equals("RSA")
                        ? "do not choose another algorithm" : "the certificate of " + key.certificate()
                        .getSubjectX500Principal().getName() + " holds a " + keyType + " key"));
            }
            if (!effective.keyAlgorithm().equals(keyType)) {
                throw new IllegalArgumentException(effective + " needs an " + effective.keyAlgorithm() + " key, but the certificate of "
                        + key.certificate().getSubjectX500Principal().getName() + " holds a " + keyType + " key");
            }
            if (effectiveFormat == XmlFormat.XMLDSIG) {
                return new XmlSigner(this, effectiveFormat, null, effective, Revocation.offline());
            }
            XadesLevel chosen = level != null ? level : tsa == null ? XadesLevel.B : XadesLevel.T;
            if (chosen.needsTimestamp() && tsa == null) {
                throw new IllegalStateException("XAdES level " + chosen + " needs a time-stamping authority:"
                        + " call timestamping(Tsa.rfc3161(URI.create(\"http://...\"))), or sign at level B");
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
            return new XmlSigner(this, effectiveFormat, chosen, effective, effectiveRevocation);
        }

        private void checkShape(XmlFormat effectiveFormat) {
            if (profile != null) {
                if (format == XmlFormat.XADES) {
                    throw new IllegalStateException("The " + profile.cliName() + " profile makes plain XMLDSig signatures,"
                            + " not XAdES: leave the format out");
                }
                if (!referenceIds.isEmpty() || placement != null || canonicalization != null || signingTimeProperty) {
                    throw new IllegalStateException("The " + profile.cliName() + " profile fixes the references, the"
                            + " placement, the canonicalization and the signing time: do not set them as well");
                }
            }
            if (effectiveFormat == XmlFormat.XMLDSIG) {
                if ((level != null && level != XadesLevel.B) || tsa != null) {
                    throw new IllegalStateException("Plain XMLDSig signatures have no levels and no time-stamps;"
                            + " use XAdES (format(XmlFormat.XADES)) for level T, LT or LTA");
                }
                if (packaging != XmlPackaging.ENVELOPED) {
                    throw new IllegalStateException("Plain XMLDSig signatures are made enveloped only; use XAdES for "
                            + packaging.name().toLowerCase(java.util.Locale.ROOT) + " signatures");
                }
            } else if (signingTimeProperty) {
                throw new IllegalStateException("signingTimeProperty(true) is for plain XMLDSig: XAdES signs its"
                        + " signing time in its qualifying properties anyway");
            }
            if ((!referenceIds.isEmpty() || placement != null) && packaging != XmlPackaging.ENVELOPED) {
                throw new IllegalStateException("Reference Ids and a placement are for enveloped signatures, not "
                        + packaging.name().toLowerCase(java.util.Locale.ROOT) + " ones");
            }
            if (referenceIds.size() > MAX_REFERENCES) {
                throw new IllegalArgumentException("At most " + MAX_REFERENCES + " elements can be signed by Id in one"
                        + " signature (verifiers with secure validation refuse more), got " + referenceIds.size());
            }
            for (String id : referenceIds) {
                if (id == null || id.isBlank() || id.startsWith("#") || id.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("A reference Id is the value of an Id attribute, without '#' or"
                            + " spaces; got '" + id + "'");
                }
            }
            if (placement != null) {
                XmlTargets.checkSyntax(placement);
            }
        }
    }
}
