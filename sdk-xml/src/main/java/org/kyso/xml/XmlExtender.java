package org.kyso.xml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import eu.europa.esig.dss.enumerations.SignatureLevel;

import org.kyso.core.KysoException;
import org.kyso.core.KysoIOException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.Revocation;
import org.kyso.core.RevocationException;
import org.kyso.core.TimestampException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.internal.AtomicOutput;
import org.kyso.core.internal.DssVerifiers;
import org.kyso.xml.internal.SecureXml;
import org.kyso.xml.internal.XadesExtension;

/**
 * Raises the level of the XAdES signatures an XML document already holds (augmentation of XAdES
 * baseline signatures, ETSI EN 319 132-1 §5.5 and §6), through EU DSS: to T with a signature
 * time-stamp, to LT by adding the certificates and revocation data, to LTA with an archive
 * time-stamp over all of it. Run LTA again before the last time-stamp's certificate expires to
 * renew the evidence. Works on any XAdES signature, whichever product made it. Only the inside of
 * each {@code ds:Signature} changes: for UTF-8 documents every byte outside the signatures stays as
 * it was (when that cannot be proven equivalent, DSS's serialisation of the same XML is written).
 *
 * <pre>{@code
 * XmlExtender extender = XmlExtender.builder()
 *         .level(XadesLevel.LTA)
 *         .timestamping(Tsa.rfc3161(URI.create("http://127.0.0.1:8080/tsa")))
 *         .trust(TrustAnchors.from(Path.of("roots")))          // required for LT and LTA
 *         .build();                                            // build once, share across threads
 * extender.extend(Path.of("ho-so-signed.xml"), Path.of("ho-so-lta.xml"));
 * }</pre>
 *
 * <p>What DSS refuses, and so KySo, with a {@link MalformedDocumentException} naming the reason and
 * no output: a document without signature or with plain XMLDSig signatures only (they have no
 * qualifying properties to extend), a signature whose certificate has expired or is revoked
 * without an earlier proof of existence, a signature already above the level asked for (extend to
 * LTA instead), a detached signature at LTA without its signed files
 * ({@link Builder#detachedContent(Path...)}).
 *
 * <p>The output is written under a temporary name and moved into place when complete; the input is
 * never changed. This class is immutable and thread-safe.
 */
public final class XmlExtender {

    private final XadesLevel level;
    private final Tsa tsa;
    private final TrustAnchors trust;
    private final Revocation revocation;
    private final Revocation configuredRevocation;
    private final List<Path> detachedContents;
    private final XadesExtension extension;

    private XmlExtender(Builder b, Revocation revocation) {
        this.level = b.level;
        this.tsa = b.tsa;
        this.trust = b.trust;
        this.revocation = revocation;
        this.configuredRevocation = b.revocation;
        this.detachedContents = List.copyOf(b.detachedContents);
        SignatureLevel dssLevel = switch (level) {
            case B -> throw new IllegalArgumentException("B");
            case T -> SignatureLevel.XAdES_BASELINE_T;
            case LT -> SignatureLevel.XAdES_BASELINE_LT;
            case LTA -> SignatureLevel.XAdES_BASELINE_LTA;
        };
        this.extension = new XadesExtension(new XadesExtension.Settings(dssLevel, tsa, DssVerifiers.trustedSource(trust),
                revocation, detachedContents));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this extender's settings, to derive a variant. */
    public Builder toBuilder() {
        return new Builder().level(level).timestamping(tsa).trust(trust).revocation(configuredRevocation)
                .detachedContent(detachedContents.toArray(Path[]::new));
    }

    /**
     * Extends the signatures of {@code input} into {@code output}, which is replaced if it exists,
     * but never when it is the input itself.
     *
     * @throws MalformedDocumentException the input is not well-formed XML, has no XAdES signature,
     *         or has a signature DSS will not extend (see the class comment)
     * @throws TimestampException the TSA failed, or a signature needs a timestamp and no TSA was set
     * @throws RevocationException LT/LTA: revocation data for a certificate could not be had
     * @throws KysoIOException the input cannot be read or the output cannot be written
     */
    public void extend(Path input, Path output) throws KysoException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            throw new KysoIOException(KysoIOException.Kind.INPUT, input,
                    "Cannot open " + input + ": the file does not exist or is not readable", null);
        }
        AtomicOutput.checkTarget(input, output);
        byte[] content;
        try {
            SecureXml.checkSize(Files.size(input), input.toString(), input);
            content = Files.readAllBytes(input);
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.INPUT, input, "Cannot read " + input + ": " + e.getMessage(), e);
        }
        Path fileName = input.getFileName();
        byte[] extended = extension.extend(content, fileName == null ? input.toString() : fileName.toString(), input);
        AtomicOutput.write(output, out -> out.write(extended));
    }

    /**
     * Extends the signatures of XML held in memory and returns the extended document.
     *
     * @param name what messages call the document (e.g. its file name)
     */
    public byte[] extend(byte[] xml, String name) throws KysoException {
        Objects.requireNonNull(xml, "xml");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Give the document a name (e.g. \"ho-so-signed.xml\"): messages use it");
        }
        return extension.extend(xml, name, null);
    }

    /** The target level: T, LT or LTA. */
    public XadesLevel level() {
        return level;
    }

    /** The time-stamping authority, or null (LT only, for documents whose signatures all have a timestamp). */
    public Tsa timestamping() {
        return tsa;
    }

    public TrustAnchors trust() {
        return trust;
    }

    public Revocation revocation() {
        return revocation;
    }

    /** The files detached signatures refer to. */
    public List<Path> detachedContents() {
        return detachedContents;
    }

    @Override
    public String toString() {
        return "XmlExtender[XAdES-BASELINE-" + level + (tsa == null ? "" : ", " + tsa) + "]";
    }

    /** Builds an {@link XmlExtender}; all checks happen in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private XadesLevel level;
        private Tsa tsa;
        private TrustAnchors trust = TrustAnchors.none();
        private Revocation revocation;
        private List<Path> detachedContents = List.of();

        private Builder() {
        }

        /** The target level (required): T, LT or LTA. */
        public Builder level(XadesLevel level) {
            this.level = level;
            return this;
        }

        /** The RFC 3161 TSA for signature and archive time-stamps; required for T and LTA. */
        public Builder timestamping(Tsa tsa) {
            this.tsa = tsa;
            return this;
        }

        /** The roots that end the signers' and TSAs' chains; required for LT and LTA. */
        public Builder trust(TrustAnchors trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /** Where LT/LTA get revocation data; default online for LT and LTA, offline for T. */
        public Builder revocation(Revocation revocation) {
            this.revocation = revocation;
            return this;
        }

        /**
         * The files a detached signature refers to (by file name): an archive time-stamp (LTA)
         * covers them. Not needed for enveloped and enveloping signatures.
         */
        public Builder detachedContent(Path... files) {
            this.detachedContents = List.of(files);
            return this;
        }

        /**
         * @throws IllegalStateException no level, T or LTA without a TSA, LT or LTA without trust anchors
         * @throws IllegalArgumentException level B (signatures start at B; extension goes up from there),
         *         or LT/LTA with {@link Revocation#offline()}
         */
        public XmlExtender build() {
            if (level == null) {
                throw new IllegalStateException("Choose the level to extend to: call level(XadesLevel.T, LT or LTA)");
            }
            if (level == XadesLevel.B) {
                throw new IllegalArgumentException("Extension goes to T, LT or LTA; B is the level signatures start at");
            }
            if (tsa == null && level != XadesLevel.LT) {
                throw new IllegalStateException("Extending to XAdES-BASELINE-" + level
                        + " adds a time-stamp: call timestamping(Tsa)");
            }
            Revocation effective = revocation;
            if (level.needsValidationData()) {
                if (trust.isEmpty()) {
                    throw new IllegalStateException("XAdES level " + level + " embeds revocation data for the chains up"
                            + " to a trusted root: call trust(TrustAnchors.of(rootCertificate))");
                }
                if (effective == null) {
                    effective = Revocation.online().build();
                } else if (effective.isOffline()) {
                    throw new IllegalArgumentException("XAdES level " + level + " embeds revocation data, which"
                            + " Revocation.offline() cannot fetch: use Revocation.online().build()");
                }
            } else if (effective == null) {
                effective = Revocation.offline();
            }
            return new XmlExtender(this, effective);
        }
    }
}
