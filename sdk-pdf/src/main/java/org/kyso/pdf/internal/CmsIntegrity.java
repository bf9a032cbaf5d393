package org.kyso.pdf.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.security.Provider;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;

import eu.europa.esig.dss.spi.DSSSecurityProvider;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessable;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Store;

/**
 * KySo's own check of a PDF signature's cryptographic integrity with Bouncy Castle, independent of
 * DSS: the CMS in the signature dictionary's {@code /Contents} is verified over the bytes its
 * {@code /ByteRange} declares, as OpenSSL and poppler do. Used where DSS's answer is missing or
 * misleading: signatures DSS does not report (undecodable CMS, algorithms DSS cannot compute such as
 * SHAKE256), byte ranges DSS refuses to read, and signed attributes that are not DER-encoded.
 *
 * <p>Signed attributes are verified as DER first, as RFC 5652 requires; if that fails they are
 * verified in the encoding the file holds (definite-length, in the signer's order), which is what
 * the signer signed. A signature that verifies only the second way is {@link Status#INTACT_NON_DER}:
 * the bytes are exactly those the signer signed, but the encoding breaks the standard.
 *
 * <p>Only integrity is checked: neither the certificate, nor trust, time or revocation.
 */
final class CmsIntegrity {

    /** The outcome of the check. */
    enum Status {
        /** The signature value verifies and every digest matches the declared bytes. */
        INTACT,
        /** As {@link #INTACT}, but only over the signed attributes as encoded, which is not DER. */
        INTACT_NON_DER,
        /** The digest of the declared bytes is not the one the signature holds. */
        DIGEST_MISMATCH,
        /** The signature value does not verify with the signer's public key. */
        SIGNATURE_INVALID,
        /** The CMS does not hold the signer's certificate, so the value cannot be verified. */
        NO_SIGNER_CERTIFICATE,
        /** An algorithm the check cannot compute. */
        UNSUPPORTED,
        /** {@code /Contents} is not a CMS SignedData (or time-stamp token) that can be decoded. */
        UNDECODABLE,
        /** The declared byte ranges cannot be read from the file (outside it, or negative). */
        RANGES_UNREADABLE;

        boolean intact() {
            return this == INTACT || this == INTACT_NON_DER;
        }
    }

    /**
     * What the check found.
     *
     * @param status the outcome
     * @param detail why, for a status other than intact (a parser's or provider's message), or null
     * @param signer the signer's certificate when the CMS names one it holds, or null
     * @param signingTime the signing-time attribute, or the time-stamp token's time, or null
     * @param digestAlgorithm the SignerInfo's digest algorithm (an OID), or null when not decoded
     */
    record Result(Status status, String detail, X509CertificateHolder signer, Date signingTime, String digestAlgorithm) {

        Result(Status status, String detail, X509CertificateHolder signer, Date signingTime) {
            this(status, detail, signer, signingTime, null);
        }
    }

    /** The bytes a byte range declares, written in order. */
    interface SignedBytes {
        void writeTo(OutputStream out) throws IOException;
    }

    private CmsIntegrity() {
    }

    /**
     * Checks {@code contents} (the raw {@code /Contents} value, trailing zero padding allowed) over
     * {@code signed}.
     *
     * @param subFilter the dictionary's {@code /SubFilter}: {@code ETSI.RFC3161} (a document
     *        time-stamp token) and {@code adbe.pkcs7.sha1} (SHA-1 of the bytes as encapsulated
     *        content) are checked as such; anything else as detached CMS
     */
    static Result check(byte[] contents, String subFilter, SignedBytes signed) {
        CMSSignedData cms;
        SignerInformation signerInfo;
        try {
            cms = new CMSSignedData(contents);
            Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
            if (signers.isEmpty()) {
                return new Result(Status.UNDECODABLE, "the CMS has no SignerInfo", null, null);
            }
            signerInfo = signers.iterator().next();
        } catch (Exception | StackOverflowError e) {
            return new Result(Status.UNDECODABLE, message(e), null, null);
        }
        X509CertificateHolder certificate = certificate(cms, signerInfo);
        Date signingTime = signingTime(signerInfo);
        Result result = check(cms, signerInfo, certificate, signingTime, subFilter, signed);
        return new Result(result.status(), result.detail(), result.signer(), result.signingTime(), signerInfo.getDigestAlgOID());
    }

    private static Result check(CMSSignedData cms, SignerInformation signerInfo, X509CertificateHolder certificate,
                                Date signingTime, String subFilter, SignedBytes signed) {
        try {
            Provider provider = DSSSecurityProvider.getSecurityProvider();
            DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().setProvider(provider).build();
            byte[] content = encapsulated(cms);
            byte[] expected;      // what the declared bytes must digest to
            AlgorithmIdentifier expectedAlgorithm;
            if ("ETSI.RFC3161".equals(subFilter)) {
                TimeStampToken token;
                try {
                    token = new TimeStampToken(cms);
                } catch (Exception e) {
                    return new Result(Status.UNDECODABLE, message(e), certificate, signingTime);
                }
                signingTime = token.getTimeStampInfo().getGenTime();
                expected = token.getTimeStampInfo().getMessageImprintDigest();
                expectedAlgorithm = token.getTimeStampInfo().getHashAlgorithm();
            } else if ("adbe.pkcs7.sha1".equals(subFilter)) {
                if (content == null) {
                    return new Result(Status.UNDECODABLE, "adbe.pkcs7.sha1 without encapsulated content", certificate, signingTime);
                }
                // The SHA-1 of the bytes, as the content itself (some signers wrap it in an OCTET STRING).
                expected = content.length == 20 ? content : ASN1OctetString.getInstance(content).getOctets();
                expectedAlgorithm = new AlgorithmIdentifier(org.bouncycastle.asn1.oiw.OIWObjectIdentifiers.idSHA1);
            } else {
                expected = null;
                expectedAlgorithm = null;
            }
            if (expected != null && !Arrays.equals(expected, digest(digests.get(expectedAlgorithm), signed))) {
                return new Result(Status.DIGEST_MISMATCH, null, certificate, signingTime);
            }
            if (certificate == null) {
                return new Result(Status.NO_SIGNER_CERTIFICATE, null, null, signingTime);
            }
            SignerInformationVerifier verifier = new JcaSimpleSignerInfoVerifierBuilder().setProvider(provider).build(certificate);
            // A time-stamp token and adbe.pkcs7.sha1 sign their encapsulated content; a detached
            // signature signs the declared bytes, whatever content it may also carry.
            SignedBytes data = expected != null ? out -> out.write(content) : signed;
            Status status = verifySigner(signerInfo, verifier, digests, data);
            return new Result(status, null, certificate, signingTime);
        } catch (IOException e) {
            return new Result(Status.RANGES_UNREADABLE, message(e), certificate, signingTime);
        } catch (Exception e) {
            return new Result(Status.UNSUPPORTED, message(e), certificate, signingTime);
        }
    }

    /** The signer's verdict over {@code data}: the signed content (encapsulated, or the declared bytes). */
    private static Status verifySigner(SignerInformation signerInfo, SignerInformationVerifier verifier,
                                       DigestCalculatorProvider digests, SignedBytes data) throws Exception {
        AlgorithmIdentifier signatureAlgorithm = signerInfo.toASN1Structure().getDigestEncryptionAlgorithm();
        ASN1Set signedAttributes = signerInfo.toASN1Structure().getAuthenticatedAttributes();
        if (signedAttributes == null) {
            // No signed attributes: the signature is over the content itself.
            ContentVerifier contentVerifier = verifier.getContentVerifier(signatureAlgorithm, signerInfo.getDigestAlgorithmID());
            try (OutputStream out = contentVerifier.getOutputStream()) {
                data.writeTo(out);
            }
            return contentVerifier.verify(signerInfo.getSignature()) ? Status.INTACT : Status.SIGNATURE_INVALID;
        }
        Attribute messageDigest = signerInfo.getSignedAttributes().get(CMSAttributes.messageDigest);
        if (messageDigest == null || messageDigest.getAttrValues().size() != 1) {
            return Status.DIGEST_MISMATCH;
        }
        byte[] claimed = ASN1OctetString.getInstance(messageDigest.getAttrValues().getObjectAt(0)).getOctets();
        if (!Arrays.equals(claimed, digest(digests.get(signerInfo.getDigestAlgorithmID()), data))) {
            return Status.DIGEST_MISMATCH;
        }
        byte[] der = signedAttributes.getEncoded(ASN1Encoding.DER);
        if (verifies(verifier, signerInfo, signatureAlgorithm, der)) {
            return Status.INTACT;
        }
        byte[] asEncoded = signedAttributes.getEncoded(ASN1Encoding.DL);
        if (!Arrays.equals(der, asEncoded) && verifies(verifier, signerInfo, signatureAlgorithm, asEncoded)) {
            return Status.INTACT_NON_DER;
        }
        return Status.SIGNATURE_INVALID;
    }

    private static boolean verifies(SignerInformationVerifier verifier, SignerInformation signerInfo,
                                    AlgorithmIdentifier signatureAlgorithm, byte[] signedAttributes) throws Exception {
        ContentVerifier contentVerifier = verifier.getContentVerifier(signatureAlgorithm, signerInfo.getDigestAlgorithmID());
        try (OutputStream out = contentVerifier.getOutputStream()) {
            out.write(signedAttributes);
        }
        return contentVerifier.verify(signerInfo.getSignature());
    }

    private static byte[] digest(DigestCalculator calculator, SignedBytes data) throws IOException {
        try (OutputStream out = calculator.getOutputStream()) {
            data.writeTo(out);
        }
        return calculator.getDigest();
    }

    /** The encapsulated content (a time-stamp token's TSTInfo, adbe.pkcs7.sha1's digest), or null when detached. */
    private static byte[] encapsulated(CMSSignedData cms) {
        CMSProcessable content = cms.getSignedContent();
        if (content == null) {
            return null;
        }
        Object value = content.getContent();
        return value instanceof byte[] bytes ? bytes : null;
    }

    private static X509CertificateHolder certificate(CMSSignedData cms, SignerInformation signerInfo) {
        try {
            @SuppressWarnings("unchecked")
            Store<X509CertificateHolder> store = cms.getCertificates();
            Collection<X509CertificateHolder> matches = store.getMatches(signerInfo.getSID());
            return matches.isEmpty() ? null : matches.iterator().next();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Date signingTime(SignerInformation signerInfo) {
        try {
            AttributeTable attributes = signerInfo.getSignedAttributes();
            Attribute time = attributes == null ? null : attributes.get(CMSAttributes.signingTime);
            if (time == null || time.getAttrValues().size() != 1) {
                return null;
            }
            ASN1Encodable value = time.getAttrValues().getObjectAt(0);
            if (value instanceof ASN1UTCTime || value instanceof ASN1GeneralizedTime) {
                return Time.getInstance(value).getDate();
            }
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String message(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
