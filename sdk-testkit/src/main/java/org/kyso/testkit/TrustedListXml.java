package org.kyso.testkit;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * A minimal, unsigned ETSI TS 119 612 trusted list (TSL version 5, territory VN, sequence number 7)
 * for tests: one trust service provider with one CA/QC service, status granted since 2016, whose
 * ServiceDigitalIdentity is the given CA certificate. Sign it (enveloped XAdES-BASELINE-B over the
 * whole document) with the key of a "scheme operator" leaf before use.
 *
 * <pre>{@code
 * byte[] unsigned = TrustedListXml.of(pki.intermediate().certificate(), "KySo Test CA Provider",
 *         Instant.now().plus(Duration.ofDays(180)));
 * }</pre>
 */
public final class TrustedListXml {

    private TrustedListXml() {
    }

    /**
     * @param ca the certificate to list as the service's digital identity
     * @param tspName the trust service provider's name (change it after signing to simulate tampering)
     * @param nextUpdate the list's NextUpdate (in the past: an out-of-date list)
     */
    public static byte[] of(X509Certificate ca, String tspName, Instant nextUpdate) {
        Instant issued = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String certificate;
        try {
            certificate = Base64.getEncoder().encodeToString(ca.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        String address = """
                    <tsl:PostalAddresses>
                      <tsl:PostalAddress xml:lang="en">
                        <tsl:StreetAddress>1 Trang Tien</tsl:StreetAddress>
                        <tsl:Locality>Ha Noi</tsl:Locality>
                        <tsl:CountryName>VN</tsl:CountryName>
                      </tsl:PostalAddress>
                    </tsl:PostalAddresses>
                    <tsl:ElectronicAddress>
                      <tsl:URI xml:lang="en">mailto:tl@example.invalid</tsl:URI>
                    </tsl:ElectronicAddress>
                """;
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <tsl:TrustServiceStatusList xmlns:tsl="http://uri.etsi.org/02231/v2#" Id="TrustServiceStatusList" TSLTag="http://uri.etsi.org/19612/TSLTag">
                  <tsl:SchemeInformation>
                    <tsl:TSLVersionIdentifier>5</tsl:TSLVersionIdentifier>
                    <tsl:TSLSequenceNumber>7</tsl:TSLSequenceNumber>
                    <tsl:TSLType>http://uri.etsi.org/TrstSvc/TrustedList/TSLType/EUgeneric</tsl:TSLType>
                    <tsl:SchemeOperatorName>
                      <tsl:Name xml:lang="en">KySo Test Scheme Operator</tsl:Name>
                    </tsl:SchemeOperatorName>
                    <tsl:SchemeOperatorAddress>
                %s    </tsl:SchemeOperatorAddress>
                    <tsl:SchemeName>
                      <tsl:Name xml:lang="en">VN:KySo test trusted list</tsl:Name>
                    </tsl:SchemeName>
                    <tsl:SchemeInformationURI>
                      <tsl:URI xml:lang="en">https://example.invalid/tl-info</tsl:URI>
                    </tsl:SchemeInformationURI>
                    <tsl:StatusDeterminationApproach>http://uri.etsi.org/TrstSvc/TrustedList/StatusDetn/EUappropriate</tsl:StatusDeterminationApproach>
                    <tsl:SchemeTypeCommunityRules>
                      <tsl:URI xml:lang="en">http://uri.etsi.org/TrstSvc/TrustedList/schemerules/EUcommon</tsl:URI>
                    </tsl:SchemeTypeCommunityRules>
                    <tsl:SchemeTerritory>VN</tsl:SchemeTerritory>
                    <tsl:PolicyOrLegalNotice>
                      <tsl:TSLLegalNotice xml:lang="en">For tests only.</tsl:TSLLegalNotice>
                    </tsl:PolicyOrLegalNotice>
                    <tsl:HistoricalInformationPeriod>65535</tsl:HistoricalInformationPeriod>
                    <tsl:ListIssueDateTime>%s</tsl:ListIssueDateTime>
                    <tsl:NextUpdate>
                      <tsl:dateTime>%s</tsl:dateTime>
                    </tsl:NextUpdate>
                  </tsl:SchemeInformation>
                  <tsl:TrustServiceProviderList>
                    <tsl:TrustServiceProvider>
                      <tsl:TSPInformation>
                        <tsl:TSPName>
                          <tsl:Name xml:lang="en">%s</tsl:Name>
                        </tsl:TSPName>
                        <tsl:TSPAddress>
                %s        </tsl:TSPAddress>
                        <tsl:TSPInformationURI>
                          <tsl:URI xml:lang="en">https://example.invalid/tsp</tsl:URI>
                        </tsl:TSPInformationURI>
                      </tsl:TSPInformation>
                      <tsl:TSPServices>
                        <tsl:TSPService>
                          <tsl:ServiceInformation>
                            <tsl:ServiceTypeIdentifier>http://uri.etsi.org/TrstSvc/Svctype/CA/QC</tsl:ServiceTypeIdentifier>
                            <tsl:ServiceName>
                              <tsl:Name xml:lang="en">KySo Test CA</tsl:Name>
                            </tsl:ServiceName>
                            <tsl:ServiceDigitalIdentity>
                              <tsl:DigitalId>
                                <tsl:X509Certificate>%s</tsl:X509Certificate>
                              </tsl:DigitalId>
                            </tsl:ServiceDigitalIdentity>
                            <tsl:ServiceStatus>http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted</tsl:ServiceStatus>
                            <tsl:StatusStartingTime>2016-07-01T00:00:00Z</tsl:StatusStartingTime>
                          </tsl:ServiceInformation>
                        </tsl:TSPService>
                      </tsl:TSPServices>
                    </tsl:TrustServiceProvider>
                  </tsl:TrustServiceProviderList>
                </tsl:TrustServiceStatusList>
                """.formatted(address, issued, nextUpdate.truncatedTo(ChronoUnit.SECONDS), tspName, address, certificate);
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
