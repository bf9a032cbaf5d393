package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/** {@code kyso sign xml} with --format xmldsig, --profile, --ref-id, --place, --c14n; {@code kyso extend xml}. */
class SignXmlProfileAndExtendCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A synthetic e-invoice (fictitious data) laid out as the real ones: seller tax code as in the seller's certificate. */
    static final String INVOICE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><HDon><DLHDon Id=\"_880002\"><TTChung>"
            + "<PBan>2.1.0</PBan><THDon>Hóa đơn giá trị gia tăng</THDon><KHMSHDon>1</KHMSHDon><KHHDon>C26TKS</KHHDon>"
            + "<SHDon>7</SHDon><NLap>2026-03-02</NLap><DVTTe>VND</DVTTe></TTChung><NDHDon><NBan>"
            + "<Ten>CÔNG TY TNHH PHẦN MỀM KÝ SỐ THỬ NGHIỆM</Ten><MST>0101234567</MST></NBan><NMua>"
            + "<Ten>CÔNG TY CỔ PHẦN KHÁCH HÀNG MẪU</Ten><MST>0309876543</MST></NMua><DSHHDVu><HHDVu><STT>1</STT>"
            + "<THHDVu>Dịch vụ chữ ký số</THHDVu><SLuong>1</SLuong><DGia>1000000</DGia><ThTien>1000000</ThTien></HHDVu>"
            + "</DSHHDVu><TToan><TgTTTBSo>1100000</TgTTTBSo><TgTTTBChu>Một triệu một trăm nghìn đồng</TgTTTBChu></TToan>"
            + "</NDHDon></DLHDon><DLQRCode>KYSO-THU-NGHIEM</DLQRCode><DSCKS><NBan/><NMua/></DSCKS></HDon>";
    static final String MCCQT = "<MCCQT Id=\"Id-0f1e2d3c4b5a69788796a5b4c3d2e1f0\">00FEDCBA98765432100123456789ABCDEF</MCCQT>";

    @TempDir
    static Path keys;

    static TestPki pki;
    static Path rootPem;
    static Path intermediatePem;
    static Path seller;
    static Path taxAuthority;
    static Path ecdsa;
    static Path password;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() throws Exception {
        pki = TestPki.builder().start();
        rootPem = keys.resolve("root.pem");
        Pem.write(rootPem, pki.root().certificate());
        intermediatePem = keys.resolve("intermediate.pem");
        Pem.write(intermediatePem, pki.intermediate().certificate());
        seller = p12(LeafSpec.builder().subject("CN=CÔNG TY TNHH PHẦN MỀM KÝ SỐ THỬ NGHIỆM, UID=MST:0101234567, L=Hà Nội, C=VN")
                .keyType(KeyType.RSA_2048).build(), "seller.p12");
        taxAuthority = p12(LeafSpec.builder().subject("CN=CỤC THUẾ THỬ NGHIỆM, O=BỘ TÀI CHÍNH, L=Hà Nội, C=VN")
                .keyType(KeyType.RSA_2048).build(), "cqt.p12");
        ecdsa = p12(LeafSpec.builder().subject("CN=Lê Thị Hoa, O=Sở Tư pháp, C=VN").keyType(KeyType.ECDSA_P256).build(), "ec.p12");
        password = Files.writeString(keys.resolve("password.txt"), "secret");
    }

    private static Path p12(LeafSpec spec, String name) throws IOException {
        Leaf leaf = pki.issue(spec);
        Path file = keys.resolve(name);
        leaf.writePkcs12(file, "secret".toCharArray());
        return file;
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    @Test
    void einvoiceSignedBySellerThenTaxAuthorityValidatesAndATamperedOneExitsTwo() throws Exception {
        Path invoice = Files.writeString(dir.resolve("hoa-don.xml"), INVOICE);
        Path bySeller = dir.resolve("hoa-don-nban.xml");
        Path byBoth = dir.resolve("hoa-don-cqt.xml");

        Cli.Result signed = sign(invoice, bySeller, seller, "--profile", "vn-einvoice-seller").succeeds();
        assertThat(signed.out()).contains("XMLDSig, profile vn-einvoice-seller");
        Path coded = Files.writeString(dir.resolve("hoa-don-ma.xml"),
                Files.readString(bySeller).replace("</DLHDon><DLQRCode>", "</DLHDon>" + MCCQT + "<DLQRCode>"));
        sign(coded, byBoth, taxAuthority, "--profile", "vn-einvoice-tax").succeeds();

        assertThat(xmlsec1(byBoth, "/HDon/DSCKS/NBan/*[local-name()='Signature']").exitCode()).isZero();
        assertThat(xmlsec1(byBoth, "/HDon/DSCKS/CQT/*[local-name()='Signature']").exitCode()).isZero();
        Cli.Result validated = Cli.run("validate", "--format", "json", "--trust", rootPem.toString(), byBoth.toString());
        JsonNode report = JSON.readTree(validated.out());
        assertThat(report.get("signatures")).hasSize(2);
        for (JsonNode signature : report.get("signatures")) {
            assertThat(signature.get("integrity").asBoolean()).as(validated.out()).isTrue();
            assertThat(signature.get("format").asText()).isEqualTo("XMLDSig");
        }

        Path tampered = Files.writeString(dir.resolve("hoa-don-sua.xml"),
                Files.readString(byBoth).replace("<SLuong>1</SLuong>", "<SLuong>2</SLuong>"));
        Cli.Result broken = Cli.run("validate", "--format", "json", "--trust", rootPem.toString(), tampered.toString());
        JsonNode brokenReport = JSON.readTree(broken.out());
        for (JsonNode signature : brokenReport.get("signatures")) {
            assertThat(signature.get("integrity").asBoolean()).as(broken.out()).isFalse();
        }
        assertThat(broken.exit()).as(broken.out() + broken.err()).isEqualTo(ExitCode.INVALID);
    }

    @Test
    void plainXmlDsigByIdPlacedWithSigningTimeAndExclusiveC14n() throws Exception {
        Path dossier = Files.writeString(dir.resolve("ho-so.xml"), "<?xml version='1.0' encoding='UTF-8'?>\n"
                + "<HoSo><DonDeNghi Id=\"DDN-1\">Đề nghị cấp giấy phép</DonDeNghi><ChuKy/></HoSo>\n");
        Path out = dir.resolve("ho-so-signed.xml");

        Cli.Result result = sign(dossier, out, ecdsa, "--format", "xmldsig", "--ref-id", "DDN-1", "--place", "/HoSo/ChuKy",
                "--signing-time", "--c14n", "exclusive").succeeds();

        assertThat(result.out()).contains("XMLDSig, enveloped");
        String text = Files.readString(out);
        assertThat(text).startsWith("<?xml version='1.0' encoding='UTF-8'?>\n<HoSo><DonDeNghi Id=\"DDN-1\">Đề nghị cấp giấy phép</DonDeNghi><ChuKy><Signature ")
                .contains("xml-exc-c14n#", "<SigningTime>", "ecdsa-sha256").endsWith("</Signature></ChuKy></HoSo>\n");
        ExternalTools.Result verified = xmlsec1(out, null, "DonDeNghi");
        assertThat(verified.exitCode()).as(verified.stderr()).isZero();
    }

    @Test
    void xadesLevelTByIdAtAPlaceThenExtendedToLta() throws Exception {
        Path dossier = Files.writeString(dir.resolve("ho-so.xml"), "<?xml version='1.0' encoding='UTF-8'?>\n"
                + "<HoSo><DonDeNghi Id=\"DDN-1\">Đề nghị cấp giấy phép</DonDeNghi><ChuKy></ChuKy></HoSo>\n");
        Path signed = dir.resolve("ho-so-t.xml");
        Path archived = dir.resolve("ho-so-lta.xml");

        sign(dossier, signed, seller, "--ref-id", "DDN-1", "--place", "/HoSo/ChuKy", "--c14n", "inclusive",
                "--tsa", pki.tsaUrl().toString()).succeeds();
        Cli.Result extended = Cli.run("extend", "xml", signed.toString(), "-o", archived.toString(), "--level", "LTA",
                "--tsa", pki.tsaUrl().toString(), "--trust", rootPem.toString()).succeeds();

        assertThat(extended.out()).contains("XAdES-BASELINE-LTA");
        String text = Files.readString(archived);
        assertThat(text).startsWith("<?xml version='1.0' encoding='UTF-8'?>\n<HoSo><DonDeNghi Id=\"DDN-1\">Đề nghị cấp giấy phép</DonDeNghi><ChuKy><ds:Signature ")
                .endsWith("</ds:Signature></ChuKy></HoSo>\n");
        Cli.Result validated = Cli.run("validate", "--format", "json", "--trust", rootPem.toString(), archived.toString())
                .succeeds();
        assertThat(JSON.readTree(validated.out()).get("signatures").get(0).get("format").asText()).isEqualTo("XAdES-BASELINE-LTA");
    }

    @Test
    void usageErrorsExitSixtyFour() {
        Path xml = Samples.xml(dir);
        String out = dir.resolve("out.xml").toString();
        String[][] wrong = {
                {"--profile", "vn-einvoice-nobody"},
                {"--c14n", "sideways"},
                {"--format", "xmldsig", "--level", "T", "--tsa", pki.tsaUrl().toString()},
                {"--profile", "vn-einvoice-seller", "--ref-id", "x"},
                {"--format", "xmldsig", "--packaging", "detached"},
                {"--signing-time"},
                {"--place", "/HoSo["}};
        for (String[] options : wrong) {
            String[] args = concat(new String[] {"sign", "xml", xml.toString(), "-o", out, "--p12", seller.toString(),
                    "--password-file", password.toString()}, options);
            Cli.run(args).failsWith(ExitCode.USAGE);
        }
        Cli.run("extend", "xml", xml.toString(), "-o", out, "--level", "B").failsWith(ExitCode.USAGE);
        Cli.run("extend", "xml", xml.toString(), "-o", out, "--level", "T").failsWith(ExitCode.USAGE);
        Cli.run("extend", "xml", xml.toString(), "-o", out, "--level", "LT").failsWith(ExitCode.USAGE);
        assertThat(dir.resolve("out.xml")).doesNotExist();
    }

    @Test
    void malformedInputsExitSixtyFive() throws Exception {
        Path unsigned = Samples.xml(dir);
        Cli.run("extend", "xml", unsigned.toString(), "-o", dir.resolve("t.xml").toString(), "--level", "T",
                "--tsa", pki.tsaUrl().toString()).failsWith(ExitCode.DATA_ERR);
        Path noId = Files.writeString(dir.resolve("hoa-don.xml"), INVOICE.replace(" Id=\"_880002\"", ""));
        Cli.Result result = sign(noId, dir.resolve("x.xml"), seller, "--profile", "vn-einvoice-seller").failsWith(ExitCode.DATA_ERR);
        assertThat(result.err()).contains("DLHDon has no Id");
        Path noPlace = Files.writeString(dir.resolve("ho-so.xml"), "<HoSo Id=\"a\"/>");
        sign(noPlace, dir.resolve("y.xml"), seller, "--format", "xmldsig", "--place", "/HoSo/ChuKy").failsWith(ExitCode.DATA_ERR);
        assertThat(dir.resolve("t.xml")).doesNotExist();
        assertThat(dir.resolve("x.xml")).doesNotExist();
    }

    @Test
    void externalEntitiesExitSixtyFiveAndTheListenerSeesNoRequest() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        listener.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        listener.start();
        try {
            String url = "http://127.0.0.1:" + listener.getAddress().getPort() + "/x";
            Path xxe = Files.writeString(dir.resolve("xxe.xml"), "<?xml version=\"1.0\"?><!DOCTYPE HDon ["
                    + "<!ENTITY web SYSTEM \"" + url + "\"><!ENTITY local SYSTEM \"file:///etc/hostname\">]>"
                    + INVOICE.replaceFirst("^<\\?xml[^>]*\\?>", "").replace("KYSO-THU-NGHIEM", "&web;&local;"));
            for (String[] options : new String[][] {{"--profile", "vn-einvoice-seller"}, {"--format", "xmldsig"}, {}}) {
                Cli.Result result = sign(xxe, dir.resolve("out.xml"), seller, options).failsWith(ExitCode.DATA_ERR);
                assertThat(result.err()).contains("DOCTYPE");
            }
        } finally {
            listener.stop(0);
        }
        assertThat(requests).as("requests seen by the loopback listener").hasValue(0);
        assertThat(dir.resolve("out.xml")).doesNotExist();
    }

    private static Cli.Result sign(Path in, Path out, Path key, String... options) {
        return Cli.run(concat(new String[] {"sign", "xml", in.toString(), "-o", out.toString(), "--p12", key.toString(),
                "--password-file", password.toString()}, options));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static ExternalTools.Result xmlsec1(Path file, String signatureXpath, String... idAttrs) {
        ExternalTools.require("xmlsec1");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("xmlsec1", "--verify",
                "--trusted-pem", rootPem.toString(), "--untrusted-pem", intermediatePem.toString(),
                "--id-attr:Id", "DLHDon", "--id-attr:Id", "MCCQT", "--id-attr:Id", "http://www.w3.org/2000/09/xmldsig#:Object"));
        for (String id : idAttrs) {
            command.add("--id-attr:Id");
            command.add(id);
        }
        if (signatureXpath != null) {
            command.add("--node-xpath");
            command.add(signatureXpath);
        }
        command.add(file.toString());
        return ExternalTools.run(Duration.ofSeconds(60), command.toArray(String[]::new));
    }
}
