package org.kyso.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.kyso.core.Message;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.ReliabilityTally;
import org.kyso.testkit.TestPki;

/**
 * Issue 8, item 6 for PDF: one {@link PdfSigner} and one {@link Validator}, each shared by 16
 * threads over 1,000 documents, give exactly the results of a serial run.
 *
 * <p>The same pipeline runs twice, serially and on 16 threads: sign the 1,000 documents with the
 * shared signer, turn every tenth into a tampered copy and every tenth into its unsigned original
 * (so that the validator has three different answers to give), validate all with the shared
 * validator. Document by document, the reports must agree on everything that does not depend on
 * the clock: verdict, format, indication and sub-indication, integrity, signer, whole-document
 * coverage, modification after signing, error and warning keys, revocationChecked.
 * {@code -Dkyso.concurrency.documents=N} changes the count. The documents validated on 16 threads,
 * the mismatches, hangs (5 minutes per document) and exceptions are counted in
 * {@code target/reliability/sdk-pdf_PdfConcurrencyThousandTest.txt}.
 *
 * <p>The documents are tiny (one 200 x 40 pt page, PAdES-BASELINE-B): DSS renders pages to compare
 * revisions, and an A4 page makes signing and validating about four times slower.
 */
class PdfConcurrencyThousandTest {

    private static final int DOCUMENTS = Integer.getInteger("kyso.concurrency.documents", 1000);
    private static final int THREADS = 16;
    private static final ReliabilityTally TALLY = ReliabilityTally.concurrency("sdk-pdf/PdfConcurrencyThousandTest");

    @AfterAll
    static void summary() {
        TALLY.write();
    }

    @Test
    void oneSignerAndOneValidatorSharedBySixteenThreadsGiveTheSerialResults() throws Exception {
        try (TestPki pki = TestPki.builder().ocspNextUpdate(Duration.ofMinutes(30)).start()) {
            Leaf leaf = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN")
                    .keyType(KeyType.ECDSA_P256).build());
            PdfSigner signer = PdfSigner.builder().key(SoftwareKey.of(leaf.privateKey(), leaf.chain())).build();
            Validator validator = Validator.builder().trust(TrustAnchors.of(pki.root().certificate()))
                    .revocation(Revocation.online().build()).build();
            List<byte[]> inputs = new ArrayList<>();
            for (int i = 0; i < DOCUMENTS; i++) {
                inputs.add(tinyPdf("Cong van so " + i + "/UBND"));
            }

            long start = System.nanoTime();
            List<String> serial = new ArrayList<>();
            for (int i = 0; i < DOCUMENTS; i++) {
                byte[] document = variant(i, inputs.get(i), signer.sign(inputs.get(i)));
                serial.add(essence(validator.validate(document, name(i))));
            }
            long serialTook = System.nanoTime() - start;

            start = System.nanoTime();
            List<byte[]> signed = onSixteenThreads(i -> signer.sign(inputs.get(i)));
            List<String> parallel = onSixteenThreads(i -> {
                String essence = essence(validator.validate(variant(i, inputs.get(i), signed.get(i)), name(i)));
                TALLY.tried();
                return essence;
            });
            long parallelTook = System.nanoTime() - start;
            System.out.printf("PdfConcurrencyThousandTest: %d documents, serial %d ms, %d threads %d ms%n",
                    DOCUMENTS, serialTook / 1_000_000, THREADS, parallelTook / 1_000_000);

            for (int i = 0; i < DOCUMENTS; i++) {
                if (!parallel.get(i).equals(serial.get(i))) {
                    TALLY.mismatches(1);
                }
            }
            for (int i = 0; i < DOCUMENTS; i++) {
                assertThat(parallel.get(i)).as("document %d", i).isEqualTo(serial.get(i));
            }
            assertThat(serial.get(0)).startsWith("VALID ").contains("TOTAL_PASSED");
            assertThat(serial.get(3)).startsWith("INVALID ").contains("TOTAL_FAILED");
            assertThat(serial.get(7)).startsWith("NO_SIGNATURE");
        }
    }

    private static String name(int i) {
        return "cong-van-" + i + ".pdf";
    }

    /** Every tenth document from 3 on is tampered with after signing, every tenth from 7 on stays unsigned. */
    private static byte[] variant(int i, byte[] input, byte[] signed) {
        if (i % 10 == 3) {
            // Same length, inside the signed bytes (the content stream is not compressed): the PDF still parses.
            String text = new String(signed, StandardCharsets.ISO_8859_1);
            String tampered = text.replace("(Cong van so ", "(Cong van xo ");
            assertThat(tampered).isNotEqualTo(text);
            return tampered.getBytes(StandardCharsets.ISO_8859_1);
        }
        return i % 10 == 7 ? input : signed;
    }

    /** What a report says that does not depend on the clock (no ids, times or message texts with times). */
    static String essence(ValidationReport report) {
        StringBuilder b = new StringBuilder().append(report.verdict()).append(" revocationChecked=")
                .append(report.revocationChecked());
        report.error().ifPresent(m -> b.append(" error=").append(m.key()));
        for (SignatureReport s : report.signatures()) {
            b.append(" | ").append(s.format()).append(' ').append(s.indication()).append(' ').append(s.subIndication())
                    .append(" integrity=").append(s.integrity()).append(" signer=").append(s.signer())
                    .append(" coversWholeDocument=").append(s.coversWholeDocument())
                    .append(" modified=").append(s.modifiedAfterSigning())
                    .append(" errors=").append(s.errors().stream().map(Message::key).toList())
                    .append(" warnings=").append(s.warnings().stream().map(Message::key).toList());
        }
        return b.toString();
    }

    /** One page of 200 x 40 pt with one uncompressed line of text. */
    private static byte[] tinyPdf(String text) throws Exception {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(new PDRectangle(200, 40));
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page,
                    PDPageContentStream.AppendMode.OVERWRITE, false)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
                content.newLineAtOffset(10, 15);
                content.showText(text);
                content.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    /** Runs {@code work} for every document on 16 threads released at once; results in document order. */
    private static <T> List<T> onSixteenThreads(ReliabilityTally.Item<T> work) throws Exception {
        return TALLY.onThreads(THREADS, DOCUMENTS, Duration.ofMinutes(5), work);
    }
}
