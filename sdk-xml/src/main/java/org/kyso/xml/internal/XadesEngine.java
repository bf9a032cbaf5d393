package org.kyso.xml.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import eu.europa.esig.dss.alert.exception.AlertException;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.exception.IllegalInputException;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.xades.XAdESSignatureParameters;
import eu.europa.esig.dss.xades.signature.XAdESService;
import org.w3c.dom.Document;

import org.kyso.core.KeyAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SigningKey;
import org.kyso.core.Tsa;
import org.kyso.core.internal.DssAlgorithms;
import org.kyso.core.internal.DssTspSource;
import org.kyso.core.internal.DssVerifiers;
import org.kyso.core.internal.WrappedKysoException;

/**
 * Creates one XAdES signature through DSS's {@link XAdESService} with an external
 * {@link SigningKey}: data to be signed from DSS, signature value from the key, signature from DSS.
 * Every DSS object (service, verifier, parameters) is mutable, so each call makes its own; this
 * class only holds immutable settings and is thread-safe.
 */
public final class XadesEngine {

    /** Immutable settings of one signer. */
    public record Settings(SigningKey key, SignatureAlgorithm algorithm, SignatureLevel level,
                           SignaturePackaging packaging, Tsa tsa, CommonTrustedCertificateSource trusted,
                           Revocation revocation) {
        public Settings {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(packaging, "packaging");
            Objects.requireNonNull(trusted, "trusted");
            Objects.requireNonNull(revocation, "revocation");
        }
    }

    private final Settings settings;

    public XadesEngine(Settings settings) {
        this.settings = settings;
    }

    /**
     * Signs {@code content} and returns the signed document (enveloped, enveloping) or the detached
     * signature.
     *
     * @param name the document's name: the reference URI of a detached signature, and what
     *        messages call it
     * @param file the input file, or null for data from memory
     */
    public byte[] sign(byte[] content, String name, Path file) throws KysoException {
        String what = file == null ? name : file.toString();
        byte[] toDss = content;
        Document originalDom = null;
        if (settings.packaging() != SignaturePackaging.DETACHED) {
            originalDom = XmlInput.parse(content, what, file);
            int start = XmlInput.markupStart(content);
            if (start < 0) {
                throw new MalformedDocumentException(file, what + " does not start with '<' in UTF-8: KySo signs XML"
                        + " in UTF-8 or an ASCII-compatible encoding; convert it (e.g. from UTF-16) before signing", null);
            }
            int bom = XmlInput.hasUtf8Bom(content) ? 3 : 0;
            if (start > bom) {
                // DSS (signing and validating alike) wants the markup first, after at most a byte
                // order mark; blank lines before the root are not part of the XML infoset anyway
                byte[] trimmed = new byte[bom + content.length - start];
                System.arraycopy(content, 0, trimmed, 0, bom);
                System.arraycopy(content, start, trimmed, bom, content.length - start);
                toDss = trimmed;
            }
        }
        DSSDocument document = new InMemoryDocument(toDss, name);
        byte[] signed = signWithDss(document, what, file);
        if (originalDom != null && settings.packaging() == SignaturePackaging.ENVELOPED) {
            return EnvelopedSplice.splice(toDss, originalDom, signed).orElse(signed);
        }
        return signed;
    }

    private byte[] signWithDss(DSSDocument document, String what, Path file) throws KysoException {
        SigningKey key = settings.key();
        SignatureAlgorithm algorithm = settings.algorithm();
        XAdESSignatureParameters parameters = parameters();
        XAdESService service = new XAdESService(DssVerifiers.create(settings.trusted(), settings.revocation()));
        if (settings.tsa() != null) {
            service.setTspSource(new DssTspSource(settings.tsa()));
        }
        try {
            ToBeSigned toBeSigned = service.getDataToSign(document, parameters);
            byte[] value = key.sign(algorithm, toBeSigned.getBytes());
            checkSignatureValue(toBeSigned.getBytes(), value);
            DSSDocument result = service.signDocument(document, parameters,
                    new SignatureValue(DssAlgorithms.signature(algorithm), value));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            result.writeTo(out);
            return out.toByteArray();
        } catch (RuntimeException e) {
            // DSS reports through unchecked exceptions of several unrelated types
            KysoException cause = WrappedKysoException.unwrap(e);
            if (cause != null) {
                throw cause;
            }
            if (e instanceof IllegalInputException) {
                throw new MalformedDocumentException(file, "Cannot sign " + what + ": " + e.getMessage(), e);
            }
            if (e instanceof AlertException) {
                throw new KysoException("Refusing to sign " + what + ": " + e.getMessage(), e);
            }
            throw new KysoException("Cannot create the XAdES signature of " + what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new KysoException("Cannot serialise the XAdES signature of " + what + ": " + e.getMessage(), e);
        }
    }

    private XAdESSignatureParameters parameters() {
        XAdESSignatureParameters p = new XAdESSignatureParameters();
        p.setSignatureLevel(settings.level());
        p.setSignaturePackaging(settings.packaging());
        p.setEmbedXML(settings.packaging() == SignaturePackaging.ENVELOPING);
        p.setPrettyPrint(false);
        List<X509Certificate> chain = settings.key().certificateChain();
        p.setSigningCertificate(new CertificateToken(chain.get(0)));
        List<CertificateToken> tokens = new ArrayList<>();
        for (X509Certificate c : chain) {
            tokens.add(new CertificateToken(c));
        }
        p.setCertificateChain(tokens);
        // after setSigningCertificate, which guesses the encryption algorithm from the key (RSA, not RSASSA-PSS)
        p.setEncryptionAlgorithm(DssAlgorithms.encryption(settings.algorithm()));
        p.setDigestAlgorithm(DssAlgorithms.digest(settings.algorithm().digest()));
        p.bLevel().setSigningDate(new Date());
        if (settings.tsa() != null) {
            var digest = DssAlgorithms.digest(settings.tsa().digest());
            p.getSignatureTimestampParameters().setDigestAlgorithm(digest);
            p.getArchiveTimestampParameters().setDigestAlgorithm(digest);
        }
        return p;
    }

    /**
     * Verifies the key's answer before it goes into a document: a token that signs with another
     * key or mangles the value would otherwise yield a signature that fails only at validation.
     */
    private void checkSignatureValue(byte[] data, byte[] value) throws KysoException {
        SignatureAlgorithm algorithm = settings.algorithm();
        X509Certificate certificate = settings.key().certificate();
        boolean ok;
        try {
            Signature verifier = Signature.getInstance(algorithm.jcaName());
            if (algorithm.isPss()) {
                verifier.setParameter(algorithm.pssParameters());
            }
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(data);
            ok = verifier.verify(value);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            throw new KeyAccessException(KeyAccessException.Reason.OTHER, "The key returned a " + algorithm
                    + " signature value that does not verify with the certificate of "
                    + certificate.getSubjectX500Principal().getName()
                    + ": the key and the certificate chain do not belong together, or the device signed something else");
        }
    }
}
