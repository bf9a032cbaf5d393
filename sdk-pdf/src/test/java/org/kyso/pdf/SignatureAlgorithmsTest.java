package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.kyso.core.DigestAlgorithm;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SignatureReport;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.pdf.testsupport.SignedPdfs;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

/**
 * RSA PKCS#1 v1.5, RSASSA-PSS (which Circular 15/2025/TT-BKHCN asks for) and ECDSA on P-256 and
 * P-384, with SHA-256, SHA-384 and SHA-512 (issue item 7): each combination signs a PDF that
 * KySo validates, whose CMS carries the algorithm asked for, and that pdfsig and
 * {@code openssl cms -verify} accept.
 */
class SignatureAlgorithmsTest {

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static Path rootPem;
    private static Validator validator;
    private static final Map<KeyType, Leaf> SIGNERS = new EnumMap<>(KeyType.class);

    @BeforeAll
    static void startPki() throws Exception {
        pki = TestPki.builder().start();
        rootPem = dir.resolve("root.pem");
        Pem.write(rootPem, pki.root().certificate());
        validator = Validator.builder().trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.online().build()).build();
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    static Stream<Arguments> combinations() {
        return Stream.of(
                Arguments.of(KeyType.RSA_2048, SignatureAlgorithm.RSA_SHA256),
                Arguments.of(KeyType.RSA_2048, SignatureAlgorithm.RSA_SHA384),
                Arguments.of(KeyType.RSA_2048, SignatureAlgorithm.RSA_SHA512),
                Arguments.of(KeyType.RSA_2048, SignatureAlgorithm.RSA_PSS_SHA256),
                Arguments.of(KeyType.RSA_2048, SignatureAlgorithm.RSA_PSS_SHA384),
                Arguments.of(KeyType.RSA_2048, SignatureAlgorithm.RSA_PSS_SHA512),
                Arguments.of(KeyType.RSA_4096, SignatureAlgorithm.RSA_PSS_SHA256),
                Arguments.of(KeyType.ECDSA_P256, SignatureAlgorithm.ECDSA_SHA256),
                Arguments.of(KeyType.ECDSA_P384, SignatureAlgorithm.ECDSA_SHA384),
                Arguments.of(KeyType.ECDSA_P384, SignatureAlgorithm.ECDSA_SHA512));
    }

    private static synchronized Leaf signer(KeyType type) {
        return SIGNERS.computeIfAbsent(type, t -> pki.issue(LeafSpec.builder()
                .subject("CN=Nguyễn Văn An " + t + ", O=UBND Xã Đại An, C=VN").keyType(t).build()));
    }

    private static Path sign(KeyType type, SignatureAlgorithm algorithm) throws Exception {
        Leaf leaf = signer(type);
        Path in = TestPdfs.write(dir, "in-" + algorithm + "-" + type + ".pdf", "Cong van so 123/UBND", 1);
        Path out = dir.resolve("signed-" + algorithm + "-" + type + ".pdf");
        PdfSigner signer = PdfSigner.builder().key(SoftwareKey.of(leaf.privateKey(), leaf.chain()))
                .signatureAlgorithm(algorithm).build();
        assertThat(signer.algorithm()).isEqualTo(algorithm);
        signer.sign(in, out);
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combinations")
    void kysoValidatesTheSignature(KeyType type, SignatureAlgorithm algorithm) throws Exception {
        Path signed = sign(type, algorithm);

        ValidationReport report = validator.validate(signed);

        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
        SignatureReport signature = report.signatures().get(0);
        assertThat(signature.format()).isEqualTo("PAdES-BASELINE-B");
        assertThat(signature.integrity()).isTrue();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combinations")
    void cmsCarriesTheAlgorithmAskedFor(KeyType type, SignatureAlgorithm algorithm) throws Exception {
        Path signed = sign(type, algorithm);

        SignerInformation signerInfo = onlySignerInfo(signed);

        String digestOid = digestOid(algorithm.digest());
        assertThat(signerInfo.getDigestAlgOID()).isEqualTo(digestOid);
        if (algorithm.isPss()) {
            assertThat(signerInfo.getEncryptionAlgOID()).isEqualTo(PKCSObjectIdentifiers.id_RSASSA_PSS.getId());
            RSASSAPSSparams pss = RSASSAPSSparams.getInstance(signerInfo.getEncryptionAlgParams());
            assertThat(pss.getHashAlgorithm().getAlgorithm().getId()).isEqualTo(digestOid);
            assertThat(pss.getSaltLength().intValueExact()).isEqualTo(algorithm.pssParameters().getSaltLength());
        } else if (algorithm.keyAlgorithm().equals("EC")) {
            assertThat(signerInfo.getEncryptionAlgOID()).isEqualTo(switch (algorithm.digest()) {
                case SHA256 -> X9ObjectIdentifiers.ecdsa_with_SHA256.getId();
                case SHA384 -> X9ObjectIdentifiers.ecdsa_with_SHA384.getId();
                case SHA512 -> X9ObjectIdentifiers.ecdsa_with_SHA512.getId();
            });
        } else {
            // RFC 5754 allows rsaEncryption or shaNNNWithRSAEncryption here; both mean PKCS#1 v1.5.
            assertThat(signerInfo.getEncryptionAlgOID()).isIn(PKCSObjectIdentifiers.rsaEncryption.getId(), switch (algorithm.digest()) {
                case SHA256 -> PKCSObjectIdentifiers.sha256WithRSAEncryption.getId();
                case SHA384 -> PKCSObjectIdentifiers.sha384WithRSAEncryption.getId();
                case SHA512 -> PKCSObjectIdentifiers.sha512WithRSAEncryption.getId();
            });
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combinations")
    void opensslVerifiesTheCmsOverTheSignedByteRange(KeyType type, SignatureAlgorithm algorithm) throws Exception {
        Path signed = sign(type, algorithm);
        SignedPdfs.Signature signature = SignedPdfs.signatures(signed).get(0);

        ExternalTools.Result verified = SignedPdfs.opensslCmsVerify(signature, rootPem, dir);

        assertThat(verified.exitCode()).as(verified.stderr()).isZero();
        assertThat(verified.stderr()).contains("CMS Verification successful");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combinations")
    void pdfsigAcceptsTheSignature(KeyType type, SignatureAlgorithm algorithm) throws Exception {
        Path signed = sign(type, algorithm);

        List<SignedPdfs.PdfsigEntry> entries = SignedPdfs.pdfsigEntries(signed);

        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).validation()).as("pdfsig:%n%s", entries.get(0).text()).isEqualTo("Signature is Valid.");
        assertThat(entries.get(0).text()).contains("Signing Hash Algorithm: " + switch (algorithm.digest()) {
            case SHA256 -> "SHA-256";
            case SHA384 -> "SHA-384";
            case SHA512 -> "SHA-512";
        });
    }

    private static SignerInformation onlySignerInfo(Path signed) throws Exception {
        CMSSignedData cms = new CMSSignedData(SignedPdfs.signatures(signed).get(0).cms());
        assertThat(cms.getSignerInfos().size()).isEqualTo(1);
        return cms.getSignerInfos().iterator().next();
    }

    private static String digestOid(DigestAlgorithm digest) {
        return switch (digest) {
            case SHA256 -> NISTObjectIdentifiers.id_sha256.getId();
            case SHA384 -> NISTObjectIdentifiers.id_sha384.getId();
            case SHA512 -> NISTObjectIdentifiers.id_sha512.getId();
        };
    }
}
