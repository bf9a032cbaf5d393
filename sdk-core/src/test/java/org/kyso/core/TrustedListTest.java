package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;
import org.kyso.testkit.TrustedListXml;

/**
 * Trust from a trusted list (ETSI TS 119 612) through DSS's trusted-list job: a list made and
 * signed here, read from a local file, never from the internet.
 */
class TrustedListTest {

    private static TestPki pki;
    private static Leaf operator;
    private static Leaf stranger;
    private static Leaf signer;
    private static byte[] signedDocument;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        pki = TestPki.builder().start();
        operator = pki.issue(LeafSpec.builder().subject("CN=KySo Test TL Operator, O=KySo Test, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        stranger = pki.issue(LeafSpec.builder().subject("CN=Someone Else, O=KySo Test, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        signer = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        signedDocument = DssTestSigning.cadesB(signer, "Công văn số 12/UBND");
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    private Path signedList(String name, byte[] xml, Leaf by) throws Exception {
        return Files.write(dir.resolve(name), DssTestSigning.signTrustedList(xml, by));
    }

    private static byte[] listOfIntermediate() {
        return TrustedListXml.of(pki.intermediate().certificate(), "KySo Test CA Provider",
                Instant.now().plus(Duration.ofDays(180)));
    }

    private TrustedListSource source(Path list, Leaf allowedSigner) {
        return TrustedListSource.trustedList(list).signedBy(TrustAnchors.of(allowedSigner.certificate()))
                .cacheFolder(dir.resolve("cache")).build();
    }

    private static ValidationReport validate(TrustAnchors trust) {
        Validator validator = Validator.builder().trust(trust).revocation(Revocation.online().build()).build();
        return validator.validate(signedDocument, "cong-van.p7s");
    }

    @Test
    void aSignatureChainingToACaOfTheListIsTrusted() throws Exception {
        Path list = signedList("tl-vn.xml", listOfIntermediate(), operator);

        TrustAnchors anchors = TrustAnchors.trustedList(source(list, operator));

        assertThat(anchors.isEmpty()).isFalse();
        assertThat(anchors.certificates()).isEmpty();
        assertThat(anchors.trustedLists()).singleElement().satisfies(info -> {
            assertThat(info.used()).as("%s", info).isTrue();
            assertThat(info.problems()).isEmpty();
            assertThat(info.territory()).isEqualTo("VN");
            assertThat(info.sequenceNumber()).isEqualTo(7);
            assertThat(info.trustServices()).isEqualTo(1);
            assertThat(info.signatureIndication()).isEqualTo("TOTAL_PASSED");
            assertThat(info.signer()).isEqualTo(operator.certificate());
            assertThat(info.location()).startsWith("file:");
        });
        ValidationReport report = validate(anchors);
        assertThat(report.signatures()).singleElement().satisfies(s -> {
            assertThat(s.indication()).as("%s", s).isEqualTo(Indication.TOTAL_PASSED);
        });
        assertThat(report.verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void withoutTheListTheSameSignatureIsNotTrusted() {
        ValidationReport report = validate(TrustAnchors.none());

        assertThat(report.signatures()).singleElement().satisfies(s -> {
            assertThat(s.indication()).isEqualTo(Indication.INDETERMINATE);
            assertThat(s.subIndication()).isEqualTo("NO_CERTIFICATE_CHAIN_FOUND");
        });
    }

    @Test
    void aListChangedAfterSigningIsRefusedAndTrustsNothing() throws Exception {
        Path list = signedList("tl-vn.xml", listOfIntermediate(), operator);
        String text = Files.readString(list, StandardCharsets.UTF_8);
        Files.writeString(list, text.replace("KySo Test CA Provider", "KySo Test CA Pr0vider"), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> TrustAnchors.trustedList(source(list, operator)))
                .isInstanceOf(TrustedListException.class)
                .hasMessageContaining(list.toString())
                .hasMessageContaining("nothing from it is trusted")
                .hasMessageContaining("changed after it was signed")
                .satisfies(e -> assertThat(((TrustedListException) e).lists())
                        .singleElement().satisfies(info -> assertThat(info.used()).isFalse()));
    }

    @Test
    void aListSignedByAnotherCertificateIsRefusedAndTrustsNothing() throws Exception {
        Path list = signedList("tl-vn.xml", listOfIntermediate(), stranger);

        assertThatThrownBy(() -> TrustAnchors.trustedList(source(list, operator)))
                .isInstanceOf(TrustedListException.class)
                .hasMessageContaining("not made with any of the certificates allowed to sign it")
                .hasMessageContaining("CN=Someone Else");
    }

    @Test
    void anOutOfDateListIsRefused() throws Exception {
        byte[] xml = TrustedListXml.of(pki.intermediate().certificate(), "KySo Test CA Provider",
                Instant.now().minus(Duration.ofDays(1)));
        Path list = signedList("tl-old.xml", xml, operator);

        assertThatThrownBy(() -> TrustAnchors.trustedList(source(list, operator)))
                .isInstanceOf(TrustedListException.class)
                .hasMessageContaining("out of date");
    }

    @Test
    void anUnsignedListIsRefused() throws Exception {
        Path list = Files.write(dir.resolve("tl-unsigned.xml"), listOfIntermediate());

        assertThatThrownBy(() -> TrustAnchors.trustedList(source(list, operator)))
                .isInstanceOf(TrustedListException.class)
                .hasMessageContaining("not signed");
    }

    @Test
    void aMissingFileIsAnInputError() {
        Path missing = dir.resolve("no-such-tl.xml");

        assertThatThrownBy(() -> TrustAnchors.trustedList(source(missing, operator)))
                .isInstanceOf(KysoIOException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void offlineAListNamedByUrlComesFromTheCacheOnly() throws Exception {
        URI url = URI.create("http://127.0.0.1:9/tl/vn.xml");
        TrustedListSource offline = TrustedListSource.trustedList(url).signedBy(TrustAnchors.of(operator.certificate()))
                .cacheFolder(dir.resolve("empty-cache")).build();

        assertThatThrownBy(() -> TrustAnchors.trustedList(offline))
                .isInstanceOf(KysoIOException.class)
                .hasMessageContaining("not in the cache folder");
    }

    @Test
    void onlineTheListIsDownloadedAndCachedAndOfflineLoadingThenUsesTheCopy() throws Exception {
        byte[] signed = DssTestSigning.signTrustedList(listOfIntermediate(), operator);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger downloads = new AtomicInteger();
        server.createContext("/tl/vn.xml", exchange -> {
            downloads.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.etsi.tsl+xml");
            exchange.sendResponseHeaders(200, signed.length);
            exchange.getResponseBody().write(signed);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tl/vn.xml");
            TrustedListSource.Builder builder = TrustedListSource.trustedList(url)
                    .signedBy(TrustAnchors.of(operator.certificate())).cacheFolder(dir.resolve("cache"));

            TrustAnchors online = TrustAnchors.trustedList(builder.online(Duration.ofSeconds(5), Duration.ofSeconds(5)).build());
            server.stop(0);
            TrustAnchors offline = TrustAnchors.trustedList(builder.offline().build());

            assertThat(downloads).hasValue(1);
            assertThat(online.trustedLists()).singleElement().satisfies(info -> assertThat(info.used()).isTrue());
            assertThat(offline.trustedLists()).singleElement().satisfies(info -> {
                assertThat(info.used()).isTrue();
                assertThat(info.location()).isEqualTo(url.toString());
            });
            assertThat(validate(offline).verdict()).isEqualTo(Verdict.VALID);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void onlineAnUnreachableListWithoutCachedCopyIsAServiceError() {
        URI url = URI.create("http://127.0.0.1:9/tl/vn.xml");
        TrustedListSource online = TrustedListSource.trustedList(url).signedBy(TrustAnchors.of(operator.certificate()))
                .cacheFolder(dir.resolve("empty-cache")).online(Duration.ofSeconds(2), Duration.ofSeconds(2)).build();

        assertThatThrownBy(() -> TrustAnchors.trustedList(online))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining(url.toString());
    }

    @Test
    void anchorsFromAListCombineWithCertificatesAndCopyOutForDss() throws Exception {
        Path list = signedList("tl-vn.xml", listOfIntermediate(), operator);
        TrustAnchors anchors = TrustAnchors.trustedList(source(list, operator)).plus(TrustAnchors.of(pki.root().certificate()));

        assertThat(anchors.certificates()).containsExactly(pki.root().certificate());
        assertThat(anchors.trustedLists()).hasSize(1);
        assertThat(anchors.toDssSources()).hasSize(2);
        assertThat(anchors.toDssSources().get(1).getCertificates()).hasSize(1);
    }

    /** A list of trusted lists (EU LOTL shape) pointing to {@code tl}, announcing {@code tlSigner} as its signer. */
    private static byte[] listOfTrustedLists(URI tl, Leaf tlSigner) throws Exception {
        String certificate = java.util.Base64.getEncoder().encodeToString(tlSigner.certificate().getEncoded());
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#" xmlns:tslx="http://uri.etsi.org/02231/v2/additionaltypes#" Id="LOTL" TSLTag="http://uri.etsi.org/19612/TSLTag">
                  <tsl:SchemeInformation>
                    <tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier>
                    <tsl:TSLSequenceNumber>3</tsl:TSLSequenceNumber>
                    <tsl:TSLType>http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUlistofthelists</tsl:TSLType>
                    <tsl:SchemeOperatorName><tsl:Name xml:lang="en">KySo Test LOTL Operator</tsl:Name></tsl:SchemeOperatorName>
                    <tsl:SchemeOperatorAddress>
                      <tsl:PostalAddresses><tsl:PostalAddress xml:lang="en"><tsl:StreetAddress>1 Trang Tien</tsl:StreetAddress><tsl:Locality>Ha Noi</tsl:Locality><tsl:CountryName>VN</tsl:CountryName></tsl:PostalAddress></tsl:PostalAddresses>
                      <tsl:ElectronicAddress><tsl:URI xml:lang="en">mailto:lotl@example.invalid</tsl:URI></tsl:ElectronicAddress>
                    </tsl:SchemeOperatorAddress>
                    <tsl:SchemeName><tsl:Name xml:lang="en">EU:KySo test list of trusted lists</tsl:Name></tsl:SchemeName>
                    <tsl:SchemeInformationURI><tsl:URI xml:lang="en">https://example.invalid/lotl-info</tsl:URI></tsl:SchemeInformationURI>
                    <tsl:StatusDeterminationApproach>http://uri.etsi.org/TrstSvc/TrustedList/StatusDetn/EUlistofthelists</tsl:StatusDeterminationApproach>
                    <tsl:SchemeTypeCommunityRules><tsl:URI xml:lang="en">http://uri.etsi.org/TrstSvc/TrustedList/schemerules/EUlistofthelists</tsl:URI></tsl:SchemeTypeCommunityRules>
                    <tsl:SchemeTerritory>EU</tsl:SchemeTerritory>
                    <tsl:PolicyOrLegalNotice><tsl:TSLLegalNotice xml:lang="en">For tests only.</tsl:TSLLegalNotice></tsl:PolicyOrLegalNotice>
                    <tsl:HistoricalInformationPeriod>65535</tsl:HistoricalInformationPeriod>
                    <tsl:PointersToOtherTSL>
                      <tsl:OtherTSLPointer>
                        <tsl:ServiceDigitalIdentities>
                          <tsl:ServiceDigitalIdentity><tsl:DigitalId><tsl:X509Certificate>%s</tsl:X509Certificate></tsl:DigitalId></tsl:ServiceDigitalIdentity>
                        </tsl:ServiceDigitalIdentities>
                        <tsl:TSLLocation>%s</tsl:TSLLocation>
                        <tsl:AdditionalInformation>
                          <tsl:OtherInformation><tsl:TSLType>http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric</tsl:TSLType></tsl:OtherInformation>
                          <tsl:OtherInformation><tsl:SchemeTerritory>VN</tsl:SchemeTerritory></tsl:OtherInformation>
                          <tsl:OtherInformation><tslx:MimeType>application/vnd.etsi.tsl+xml</tslx:MimeType></tsl:OtherInformation>
                        </tsl:AdditionalInformation>
                      </tsl:OtherTSLPointer>
                    </tsl:PointersToOtherTSL>
                    <tsl:ListIssueDateTime>%s</tsl:ListIssueDateTime>
                    <tsl:NextUpdate><tsl:dateTime>%s</tsl:dateTime></tsl:NextUpdate>
                  </tsl:SchemeInformation>
                </tsl:TrustServiceStatusList>
                """.formatted(certificate, tl, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(180)));
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aListOfTrustedListsLeadsToItsTrustedListsAndTheirSignersAsAnnounced() throws Exception {
        Leaf lotlOperator = pki.issue(LeafSpec.builder().subject("CN=KySo Test LOTL Operator, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        Path tl = signedList("tl-vn.xml", listOfIntermediate(), operator);
        Path lotl = signedList("lotl.xml", listOfTrustedLists(tl.toUri(), operator), lotlOperator);
        TrustedListSource.Builder source = TrustedListSource.listOfTrustedLists(lotl).cacheFolder(dir.resolve("cache"));

        TrustAnchors anchors = TrustAnchors.trustedList(source.signedBy(TrustAnchors.of(lotlOperator.certificate())).build());

        assertThat(anchors.trustedLists()).hasSize(2);
        assertThat(anchors.trustedLists().get(0)).satisfies(info -> {
            assertThat(info.listOfTrustedLists()).isTrue();
            assertThat(info.used()).as("%s", info).isTrue();
            assertThat(info.territory()).isEqualTo("EU");
        });
        assertThat(anchors.trustedLists().get(1)).satisfies(info -> {
            assertThat(info.used()).as("%s", info).isTrue();
            assertThat(info.territory()).isEqualTo("VN");
        });
        assertThat(validate(anchors).verdict()).isEqualTo(Verdict.VALID);

        // The LOTL checked against the wrong certificate: nothing is trusted, and the reason is given.
        assertThatThrownBy(() -> TrustAnchors.trustedList(source.signedBy(TrustAnchors.of(operator.certificate())).build()))
                .isInstanceOf(TrustedListException.class)
                .hasMessageContaining("list of trusted lists")
                .hasMessageContaining("not made with any of the certificates allowed to sign it");
    }

    @Test
    void aTrustedListSignedByOtherThanTheLotlAnnouncesIsNotUsed() throws Exception {
        Leaf lotlOperator = pki.issue(LeafSpec.builder().subject("CN=KySo Test LOTL Operator, C=VN")
                .keyType(KeyType.ECDSA_P256).build());
        Path tl = signedList("tl-vn.xml", listOfIntermediate(), stranger);
        Path lotl = signedList("lotl.xml", listOfTrustedLists(tl.toUri(), operator), lotlOperator);

        assertThatThrownBy(() -> TrustAnchors.trustedList(TrustedListSource.listOfTrustedLists(lotl)
                .signedBy(TrustAnchors.of(lotlOperator.certificate())).cacheFolder(dir.resolve("cache")).build()))
                .isInstanceOf(TrustedListException.class)
                .hasMessageContaining("none of the 1 trusted lists it points to is usable")
                .satisfies(e -> assertThat(((TrustedListException) e).lists()).hasSize(2));
    }

    @Test
    void needsTheCertificatesAllowedToSignTheList() {
        assertThatThrownBy(() -> TrustedListSource.trustedList(dir.resolve("tl.xml")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signedBy");
        assertThatThrownBy(() -> TrustedListSource.trustedList(URI.create("ftp://example.invalid/tl.xml"))
                .signedBy(TrustAnchors.of(operator.certificate())).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
