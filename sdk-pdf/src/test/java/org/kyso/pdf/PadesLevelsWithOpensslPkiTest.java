package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.kyso.core.PasswordSource;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.pdf.testsupport.DssDirect;
import org.kyso.pdf.testsupport.SignedPdfs;
import org.kyso.testkit.Endpoint;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.OpensslPki;

/**
 * Every PAdES level with a key, a CA, a CRL and a TSA that KySo did not make (openssl), read back
 * by KySo, by DSS 6.4 directly and by poppler's pdfsig (issue item 1).
 */
class PadesLevelsWithOpensslPkiTest {

    @TempDir
    static Path dir;

    private static OpensslPki pki;
    private static X509Certificate root;

    @BeforeAll
    static void makeOpensslPki() throws Exception {
        pki = OpensslPki.builder().signerSubject("/C=VN/O=UBND Xã Đại An/CN=Nguyễn Văn An")
                .start(Files.createDirectory(dir.resolve("pki")));
        try (InputStream in = Files.newInputStream(pki.rootCertificate())) {
            root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    private static Path sign(PadesLevel level) throws Exception {
        Path in = TestPdfs.write(dir, "cong-van-" + level + ".pdf", "Cong van so 123/UBND", 2);
        Path out = dir.resolve("cong-van-" + level + "-signed.pdf");
        try (SoftwareKey key = SoftwareKey.open(pki.signerPkcs12(), PasswordSource.of(pki.password()))) {
            PdfSigner.Builder signer = PdfSigner.builder().key(key).level(level)
                    .trust(TrustAnchors.from(pki.rootCertificate()));
            if (level != PadesLevel.B) {
                signer.timestamping(Tsa.rfc3161(pki.tsaUrl()));
            }
            if (level == PadesLevel.LT || level == PadesLevel.LTA) {
                signer.revocation(Revocation.online().build());
            }
            signer.build().sign(in, out);
        }
        return out;
    }

    private static String expectedFormat(PadesLevel level) {
        return "PAdES-BASELINE-" + (level == PadesLevel.B ? "B" : level.name());
    }

    @ParameterizedTest
    @EnumSource(PadesLevel.class)
    void kysoReadsTheLevelAskedFor(PadesLevel level) throws Exception {
        Path signed = sign(level);
        boolean longTerm = level == PadesLevel.LT || level == PadesLevel.LTA;
        // LT and LTA are checked offline: what the file carries must be enough.
        Validator validator = Validator.builder().trust(TrustAnchors.from(pki.rootCertificate()))
                .revocation(longTerm ? Revocation.offline() : Revocation.online().build())
                .build();

        ValidationReport report = validator.validate(signed);

        assertThat(report.signatures()).hasSize(1);
        SignatureReport signature = report.signatures().get(0);
        assertThat(signature.format()).as(report.summary(Locale.ENGLISH)).isEqualTo(expectedFormat(level));
        assertThat(signature.integrity()).isTrue();
        assertThat(signature.signer().subject()).contains("Nguyễn Văn An");
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
        if (level != PadesLevel.B) {
            assertThat(signature.timestamps()).anySatisfy(t -> {
                assertThat(t.type()).isEqualTo("SIGNATURE_TIMESTAMP");
                assertThat(t.integrity()).isTrue();
            });
        }
        if (level == PadesLevel.LTA) {
            assertThat(report.documentTimestamps()).isNotEmpty().allSatisfy(t -> assertThat(t.integrity()).isTrue());
        }
    }

    @ParameterizedTest
    @EnumSource(PadesLevel.class)
    void dssAloneReadsTheLevelAskedForFromTheFileAlone(PadesLevel level) throws Exception {
        Path signed = sign(level);

        SimpleReport report = DssDirect.validateOffline(signed, root);

        assertThat(report.getSignatureIdList()).hasSize(1);
        String id = report.getFirstSignatureId();
        assertThat(report.getSignatureFormat(id)).isEqualTo(SignatureLevel.valueOf(
                expectedFormat(level).replace('-', '_')));
        if (level == PadesLevel.LT || level == PadesLevel.LTA) {
            // Chain, CRL and timestamp all come from the file: nothing was fetched.
            assertThat(report.getIndication(id)).as(String.valueOf(report.getAdESValidationErrors(id)))
                    .isEqualTo(Indication.TOTAL_PASSED);
        }
    }

    @ParameterizedTest
    @EnumSource(PadesLevel.class)
    void pdfsigSaysTheSignatureIsValid(PadesLevel level) throws Exception {
        Path signed = sign(level);

        List<SignedPdfs.PdfsigEntry> entries = SignedPdfs.pdfsigEntries(signed);

        assertThat(entries).as("pdfsig entries").hasSize(level == PadesLevel.LTA ? 2 : 1);
        SignedPdfs.PdfsigEntry signature = entries.get(0);
        assertThat(signature.signatureType()).isEqualTo("ETSI.CAdES.detached");
        assertThat(signature.signer()).isEqualTo("Nguyễn Văn An");
        assertThat(signature.validation()).as("pdfsig:%n%s", signature.text()).isEqualTo("Signature is Valid.");
    }

    @Test
    void ltaDocumentTimestampIsListedButNotVerifiedByPdfsigAndOpensslVerifiesIt() throws Exception {
        Path signed = sign(PadesLevel.LTA);

        // poppler 22.12 does not know SubFilter ETSI.RFC3161: it lists the document timestamp as a
        // signature of unknown type and leaves it unverified. openssl ts -verify checks it instead.
        SignedPdfs.PdfsigEntry timestamp = SignedPdfs.pdfsigEntries(signed).get(1);
        assertThat(timestamp.signer()).isEqualTo("Interop TSA");
        assertThat(timestamp.signatureType()).isEqualTo("unknown");
        assertThat(timestamp.validation()).isEqualTo("Signature has not yet been verified.");
        SignedPdfs.Signature documentTimestamp = SignedPdfs.signatures(signed).stream()
                .filter(s -> "ETSI.RFC3161".equals(s.subFilter())).findFirst()
                .orElseThrow(() -> new AssertionError("no ETSI.RFC3161 document timestamp in " + signed));
        ExternalTools.Result verified = SignedPdfs.opensslTimestampVerify(documentTimestamp, pki.rootCertificate(), dir);
        assertThat(verified.stdout()).as(verified.stderr()).contains("Verification: OK");
    }

    @ParameterizedTest
    @EnumSource(value = PadesLevel.class, names = {"LT", "LTA"})
    void longTermLevelsEmbedTheChainAndTheOpensslCrlInTheDssDictionary(PadesLevel level) throws Exception {
        int crlDownloads = pki.requestCount(Endpoint.CRL);
        Path signed = sign(level);

        assertThat(pki.requestCount(Endpoint.CRL)).as("CRL downloads while signing").isGreaterThan(crlDownloads);
        SignedPdfs.DssDictionary dss = SignedPdfs.dssDictionary(signed).orElseThrow(
                () -> new AssertionError("no /DSS dictionary in " + signed));
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certificates = dss.certificates().stream().map(der -> certificate(factory, der)).toList();
        assertThat(certificates).contains(root);
        assertThat(certificates).anySatisfy(c -> assertThat(c.getSubjectX500Principal().getName()).contains("Nguyễn Văn An"));
        assertThat(dss.crls()).isNotEmpty().allSatisfy(der -> {
            X509CRL crl = (X509CRL) factory.generateCRL(new ByteArrayInputStream(der));
            assertThat(crl.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
            crl.verify(root.getPublicKey());
        });
    }

    private static X509Certificate certificate(CertificateFactory factory, byte[] der) {
        try {
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        } catch (java.security.cert.CertificateException e) {
            throw new AssertionError("A /DSS /Certs entry is not a certificate", e);
        }
    }
}
