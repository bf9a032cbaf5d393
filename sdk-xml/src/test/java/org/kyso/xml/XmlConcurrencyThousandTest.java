package org.kyso.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.kyso.core.Message;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.TrustAnchors;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.ReliabilityTally;
import org.kyso.testkit.TestPki;

/**
 * Issue 8, item 6 for XML: one {@link XmlSigner} and one {@link Validator}, each shared by 16
 * threads over 1,000 documents, give exactly the results of a serial run.
 *
 * <p>The same pipeline runs twice, serially and on 16 threads: sign the 1,000 documents with the
 * shared signer, turn every tenth into a tampered copy and every tenth into its unsigned original
 * (so that the validator has three different answers to give), validate all with the shared
 * validator. Document by document, the reports must agree on everything that does not depend on
 * the clock: verdict, format, indication and sub-indication, integrity, signer, error and warning
 * keys, revocationChecked. {@code -Dkyso.concurrency.documents=N} changes the count. The documents
 * validated on 16 threads, the mismatches, hangs (5 minutes per document) and exceptions are
 * counted in {@code target/reliability/sdk-xml_XmlConcurrencyThousandTest.txt}.
 */
class XmlConcurrencyThousandTest {

    private static final int DOCUMENTS = Integer.getInteger("kyso.concurrency.documents", 1000);
    private static final int THREADS = 16;
    private static final ReliabilityTally TALLY = ReliabilityTally.concurrency("sdk-xml/XmlConcurrencyThousandTest");

    @AfterAll
    static void summary() {
        TALLY.write();
    }

    @Test
    void oneSignerAndOneValidatorSharedBySixteenThreadsGiveTheSerialResults() throws Exception {
        try (TestPki pki = TestPki.builder().ocspNextUpdate(Duration.ofMinutes(30)).start()) {
            XmlSigner signer = XmlSigner.builder().key(Fixtures.key(pki, KeyType.ECDSA_P256)).build();
            Validator validator = Validator.builder().trust(TrustAnchors.of(pki.root().certificate()))
                    .revocation(Revocation.online().build()).build();
            List<byte[]> inputs = new ArrayList<>();
            for (int i = 0; i < DOCUMENTS; i++) {
                inputs.add(Fixtures.DOCUMENT.replace("HS-2026-000123", "HS-2026-" + i).getBytes(StandardCharsets.UTF_8));
            }

            long start = System.nanoTime();
            List<String> serial = new ArrayList<>();
            for (int i = 0; i < DOCUMENTS; i++) {
                byte[] document = variant(i, inputs.get(i), signer.sign(inputs.get(i), name(i)));
                serial.add(essence(validator.validate(document, name(i))));
            }
            long serialTook = System.nanoTime() - start;

            start = System.nanoTime();
            List<byte[]> signed = onSixteenThreads(i -> signer.sign(inputs.get(i), name(i)));
            List<String> parallel = onSixteenThreads(i -> {
                String essence = essence(validator.validate(variant(i, inputs.get(i), signed.get(i)), name(i)));
                TALLY.tried();
                return essence;
            });
            long parallelTook = System.nanoTime() - start;
            System.out.printf("XmlConcurrencyThousandTest: %d documents, serial %d ms, %d threads %d ms%n",
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
        return "ho-so-" + i + ".xml";
    }

    /** Every tenth document from 3 on is tampered with after signing, every tenth from 7 on stays unsigned. */
    private static byte[] variant(int i, byte[] input, byte[] signed) {
        if (i % 10 == 3) {
            String text = new String(signed, StandardCharsets.UTF_8);
            String tampered = text.replace("<NgayNop>2026-03-02</NgayNop>", "<NgayNop>2026-03-09</NgayNop>");
            assertThat(tampered).isNotEqualTo(text);
            return tampered.getBytes(StandardCharsets.UTF_8);
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
                    .append(" references=").append(s.references().size())
                    .append(" errors=").append(s.errors().stream().map(Message::key).toList())
                    .append(" warnings=").append(s.warnings().stream().map(Message::key).toList());
        }
        return b.toString();
    }

    /** Runs {@code work} for every document on 16 threads released at once; results in document order. */
    private static <T> List<T> onSixteenThreads(ReliabilityTally.Item<T> work) throws Exception {
        return TALLY.onThreads(THREADS, DOCUMENTS, Duration.ofMinutes(5), work);
    }
}
