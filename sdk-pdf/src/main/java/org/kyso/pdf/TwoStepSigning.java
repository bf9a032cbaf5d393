package org.kyso.pdf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.TimeZone;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.DSSASN1Utils;

import org.kyso.core.KeyAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.KysoIOException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.internal.DssAlgorithms;
import org.kyso.core.internal.DssTspSource;
import org.kyso.core.internal.DssVerifiers;
import org.kyso.pdf.internal.PadesParameters;
import org.kyso.pdf.internal.PadesServices;

/**
 * {@link PdfSigner#prepare} and {@link PdfSigner#complete}. The two steps must produce the same
 * PDF revision byte for byte, so everything DSS derives the revision from is fixed here: the
 * signing time (to the millisecond: DSS derives the document ID from it), the zone of the /M date
 * (DSS uses the JVM default), and the document name (DSS mixes it into the document ID, so the
 * name of a temporary file would change the signed bytes).
 */
final class TwoStepSigning {

    /** The name DSS sees for every document signed in two steps. */
    static final String DOCUMENT_NAME = "document.pdf";

    private TwoStepSigning() {
    }

    static PreparedSignature prepare(PdfSigner signer, DSSDocument document, Path file, byte[] inputDigest)
            throws KysoException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ZoneId zone = TimeZone.getDefault().toZoneId();
        document.setName(DOCUMENT_NAME);
        PAdESSignatureParameters parameters = PadesParameters.create(signer, document, file, Date.from(now),
                TimeZone.getTimeZone(zone));
        PAdESService service = service(signer);
        ToBeSigned toBeSigned = call(file, () -> service.getDataToSign(document, parameters));
        return new PreparedSignature(inputDigest, now, zone, signer, toBeSigned.getBytes());
    }

    static DSSDocument complete(PdfSigner services, DSSDocument document, Path file, byte[] inputDigest,
                                PreparedSignature prepared, byte[] signatureValue) throws KysoException {
        String name = file == null ? "The PDF" : file.toString();
        if (!MessageDigest.isEqual(inputDigest, prepared.inputDigest())) {
            throw new MalformedDocumentException(file, name + " is not the PDF that was prepared (its SHA-256 differs):"
                    + " complete the signature with the same bytes given to prepare", null);
        }
        if (prepared.level() != PadesLevel.B && services.timestamping() == null) {
            throw new IllegalStateException("The prepared signature is PAdES-" + prepared.level()
                    + ": complete it with a PdfSigner that has timestamping(Tsa)");
        }
        PdfSigner signer = prepared.signer(services);
        document.setName(DOCUMENT_NAME);
        PAdESSignatureParameters parameters = PadesParameters.create(signer, document, file,
                Date.from(prepared.signingTime()), TimeZone.getTimeZone(prepared.signingZone()));
        PAdESService service = service(signer);
        ToBeSigned toBeSigned = call(file, () -> service.getDataToSign(document, parameters));
        if (!MessageDigest.isEqual(toBeSigned.getBytes(), prepared.dataToSign())) {
            throw new MalformedDocumentException(file, "The prepared signature state does not reproduce the data that"
                    + " was signed for " + name + ": the state was altered, or another KySo version prepared it."
                    + " Prepare and sign again", null);
        }
        byte[] value = checkedValue(prepared, signatureValue);
        SignatureValue dssValue = new SignatureValue(DssAlgorithms.signature(prepared.algorithm()), value);
        return call(file, () -> service.signDocument(document, parameters, dssValue));
    }

    /** SHA-256 of a file, streamed. */
    static byte[] sha256(Path file) throws KysoException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new KysoIOException(KysoIOException.Kind.INPUT, file, "Cannot read " + file + ": " + e.getMessage(), e);
        }
        return digest.digest();
    }

    static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static PAdESService service(PdfSigner signer) {
        PAdESService service = PadesServices.service(
                DssVerifiers.create(DssVerifiers.trustedSource(signer.trust()), signer.revocation()));
        if (signer.timestamping() != null) {
            service.setTspSource(new DssTspSource(signer.timestamping()));
        }
        return service;
    }

    /**
     * The signature value in the form DSS embeds (ECDSA: DER), after checking it with the
     * certificate over the data to sign. WebCrypto and many tokens return ECDSA as plain r||s.
     */
    private static byte[] checkedValue(PreparedSignature prepared, byte[] value) throws KysoException {
        SignatureAlgorithm algorithm = prepared.algorithm();
        boolean ec = "EC".equals(algorithm.keyAlgorithm());
        boolean plain = ec && !DSSASN1Utils.isAsn1EncodedSignatureValue(value);
        if (!org.kyso.core.internal.SignatureValues.verifies(algorithm, prepared.certificate().getPublicKey(),
                prepared.dataToSign(), value, plain)) {
            throw new KeyAccessException(KeyAccessException.Reason.OTHER, "The signature value does not verify with the"
                    + " certificate " + prepared.certificate().getSubjectX500Principal().getName() + " and "
                    + algorithm + ": it was made with another key, another algorithm, or over other data than"
                    + " the prepared dataToSign(). Nothing was written");
        }
        return plain ? DSSASN1Utils.toStandardDSASignatureValue(value) : value;
    }

    @FunctionalInterface
    private interface DssCall<T> {
        T run();
    }

    private static <T> T call(Path file, DssCall<T> call) throws KysoException {
        try {
            return call.run();
        } catch (DSSException | eu.europa.esig.dss.alert.exception.AlertException | IllegalArgumentException
                 | IllegalStateException e) {
            throw org.kyso.pdf.internal.DssFailures.translate(e, file, "sign");
        }
    }
}
