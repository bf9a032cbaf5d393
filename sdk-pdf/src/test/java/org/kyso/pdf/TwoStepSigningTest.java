package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.TimeZone;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.KeyAccessException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureAlgorithm;
import org.kyso.core.SignatureReport;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.core.internal.DssVerifiers;
import org.kyso.pdf.internal.PadesParameters;
import org.kyso.pdf.internal.PadesServices;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

/** Two-step (external) signing: prepare, sign elsewhere, complete. */
class TwoStepSigningTest {

    private static TestPki pki;
    private static Leaf rsa;
    private static Leaf ec;
    private static Validator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        rsa = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.RSA_2048).build());
        ec = pki.issue(LeafSpec.builder().subject("CN=Trần Thị Bình, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        validator = Validator.builder().trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.online().build()).build();
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    /** What the remote signer (a browser plug-in, a token, a signing service) does with dataToSign(). */
    private static byte[] remoteSign(PrivateKey key, SignatureAlgorithm algorithm, byte[] data) throws Exception {
        Signature signature = Signature.getInstance(algorithm.jcaName());
        signature.initSign(key);
        signature.update(data);
        return signature.sign();
    }

    private Path unsigned(String name) throws Exception {
        return TestPdfs.write(dir, name, "To trinh so 12/TTr-UBND", 2);
    }

    @Test
    void dssGivesTheSameDataToSignForTheSameParametersAndSigningDate() throws Exception {
        byte[] pdf = TestPdfs.simple("Determinism", 1);
        PdfSigner signer = PdfSigner.builder().certificateChain(rsa.chain())
                .appearance(Appearance.builder().rect(300, 60, 220, 70).build()).reason("Phê duyệt").build();
        Date signingDate = new Date(System.currentTimeMillis() - 1000);

        byte[] first = dataToSign(signer, pdf, "document.pdf", signingDate);
        Thread.sleep(1100);  // the wall clock moves on: nothing in the revision may depend on it
        byte[] second = dataToSign(signer, pdf, "document.pdf", signingDate);
        byte[] otherName = dataToSign(signer, pdf, "other-name.pdf", signingDate);
        byte[] otherDate = dataToSign(signer, pdf, "document.pdf", new Date(signingDate.getTime() + 1));

        assertThat(second).as("same parameters, same signing date").isEqualTo(first);
        assertThat(otherName).as("DSS mixes the document name into the PDF /ID: KySo fixes it").isNotEqualTo(first);
        assertThat(otherDate).as("DSS derives the PDF /ID from the signing date").isNotEqualTo(first);
    }

    private static byte[] dataToSign(PdfSigner signer, byte[] pdf, String name, Date date) throws Exception {
        DSSDocument document = new InMemoryDocument(pdf, name);
        PAdESSignatureParameters parameters = PadesParameters.create(signer, document, null, date, TimeZone.getTimeZone("UTC"));
        PAdESService service = PadesServices.service(DssVerifiers.create(DssVerifiers.trustedSource(TrustAnchors.none()),
                Revocation.offline()));
        return service.getDataToSign(document, parameters).getBytes();
    }

    @Test
    void preparesWithoutKeyAndCompletesWithARemoteSignatureValue() throws Exception {
        Path in = unsigned("in.pdf");
        Path out = dir.resolve("out.pdf");
        PdfSigner signer = PdfSigner.builder().certificateChain(rsa.chain())
                .timestamping(Tsa.rfc3161(pki.tsaUrl()))
                .appearance(Appearance.builder().page(-1).rect(300, 60, 250, 80).build())
                .reason("Phê duyệt").location("Hà Nội")
                .build();

        PreparedSignature prepared = signer.prepare(in);
        assertThat(prepared.algorithm()).isEqualTo(SignatureAlgorithm.RSA_SHA256);
        assertThat(prepared.digest()).isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(prepared.dataToSign()));
        assertThat(prepared.certificate()).isEqualTo(rsa.certificate());
        byte[] state = prepared.state();
        assertThat(state.length).as("compact state").isLessThan(8 * 1024);

        byte[] value = remoteSign(rsa.privateKey(), prepared.algorithm(), prepared.dataToSign());
        signer.complete(in, PreparedSignature.fromState(state), value, out);

        ValidationReport report = validator.validate(out);
        assertThat(report.verdict()).as(PdfChecks.describe(report)).isEqualTo(Verdict.VALID);
        SignatureReport s = report.signatures().get(0);
        assertThat(s.format()).isEqualTo("PAdES-BASELINE-T");
        assertThat(s.claimedSigningTime()).as("the /M date, to the second")
                .isEqualTo(prepared.signingTime().truncatedTo(ChronoUnit.SECONDS));
        assertThat(AppearanceText.of(out, 1)).contains("Nguyễn Văn An");
        PdfChecks.assertPdfsigAccepts(out, 1);
    }

    @Test
    void acceptsPlainEcdsaValueAsWebCryptoReturnsIt() throws Exception {
        byte[] pdf = TestPdfs.simple("ECDSA", 1);
        PdfSigner signer = PdfSigner.builder().certificateChain(ec.chain()).build();

        PreparedSignature prepared = signer.prepare(pdf);
        Signature p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
        p1363.initSign(ec.privateKey());
        p1363.update(prepared.dataToSign());
        byte[] plain = p1363.sign();
        assertThat(plain).hasSize(64);
        byte[] signed = signer.complete(pdf, prepared, plain);

        ValidationReport report = validator.validate(signed, "ecdsa.pdf");
        assertThat(report.verdict()).as(PdfChecks.describe(report)).isEqualTo(Verdict.VALID);
        Path file = Files.write(dir.resolve("ecdsa.pdf"), signed);
        PdfChecks.assertPdfsigAccepts(file, 1);
    }

    @Test
    void completesInAnotherJvmWhatOneJvmPrepared() throws Exception {
        Path in = unsigned("in.pdf");
        Path chain = dir.resolve("chain.pem");
        Pem.write(chain, rsa.chain());
        Path state = dir.resolve("state.bin");
        Path value = dir.resolve("value.bin");
        Path out = dir.resolve("out.pdf");

        ExternalTools.Result prepare = childJvm("Asia/Ho_Chi_Minh", "prepare", in.toString(), state.toString(),
                chain.toString(), pki.tsaUrl().toString());
        assertThat(prepare.exitCode()).as(prepare.stderr()).isZero();

        PreparedSignature prepared = PreparedSignature.fromState(Files.readAllBytes(state));
        Files.write(value, remoteSign(rsa.privateKey(), prepared.algorithm(), prepared.dataToSign()));

        ExternalTools.Result complete = childJvm("UTC", "complete", in.toString(), state.toString(), value.toString(),
                out.toString(), pki.tsaUrl().toString());
        assertThat(complete.exitCode()).as(complete.stderr()).isZero();

        ValidationReport report = validator.validate(out);
        assertThat(report.verdict()).as(PdfChecks.describe(report)).isEqualTo(Verdict.VALID);
        assertThat(report.signatures().get(0).format()).isEqualTo("PAdES-BASELINE-T");
        assertThat(report.signatures().get(0).claimedSigningTime())
                .isEqualTo(prepared.signingTime().truncatedTo(ChronoUnit.SECONDS));
        PdfChecks.assertPdfsigAccepts(out, 1);

        Path other = TestPdfs.write(dir, "other.pdf", "Mot van ban khac", 2);
        ExternalTools.Result refused = childJvm("UTC", "complete", other.toString(), state.toString(), value.toString(),
                dir.resolve("never.pdf").toString(), pki.tsaUrl().toString());
        assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(2);
        assertThat(refused.stderr()).contains("is not the PDF that was prepared");
        assertThat(dir.resolve("never.pdf")).doesNotExist();
    }

    private static ExternalTools.Result childJvm(String timeZone, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[] command = new String[args.length + 5];
        command[0] = java;
        command[1] = "-Duser.timezone=" + timeZone;
        command[2] = "-cp";
        command[3] = System.getProperty("java.class.path");
        command[4] = TwoStepMain.class.getName();
        System.arraycopy(args, 0, command, 5, args.length);
        return ExternalTools.run(Duration.ofSeconds(120), command);
    }

    @Test
    void refusesADifferentInputPdf() throws Exception {
        Path in = unsigned("in.pdf");
        Path other = TestPdfs.write(dir, "other.pdf", "To trinh so 13/TTr-UBND", 2);
        PdfSigner signer = PdfSigner.builder().certificateChain(rsa.chain()).build();
        PreparedSignature prepared = signer.prepare(in);
        byte[] value = remoteSign(rsa.privateKey(), prepared.algorithm(), prepared.dataToSign());
        Path out = dir.resolve("never.pdf");

        assertThatThrownBy(() -> signer.complete(other, prepared, value, out))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("is not the PDF that was prepared");
        assertThat(out).doesNotExist();
    }

    @Test
    void refusesAStateWhoseContentWasAltered() throws Exception {
        Path in = unsigned("in.pdf");
        PdfSigner signer = PdfSigner.builder().certificateChain(rsa.chain()).reason("Phê duyệt").build();
        PreparedSignature prepared = signer.prepare(in);
        byte[] value = remoteSign(rsa.privateKey(), prepared.algorithm(), prepared.dataToSign());

        byte[] damaged = prepared.state();
        damaged[damaged.length / 2] ^= 1;
        assertThatThrownBy(() -> PreparedSignature.fromState(damaged))
                .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("checksum");
        assertThatThrownBy(() -> PreparedSignature.fromState("not a state".getBytes()))
                .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("not a KySo");

        // A forger who recomputes the checksum: the reason is part of the signed revision.
        byte[] forged = replaceAndReseal(prepared.state(), "Phê duyệt", "PHÊ DUYỆT");
        PreparedSignature altered = PreparedSignature.fromState(forged);
        Path out = dir.resolve("never.pdf");
        assertThatThrownBy(() -> signer.complete(in, altered, value, out))
                .isInstanceOf(MalformedDocumentException.class)
                .hasMessageContaining("does not reproduce the data that was signed");
        assertThat(out).doesNotExist();
    }

    @Test
    void refusesASignatureValueThatDoesNotVerify() throws Exception {
        Path in = unsigned("in.pdf");
        PdfSigner signer = PdfSigner.builder().certificateChain(rsa.chain()).build();
        PreparedSignature prepared = signer.prepare(in);
        Leaf stranger = pki.issue(LeafSpec.builder().subject("CN=Người lạ").keyType(KeyType.RSA_2048).build());
        byte[] wrongKey = remoteSign(stranger.privateKey(), prepared.algorithm(), prepared.dataToSign());
        Path out = dir.resolve("never.pdf");

        assertThatThrownBy(() -> signer.complete(in, prepared, wrongKey, out))
                .isInstanceOf(KeyAccessException.class)
                .hasMessageContaining("does not verify");
        assertThat(out).doesNotExist();
    }

    @Test
    void keylessSignerCannotSignInOneStep() throws Exception {
        Path in = unsigned("in.pdf");
        PdfSigner signer = PdfSigner.builder().certificateChain(rsa.chain()).build();

        assertThatThrownBy(() -> signer.sign(in, dir.resolve("never.pdf")))
                .isInstanceOf(KeyAccessException.class)
                .hasMessageContaining("prepare(...) and complete(...)");
        assertThat(dir.resolve("never.pdf")).doesNotExist();
    }

    @Test
    void preparesWithARealKeyToo() throws Exception {
        Path in = unsigned("in.pdf");
        Path out = dir.resolve("out.pdf");
        try (SoftwareKey key = SoftwareKey.of(ec.privateKey(), ec.chain())) {
            PdfSigner signer = PdfSigner.builder().key(key).certify(Certification.FORM_FILLING).build();
            PreparedSignature prepared = signer.prepare(in);
            signer.complete(in, prepared, key.sign(prepared.algorithm(), prepared.dataToSign()), out);
        }
        ValidationReport report = validator.validate(out);
        assertThat(report.verdict()).as(PdfChecks.describe(report)).isEqualTo(Verdict.VALID);
        assertThat(PdfChecks.dss(report, report.signatures().get(0).id()).getDocMDPPermissions()).isNotNull();
    }

    @Test
    void stateSurvivesTheRoundTrip() throws Exception {
        PdfSigner signer = PdfSigner.builder().certificateChain(ec.chain())
                .appearance(Appearance.builder().page(1).rect(10, 20, 200, 60).text("Ký: {signer}").build())
                .reason("r").location("l").contactInfo("c").certify(Certification.ANNOTATIONS)
                .lockFields(FieldLock.allExcept("ghi_chu")).build();
        PreparedSignature prepared = signer.prepare(TestPdfs.simple("x", 1));

        PreparedSignature again = PreparedSignature.fromState(prepared.state());

        assertThat(again.state()).isEqualTo(prepared.state());
        assertThat(again.dataToSign()).isEqualTo(prepared.dataToSign());
        assertThat(again.signingTime()).isEqualTo(prepared.signingTime());
        assertThat(again.certificateChain()).isEqualTo(ec.chain());
        assertThat(again.algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_SHA256);
        assertThat(again.signingTime()).isBeforeOrEqualTo(Instant.now());
    }

    /** Replaces same-length UTF-8 text in a state and recomputes its trailing SHA-256 checksum. */
    private static byte[] replaceAndReseal(byte[] state, String from, String to) throws Exception {
        byte[] a = from.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] b = to.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(b).hasSameSizeAs(a);
        byte[] body = java.util.Arrays.copyOf(state, state.length - 32);
        int at = indexOf(body, a);
        assertThat(at).isPositive();
        System.arraycopy(b, 0, body, at, b.length);
        byte[] sum = java.security.MessageDigest.getInstance("SHA-256").digest(body);
        byte[] out = java.util.Arrays.copyOf(body, body.length + 32);
        System.arraycopy(sum, 0, out, body.length, 32);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
