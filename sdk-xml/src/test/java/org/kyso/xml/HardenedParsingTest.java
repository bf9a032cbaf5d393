package org.kyso.xml;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.MalformedDocumentException;
import org.kyso.core.SigningKey;
import org.kyso.testkit.TestPki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the signing side refuses to read: DOCTYPEs (and so every entity, external or expanding),
 * XInclude, absurd nesting and size. An HTTP listener on the loopback interface proves nothing is
 * fetched.
 */
class HardenedParsingTest {

    private static TestPki pki;
    private static SigningKey rsa;

    private HttpServer listener;
    private final AtomicInteger requests = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        rsa = Fixtures.rsaKey(pki);
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

    @Test
    void rejectsExternalEntitiesOverHttpAndFileWithoutFetchingThem() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "bí mật");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE HDon [\n"
                + "  <!ENTITY web SYSTEM \"" + url("/entity") + "\">\n"
                + "  <!ENTITY local SYSTEM \"" + secret.toUri() + "\">\n"
                + "  <!ENTITY passwd SYSTEM \"file:///etc/passwd\">\n"
                + "  <!ENTITY % remote SYSTEM \"" + url("/dtd") + "\"> %remote;\n"
                + "]>\n<HDon><DLHDon Id=\"_1\">&web;&local;&passwd;</DLHDon><DSCKS><NBan/></DSCKS></HDon>";
        Path in = Files.writeString(dir.resolve("xxe.xml"), xxe);

        for (XmlSigner signer : signers()) {
            assertThatThrownBy(() -> signer.sign(in, dir.resolve("out.xml")))
                    .as(signer.toString())
                    .isInstanceOf(MalformedDocumentException.class)
                    .hasMessageContaining("DOCTYPE")
                    .hasMessageContaining("xxe.xml");
        }
        assertThat(requests).as("requests seen by the loopback listener").hasValue(0);
        assertThat(dir.resolve("out.xml")).doesNotExist();
    }

    @Test
    void rejectsInternalEntityExpansion() {
        String lol = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">"
                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;\">]><a Id=\"x\">&c;</a>";

        for (XmlSigner signer : signers()) {
            assertThatThrownBy(() -> signer.sign(lol.getBytes(StandardCharsets.UTF_8), "lol.xml"))
                    .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("DOCTYPE");
        }
    }

    @Test
    void includesNothingThroughXInclude() throws Exception {
        String xml = "<HoSo xmlns:xi=\"http://www.w3.org/2001/XInclude\" Id=\"x\"><xi:include href=\"" + url("/include")
                + "\" parse=\"xml\"/></HoSo>";

        for (XmlSigner signer : new XmlSigner[] {XmlSigner.builder().key(rsa).build(),
                XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).build()}) {
            byte[] signed = signer.sign(xml.getBytes(StandardCharsets.UTF_8), "xinclude.xml");
            assertThat(new String(signed, StandardCharsets.UTF_8)).contains("<xi:include href=").doesNotContain("bí mật");
        }
        assertThat(requests).as("requests seen by the loopback listener").hasValue(0);
    }

    @Test
    void rejectsAbsurdNesting() {
        String deep = "<a>".repeat(5000) + "</a>".repeat(5000);

        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).build()
                .sign(deep.getBytes(StandardCharsets.UTF_8), "deep.xml"))
                .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("deep.xml");
    }

    @Test
    void rejectsOversizedXmlBeforeReadingIt() throws Exception {
        Path huge = dir.resolve("huge.xml");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(65L * 1024 * 1024); // sparse: no disk space used
        }

        assertThatThrownBy(() -> XmlSigner.builder().key(rsa).build().sign(huge, dir.resolve("out.xml")))
                .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("MiB");
    }

    @Test
    void predefinedEntitiesAndCharacterReferencesAreNotLimited() throws Exception {
        String many = "<a Id=\"x\">" + "&amp;&lt;&#x1EA1;".repeat(20_000) + "</a>";

        byte[] signed = XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).build()
                .sign(many.getBytes(StandardCharsets.UTF_8), "many.xml");

        assertThat(new String(signed, StandardCharsets.UTF_8)).startsWith("<a Id=\"x\">&amp;&lt;&#x1EA1;");
    }

    private static XmlSigner[] signers() {
        return new XmlSigner[] {
                XmlSigner.builder().key(rsa).build(),
                XmlSigner.builder().key(rsa).format(XmlFormat.XMLDSIG).build(),
                XmlSigner.builder().key(rsa).profile(XmlProfile.VN_EINVOICE_SELLER).build()};
    }

    private String url(String path) {
        return "http://127.0.0.1:" + listener.getAddress().getPort() + path;
    }
}
