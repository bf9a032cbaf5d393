package org.kyso.xml.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

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
import eu.europa.esig.dss.xades.reference.CanonicalizationTransform;
import eu.europa.esig.dss.xades.reference.DSSReference;
import eu.europa.esig.dss.xades.reference.DSSTransform;
import eu.europa.esig.dss.xades.reference.XPath2FilterEnvelopedSignatureTransform;
import eu.europa.esig.dss.xml.common.definition.DSSNamespace;
import eu.europa.esig.dss.xml.utils.XMLCanonicalizer;
import eu.europa.esig.dss.xades.signature.XAdESService;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import org.kyso.core.KeyAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.RevocationException;
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
public final class XadesEngine implements SignatureEngine {

    /**
     * Immutable settings of one signer.
     *
     * @param referenceIds enveloped only: the Ids of the elements to sign (empty: the whole document)
     * @param placement enveloped only: XPath of the element the signature is appended to (null: the root)
     * @param canonicalization URI for SignedInfo, SignedProperties and (enveloped) the references; null: DSS's default, exclusive
     */
    public record Settings(SigningKey key, SignatureAlgorithm algorithm, SignatureLevel level,
                           SignaturePackaging packaging, Tsa tsa, CommonTrustedCertificateSource trusted,
                           Revocation revocation, List<String> referenceIds, String placement, String canonicalization) {
        public Settings {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(packaging, "packaging");
            Objects.requireNonNull(trusted, "trusted");
            Objects.requireNonNull(revocation, "revocation");
            referenceIds = List.copyOf(referenceIds);
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
    @Override
    public byte[] sign(byte[] content, String name, Path file) throws KysoException {
        String what = file == null ? name : file.toString();
        byte[] toDss = content;
        Document originalDom = null;
        if (settings.packaging() != SignaturePackaging.DETACHED) {
            originalDom = XmlInput.parse(content, what, file);
            XmlTargets.checkEarlierReferences(originalDom, what, file);
            toDss = XmlInput.forDss(content, what, file);
        }
        DSSDocument document = new InMemoryDocument(toDss, name);
        XAdESSignatureParameters parameters = parameters();
        if (settings.canonicalization() != null) {
            parameters.setSignedInfoCanonicalizationMethod(settings.canonicalization());
            parameters.setSignedPropertiesCanonicalizationMethod(settings.canonicalization());
        }
        if (settings.packaging() == SignaturePackaging.ENVELOPED) {
            placeAndReference(parameters, originalDom, document, what, file);
        }
        byte[] signed = signWithDss(List.of(document), parameters, what, file);
        if (originalDom != null && settings.packaging() == SignaturePackaging.ENVELOPED) {
            return EnvelopedSplice.splice(toDss, originalDom, signed).orElse(signed);
        }
        return signed;
    }

    /**
     * Signs several files in one detached signature, one reference each, by the document's name.
     * The caller checks that the names are distinct and that the settings are for detached packaging.
     *
     * @param what how messages call the files together
     */
    public byte[] signDetached(List<DSSDocument> documents, String what) throws KysoException {
        if (settings.packaging() != SignaturePackaging.DETACHED) {
            throw new IllegalStateException("Several documents can only be signed in a detached signature");
        }
        XAdESSignatureParameters parameters = parameters();
        if (settings.canonicalization() != null) {
            parameters.setSignedInfoCanonicalizationMethod(settings.canonicalization());
            parameters.setSignedPropertiesCanonicalizationMethod(settings.canonicalization());
        }
        return signWithDss(List.copyOf(documents), parameters, what, null);
    }

    /**
     * Where the enveloped signature goes (DSS gets a prefix-free positional XPath, so the caller's
     * prefixes need not be DSS's) and what it references: the elements named by Id, or the whole
     * document, with the chosen canonicalization. Without any of these, DSS's defaults stay.
     */
    private void placeAndReference(XAdESSignatureParameters parameters, Document dom, DSSDocument document,
                                   String what, Path file) throws MalformedDocumentException {
        Element parent = dom.getDocumentElement();
        if (settings.placement() != null) {
            parent = XmlTargets.select(dom, settings.placement(), what, file);
            if (parent != dom.getDocumentElement()) {
                parameters.setXPathLocationString(XmlTargets.positionalPath(parent));
            }
        }
        String c14n = settings.canonicalization();
        if (settings.referenceIds().isEmpty() && c14n == null) {
            return;
        }
        DSSNamespace ds = parameters.getXmldsigNamespace();
        String referenceC14n = c14n != null ? c14n : XMLCanonicalizer.DEFAULT_DSS_C14N_METHOD;
        List<DSSReference> references = new ArrayList<>();
        if (settings.referenceIds().isEmpty()) {
            // DSS's own whole-document reference, with the chosen canonicalization
            references.add(reference("", document,
                    List.of(new XPath2FilterEnvelopedSignatureTransform(ds), new CanonicalizationTransform(ds, referenceC14n))));
        }
        for (String id : settings.referenceIds()) {
            Element target = XmlTargets.byId(dom, id, what, file, "an element to sign");
            List<DSSTransform> transforms = new ArrayList<>();
            if (contains(target, parent)) {
                // the signature goes inside the signed element: leave signatures out of what is signed
                transforms.add(new XPath2FilterEnvelopedSignatureTransform(ds));
            }
            transforms.add(new CanonicalizationTransform(ds, referenceC14n));
            references.add(reference("#" + id, document, transforms));
        }
        parameters.setReferences(references);
    }

    private DSSReference reference(String uri, DSSDocument document, List<DSSTransform> transforms) {
        DSSReference reference = new DSSReference();
        // unique in the document even when it is signed again
        reference.setId("r-" + UUID.randomUUID());
        reference.setUri(uri);
        reference.setContents(document);
        reference.setDigestMethodAlgorithm(DssAlgorithms.digest(settings.algorithm().digest()));
        reference.setTransforms(transforms);
        return reference;
    }

    private static boolean contains(Element ancestor, Node node) {
        for (Node n = node; n != null; n = n.getParentNode()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    private byte[] signWithDss(List<DSSDocument> documents, XAdESSignatureParameters parameters, String what, Path file)
            throws KysoException {
        SigningKey key = settings.key();
        SignatureAlgorithm algorithm = settings.algorithm();
        XAdESService service = new XAdESService(DssVerifiers.create(settings.trusted(), settings.revocation()));
        if (settings.tsa() != null) {
            service.setTspSource(new DssTspSource(settings.tsa()));
        }
        try {
            // one document through DSS's single-document path, as always; several: one reference each
            boolean one = documents.size() == 1;
            ToBeSigned toBeSigned = one ? service.getDataToSign(documents.get(0), parameters)
                    : service.getDataToSign(documents, parameters);
            byte[] value = key.sign(algorithm, toBeSigned.getBytes());
            checkSignatureValue(toBeSigned.getBytes(), value);
            SignatureValue signatureValue = new SignatureValue(DssAlgorithms.signature(algorithm), value);
            DSSDocument result = one ? service.signDocument(documents.get(0), parameters, signatureValue)
                    : service.signDocument(documents, parameters, signatureValue);
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
                String why = String.valueOf(e.getMessage());
                if (why.contains("Revocation data is missing") || why.contains("untrusted certificate chain")) {
                    // LT/LTA: a service that is down or answers badly is a service failure (CLI exit 69), as for PAdES.
                    throw new RevocationException(null, "Cannot sign " + what + " at " + settings.level().toString()
                            .replace('_', '-') + ": no revocation data (OCSP or CRL) could be obtained for the"
                            + " certificate chain. Check that the OCSP responders and CRLs named in the certificates"
                            + " can be reached, and give the root CA with trust(...) (CLI: --trust) (" + why + ")", e);
                }
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
        if (!org.kyso.core.internal.SignatureValues.verifies(algorithm, certificate.getPublicKey(), data, value, false)) {
            throw new KeyAccessException(KeyAccessException.Reason.OTHER, "The key returned a " + algorithm
                    + " signature value that does not verify with the certificate of "
                    + certificate.getSubjectX500Principal().getName()
                    + ": the key and the certificate chain do not belong together, or the device signed something else");
        }
    }
}
