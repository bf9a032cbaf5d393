package org.kyso.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.kyso.core.KysoException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.Message;
import org.kyso.core.Revocation;
import org.kyso.core.SoftwareKey;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.pdf.PdfSigner;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;
import org.kyso.xml.XmlSigner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every input that once hung or crashed KySo, kept small under
 * {@code src/test/resources/org/kyso/reliability/crashers/} (see the README there for where each
 * came from and what was fixed), validated and signed again: each must end within
 * {@value Harness#DEADLINE_SECONDS} s with the answer written here.
 */
class CrasherRegressionTest {

    private static final Duration DEADLINE = Duration.ofSeconds(Harness.DEADLINE_SECONDS);
    private static final Validator VALIDATOR = Validator.builder().revocation(Revocation.offline()).build();

    private static TestPki pki;
    private static SoftwareKey key;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        Leaf leaf = pki.issue(LeafSpec.builder().subject("CN=Fuzz Signer, O=KySo, C=VN").build());
        key = SoftwareKey.of(leaf.privateKey(), leaf.chain());
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    private static byte[] crasher(String name) throws IOException {
        try (InputStream in = CrasherRegressionTest.class.getResourceAsStream("crashers/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    /**
     * Fuzz seed 20260308, input 52 (a KySo-signed PDF with 50 arrays nested in one another in its
     * catalog) and fuzz seed 42, input 2000 (the same in a signature dictionary's /Prop_Build, of a
     * PDF KySo signed twice): DSS compares nested arrays twice per level, 2<sup>50</sup> steps, once
     * in its comparison of revisions and once in its consistency check of signature dictionaries.
     * Now such a document is refused before DSS reads it (sdk-pdf {@code ComparisonCost}); the
     * comparison KySo gives DSS is bounded as well ({@code BoundedPdfObjects}).
     */
    @Test
    void aPdfWithDeeplyNestedArraysIsRefusedInTime() throws Exception {
        for (String name : new String[] {"pdf-nested-arrays.pdf", "pdf-nested-arrays-in-signature.pdf"}) {
            byte[] pdf = crasher(name);

            ValidationReport report = assertTimeoutPreemptively(DEADLINE, () -> VALIDATOR.validate(pdf, name));

            assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.ERROR);
            assertThat(report.error().orElseThrow().key()).isEqualTo("kyso.file.malformed");
            assertThat(report.error().orElseThrow().english()).contains("nested");

            byte[] signedAgain = assertTimeoutPreemptively(DEADLINE, () -> PdfSigner.builder().key(key).build().sign(pdf));
            assertThat(signedAgain.length).isGreaterThan(pdf.length);
        }
    }

    /**
     * CLI fuzz, seed 20260308, input 171 (/SubFilter removed from a signature of a corpus PDF):
     * KySo's choice of validation policy for plain PKCS#7 PDFs asked an immutable set whether it
     * holds null, a NullPointerException that validation reported as "the document structure is
     * damaged" (exit 65) although the bug was KySo's. Since then a KySo bug is reported as one
     * ({@code kyso.internal}, exit 70), and this document, minimized to a signature dictionary
     * without /SubFilter, is reported with that signature failed.
     */
    @Test
    void aSignatureWithoutSubFilterIsReportedFailedNotAsADamagedFile() throws Exception {
        byte[] pdf = crasher("pdf-sig-without-subfilter.pdf");

        ValidationReport report = assertTimeoutPreemptively(DEADLINE, () -> VALIDATOR.validate(pdf, "pdf-sig-without-subfilter.pdf"));

        String summary = report.summary(Locale.ENGLISH);
        assertThat(report.verdict()).as(summary).isEqualTo(Verdict.INVALID);
        assertThat(report.signatures()).as(summary).singleElement().satisfies(s -> {
            assertThat(s.fieldName()).isEqualTo("NoSubFilter");
            assertThat(s.integrity()).isFalse();
        });
    }

    /**
     * Fuzz seed 20260308, input 295: a cross-reference stream whose {@code /W} says 2147483647 bytes
     * per field. PDFBox throws NegativeArraySizeException, which PdfSigner let through; now it is a
     * MalformedDocumentException, and validation answers with a report.
     */
    @Test
    void aCrossReferenceStreamWithAnAbsurdFieldWidthIsATypedError() throws Exception {
        byte[] pdf = crasher("pdf-xref-stream-negative-size.pdf");

        assertTimeoutPreemptively(DEADLINE, () -> assertThatThrownBy(() -> PdfSigner.builder().key(key).build().sign(pdf))
                .isInstanceOf(MalformedDocumentException.class));
        ValidationReport report = assertTimeoutPreemptively(DEADLINE, () -> VALIDATOR.validate(pdf, "pdf-xref-stream-negative-size.pdf"));
        assertThat(report.error().map(Message::key)).isNotEqualTo(java.util.Optional.of("kyso.internal"));
    }

    /**
     * Fuzz seed 42, input 318 (a reference of a corpus XAdES repeated 9,324 times; 4 MB): signing
     * next to it did not end. KySo's XMLDSig engine looked each earlier reference up by Id with a
     * walk of the whole document (now one index), and DSS's XAdES builder does the same with an
     * XPath, which KySo cannot change. Now an earlier signature with more than 30 references (more
     * than secure validation accepts) is refused before signing. Made here from KySo's stored
     * XMLDSig seed with its reference repeated 2,000 times.
     */
    @Test
    void signingNextToASignatureWithThousandsOfReferencesIsRefusedInTime() throws Exception {
        String seed = new String(getClass().getResourceAsStream("seeds/xmldsig.xml").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int start = seed.indexOf("<Reference ");
        int end = seed.indexOf("</Reference>") + "</Reference>".length();
        String xml = seed.substring(0, end) + seed.substring(start, end).repeat(2_000) + seed.substring(end);
        byte[] bytes = xml.getBytes(java.nio.charset.StandardCharsets.UTF_8);

        for (XmlSigner signer : new XmlSigner[] {XmlSigner.builder().key(key).build(),
                XmlSigner.builder().key(key).format(org.kyso.xml.XmlFormat.XMLDSIG).build()}) {
            assertTimeoutPreemptively(DEADLINE, () -> assertThatThrownBy(() -> signer.sign(bytes, "references.xml"))
                    .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("references"));
        }
        ValidationReport report = assertTimeoutPreemptively(DEADLINE, () -> VALIDATOR.validate(bytes, "references.xml"));
        assertThat(report.error().map(Message::key)).contains("kyso.file.malformed");
    }

    /**
     * Fuzz seed 42 (nightly size), inputs 5852, 7788 and 8224 ({@code /Kids} of the page tree
     * replaced): a visible signature asks PDFBox for the page to draw on, and PDFBox throws
     * IllegalStateException ("Expected 'Page' but found Catalog", "1-based index not found"). Now a
     * MalformedDocumentException. Minimized: KySo's unsigned seed whose page tree's /Kids name the
     * catalog.
     */
    @Test
    void aPageTreeThatLeadsNowhereIsATypedErrorForAVisibleSignature() throws Exception {
        byte[] pdf = crasher("pdf-page-tree-loop.pdf");
        PdfSigner visible = PdfSigner.builder().key(key)
                .appearance(org.kyso.pdf.Appearance.builder().page(1).rect(300, 60, 220, 70).build()).build();

        for (PdfSigner signer : new PdfSigner[] {visible, PdfSigner.builder().key(key).build()}) {
            assertTimeoutPreemptively(DEADLINE, () -> assertThatThrownBy(() -> signer.sign(pdf))
                    .isInstanceOf(MalformedDocumentException.class));
        }
        ValidationReport report = assertTimeoutPreemptively(DEADLINE, () -> VALIDATOR.validate(pdf, "pdf-page-tree-loop.pdf"));
        assertThat(report.verdict()).isEqualTo(Verdict.NO_SIGNATURE);
    }

    /**
     * Found by the XML attack tests (issue 8, item 2): an XPath Filter 1.0 transform is evaluated for
     * every node, and {@code count(//. | //@* | //namespace::*)} walks the whole document each time;
     * 1,000 elements took Santuario (KySo's own check, then DSS) over a minute and a half. Now
     * refused before either runs it (sdk-xml {@code TransformChecks}).
     */
    @Test
    void anXmlSignatureWithAnXPathThatWalksTheDocumentIsRefusedInTime() throws Exception {
        byte[] xml = crasher("xml-xpath-walk.xml");

        ValidationReport report = assertTimeoutPreemptively(DEADLINE, () -> VALIDATOR.validate(xml, "xml-xpath-walk.xml"));

        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        Message error = report.error().orElseThrow();
        assertThat(error.key()).isEqualTo("kyso.file.malformed");
        assertThat(error.english()).contains("XPath");

        // Signing next to it never evaluates the old signature's transforms.
        assertTimeoutPreemptively(DEADLINE, () -> {
            try {
                XmlSigner.builder().key(key).build().sign(xml, "xml-xpath-walk.xml");
            } catch (KysoException e) {
                // typed: fine
            }
        });
    }
}
