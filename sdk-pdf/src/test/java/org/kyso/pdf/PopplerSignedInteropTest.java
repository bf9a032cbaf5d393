package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import eu.europa.esig.dss.simplereport.SimpleReport;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.ExternalSigningSupport;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.Indication;
import org.kyso.core.Message;
import org.kyso.core.Modification;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.TrustAnchors;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.pdf.testsupport.DssDirect;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

/**
 * PDFs signed by other implementations, validated by KySo with the test root trusted and the test
 * OCSP/CRL reachable: poppler over NSS ({@code pdfsig -add-signature}, adbe.pkcs7.detached, the
 * signer's PKCS#12 imported into an NSS database with {@code pk12util}) and OpenSSL ({@code openssl
 * cms -sign} of the byte range PDFBox prepared, with and without signed attributes). An intact plain
 * PKCS#7 signature with a trusted chain is VALID, not failed for lacking PAdES/CAdES attributes, and
 * its report says what the format does not prove; a flipped byte breaks it; page content added by
 * an incremental update after signing is a change that is not permitted. pdfsig cross-checks each
 * file.
 */
class PopplerSignedInteropTest {

    private static final Locale VI = Locale.forLanguageTag("vi");
    private static final String TEXT = "Cong van so 12";

    private static TestPki pki;
    private static Leaf signer;
    private static Validator validator;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        signer = pki.issue(LeafSpec.builder().subject("CN=Lê Văn Cường, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.RSA_2048).build());
        validator = Validator.builder().trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.online().build()).build();
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    /**
     * An NSS database (made once) holding the signer's key and chain from its PKCS#12 file, and the
     * test root trusted for signing, so that pdfsig can both sign and check the chain.
     */
    private static synchronized Path nss() throws Exception {
        Path nss = dir.resolve("nss");
        if (!Files.isDirectory(nss)) {
            ExternalTools.require("certutil");
            ExternalTools.require("pk12util");
            ExternalTools.require("pdfsig");
            Files.createDirectories(nss);
            Path p12 = dir.resolve("signer.p12");
            signer.writePkcs12(p12, "secret".toCharArray());
            Path root = dir.resolve("root.pem");
            Pem.write(root, pki.root().certificate());
            run("certutil", "-N", "-d", "sql:" + nss, "--empty-password");
            run("certutil", "-A", "-d", "sql:" + nss, "-n", "kyso-test-root", "-t", "CT,C,C", "-i", root.toString());
            run("pk12util", "-i", p12.toString(), "-d", "sql:" + nss, "-W", "secret");
        }
        return nss;
    }

    /** A one-page PDF (made with PDFBox) signed by poppler: {@code pdfsig -add-signature}. */
    private static Path popplerSigned(String name) throws Exception {
        Path nss = nss();
        Path unsigned = TestPdfs.write(dir, "unsigned-" + name, TEXT, 1);
        Path out = dir.resolve(name);
        run("pdfsig", "-add-signature", "-nssdir", "sql:" + nss, "-nick", Leaf.DEFAULT_ALIAS,
                "-digest", "SHA256", "-reason", "Phe duyet", unsigned.toString(), out.toString());
        return out;
    }

    /**
     * A one-page PDF whose adbe.pkcs7.detached signature is OpenSSL's: PDFBox prepares the
     * signature dictionary and byte range, {@code openssl cms -sign} signs those bytes.
     *
     * @param noattr {@code -noattr}: no signed attributes, the signature directly over the content
     *        digest, as ISO 32000 allows for PKCS#7
     */
    private static Path opensslSigned(String name, boolean noattr) throws Exception {
        ExternalTools.require("openssl");
        Path unsigned = TestPdfs.write(dir, "unsigned-" + name, TEXT, 1);
        Path cert = dir.resolve(name + "-signer.pem");
        Path key = dir.resolve(name + "-signer.key");
        Path chain = dir.resolve(name + "-chain.pem");
        Pem.write(cert, signer.certificate());
        Pem.write(key, signer.privateKey());
        Pem.write(chain, signer.chain().subList(1, signer.chain().size()));
        Path out = dir.resolve(name);
        try (PDDocument document = Loader.loadPDF(unsigned.toFile()); var stream = Files.newOutputStream(out)) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
            signature.setSignDate(Calendar.getInstance());
            document.addSignature(signature);
            ExternalSigningSupport external = document.saveIncrementalForExternalSigning(stream);
            Path content = Files.write(dir.resolve(name + ".signed-bytes"), external.getContent().readAllBytes());
            Path p7s = dir.resolve(name + ".p7s");
            List<String> command = new ArrayList<>(List.of("openssl", "cms", "-sign", "-binary", "-md", "sha256",
                    "-in", content.toString(), "-signer", cert.toString(), "-inkey", key.toString(),
                    "-certfile", chain.toString(), "-outform", "DER", "-out", p7s.toString()));
            if (noattr) {
                command.add("-noattr");
            }
            run(command.toArray(String[]::new));
            external.setSignature(Files.readAllBytes(p7s));
        }
        return out;
    }

    private static ExternalTools.Result run(String... command) {
        ExternalTools.Result r = ExternalTools.run(Duration.ofSeconds(60), command);
        assertThat(r.exitCode()).as("%s:%n%s%n%s", String.join(" ", command), r.stdout(), r.stderr()).isZero();
        return r;
    }

    /** pdfsig's verdict with the NSS database, whose trusted root lets it check the chain too. */
    private static String pdfsig(Path pdf) throws Exception {
        return run("pdfsig", "-nssdir", "sql:" + nss(), pdf.toString()).stdout();
    }

    private static List<String> keys(List<Message> messages) {
        return messages.stream().map(Message::key).toList();
    }

    /** Intact, trusted, unrevoked plain PKCS#7 over the whole document: VALID, with the format statement. */
    private static SignatureReport assertValidPkcs7(ValidationReport report) {
        assertThat(report.verdict()).as(PdfChecks.describe(report)).isEqualTo(Verdict.VALID);
        assertThat(report.revocationChecked()).isTrue();
        assertThat(report.signatures()).hasSize(1);
        SignatureReport s = report.signatures().get(0);
        assertThat(s.format()).isEqualTo("PKCS7");
        assertThat(s.indication()).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(s.integrity()).isTrue();
        assertThat(s.coversWholeDocument()).isTrue();
        assertThat(s.modifiedAfterSigning()).isEqualTo(Modification.NONE);
        assertThat(s.signer().subject()).contains("Lê Văn Cường");
        assertThat(keys(s.infos())).containsExactly("kyso.format.pkcs7");
        return s;
    }

    @Test
    void aPopplerSignatureIsValidAndSaysWhatPkcs7DoesNotProve() throws Exception {
        Path signed = popplerSigned("poppler.pdf");
        assertThat(pdfsig(signed)).contains("Signature Type: adbe.pkcs7.detached", "Total document signed",
                "Signature Validation: Signature is Valid.", "Certificate Validation: Certificate is Trusted.");

        ValidationReport report = validator.validate(signed);

        SignatureReport s = assertValidPkcs7(report);
        // NSS puts a signing-certificate-v2 attribute in (and encodes the CMS as BER, indefinite
        // lengths): DSS has nothing to warn about.
        assertThat(s.warnings()).isEmpty();
        JsonNode json = new ObjectMapper().readTree(report.toJson(VI));
        assertThat(json.get("signatures").get(0).get("infos").get(0).asText())
                .startsWith("Định dạng PKCS#7 (adbe.pkcs7, không phải PAdES)");
        assertThat(report.summary(Locale.ENGLISH)).contains("info: Format PKCS#7 (adbe.pkcs7, not PAdES)");
        assertThat(report.toHtml(VI)).contains("Định dạng PKCS#7");
    }

    @Test
    void oneFlippedByteInsideTheSignedRangeBreaksAPopplerSignature() throws Exception {
        Path signed = popplerSigned("poppler-flipped.pdf");
        byte[] bytes = Files.readAllBytes(signed);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(TEXT);
        int[] range;
        try (PDDocument document = Loader.loadPDF(signed.toFile())) {
            range = document.getSignatureDictionaries().get(0).getByteRange();
        }
        assertThat(at).as("the page text, inside the first signed range").isBetween(range[0], range[0] + range[1] - TEXT.length());
        bytes[at] = 'K';
        Path tampered = Files.write(dir.resolve("poppler-flipped-tampered.pdf"), bytes);
        assertThat(pdfsig(tampered)).contains("Signature Validation: Digest Mismatch.");

        ValidationReport report = validator.validate(tampered);

        assertThat(report.verdict()).as(PdfChecks.describe(report)).isEqualTo(Verdict.INVALID);
        assertThat(report.signatures()).singleElement().satisfies(s -> {
            assertThat(s.format()).isEqualTo("PKCS7");
            assertThat(s.integrity()).isFalse();
            assertThat(s.indication()).isEqualTo(Indication.TOTAL_FAILED);
            assertThat(s.subIndication()).isEqualTo("HASH_FAILURE");
            assertThat(s.infos()).isEmpty();
        });
    }

    @Test
    void pageContentAddedAfterAPopplerSignatureIsNotPermitted() throws Exception {
        Path signed = popplerSigned("poppler-changed.pdf");
        Path changed = dir.resolve("poppler-changed-after.pdf");
        try (PDDocument document = Loader.loadPDF(signed.toFile())) {
            PDPage page = document.getPage(0);
            try (PDPageContentStream content = new PDPageContentStream(document, page, PDPageContentStream.AppendMode.APPEND, false)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText("So tien: 9.000.000");
                content.endText();
            }
            page.getCOSObject().setNeedToBeUpdated(true);
            try (var out = Files.newOutputStream(changed)) {
                document.saveIncremental(out);
            }
        }
        // poppler: the signed revision still verifies, but not all of the file is signed.
        assertThat(pdfsig(changed)).contains("Not total document signed", "Signature Validation: Signature is Valid.");

        ValidationReport report = validator.validate(changed);

        assertThat(report.verdict()).as(PdfChecks.describe(report)).isNotEqualTo(Verdict.VALID);
        assertThat(report.signatures()).singleElement().satisfies(s -> {
            assertThat(s.integrity()).isTrue();
            assertThat(s.coversWholeDocument()).isFalse();
            assertThat(s.modifiedAfterSigning()).isEqualTo(Modification.NOT_PERMITTED);
            assertThat(s.changesAfterSigning()).extracting(m -> m.text(Locale.ENGLISH))
                    .contains("The content of page 1 changed: it looks different from when signed.");
        });
    }

    @Test
    void anOpensslPkcs7SignatureWithoutSigningCertificateAttributeIsValidWithAWarning() throws Exception {
        Path signed = opensslSigned("openssl.pdf", false);
        assertThat(pdfsig(signed)).contains("Signature Validation: Signature is Valid.", "Certificate is Trusted.");

        SignatureReport s = assertValidPkcs7(validator.validate(signed));

        assertThat(s.warnings()).extracting(Message::english).contains("The signed attribute: 'signing-certificate' is absent!");
    }

    @Test
    void anOpensslPkcs7SignatureWithoutSignedAttributesIsNotFailedForIt() throws Exception {
        Path signed = opensslSigned("openssl-noattr.pdf", true);
        assertThat(pdfsig(signed)).contains("Signature Validation: Signature is Valid.", "Certificate is Trusted.");
        // DSS's default policy requires message-digest (signed attributes): INDETERMINATE, however sound.
        SimpleReport dss = DssDirect.validateOffline(signed, pki.root().certificate());
        assertThat(dss.getAdESValidationErrors(dss.getFirstSignatureId())).extracting(m -> m.getKey())
                .contains("BBB_SAV_ISQPMDOSPP_ANS");

        ValidationReport report = validator.validate(signed);

        SignatureReport s = assertValidPkcs7(report);
        assertThat(keys(s.errors())).isEmpty();
    }
}
