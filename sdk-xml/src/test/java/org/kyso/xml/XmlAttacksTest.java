package org.kyso.xml;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.kyso.core.KysoException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.Message;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.SigningKey;
import org.kyso.core.SoftwareKey;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.ReliabilityTally;
import org.kyso.testkit.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * XML attacks (issue 8, item 2) against both sides, validation and signing, each with a raw
 * {@link ServerSocket} on the loopback interface that counts every connection: the attacks name it
 * in entities, DTDs, references, stylesheets and XPath expressions, and it must see none. What
 * {@link HardenedValidationTest} and {@link HardenedParsingTest} already cover (XXE over file and
 * http, billion laughs, XInclude, XSLT in {@code ds:SignedInfo}, outside references) is not
 * repeated; signature wrapping is in {@link XmlValidationTest} and the corpus rows.
 *
 * <p>Every refusal is an ERROR report keyed {@code kyso.file.malformed} (CLI exit 65) or a
 * {@link MalformedDocumentException}, and comes within seconds.
 *
 * <p>Every validation and signing of a hostile document is a trial of a {@link ReliabilityTally}
 * ({@code target/reliability/sdk-xml_XmlAttacksTest.txt}): inputs tried, hangs, untyped
 * exceptions, and attacks missed (not refused, or a connection to the listener).
 */
class XmlAttacksTest {

    private static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    private static final Duration QUICKLY = Duration.ofSeconds(20);
    private static final ReliabilityTally TALLY = ReliabilityTally.attacks("sdk-xml/XmlAttacksTest", KysoException.class);

    private static TestPki pki;
    private static Leaf leaf;
    private static SigningKey key;
    private static final Validator VALIDATOR = Validator.builder().revocation(Revocation.offline()).build();

    private ServerSocket trap;
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        leaf = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN").build());
        key = SoftwareKey.of(leaf.privateKey(), leaf.chain());
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
        TALLY.write();
    }

    @BeforeEach
    void openTrap() throws IOException {
        trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!trap.isClosed()) {
                try (Socket s = trap.accept()) {
                    connections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        }, "xml-attacks-trap");
        accept.setDaemon(true);
        accept.start();
    }

    @AfterEach
    void closeTrap() throws IOException {
        trap.close();
        TALLY.missed(connections.get());
        assertThat(connections).as("connections to the loopback listener").hasValue(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + trap.getLocalPort() + path;
    }

    private static XmlSigner[] signers() {
        return new XmlSigner[] {XmlSigner.builder().key(key).build(), XmlSigner.builder().key(key).format(XmlFormat.XMLDSIG).build()};
    }

    /** A small signed document (XMLDSig, enveloped) to attack. */
    private static String signed() throws KysoException {
        return new String(XmlSigner.builder().key(key).format(XmlFormat.XMLDSIG).build().sign(Fixtures.document(), "ho-so.xml"),
                StandardCharsets.UTF_8);
    }

    /** Validates {@code xml} as one trial: a report within {@link #QUICKLY}, never an exception. */
    private static ValidationReport validate(String xml, String name) {
        ReliabilityTally.Trial<ValidationReport> trial = TALLY.run(QUICKLY,
                () -> VALIDATOR.validate(xml.getBytes(StandardCharsets.UTF_8), name));
        assertThat(trial.hung()).as("%s validated within %s", name, QUICKLY).isFalse();
        assertThat(trial.thrown()).as("%s: validation answers with a report, it does not throw", name).isNull();
        return trial.value();
    }

    /** Signs {@code xml} with {@code signer} as one trial: signed or refused within {@link #QUICKLY}. */
    private static ReliabilityTally.Trial<byte[]> sign(XmlSigner signer, String xml, String name) {
        ReliabilityTally.Trial<byte[]> trial = TALLY.run(QUICKLY, () -> signer.sign(xml.getBytes(StandardCharsets.UTF_8), name));
        assertThat(trial.hung()).as("%s signed or refused within %s by %s", name, QUICKLY, signer).isFalse();
        return trial;
    }

    /** Signing {@code xml} succeeded, or was refused as malformed: never another exception. */
    private static void assertSignedOrRefusedAsMalformed(String xml, String name) {
        for (XmlSigner signer : signers()) {
            Throwable thrown = sign(signer, xml, name).thrown();
            if (thrown != null) {
                assertThat(thrown).as(signer.toString()).isInstanceOf(MalformedDocumentException.class);
            }
        }
    }

    /** Counts a missed attack when {@code caught} is false; the caller's assertions then say what was wrong. */
    private static void tally(boolean caught) {
        if (!caught) {
            TALLY.missed(1);
        }
    }

    private static void assertRefused(ValidationReport report, String... mentioning) {
        tally(report.verdict() == Verdict.ERROR);
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.ERROR);
        Message error = report.error().orElseThrow();
        assertThat(error.key()).as("the key the CLI maps to exit 65").isEqualTo("kyso.file.malformed");
        assertThat(error.english()).contains(mentioning);
        assertThat(error.vietnamese()).isNotBlank();
    }

    private static void assertSigningRefused(String xml, String name, String mentioning) {
        for (XmlSigner signer : signers()) {
            Throwable thrown = sign(signer, xml, name).thrown();
            tally(thrown instanceof MalformedDocumentException);
            assertThat(thrown).as(signer.toString()).isInstanceOf(MalformedDocumentException.class).hasMessageContaining(mentioning);
        }
    }

    // ------------------------------------------------------------------ DTDs and entities

    @Test
    void anExternalDtdIsRefusedAndNeverFetched() throws Exception {
        String body = signed();
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE HoSo SYSTEM \"" + url("/ho-so.dtd") + "\">\n"
                + body.substring(body.indexOf("<HoSo"));

        assertRefused(validate(xml, "dtd.xml"), "DOCTYPE");
        assertSigningRefused(xml, "dtd.xml", "DOCTYPE");
    }

    @Test
    void anExternalParameterEntityIsRefusedAndNeverFetched() {
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE HoSo [<!ENTITY % p SYSTEM \"" + url("/p.dtd") + "\"> %p;]>\n<HoSo Id=\"x\"/>";

        assertRefused(validate(xml, "param.xml"), "DOCTYPE");
        assertSigningRefused(xml, "param.xml", "DOCTYPE");
    }

    @Test
    void quadraticBlowUpWithOneBigEntityIsRefusedBeforeExpansion() {
        // One 60 KB entity referenced 20,000 times: 1.2 GB once expanded, within every per-entity limit.
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE HoSo [<!ENTITY big \"" + "x".repeat(60_000) + "\">]>\n<HoSo Id=\"x\">"
                + "&big;".repeat(20_000) + "</HoSo>";

        assertRefused(validate(xml, "quadratic.xml"), "DOCTYPE");
        assertSigningRefused(xml, "quadratic.xml", "DOCTYPE");
    }

    @Test
    void aHugeAttributeOrTextWithoutDtdEndsInTimeWithAReport() throws Exception {
        String body = signed();
        String hugeAttribute = body.replace("<TTChung>", "<TTChung ghiChu=\"" + "a".repeat(8 << 20) + "\">");
        String hugeText = body.replace("<DinhKem/>", "<DinhKem>" + "b".repeat(8 << 20) + "</DinhKem>");

        for (String xml : List.of(hugeAttribute, hugeText)) {
            ValidationReport report = validate(xml, "huge.xml");
            // The document is well-formed: the signature is reported, and it no longer matches.
            assertThat(report.signatures()).singleElement().satisfies(s -> assertThat(s.integrity()).isFalse());
        }
        String unsigned = Fixtures.DOCUMENT.replace("<TTChung>", "<TTChung ghiChu=\"" + "a".repeat(8 << 20) + "\">");
        for (XmlSigner signer : signers()) {
            ReliabilityTally.Trial<byte[]> trial = sign(signer, unsigned, "huge.xml");
            assertThat(trial.thrown()).as(signer.toString()).isNull();
            assertThat(trial.value().length).isGreaterThan(8 << 20);
        }
    }

    // ------------------------------------------------------------------ XSLT

    @Test
    void anXsltTransformThatLoopsIsRefusedWithoutRunning() throws Exception {
        String xml = withTransform(signed(), "<ds:Transform xmlns:ds=\"" + DS + "\" Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\">"
                + "<xsl:stylesheet xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\">"
                + "<xsl:template match=\"/\"><xsl:call-template name=\"loop\"/></xsl:template>"
                + "<xsl:template name=\"loop\"><xsl:call-template name=\"loop\"/></xsl:template></xsl:stylesheet></ds:Transform>");

        assertRefused(validate(xml, "xslt-loop.xml"), "XSLT");
    }

    @Test
    void anXsltTransformInAManifestIsRefusedToo() throws Exception {
        // Secure validation looks at ds:SignedInfo only; KySo refuses a manifest's stylesheet too, whoever might run it.
        String manifest = "<ds:Object xmlns:ds=\"" + DS + "\"><ds:Manifest Id=\"mf\"><ds:Reference URI=\"\"><ds:Transforms>"
                + "<ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\"><xsl:stylesheet"
                + " xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\"><xsl:template match=\"/\">"
                + "<xsl:value-of select=\"document('" + url("/manifest-xslt") + "')\"/></xsl:template></xsl:stylesheet>"
                + "</ds:Transform></ds:Transforms><ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>"
                + "<ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:Manifest></ds:Object>";
        String body = signed();
        String xml = body.replace("</Signature>", manifest + "</Signature>");
        assertThat(xml).isNotEqualTo(body);

        assertRefused(validate(xml, "manifest-xslt.xml"), "XSLT");
    }

    // ------------------------------------------------------------------ XPath

    @Test
    void anXPathFilterThatWalksTheDocumentIsRefused() throws Exception {
        // Evaluated for every node, count(//.) is quadratic: minutes on a few thousand elements.
        String xml = withTransform(signed(), xpath1("count(//. | //@* | //namespace::*) &gt; 0"));

        assertRefused(validate(xml, "xpath-walk.xml"), "XPath", "square");
    }

    @Test
    void anXPathFilterOnALargeDocumentIsRefused() throws Exception {
        // Even the usual expression costs the square of the document with the JDK's XPath engine.
        String body = signed().replace("<DinhKem/>", "<DinhKem>" + "<Tep>t</Tep>".repeat(20_000) + "</DinhKem>");
        String xml = withTransform(body, xpath1("not(ancestor-or-self::ds:Signature)"));

        assertRefused(validate(xml, "xpath-large.xml"), "XPath Filter 1.0", "nodes");
    }

    @Test
    void xpathFilterTwoThatTriesToFetchEndsWithoutConnecting() throws Exception {
        String xml = withTransform(signed(), "<ds:Transform xmlns:ds=\"" + DS + "\" Algorithm=\"http://www.w3.org/2002/06/xmldsig-filter2\">"
                + "<f:XPath xmlns:f=\"http://www.w3.org/2002/06/xmldsig-filter2\" Filter=\"union\">document('" + url("/filter2")
                + "')</f:XPath></ds:Transform>");

        ValidationReport report = validate(xml, "filter2-fetch.xml");

        tally(report.verdict() != Verdict.VALID && report.signatures().stream().noneMatch(SignatureReport::integrity));
        assertThat(report.verdict()).isNotEqualTo(Verdict.VALID);
        assertThat(report.signatures()).allSatisfy(s -> assertThat(s.integrity()).isFalse());
    }

    @Test
    void xpathFilterTwoWithAPathInAPredicateIsRefused() throws Exception {
        String xml = withTransform(signed(), "<ds:Transform xmlns:ds=\"" + DS + "\" Algorithm=\"http://www.w3.org/2002/06/xmldsig-filter2\">"
                + "<f:XPath xmlns:f=\"http://www.w3.org/2002/06/xmldsig-filter2\" Filter=\"union\">//*[count(//*) &gt; 0]"
                + "</f:XPath></ds:Transform>");

        assertRefused(validate(xml, "filter2-quadratic.xml"), "predicate");
    }

    // The usual XPath transforms (not(ancestor-or-self::ds:Signature), Filter 2.0 subtract of
    // /descendant::ds:Signature) still verify: corpus rows data2sign-signed-xades-enveloped-baseline-lta.xml,
    // doubleSignedTest.xml and Signature-X-BE_ECON-3.xml in XmlCorpusConformanceTest.

    // ------------------------------------------------------------------ references

    @Test
    void referencesOutsideTheDocumentAreReportedNotFetchedWhenValidatingOrSigning() throws Exception {
        String body = signed();
        String xml = body.replaceFirst("URI=\"[^\"]*\"", "URI=\"" + url("/signed-data") + "\"")
                .replace("</SignedInfo>", "<Reference URI=\"file:///etc/passwd\"><DigestMethod"
                        + " Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/><DigestValue>AAAA</DigestValue>"
                        + "</Reference></SignedInfo>");

        SignatureReport signature = validate(xml, "outside.xml").signatures().get(0);
        tally(!signature.integrity());
        assertThat(signature.integrity()).isFalse();
        assertThat(signature.references()).extracting(r -> r.uri()).contains(url("/signed-data"), "file:///etc/passwd");
        assertThat(signature.references()).allSatisfy(r -> assertThat(r.found()).isFalse());
        // Adding a signature next to it reads nothing the old one names.
        assertSignedOrRefusedAsMalformed(xml, "outside.xml");
    }

    @Test
    void tenThousandReferencesAreRefusedQuickly() throws Exception {
        String reference = "<Reference URI=\"#HS-2026-000123\"><DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>"
                + "<DigestValue>AAAA</DigestValue></Reference>";
        String xml = signed().replace("</SignedInfo>", reference.repeat(10_000) + "</SignedInfo>");

        assertRefused(validate(xml, "references.xml"), "secure validation");
        assertSignedOrRefusedAsMalformed(xml, "references.xml");
    }

    @Test
    void aHundredTransformsOnAReferenceAreRefusedQuickly() throws Exception {
        String c14n = "<Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>";
        String xml = withTransform(signed(), c14n.repeat(100));

        assertRefused(validate(xml, "transforms.xml"), "secure validation");
    }

    // ------------------------------------------------------------------ helpers

    /** {@code signed} with {@code transform} put first in the first reference's transforms. */
    private static String withTransform(String signed, String transform) {
        String marker = "<Transforms>"; // KySo's XMLDSig uses the default namespace
        int at = signed.indexOf(marker);
        assertThat(at).as("the signed document has a ds:Transforms").isPositive();
        return signed.substring(0, at + marker.length()) + transform + signed.substring(at + marker.length());
    }

    private static String xpath1(String expression) {
        return "<ds:Transform xmlns:ds=\"" + DS + "\" Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\"><ds:XPath>"
                + expression + "</ds:XPath></ds:Transform>";
    }
}
