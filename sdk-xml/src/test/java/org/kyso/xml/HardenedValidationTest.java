package org.kyso.xml;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import org.kyso.core.Message;
import org.kyso.core.ReferenceReport;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.SoftwareKey;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the validator refuses to read or fetch: DOCTYPEs (so no entity of any kind), XInclude, XSLT
 * transforms, oversized files, and any URI outside the document unless the caller allowed a folder
 * of detached content. An HTTP listener on the loopback interface proves nothing is fetched.
 */
class HardenedValidationTest {

    private static TestPki pki;
    private static Leaf seller;
    private static final Validator VALIDATOR = Validator.builder().revocation(Revocation.offline()).build();

    private HttpServer listener;
    private final AtomicInteger requests = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        seller = pki.issue(LeafSpec.builder().subject("CN=CÔNG TY TNHH KÝ SỐ THỬ NGHIỆM, UID=MST:0101234567, C=VN").build());
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    @BeforeEach
    void startListener() throws IOException {
        listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        listener.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "<secret>bí mật</secret>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        listener.start();
    }

    @AfterEach
    void stopListener() {
        listener.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + listener.getAddress().getPort() + path;
    }

    private static String signedInvoice() {
        Document invoice = RawXmlDsig.parse(RawXmlDsig.INVOICE);
        RawXmlDsig.sign(invoice, RawXmlDsig.slot(invoice, "NBan"), "NBan-100001", List.of("_100001"),
                seller.privateKey(), seller.certificate());
        return new String(RawXmlDsig.bytes(invoice), StandardCharsets.UTF_8);
    }

    /** The signed invoice behind a DOCTYPE: the signature itself is sound. */
    private static String withDoctype(String internalSubset) {
        String signed = signedInvoice();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE HDon [\n" + internalSubset + "\n]>\n"
                + signed.substring(signed.indexOf("<HDon>"));
    }

    private static void assertRefusedAsMalformed(ValidationReport report, String mentioning) {
        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.signatures()).isEmpty();
        Message error = report.error().orElseThrow();
        assertThat(error.key()).as("the key the CLI maps to exit 65").isEqualTo("kyso.file.malformed");
        assertThat(error.english()).contains(mentioning);
        assertThat(error.vietnamese()).isNotBlank();
    }

    @Test
    void refusesDoctypeWithExternalEntityOverHttpWithoutFetchingIt() throws Exception {
        String xxe = withDoctype("<!ENTITY web SYSTEM \"" + url("/entity") + "\">\n<!ENTITY % remote SYSTEM \"" + url("/dtd")
                + "\"> %remote;").replace("<TgTTTBChu>", "<TgTTTBChu>&web;");
        Path file = Files.writeString(dir.resolve("xxe-http.xml"), xxe);

        assertRefusedAsMalformed(VALIDATOR.validate(file), "DOCTYPE");
        assertRefusedAsMalformed(VALIDATOR.validate(xxe.getBytes(StandardCharsets.UTF_8), "xxe-http.xml"), "declares entities");
        assertThat(requests).as("requests seen by the loopback listener").hasValue(0);
    }

    @Test
    void refusesDoctypeWithFileEntityWithoutReadingTheFile() throws Exception {
        String xxe = withDoctype("<!ENTITY passwd SYSTEM \"file:///etc/passwd\">").replace("<TgTTTBChu>", "<TgTTTBChu>&passwd;");
        Path file = Files.writeString(dir.resolve("xxe-file.xml"), xxe);

        ValidationReport report = VALIDATOR.validate(file);

        assertRefusedAsMalformed(report, "xxe-file.xml");
        assertThat(report.toJson(Locale.ENGLISH)).doesNotContain("root:");
        assertThat(report.error().orElseThrow().text(Locale.forLanguageTag("vi"))).contains("DOCTYPE", "thực thể");
    }

    @Test
    void refusesEntityExpansionBombs() {
        String lol = withDoctype("<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">")
                .replace("<TgTTTBChu>", "<TgTTTBChu>&d;");

        assertRefusedAsMalformed(VALIDATOR.validate(lol.getBytes(StandardCharsets.UTF_8), "lol.xml"), "DOCTYPE");
    }

    @Test
    void refusesADoctypeEvenWithoutEntities() {
        String plain = withDoctype("<!ELEMENT HDon ANY>");

        assertRefusedAsMalformed(VALIDATOR.validate(plain.getBytes(StandardCharsets.UTF_8), "doctype.xml"), "DOCTYPE");
    }

    @Test
    void includesNothingThroughXInclude() {
        String xml = RawXmlDsig.INVOICE.replace("<TTChung>", "<TTChung><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\""
                + url("/include") + "\" parse=\"xml\"/>");
        Document invoice = RawXmlDsig.parse(xml);
        RawXmlDsig.sign(invoice, RawXmlDsig.slot(invoice, "NBan"), "NBan-100001", List.of("_100001"),
                seller.privateKey(), seller.certificate());

        ValidationReport report = VALIDATOR.validate(RawXmlDsig.bytes(invoice), "xinclude.xml");

        assertThat(report.signatures()).singleElement().satisfies(s -> assertThat(s.integrity()).isTrue());
        assertThat(requests).as("requests seen by the loopback listener").hasValue(0);
    }

    @Test
    void neverDereferencesReferencesOutsideTheDocument() {
        String signed = signedInvoice();
        String outside = signed.replace("URI=\"#_100001\"", "URI=\"" + url("/signed-data") + "\"")
                .replace("URI=\"#Obj-NBan-100001\"", "URI=\"file:///etc/passwd\"");

        SignatureReport signature = VALIDATOR.validate(outside.getBytes(StandardCharsets.UTF_8), "outside.xml").signatures().get(0);

        assertThat(signature.references()).containsExactly(
                new ReferenceReport(url("/signed-data"), null, "SHA-256", false, false),
                new ReferenceReport("file:///etc/passwd", null, "SHA-256", false, false));
        assertThat(signature.integrity()).isFalse();
        assertThat(requests).as("requests seen by the loopback listener").hasValue(0);
    }

    @Test
    void readsDetachedContentOnlyFromTheFolderTheCallerAllows() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path scan = Files.writeString(data.resolve("to-trinh.txt"), "Tờ trình số 12/TTr-UBND");
        Path signature = dir.resolve("to-trinh.txt.xades.xml");
        XmlSigner.builder().key(SoftwareKey.of(seller.privateKey(), seller.chain())).packaging(XmlPackaging.DETACHED).build()
                .sign(scan, signature);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

        ReferenceReport alone = dataReference(VALIDATOR.validate(signature));
        ReferenceReport allowed = dataReference(VALIDATOR.validate(signature, data));
        ReferenceReport wrongFolder = dataReference(VALIDATOR.validate(signature, elsewhere));

        assertThat(alone.found()).as("nothing outside the document is read unless allowed").isFalse();
        assertThat(allowed).isEqualTo(new ReferenceReport("to-trinh.txt", "to-trinh.txt", "SHA-256", true, true));
        assertThat(wrongFolder.found()).isFalse();
    }

    private static ReferenceReport dataReference(ValidationReport report) {
        return report.signatures().get(0).references().stream().filter(r -> "to-trinh.txt".equals(r.uri()))
                .findFirst().orElseThrow(() -> new AssertionError(report.summary(Locale.ENGLISH)));
    }

    @Test
    void refusesXsltTransformsBeforeDssCouldRunThem() {
        String signed = signedInvoice();
        String xslt = signed.replace("<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>",
                "<ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\"><xsl:stylesheet"
                        + " xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\"><xsl:template match=\"/\">"
                        + "<xsl:value-of select=\"document('" + url("/xslt") + "')\"/></xsl:template></xsl:stylesheet></ds:Transform>");
        assertThat(xslt).isNotEqualTo(signed);

        assertRefusedAsMalformed(VALIDATOR.validate(xslt.getBytes(StandardCharsets.UTF_8), "xslt.xml"), "secure validation");
        assertThat(requests).as("requests seen by the loopback listener").hasValue(0);
    }

    @Test
    void refusesOversizedXmlBeforeReadingIt() throws Exception {
        Path huge = dir.resolve("huge.xml");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.write("<HDon>".getBytes(StandardCharsets.US_ASCII));
            file.setLength(65L * 1024 * 1024); // sparse: no disk space used
        }

        assertRefusedAsMalformed(VALIDATOR.validate(huge), "MiB");
    }
}
