package org.kyso.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

import eu.europa.esig.dss.alert.exception.AlertException;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.PAdESTimestampParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.exception.IllegalInputException;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;

import org.kyso.core.KysoException;
import org.kyso.core.KysoIOException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.Revocation;
import org.kyso.core.RevocationException;
import org.kyso.core.TimestampException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.internal.AtomicOutput;
import org.kyso.core.internal.DssAlgorithms;
import org.kyso.core.internal.DssTspSource;
import org.kyso.core.internal.DssVerifiers;
import org.kyso.core.internal.WrappedKysoException;
import org.kyso.pdf.internal.PadesParameters;
import org.kyso.pdf.internal.PadesServices;

/**
 * Raises the PAdES level of the signatures a PDF already holds (augmentation of PAdES baseline
 * signatures, ETSI EN 319 142-1): to T with a document timestamp, to LT by adding the certificates and
 * revocation data to the document security store (DSS dictionary), to LTA with a further
 * document timestamp over all of it. Run LTA again before the last timestamp's certificate
 * expires to renew the evidence. Works on any signed PDF, whichever product signed it; every
 * addition is an incremental update, so existing signatures stay valid, certified documents
 * included.
 *
 * <pre>{@code
 * PdfExtender extender = PdfExtender.builder()
 *         .level(PadesLevel.LTA)
 *         .timestamping(Tsa.rfc3161(URI.create("http://127.0.0.1:8080/tsa")))
 *         .trust(TrustAnchors.from(Path.of("roots")))       // completes the chains embedded at LT/LTA
 *         .revocation(Revocation.online().build())           // default for LT and LTA
 *         .build();                                          // build once, share across threads
 * extender.extend(Path.of("cong-van-signed.pdf"), Path.of("cong-van-lta.pdf"));
 * }</pre>
 *
 * <p>What EU DSS refuses, and so KySo: extending a signature whose signing certificate has
 * expired (or is revoked) without an earlier proof of existence, a signature whose value or
 * digest does not verify, a signature already above the target level (T or LT on an LTA
 * document: extend to LTA instead), and a PDF without signature. Each is a
 * {@link MalformedDocumentException} naming the reason; nothing is written.
 *
 * <p>The output is written under a temporary name and moved into place when complete; the input is
 * never changed. This class is thread-safe.
 */
public final class PdfExtender {

    private final PadesLevel level;
    private final Tsa tsa;
    private final TrustAnchors trust;
    private final Revocation revocation;
    /** As given to the builder (null: the level's default), so that toBuilder().level(...) gets the new level's default. */
    private final Revocation configuredRevocation;

    private PdfExtender(Builder b, Revocation revocation) {
        this.level = b.level;
        this.tsa = b.tsa;
        this.trust = b.trust;
        this.configuredRevocation = b.revocation;
        this.revocation = revocation;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this extender's settings, to derive a variant. */
    public Builder toBuilder() {
        return new Builder().level(level).timestamping(tsa).trust(trust).revocation(configuredRevocation);
    }

    /**
     * Extends the signatures of {@code input} into {@code output}. {@code output} is replaced if it
     * exists, but never when it is the input itself.
     *
     * @throws MalformedDocumentException the input is not a PDF, has no signature, or has a
     *         signature DSS will not extend (see the class comment)
     * @throws TimestampException the TSA failed, or a signature needs a timestamp and no TSA was set
     * @throws RevocationException LT/LTA: revocation data for a certificate could not be had
     * @throws KysoIOException the input cannot be read or the output cannot be written
     */
    public void extend(Path input, Path output) throws KysoException {
        org.kyso.pdf.internal.PdfInputs.checkFile(input);
        AtomicOutput.checkTarget(input, output);
        // As in PdfSigner: DSS's intermediate documents are files next to the output, not byte arrays.
        try (org.kyso.pdf.internal.TempFiles temp = org.kyso.pdf.internal.TempFiles.in(output.toAbsolutePath().getParent())) {
            DSSDocument extended = extendDocument(new FileDocument(input.toFile()), input, temp);
            AtomicOutput.write(output, extended::writeTo);
        }
    }

    /** Extends the signatures of a PDF held in memory and returns the extended PDF. */
    public byte[] extend(byte[] pdf) throws KysoException {
        org.kyso.pdf.internal.PdfInputs.checkBytes(pdf);
        DSSDocument extended = extendDocument(new InMemoryDocument(pdf, "document.pdf"), null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 64 * 1024);
        try {
            extended.writeTo(out);
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.OTHER, null, "Cannot write the extended PDF", e);
        }
        return out.toByteArray();
    }

    /** @param temp where DSS's intermediate documents go; null to keep them in memory */
    private DSSDocument extendDocument(DSSDocument document, Path file, org.kyso.pdf.internal.TempFiles temp)
            throws KysoException {
        String name = file == null ? "the PDF" : file.toString();
        PAdESSignatureParameters parameters = new PAdESSignatureParameters();
        parameters.setSignatureLevel(PadesParameters.level(level));
        for (PAdESTimestampParameters timestamp : new PAdESTimestampParameters[] {
                parameters.getSignatureTimestampParameters(), parameters.getArchiveTimestampParameters()}) {
            if (tsa != null) {
                timestamp.setDigestAlgorithm(DssAlgorithms.digest(tsa.digest()));
            }
            // Room for a TSA token with a long certificate chain.
            timestamp.setContentSize(16 * 1024);
            timestamp.setAppName("KySo");
        }
        var verifier = DssVerifiers.create(DssVerifiers.trustedSource(trust), revocation);
        PAdESService service = temp == null ? PadesServices.service(verifier) : PadesServices.service(verifier, temp);
        service.setTspSource(tsa != null ? new DssTspSource(tsa) : new NoTsa(file));
        try {
            return service.extendDocument(document, parameters);
        } catch (DSSException | AlertException | IllegalInputException | IllegalArgumentException | IllegalStateException
                 | UnsupportedOperationException e) {
            KysoException cause = WrappedKysoException.unwrap(e);
            if (cause != null) {
                throw cause;
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof IllegalInputException && why.contains("No signatures found")) {
                throw new MalformedDocumentException(file, "Cannot extend " + name + ": it has no signature to extend;"
                        + " sign it first", e);
            }
            if (e instanceof AlertException && why.contains("Revocation data is missing")) {
                throw new RevocationException(null, "Cannot extend " + name + " to PAdES-" + level + ": " + why
                        + " Check that the OCSP responders and CRLs named in the certificates can be reached,"
                        + " and give the issuing CA certificates with trust(...) (CLI: --trust)", e);
            }
            throw new MalformedDocumentException(file, "Cannot extend " + name + " to PAdES-" + level + ": " + why
                    + hint(why), e);
        }
    }

    private String hint(String why) {
        if (why.contains("higher level")) {
            return " (a signature already has a higher level: extend to LTA instead)";
        }
        if (why.contains("expired")) {
            return " (DSS extends only signatures whose certificate was valid at the time of the last proof of existence)";
        }
        return "";
    }

    /** The target level: T, LT or LTA. */
    public PadesLevel level() {
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

    /**
     * Stands in for a TSA at level LT without one: DSS wants a time-stamp source even when every
     * signature already has its timestamp, and asks it only when one does not.
     */
    @SuppressWarnings("serial") // DSS declares TSPSource Serializable; KySo never serializes it.
    private static final class NoTsa implements TSPSource {
        private final Path file;

        NoTsa(Path file) {
            this.file = file;
        }

        @Override
        public TimestampBinary getTimeStampResponse(eu.europa.esig.dss.enumerations.DigestAlgorithm digestAlgorithm,
                                                    byte[] digest) {
            throw new WrappedKysoException(new TimestampException(null, (file == null ? "The PDF" : file.toString())
                    + " has a signature without a timestamp: extending it to LT needs one first."
                    + " Configure a time-stamping authority: timestamping(Tsa) (CLI: --tsa URL)"));
        }
    }

    /** Builds a {@link PdfExtender}; all checks happen in {@link #build()}. */
    public static final class Builder {
        private PadesLevel level;
        private Tsa tsa;
        private TrustAnchors trust = TrustAnchors.none();
        private Revocation revocation;

        private Builder() {
        }

        /** The target level (required): T, LT or LTA. */
        public Builder level(PadesLevel level) {
            this.level = level;
            return this;
        }

        /** The RFC 3161 TSA for the document timestamps; required for T and LTA. */
        public Builder timestamping(Tsa tsa) {
            this.tsa = tsa;
            return this;
        }

        /** Certificates that complete the chains embedded at LT/LTA (issuing CAs, roots). */
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
         * @throws IllegalStateException no level, or level T/LTA without a TSA
         * @throws IllegalArgumentException level B (signatures start at B; extension goes up from there)
         */
        public PdfExtender build() {
            if (level == null) {
                throw new IllegalStateException("Choose the level to extend to: call level(PadesLevel.T, LT or LTA)");
            }
            if (level == PadesLevel.B) {
                throw new IllegalArgumentException("Extension goes to T, LT or LTA; B is the level signatures start at");
            }
            if (tsa == null && level != PadesLevel.LT) {
                throw new IllegalStateException("Extending to PAdES-" + level
                        + " adds a document timestamp: call timestamping(Tsa)");
            }
            Revocation effective = revocation != null ? revocation
                    : level == PadesLevel.T ? Revocation.offline() : Revocation.online().build();
            return new PdfExtender(this, effective);
        }
    }
}
