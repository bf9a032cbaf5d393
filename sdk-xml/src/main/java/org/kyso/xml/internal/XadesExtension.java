package org.kyso.xml.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import eu.europa.esig.dss.alert.exception.AlertException;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import eu.europa.esig.dss.xades.XAdESSignatureParameters;
import eu.europa.esig.dss.xades.signature.XAdESService;
import org.w3c.dom.Document;

import org.kyso.core.KysoException;
import org.kyso.core.KysoIOException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.Revocation;
import org.kyso.core.RevocationException;
import org.kyso.core.TimestampException;
import org.kyso.core.Tsa;
import org.kyso.core.internal.DssAlgorithms;
import org.kyso.core.internal.DssTspSource;
import org.kyso.core.internal.DssVerifiers;
import org.kyso.core.internal.WrappedKysoException;

/**
 * Raises XAdES signatures to T, LT or LTA through DSS's {@link XAdESService#extendDocument}, and puts
 * the extended signatures back into the original bytes ({@link EnvelopedSplice#replaceSignatures}).
 * Holds immutable settings only; each call makes its own DSS objects, so it is thread-safe.
 */
public final class XadesExtension {

    /** Immutable settings of one extender. {@code tsa} may be null (LT of signatures that all have a timestamp). */
    public record Settings(SignatureLevel level, Tsa tsa, CommonTrustedCertificateSource trusted, Revocation revocation,
                           List<Path> detachedContents) {
        public Settings {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(trusted, "trusted");
            Objects.requireNonNull(revocation, "revocation");
            detachedContents = List.copyOf(detachedContents);
        }
    }

    private final Settings settings;

    public XadesExtension(Settings settings) {
        this.settings = settings;
    }

    /**
     * Extends every XAdES signature of {@code content}.
     *
     * @param name what messages call the document
     * @param file the input file, or null
     */
    public byte[] extend(byte[] content, String name, Path file) throws KysoException {
        String what = file == null ? name : file.toString();
        Document dom = SecureXml.parse(content, what, file);
        if (EnvelopedSplice.topLevelSignatures(dom).isEmpty()) {
            throw new MalformedDocumentException(file, "Cannot extend " + what + ": it has no XML signature; sign it first", null);
        }
        byte[] toDss = XmlInput.forDss(content, what, file);
        XAdESSignatureParameters parameters = new XAdESSignatureParameters();
        parameters.setSignatureLevel(settings.level());
        parameters.setPrettyPrint(false);
        if (settings.tsa() != null) {
            var digest = DssAlgorithms.digest(settings.tsa().digest());
            parameters.getSignatureTimestampParameters().setDigestAlgorithm(digest);
            parameters.getArchiveTimestampParameters().setDigestAlgorithm(digest);
        }
        List<DSSDocument> detached = new ArrayList<>();
        for (Path data : settings.detachedContents()) {
            if (!Files.isRegularFile(data) || !Files.isReadable(data)) {
                throw new KysoIOException(KysoIOException.Kind.INPUT, data, "Cannot open the detached content " + data
                        + ": the file does not exist or is not readable", null);
            }
            detached.add(new FileDocument(data.toFile()));
        }
        if (!detached.isEmpty()) {
            parameters.setDetachedContents(detached);
        }
        XAdESService service = new XAdESService(DssVerifiers.create(settings.trusted(), settings.revocation()));
        service.setTspSource(settings.tsa() != null ? new DssTspSource(settings.tsa()) : new NoTsa(what));
        byte[] extended;
        try {
            DSSDocument result = service.extendDocument(new InMemoryDocument(toDss, name), parameters);
            ByteArrayOutputStream out = new ByteArrayOutputStream(toDss.length + 64 * 1024);
            result.writeTo(out);
            extended = out.toByteArray();
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.OTHER, file, "Cannot write the extended " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw failure(e, what, file);
        }
        return EnvelopedSplice.replaceSignatures(toDss, dom, extended).orElse(extended);
    }

    private KysoException failure(RuntimeException e, String what, Path file) {
        KysoException cause = WrappedKysoException.unwrap(e);
        if (cause != null) {
            return cause;
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String level = settings.level().toString().replace('_', '-');
        if (e instanceof AlertException && why.contains("Revocation data is missing")) {
            return new RevocationException(null, "Cannot extend " + what + " to " + level + ": " + why
                    + " Check that the OCSP responders and CRLs named in the certificates can be reached,"
                    + " and give the issuing CA certificates with trust(...) (CLI: --trust)", e);
        }
        if (why.contains("No signatures found") || why.contains("no signature")) {
            return new MalformedDocumentException(file, "Cannot extend " + what + ": it has no XAdES signature"
                    + " (plain XMLDSig signatures have no qualifying properties to extend)", e);
        }
        String hint = why.contains("detached") || why.contains("Detached") || why.contains("not found")
                ? " (for a detached signature give the signed files: detachedContent(...), CLI: --detached-content)"
                : why.contains("higher level") ? " (a signature already has a higher level: extend to LTA instead)"
                : why.contains("expired") ? " (DSS extends only signatures whose certificate was valid at the last proof of existence)"
                : "";
        return new MalformedDocumentException(file, "Cannot extend " + what + " to " + level + ": " + why + hint, e);
    }

    /**
     * Stands in for a TSA at level LT without one: DSS wants a time-stamp source even when every
     * signature already has its timestamp, and asks it only when one does not.
     */
    @SuppressWarnings("serial") // DSS declares TSPSource Serializable; KySo never serializes it.
    private static final class NoTsa implements TSPSource {
        private final String what;

        NoTsa(String what) {
            this.what = what;
        }

        @Override
        public TimestampBinary getTimeStampResponse(eu.europa.esig.dss.enumerations.DigestAlgorithm digestAlgorithm,
                                                    byte[] digest) {
            throw new WrappedKysoException(new TimestampException(null, what
                    + " has a signature without a timestamp: extending it to LT needs one first."
                    + " Configure a time-stamping authority: timestamping(Tsa) (CLI: --tsa URL)"));
        }
    }
}
