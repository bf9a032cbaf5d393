package org.kyso.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;

import org.kyso.core.KysoException;
import org.kyso.core.KysoIOException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.internal.AtomicOutput;
import org.kyso.core.internal.DssAlgorithms;
import org.kyso.core.internal.DssTspSource;
import org.kyso.core.internal.DssVerifiers;
import org.kyso.pdf.internal.PadesParameters;
import org.kyso.pdf.internal.PadesServices;

/**
 * Signs PDF documents as PAdES baseline signatures (ETSI EN 319 142-1), through EU DSS and
 * Apache PDFBox. Each signature is added as an incremental update, so earlier signatures stay valid.
 *
 * <pre>{@code
 * try (SigningKey key = SoftwareKey.open(Path.of("signer.p12"), PasswordSource.env("P12_PASSWORD"))) {
 *     PdfSigner signer = PdfSigner.builder()
 *             .key(key)
 *             .level(PadesLevel.T)
 *             .timestamping(Tsa.rfc3161(URI.create("http://127.0.0.1:8080/tsa")))
 *             .appearance(Appearance.builder().page(1).rect(340, 60, 220, 80).build())
 *             .reason("Phê duyệt").location("Hà Nội")
 *             .build();                                   // build once, reuse for many documents
 *     signer.sign(Path.of("cong-van.pdf"), Path.of("cong-van-signed.pdf"));
 * }
 * }</pre>
 *
 * <p>The first signature may certify the document ({@link Builder#certify(Certification)}, DocMDP)
 * and any signature may lock form fields ({@link Builder#lockFields(FieldLock)}, FieldMDP). When
 * the private key is elsewhere (a browser plug-in, a remote service), build the signer with
 * {@link Builder#certificateChain(List)} and sign in two steps: {@link #prepare(Path)}, then
 * {@link #complete(Path, PreparedSignature, byte[], Path)}, possibly in another process.
 *
 * <p>The output is written under a temporary name and moved into place when complete; the input
 * is never changed. This class is thread-safe.
 */
public final class PdfSigner {

    private final SigningKey key;
    private final PadesLevel level;
    private final Tsa tsa;
    private final Appearance appearance;
    private final String reason;
    private final String location;
    private final String contactInfo;
    private final SignatureAlgorithm algorithm;
    private final TrustAnchors trust;
    private final Revocation revocation;
    private final String fieldName;
    private final Certification certification;
    private final FieldLock fieldLock;
    // As configured (null = default), so that toBuilder() variants re-derive the defaults.
    private final PadesLevel configuredLevel;
    private final Revocation configuredRevocation;

    private PdfSigner(Builder b, PadesLevel level, Revocation revocation) {
        this.key = b.key;
        this.level = level;
        this.configuredLevel = b.level;
        this.configuredRevocation = b.revocation;
        this.tsa = b.tsa;
        this.appearance = b.appearance;
        this.reason = b.reason;
        this.location = b.location;
        this.contactInfo = b.contactInfo;
        this.algorithm = b.algorithm;
        this.trust = b.trust;
        this.revocation = revocation;
        this.fieldName = b.fieldName;
        this.certification = b.certification;
        this.fieldLock = b.fieldLock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this signer's settings, to derive a variant (another level, another look). */
    public Builder toBuilder() {
        Builder b = new Builder().key(key).level(configuredLevel).appearance(appearance).reason(reason).location(location)
                .contactInfo(contactInfo).signatureAlgorithm(algorithm).trust(trust).fieldName(fieldName)
                .certify(certification).lockFields(fieldLock);
        b.tsa = tsa;
        b.revocation = configuredRevocation;
        return b;
    }

    /**
     * Signs {@code input} into {@code output}. {@code output} is replaced if it exists, but never
     * when it is the input itself.
     *
     * @throws MalformedDocumentException the input is not a PDF KySo can sign
     * @throws KysoIOException the input cannot be read or the output cannot be written
     * @throws org.kyso.core.TimestampException the TSA failed (no output is written)
     * @throws org.kyso.core.KeyAccessException the key refused to sign
     */
    public void sign(Path input, Path output) throws KysoException {
        org.kyso.pdf.internal.PdfInputs.checkFile(input);
        AtomicOutput.checkTarget(input, output);
        byte[] small = readIfSmall(input);
        if (small != null) {
            // Small input: DSS's intermediate documents in memory (no temporary files, no MIME
            // look-ups per temporary document); the output is still written atomically.
            DSSDocument signed = signDocument(new InMemoryDocument(small, input.getFileName().toString()), input, null);
            AtomicOutput.write(output, signed::writeTo);
            return;
        }
        // DSS's intermediate documents, the signed one included, are files next to the output (a
        // folder known to be writable, on the disk that must hold the output anyway), not byte
        // arrays: signing a PDF of any size fits in a small heap. Deleted when done, failed or not.
        Path folder = output.toAbsolutePath().getParent();
        try (org.kyso.pdf.internal.TempFiles temp = org.kyso.pdf.internal.TempFiles.in(folder)) {
            DSSDocument signed = signDocument(new FileDocument(input.toFile()), input, temp);
            if (temp.holds(signed)) {
                // The signed document is a finished temporary file next to the output: rename it
                // into place rather than copy every byte once more.
                AtomicOutput.moveIntoPlace(((FileDocument) signed).getFile().toPath(), output);
            } else {
                AtomicOutput.write(output, signed::writeTo);
            }
        }
    }

    /**
     * Inputs of at most this many bytes are signed by {@link #sign(Path, Path)} in memory (and at
     * most a sixteenth of the JVM's maximum heap, so a small heap never holds more than a few copies
     * of an input that large); larger ones through temporary files, so a PDF of any size fits in a
     * small heap. Measured on one-page PDFs and a batch of 1,000 (docs/performance.md): the
     * file-backed mode costs 1.45x / 2.45x of DSS, the in-memory one about 1.1x / 1.0x. 8 MiB is
     * also the main-memory limit KySo gives PDFBox's scratch buffers before they spill to disk.
     */
    static final long IN_MEMORY_MAX_BYTES = 8L * 1024 * 1024;

    /** The input's bytes when it is small enough to sign in memory, else null. */
    private static byte[] readIfSmall(Path input) throws KysoIOException {
        try {
            long size = Files.size(input);
            if (size > Math.min(IN_MEMORY_MAX_BYTES, Runtime.getRuntime().maxMemory() / 16)) {
                return null;
            }
            return Files.readAllBytes(input);
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.INPUT, input, "Cannot read " + input + ": " + e.getMessage(), e);
        }
    }

    /** Signs a PDF held in memory and returns the signed PDF. */
    public byte[] sign(byte[] pdf) throws KysoException {
        org.kyso.pdf.internal.PdfInputs.checkBytes(pdf);
        DSSDocument signed = signDocument(new InMemoryDocument(pdf, "document.pdf"), null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 32 * 1024);
        try {
            signed.writeTo(out);
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.OTHER, null, "Cannot write the signed PDF", e);
        }
        return out.toByteArray();
    }

    /** @param temp where DSS's intermediate documents go; null to keep them in memory */
    private DSSDocument signDocument(DSSDocument document, Path file, org.kyso.pdf.internal.TempFiles temp)
            throws KysoException {
        String name = file == null ? "the PDF" : file.toString();
        PAdESSignatureParameters parameters = PadesParameters.create(this, document, file, new Date());
        PAdESService service = PadesServices.service(DssVerifiers.create(DssVerifiers.trustedSource(trust), revocation), temp);
        if (tsa != null) {
            service.setTspSource(new DssTspSource(tsa));
        }
        try {
            ToBeSigned toBeSigned = service.getDataToSign(document, parameters);
            byte[] value = key.sign(algorithm(), toBeSigned.getBytes());
            SignatureValue signatureValue = new SignatureValue(DssAlgorithms.signature(algorithm()), value);
            return service.signDocument(document, parameters, signatureValue);
        } catch (DSSException | eu.europa.esig.dss.alert.exception.AlertException | IllegalArgumentException
                 | IllegalStateException e) {
            throw org.kyso.pdf.internal.DssFailures.translate(e, file, "sign");
        } catch (RuntimeException e) {
            // DSS and PDFBox fail on some damaged PDFs with other unchecked exceptions; anything else
            // (KySo's own code, a SigningKey) failing is a bug and stays one.
            if (!org.kyso.core.internal.Origins.documentLibrary(e) && org.kyso.core.internal.WrappedKysoException.unwrap(e) == null) {
                throw e;
            }
            throw org.kyso.pdf.internal.DssFailures.translate(e, file, "sign");
        }
    }

    /**
     * Prepares a two-step (external) signature of {@code input}: computes the data the remote
     * signer must sign, without any private key. Nothing is written and no service is called;
     * {@link #complete(Path, PreparedSignature, byte[], Path)} writes the signed PDF, possibly in
     * another process. See {@link PreparedSignature}.
     *
     * @throws MalformedDocumentException the input is not a PDF KySo can sign (or may not be signed:
     *         certified with 'no changes allowed')
     * @throws KysoIOException the input cannot be read
     */
    public PreparedSignature prepare(Path input) throws KysoException {
        org.kyso.pdf.internal.PdfInputs.checkFile(input);
        return TwoStepSigning.prepare(this, new FileDocument(input.toFile()), input, TwoStepSigning.sha256(input));
    }

    /** Prepares a two-step signature of a PDF held in memory; see {@link #prepare(Path)}. */
    public PreparedSignature prepare(byte[] pdf) throws KysoException {
        org.kyso.pdf.internal.PdfInputs.checkBytes(pdf);
        return TwoStepSigning.prepare(this, new InMemoryDocument(pdf), null, TwoStepSigning.sha256(pdf));
    }

    /**
     * Completes a two-step signature: rebuilds the revision {@code prepared} describes (its
     * certificate chain, time, level, reason, appearance... as recorded in its state), checks that
     * {@code input} is the PDF that was prepared and that {@code signatureValue} verifies with the
     * certificate over {@link PreparedSignature#dataToSign()}, then writes the signed PDF. From
     * this signer only the services are used: the time-stamping authority (needed when the
     * prepared level is T or higher), trust anchors and revocation source. {@code output} is
     * written under a temporary name and moved into place; nothing is written on failure.
     *
     * @param signatureValue the raw value from the remote signer (RSA; ECDSA as DER or plain r||s)
     * @throws MalformedDocumentException {@code input} is not the prepared PDF, or the state does not
     *         reproduce the data that was signed (altered, or prepared by another KySo version)
     * @throws org.kyso.core.KeyAccessException the signature value does not verify with the certificate
     * @throws org.kyso.core.TimestampException the TSA failed (level T and up)
     * @throws KysoIOException the input cannot be read or the output cannot be written
     */
    public void complete(Path input, PreparedSignature prepared, byte[] signatureValue, Path output)
            throws KysoException {
        Objects.requireNonNull(prepared, "prepared");
        Objects.requireNonNull(signatureValue, "signatureValue");
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            throw new KysoIOException(KysoIOException.Kind.INPUT, input,
                    "Cannot open " + input + ": the file does not exist or is not readable", null);
        }
        AtomicOutput.checkTarget(input, output);
        DSSDocument signed = TwoStepSigning.complete(this, new FileDocument(input.toFile()), input,
                TwoStepSigning.sha256(input), prepared, signatureValue);
        AtomicOutput.write(output, signed::writeTo);
    }

    /** Completes a two-step signature of a PDF held in memory and returns the signed PDF; see {@link #complete(Path, PreparedSignature, byte[], Path)}. */
    public byte[] complete(byte[] pdf, PreparedSignature prepared, byte[] signatureValue) throws KysoException {
        Objects.requireNonNull(prepared, "prepared");
        Objects.requireNonNull(signatureValue, "signatureValue");
        DSSDocument signed = TwoStepSigning.complete(this, new InMemoryDocument(pdf), null,
                TwoStepSigning.sha256(pdf), prepared, signatureValue);
        ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 32 * 1024);
        try {
            signed.writeTo(out);
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.OTHER, null, "Cannot write the signed PDF", e);
        }
        return out.toByteArray();
    }

    /**
     * The signing key; for a signer built with {@link Builder#certificateChain(List)}, a key that
     * holds only the chain and refuses to sign ({@link org.kyso.core.KeyAccessException}).
     */
    public SigningKey key() {
        return key;
    }

    /** The signer's certificate first, then its issuers. */
    public List<X509Certificate> certificateChain() {
        return key.certificateChain();
    }

    public PadesLevel level() {
        return level;
    }

    /** The time-stamping authority, or null at level B. */
    public Tsa timestamping() {
        return tsa;
    }

    /** The visible appearance, or null for an invisible signature. */
    public Appearance appearance() {
        return appearance;
    }

    public String reason() {
        return reason;
    }

    public String location() {
        return location;
    }

    public String contactInfo() {
        return contactInfo;
    }

    /** The existing empty signature field to sign, or null to create a new field. */
    public String fieldName() {
        return fieldName;
    }

    /** The DocMDP level this signer certifies documents with, or null for an approval signature. */
    public Certification certification() {
        return certification;
    }

    /** The form fields this signer locks, or null. */
    public FieldLock fieldLock() {
        return fieldLock;
    }

    /** Certificates used to complete the chain embedded at LT/LTA. */
    public TrustAnchors trust() {
        return trust;
    }

    /** Where LT/LTA get revocation data (offline at B and T unless set). */
    public Revocation revocation() {
        return revocation;
    }

    /** The signature algorithm used. */
    public SignatureAlgorithm algorithm() {
        return algorithm == null ? key.defaultAlgorithm() : algorithm;
    }

    /** Builds a {@link PdfSigner}; all checks happen in {@link #build()}. */
    public static final class Builder {
        private SigningKey key;
        private PadesLevel level;
        private Tsa tsa;
        private Appearance appearance;
        private String reason;
        private String location;
        private String contactInfo;
        private SignatureAlgorithm algorithm;
        private TrustAnchors trust = TrustAnchors.none();
        private Revocation revocation;
        private String fieldName;
        private Certification certification;
        private FieldLock fieldLock;

        private Builder() {
        }

        /** The signing key (this or {@link #certificateChain(List)} is required). The signer does not close it. */
        public Builder key(SigningKey key) {
            this.key = key;
            return this;
        }

        /** The PAdES level; default T when a TSA is set, else B. */
        public Builder level(PadesLevel level) {
            this.level = level;
            return this;
        }

        /** The RFC 3161 TSA for levels T, LT and LTA. */
        public Builder timestamping(Tsa tsa) {
            this.tsa = tsa;
            return this;
        }

        /** A visible signature; null (the default) for an invisible one. */
        public Builder appearance(Appearance appearance) {
            this.appearance = appearance;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder location(String location) {
            this.location = location;
            return this;
        }

        public Builder contactInfo(String contactInfo) {
            this.contactInfo = contactInfo;
            return this;
        }

        /** Default: the key's usual algorithm (SHA-256 with RSA or ECDSA). */
        public Builder signatureAlgorithm(SignatureAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        /** Certificates used to complete the chain embedded at LT/LTA. */
        public Builder trust(TrustAnchors trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /** Where LT/LTA get revocation data; default online. */
        public Builder revocation(Revocation revocation) {
            this.revocation = revocation;
            return this;
        }

        /** The name of an existing empty signature field to sign (the PDF must already have it). */
        public Builder fieldName(String fieldName) {
            this.fieldName = fieldName;
            return this;
        }

        /**
         * The signer's certificate chain without its private key (instead of {@link #key(SigningKey)}),
         * for two-step signing: {@link PdfSigner#prepare(Path)} and {@link PdfSigner#complete}. Such
         * a signer cannot {@code sign(...)} in one step.
         */
        public Builder certificateChain(List<X509Certificate> chain) {
            this.key = new CertificateOnlyKey(Objects.requireNonNull(chain, "chain"));
            return this;
        }

        /** See {@link #certificateChain(List)}. */
        public Builder certificateChain(X509Certificate... chain) {
            return certificateChain(java.util.Arrays.asList(chain));
        }

        /**
         * Makes this a certification signature with the given DocMDP level (ISO 32000-1 §12.8.2.2);
         * null (the default) for an approval signature. Only a document without any signature can
         * be certified: signing a signed document with a certifying signer fails with
         * {@link MalformedDocumentException}.
         */
        public Builder certify(Certification certification) {
            this.certification = certification;
            return this;
        }

        /** Locks form fields with this signature (FieldMDP); null (the default) locks nothing. See {@link FieldLock}. */
        public Builder lockFields(FieldLock lock) {
            this.fieldLock = lock;
            return this;
        }

        public PdfSigner build() {
            if (key == null) {
                throw new IllegalStateException("A signing key is required: call key(...), or certificateChain(...)"
                        + " to sign in two steps (prepare, complete)");
            }
            // Defaults are resolved into locals: build() never changes the builder.
            PadesLevel level = this.level != null ? this.level : tsa == null ? PadesLevel.B : PadesLevel.T;
            if (level != PadesLevel.B && tsa == null) {
                throw new IllegalStateException("PAdES level " + level + " needs a time-stamping authority: call timestamping(Tsa)");
            }
            if (algorithm != null && !algorithm.keyAlgorithm().equals(key.defaultAlgorithm().keyAlgorithm())) {
                throw new IllegalArgumentException(algorithm + " does not match the key type (" + key.defaultAlgorithm().keyAlgorithm() + ")");
            }
            Revocation revocation = this.revocation != null ? this.revocation
                    : level == PadesLevel.LT || level == PadesLevel.LTA ? Revocation.online().build() : Revocation.offline();
            List<X509Certificate> chain = new ArrayList<>(key.certificateChain());
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("The key has no certificate");
            }
            return new PdfSigner(this, level, revocation);
        }
    }
}
