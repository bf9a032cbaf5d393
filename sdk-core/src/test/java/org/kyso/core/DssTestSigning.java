package org.kyso.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import eu.europa.esig.dss.cades.CAdESSignatureParameters;
import eu.europa.esig.dss.cades.signature.CAdESService;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.xades.XAdESSignatureParameters;
import eu.europa.esig.dss.xades.reference.CanonicalizationTransform;
import eu.europa.esig.dss.xades.reference.DSSReference;
import eu.europa.esig.dss.xades.reference.DSSTransform;
import eu.europa.esig.dss.xades.reference.EnvelopedSignatureTransform;
import eu.europa.esig.dss.xades.signature.XAdESService;
import eu.europa.esig.dss.spi.DSSUtils;

import org.kyso.core.internal.DssTspSource;
import org.kyso.core.internal.DssVerifiers;
import org.kyso.testkit.Leaf;

/**
 * Test documents signed with EU DSS directly (sdk-core cannot depend on sdk-pdf or sdk-xml):
 * enveloping CAdES signatures over small texts, and XAdES-signed trusted lists.
 */
final class DssTestSigning {

    private DssTestSigning() {
    }

    /** An enveloping CAdES baseline signature (B, T or LT) over {@code text} by {@code signer}. */
    static byte[] cades(Leaf signer, String text, SignatureLevel level, Tsa tsa, TrustAnchors trust, Revocation revocation) {
        return cades(signer, text, level, tsa, trust, revocation, false);
    }

    /**
     * As above; with {@code contentTimestamp} the signed attributes also carry a content time-stamp
     * from {@code tsa} (proof that the content existed, and so the signature was made, after that time).
     */
    static byte[] cades(Leaf signer, String text, SignatureLevel level, Tsa tsa, TrustAnchors trust, Revocation revocation,
                        boolean contentTimestamp) {
        CommonCertificateVerifier verifier = DssVerifiers.create(DssVerifiers.trustedSource(trust), revocation);
        CAdESService service = new CAdESService(verifier);
        if (tsa != null) {
            service.setTspSource(new DssTspSource(tsa));
        }
        CAdESSignatureParameters parameters = new CAdESSignatureParameters();
        parameters.setSignatureLevel(level);
        parameters.setSignaturePackaging(SignaturePackaging.ENVELOPING);
        parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
        parameters.setSigningCertificate(new CertificateToken(signer.certificate()));
        parameters.setCertificateChain(tokens(signer.chain()));
        DSSDocument document = new InMemoryDocument(text.getBytes(StandardCharsets.UTF_8), "van-ban.txt");
        if (contentTimestamp) {
            parameters.setContentTimestamps(List.of(service.getContentTimestamp(document, parameters)));
        }
        ToBeSigned toBeSigned = service.getDataToSign(document, parameters);
        SignatureValue value = sign(signer.privateKey(), toBeSigned.getBytes());
        return DSSUtils.toByteArray(service.signDocument(document, parameters, value));
    }

    static byte[] cadesB(Leaf signer, String text) {
        return cades(signer, text, SignatureLevel.CAdES_BASELINE_B, null, TrustAnchors.none(), Revocation.offline());
    }

    /** {@code xml} signed as a trusted list is (enveloped XAdES-BASELINE-B over the whole document, exclusive c14n). */
    static byte[] signTrustedList(byte[] xml, Leaf signer) {
        XAdESService service = new XAdESService(new CommonCertificateVerifier());
        XAdESSignatureParameters parameters = new XAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.XAdES_BASELINE_B);
        parameters.setSignaturePackaging(SignaturePackaging.ENVELOPED);
        parameters.setEn319132(false); // SigningCertificate (v1), as the TS 119 612 schema wants
        parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
        parameters.setSigningCertificate(new CertificateToken(signer.certificate()));
        parameters.setCertificateChain(tokens(signer.chain().subList(0, 1)));
        DSSDocument document = new InMemoryDocument(xml, "tl.xml");
        DSSReference reference = new DSSReference();
        reference.setId("ref-tl");
        reference.setUri("");
        reference.setContents(document);
        reference.setDigestMethodAlgorithm(DigestAlgorithm.SHA256);
        List<DSSTransform> transforms = new ArrayList<>();
        transforms.add(new EnvelopedSignatureTransform());
        transforms.add(new CanonicalizationTransform("http://www.w3.org/2001/10/xml-exc-c14n#"));
        reference.setTransforms(transforms);
        parameters.setReferences(List.of(reference));
        ToBeSigned toBeSigned = service.getDataToSign(document, parameters);
        SignatureValue value = sign(signer.privateKey(), toBeSigned.getBytes());
        return DSSUtils.toByteArray(service.signDocument(document, parameters, value));
    }

    private static SignatureValue sign(PrivateKey key, byte[] data) {
        eu.europa.esig.dss.enumerations.SignatureAlgorithm algorithm = eu.europa.esig.dss.enumerations.SignatureAlgorithm
                .getAlgorithm(EncryptionAlgorithm.forKey(key), DigestAlgorithm.SHA256);
        try {
            Signature signature = Signature.getInstance(algorithm.getJCEId());
            signature.initSign(key);
            signature.update(data);
            return new SignatureValue(algorithm, signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<CertificateToken> tokens(List<X509Certificate> chain) {
        return chain.stream().map(CertificateToken::new).toList();
    }
}
