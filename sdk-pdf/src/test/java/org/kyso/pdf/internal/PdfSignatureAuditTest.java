package org.kyso.pdf.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Calendar;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTCTime;
import org.bouncycastle.asn1.DLSequence;
import org.bouncycastle.asn1.DLSet;
import org.bouncycastle.asn1.DLTaggedObject;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.Indication;
import org.kyso.core.Message;
import org.kyso.core.Modification;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What KySo's own PDF signature checks ({@link PdfSignatureAudit}, {@link CmsIntegrity}) change in a
 * report, on PDFs signed here with hand-made CMS: signatures DSS gets wrong or does not report, and
 * byte ranges that leave part of the document unsigned.
 */
class PdfSignatureAuditTest {

    private static final Validator VALIDATOR = Validator.builder().revocation(Revocation.offline()).build();

    private static KeyPair rsa;
    private static X509CertificateHolder rsaCertificate;
    private static KeyPair ed448;
    private static X509CertificateHolder ed448Certificate;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        rsa = generator.generateKeyPair();
        rsaCertificate = selfSigned(rsa, "SHA256withRSA", "CN=Audit RSA");
        ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        ed448Certificate = selfSigned(ed448, "Ed448", "CN=Audit Ed448");
    }

    @Test
    void aSignatureWhoseSignedAttributesAreNotInDerOrderIsIntactButIndeterminate() throws Exception {
        ValidationReport report = VALIDATOR.validate(signed(content -> cms(content, false)), "unsorted.pdf");

        SignatureReport signature = only(report);
        assertThat(signature.integrity()).isTrue();
        assertThat(signature.indication()).isEqualTo(Indication.INDETERMINATE);
        assertThat(signature.subIndication()).isEqualTo("FORMAT_FAILURE");
        assertThat(keys(signature.errors())).contains("kyso.pdf.cms.signed-attributes-not-der").doesNotContain("BBB_CV_ISI_ANS");
        assertThat(report.verdict()).isEqualTo(Verdict.INDETERMINATE);
    }

    @Test
    void theSameSignatureInDerOrderNeedsNoCorrection() throws Exception {
        ValidationReport report = VALIDATOR.validate(signed(content -> cms(content, true)), "sorted.pdf");

        SignatureReport signature = only(report);
        assertThat(signature.integrity()).isTrue();
        assertThat(keys(signature.errors())).noneMatch(k -> k.startsWith("kyso.pdf."));
        assertThat(signature.modifiedAfterSigning()).isEqualTo(Modification.NONE);
        assertThat(signature.coversWholeDocument()).isTrue();
    }

    @Test
    void anUndecodableSignatureIsReportedBrokenNotMissing() throws Exception {
        byte[] pdf = signed(content -> "this is not a CMS signature".getBytes(StandardCharsets.US_ASCII));

        ValidationReport report = VALIDATOR.validate(pdf, "undecodable.pdf");

        assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
        SignatureReport signature = only(report);
        assertThat(signature.integrity()).isFalse();
        assertThat(signature.indication()).isEqualTo(Indication.TOTAL_FAILED);
        assertThat(signature.subIndication()).isEqualTo("FORMAT_FAILURE");
        assertThat(signature.fieldName()).isEqualTo("Signature1");
        assertThat(keys(signature.errors())).contains("kyso.pdf.cms.undecodable");
    }

    @Test
    void anEd448SignatureWithShake256IsVerifiedWithBouncyCastle(@TempDir Path folder) throws Exception {
        // DSS asks the Java platform for SHAKE256, which it has not: depending on how the document is
        // read (and on what ran before), DSS then fails on the whole document or finds the signature
        // broken. Either way KySo's own check finds it intact.
        byte[] pdf = signed(PdfSignatureAuditTest::ed448Cms);
        Path file = Files.write(folder.resolve("ed448.pdf"), pdf);

        for (ValidationReport report : List.of(VALIDATOR.validate(pdf, "ed448.pdf"), VALIDATOR.validate(file))) {
            SignatureReport signature = only(report);
            assertThat(signature.integrity()).as("%s", signature.errors()).isTrue();
            assertThat(signature.indication()).isEqualTo(Indication.INDETERMINATE);
            assertThat(keys(signature.errors())).containsAnyOf("kyso.pdf.independent.dss-failed", "kyso.pdf.cms.digest-unavailable");
            assertThat(report.verdict()).isEqualTo(Verdict.INDETERMINATE);
        }
    }

    @Test
    void aByteRangeThatStopsBeforeTheEndOfItsRevisionIsNotPermitted() throws Exception {
        // The signer covers all but the last bytes of its own revision ("%%EOF"): those could be
        // changed, and with them the trailer that tells a reader where the document starts.
        byte[] pdf = signed(content -> cms(content, true), 7);

        ValidationReport report = VALIDATOR.validate(pdf, "tail.pdf");

        SignatureReport signature = only(report);
        assertThat(signature.integrity()).isTrue();
        assertThat(signature.coversWholeDocument()).isFalse();
        assertThat(signature.modifiedAfterSigning()).isEqualTo(Modification.NOT_PERMITTED);
        assertThat(signature.indication()).isEqualTo(Indication.TOTAL_FAILED);
        assertThat(keys(signature.errors())).contains("kyso.pdf.coverage.revision");
        assertThat(keys(signature.changesAfterSigning())).contains("kyso.pdf.coverage.change").doesNotContain("kyso.pdf.change.none");
        assertThat(report.verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void cmsIntegrityTellsWhatDssCannot() throws Exception {
        byte[] data = "signed bytes".getBytes(StandardCharsets.US_ASCII);
        CmsIntegrity.SignedBytes signed = out -> out.write(data);

        assertThat(CmsIntegrity.check(cms(data, true), "ETSI.CAdES.detached", signed).status())
                .isEqualTo(CmsIntegrity.Status.INTACT);
        assertThat(CmsIntegrity.check(cms(data, false), "ETSI.CAdES.detached", signed).status())
                .isEqualTo(CmsIntegrity.Status.INTACT_NON_DER);
        assertThat(CmsIntegrity.check(ed448Cms(data), "ETSI.CAdES.detached", signed).status())
                .isEqualTo(CmsIntegrity.Status.INTACT);
        assertThat(CmsIntegrity.check(cms(data, true), "ETSI.CAdES.detached", out -> out.write(data, 1, data.length - 1))
                .status()).isEqualTo(CmsIntegrity.Status.DIGEST_MISMATCH);
        byte[] tampered = cms(data, true);
        tampered[tampered.length - 1] ^= 1; // the last byte of the signature value
        assertThat(CmsIntegrity.check(tampered, "ETSI.CAdES.detached", signed).status())
                .isEqualTo(CmsIntegrity.Status.SIGNATURE_INVALID);
        assertThat(CmsIntegrity.check(new byte[] {0x30, 0x03, 0x02, 0x01}, "ETSI.CAdES.detached", signed).status())
                .isEqualTo(CmsIntegrity.Status.UNDECODABLE);
    }

    private static SignatureReport only(ValidationReport report) {
        assertThat(report.signatures()).as("signatures of %s", report).hasSize(1);
        return report.signatures().get(0);
    }

    private static List<String> keys(List<Message> messages) {
        return messages.stream().map(Message::key).toList();
    }

    private static byte[] signed(Function<byte[], byte[]> signer) throws IOException {
        return signed(signer, 0);
    }

    /**
     * A one-page PDF signed by {@code signer} (given the signed bytes, returns /Contents); with
     * {@code uncovered} > 0 the byte range is first shortened to leave that many final bytes unsigned.
     */
    private static byte[] signed(Function<byte[], byte[]> signer, int uncovered) throws IOException {
        byte[] unsigned;
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            unsigned = out.toByteArray();
        }
        byte[] prepared;
        try (PDDocument document = Loader.loadPDF(unsigned); SignatureOptions options = new SignatureOptions()) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setSignDate(Calendar.getInstance());
            options.setPreferredSignatureSize(8192);
            document.addSignature(signature, options);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ExternalSigningSupport external = document.saveIncrementalForExternalSigning(out);
            external.getContent().readAllBytes();
            external.setSignature(new byte[0]);
            prepared = out.toByteArray();
        }
        // Sign (and optionally shorten) the byte range ourselves, as an external signer would.
        String text = new String(prepared, StandardCharsets.ISO_8859_1);
        int open = text.lastIndexOf("/ByteRange [") + "/ByteRange ".length();
        int close = text.indexOf(']', open);
        String[] numbers = text.substring(open + 1, close).trim().split("\\s+");
        long[] range = new long[4];
        for (int i = 0; i < 4; i++) {
            range[i] = Long.parseLong(numbers[i]);
        }
        range[3] -= uncovered;
        String rewritten = "[" + range[0] + " " + range[1] + " " + range[2] + " " + range[3] + "]";
        byte[] pdf = prepared.clone();
        byte[] array = (rewritten + " ".repeat(close + 1 - open - rewritten.length())).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(array, 0, pdf, open, array.length);
        ByteArrayOutputStream covered = new ByteArrayOutputStream();
        covered.write(pdf, (int) range[0], (int) range[1]);
        covered.write(pdf, (int) range[2], (int) range[3]);
        byte[] contents = signer.apply(covered.toByteArray());
        byte[] hex = java.util.HexFormat.of().formatHex(contents).getBytes(StandardCharsets.US_ASCII);
        assertThat(hex.length).isLessThan((int) (range[2] - range[1]) - 2);
        System.arraycopy(hex, 0, pdf, (int) range[1] + 1, hex.length);
        return pdf;
    }

    /** A detached CMS SignedData (RSA, SHA-256) over {@code content}, its signed attributes sorted or not. */
    private static byte[] cms(byte[] content, boolean derOrder) {
        try {
            ASN1Encodable contentType = attribute(PKCSObjectIdentifiers.pkcs_9_at_contentType.getId(), CMSObjectIdentifiers.data);
            ASN1Encodable signingTime = attribute(PKCSObjectIdentifiers.pkcs_9_at_signingTime.getId(), new DERUTCTime(new Date()));
            ASN1Encodable messageDigest = attribute(PKCSObjectIdentifiers.pkcs_9_at_messageDigest.getId(),
                    new DEROctetString(MessageDigest.getInstance("SHA-256").digest(content)));
            // contentType (30 18) < signingTime (30 1c) < messageDigest (30 2f) in DER; the other
            // order is what some signers produce.
            DLSet attributes = derOrder ? new DLSet(new ASN1Encodable[] {contentType, signingTime, messageDigest})
                    : new DLSet(new ASN1Encodable[] {messageDigest, contentType, signingTime});
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(rsa.getPrivate());
            signature.update(attributes.getEncoded(ASN1Encoding.DL));
            return signedData(rsaCertificate, new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE),
                    attributes, new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), signature.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A detached CMS SignedData with Ed448 and SHAKE256 (512-bit output, RFC 8419). */
    private static byte[] ed448Cms(byte[] content) {
        try {
            SHAKEDigest shake = new SHAKEDigest(256);
            shake.update(content, 0, content.length);
            byte[] digest = new byte[64];
            shake.doFinal(digest, 0, digest.length);
            DERSet attributes = new DERSet(new ASN1Encodable[] {
                    attribute(PKCSObjectIdentifiers.pkcs_9_at_contentType.getId(), CMSObjectIdentifiers.data),
                    attribute(PKCSObjectIdentifiers.pkcs_9_at_messageDigest.getId(), new DEROctetString(digest))});
            Signature signature = Signature.getInstance("Ed448");
            signature.initSign(ed448.getPrivate());
            signature.update(attributes.getEncoded(ASN1Encoding.DER));
            return signedData(ed448Certificate, new AlgorithmIdentifier(NISTObjectIdentifiers.id_shake256),
                    attributes, new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed448), signature.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ASN1Encodable attribute(String oid, ASN1Encodable value) {
        return new DLSequence(new ASN1Encodable[] {new ASN1ObjectIdentifier(oid), new DERSet(value)});
    }

    /** SignedData built by hand, definite-length and keeping the signed attributes' order as given. */
    private static byte[] signedData(X509CertificateHolder certificate, AlgorithmIdentifier digestAlgorithm, ASN1Set attributes,
                                     AlgorithmIdentifier signatureAlgorithm, byte[] value) throws IOException {
        ASN1EncodableVector signerInfo = new ASN1EncodableVector();
        signerInfo.add(new ASN1Integer(1));
        signerInfo.add(new IssuerAndSerialNumber(certificate.getIssuer(), certificate.getSerialNumber()));
        signerInfo.add(digestAlgorithm);
        signerInfo.add(new DLTaggedObject(false, 0, attributes));
        signerInfo.add(signatureAlgorithm);
        signerInfo.add(new DEROctetString(value));
        ASN1EncodableVector signedData = new ASN1EncodableVector();
        signedData.add(new ASN1Integer(1));
        signedData.add(new DLSet(digestAlgorithm));
        signedData.add(new DLSequence(CMSObjectIdentifiers.data));
        signedData.add(new DLTaggedObject(false, 0, new DLSet(certificate.toASN1Structure())));
        signedData.add(new DLSet(new DLSequence(signerInfo)));
        return new DLSequence(new ASN1Encodable[] {CMSObjectIdentifiers.signedData,
                new DLTaggedObject(true, 0, new DLSequence(signedData))}).getEncoded(ASN1Encoding.DL);
    }

    private static X509CertificateHolder selfSigned(KeyPair keys, String algorithm, String name) throws Exception {
        Instant now = Instant.now();
        X500Name subject = new X500Name(name);
        return new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(365, ChronoUnit.DAYS)), subject, keys.getPublic())
                .build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate()));
    }
}
