package org.kyso.testkit.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.tsp.TSTInfo;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.TsaMode;

/**
 * An RFC 3161 time-stamping authority built on Bouncy Castle's {@link TimeStampResponseGenerator}.
 * This class is thread-safe: every answer is built with its own generators and signer.
 */
public final class TimeStampAuthority {

    private static final Set<ASN1ObjectIdentifier> ACCEPTED_DIGESTS = Set.of(
            TSPAlgorithms.SHA1, TSPAlgorithms.SHA224, TSPAlgorithms.SHA256, TSPAlgorithms.SHA384, TSPAlgorithms.SHA512);

    private static final byte[] GARBAGE = "This is not a TimeStampResp. (TsaMode.GARBAGE)\n".getBytes(StandardCharsets.US_ASCII);

    private final Leaf tsa;
    private final Supplier<Leaf> tsaWithoutEku;
    private final ASN1ObjectIdentifier policy;
    private final SecureRandom random;

    /**
     * @param tsa the TSA certificate (critical EKU id-kp-timeStamping only) with its key and chain
     * @param tsaWithoutEku made on first use by {@link TsaMode#CERT_WITHOUT_EKU}
     * @param policy the TSA policy OID put in tokens, and the only one accepted in requests
     */
    public TimeStampAuthority(Leaf tsa, Supplier<Leaf> tsaWithoutEku, String policy, SecureRandom random) {
        this.tsa = tsa;
        this.tsaWithoutEku = tsaWithoutEku;
        this.policy = new ASN1ObjectIdentifier(policy);
        this.random = random;
    }

    /** Answers a DER TimeStampReq with a DER TimeStampResp, altered as {@code mode} says. */
    public byte[] respond(byte[] body, TsaMode mode) {
        try {
            if (mode == TsaMode.GARBAGE) {
                return GARBAGE.clone();
            }
            TimeStampResponseGenerator generator = responseGenerator();
            TimeStampRequest request;
            try {
                request = new TimeStampRequest(body);
            } catch (IOException | RuntimeException e) {
                return generator.generateFailResponse(PKIStatus.REJECTION, PKIFailureInfo.badDataFormat,
                        "Not a DER TimeStampReq: " + e.getMessage()).getEncoded();
            }
            switch (mode) {
                case REJECT:
                    return generator.generateFailResponse(PKIStatus.REJECTION, PKIFailureInfo.systemFailure,
                            "Rejected by the KySo test TSA (TsaMode.REJECT)").getEncoded();
                case WRONG_NONCE:
                    BigInteger nonce = request.getNonce();
                    return grant(generator, copy(request, request.getMessageImprintDigest(),
                            nonce == null ? Bc.serial(random) : nonce.add(BigInteger.ONE))).getEncoded();
                case WRONG_IMPRINT:
                    byte[] imprint = request.getMessageImprintDigest().clone();
                    for (int i = 0; i < imprint.length; i++) {
                        imprint[i] ^= (byte) 0xFF;
                    }
                    return grant(generator, copy(request, imprint, request.getNonce())).getEncoded();
                case CERT_WITHOUT_EKU:
                    TimeStampResponse normal = grant(generator, request);
                    if (normal.getTimeStampToken() == null) {
                        return normal.getEncoded();
                    }
                    return resign(normal.getTimeStampToken().getTimeStampInfo().toASN1Structure(),
                            tsaWithoutEku.get(), request.getCertReq());
                case NORMAL:
                case SLOW:
                default:
                    return grant(generator, request).getEncoded();
            }
        } catch (TSPException | IOException e) {
            throw new IllegalStateException("Cannot build a time-stamp response", e);
        }
    }

    private TimeStampResponse grant(TimeStampResponseGenerator generator, TimeStampRequest request) throws TSPException {
        // generate() validates the request (digest algorithm, imprint length, policy) and turns a
        // failed check into a rejection with the matching failure info, e.g. unacceptedPolicy.
        return generator.generate(request, Bc.serial(random), new Date());
    }

    private TimeStampResponseGenerator responseGenerator() throws TSPException {
        try {
            SignerInfoGenerator signerInfo = new JcaSimpleSignerInfoGeneratorBuilder()
                    .build(Bc.signatureAlgorithm(tsa.privateKey()), tsa.privateKey(), tsa.certificate());
            // A SHA-256 calculator makes BC write signingCertificateV2 with an ESSCertIDv2.
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(signerInfo, Bc.sha256Calculator(), policy);
            tokens.setAccuracySeconds(1);
            // Put into the token only when the request sets certReq.
            tokens.addCertificates(new JcaCertStore(tsa.chain().subList(0, 2)));
            return new TimeStampResponseGenerator(tokens, ACCEPTED_DIGESTS, Set.of(policy));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up the TSA signer", e);
        }
    }

    private static TimeStampRequest copy(TimeStampRequest request, byte[] imprint, BigInteger nonce) {
        TimeStampRequestGenerator copy = new TimeStampRequestGenerator();
        copy.setCertReq(request.getCertReq());
        if (request.getReqPolicy() != null) {
            copy.setReqPolicy(request.getReqPolicy());
        }
        return copy.generate(request.getMessageImprintAlgOID(), imprint, nonce);
    }

    // TimeStampTokenGenerator refuses a certificate without the timeStamping EKU (as it should), so
    // the token for CERT_WITHOUT_EKU is signed here with plain CMS, carrying what BC would carry.
    private byte[] resign(TSTInfo info, Leaf signer, boolean includeCertificates) throws IOException {
        try {
            X509Certificate certificate = signer.certificate();
            X509CertificateHolder holder = Bc.holder(certificate);
            ESSCertIDv2 certId = new ESSCertIDv2(Bc.digest("SHA-256", certificate.getEncoded()),
                    new IssuerSerial(new GeneralNames(new GeneralName(holder.getIssuer())), holder.getSerialNumber()));
            Attribute signingCertificate = new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                    new DERSet(new SigningCertificateV2(certId)));
            PrivateKey key = signer.privateKey();
            SignerInfoGenerator signerInfo = new JcaSignerInfoGeneratorBuilder(Bc.digestCalculators())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(signingCertificate)))
                    .build(Bc.contentSigner(key), certificate);
            CMSSignedDataGenerator cms = new CMSSignedDataGenerator();
            cms.addSignerInfoGenerator(signerInfo);
            if (includeCertificates) {
                cms.addCertificates(new JcaCertStore(List.of(certificate, signer.chain().get(1))));
            }
            CMSSignedData token = cms.generate(
                    new CMSProcessableByteArray(PKCSObjectIdentifiers.id_ct_TSTInfo, info.getEncoded(ASN1Encoding.DER)), true);
            return new TimeStampResp(new PKIStatusInfo(PKIStatus.granted), token.toASN1Structure()).getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | OperatorCreationException | CMSException e) {
            throw new IllegalStateException("Cannot sign the time-stamp token without EKU", e);
        }
    }
}
