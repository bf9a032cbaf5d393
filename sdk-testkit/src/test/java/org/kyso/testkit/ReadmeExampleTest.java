package org.kyso.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snippet in sdk-testkit/README.md, kept compiling and running here. */
class ReadmeExampleTest {

    @TempDir
    Path dir;

    @Test
    void readmeSnippetRuns() throws Exception {
        // README:begin
        try (TestPki pki = TestPki.builder()
                .rootSubject("CN=KySo Test Root CA, O=KySo Test, C=VN")        // every setting has a default
                .intermediateSubject("CN=KySo Test Issuing CA, O=KySo Test, C=VN")
                .caKeyType(KeyType.ECDSA_P256)
                .ocspNextUpdate(Duration.ofHours(1))                        // Duration.ZERO: no nextUpdate
                .crlNextUpdate(Duration.ofDays(1))
                .tsaPolicy("1.3.6.1.4.1.99999.1.1")
                .start()) {
            Leaf signer = pki.issue(LeafSpec.builder()
                    .subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, L=Hà Nội, C=VN, UID=MST:0101234567")
                    .email("an@example.vn")
                    .keyType(KeyType.RSA_2048)
                    .build());
            Leaf revoked = pki.issue(LeafSpec.builder().subject("CN=Revoked Signer, C=VN").revoked().build());
            Leaf expired = pki.issue(LeafSpec.builder().subject("CN=Expired Signer, C=VN").expired().build());

            URI tsaUrl = pki.tsaUrl();          // http://127.0.0.1:PORT/tsa
            URI ocspUrl = pki.ocspUrl();        // also in every certificate's AIA
            URI crlUrl = pki.crlUrl();          // the intermediate's CRL, in every leaf's CDP

            signer.writePkcs12(dir.resolve("signer.p12"), "secret".toCharArray());   // alias "signer"
            Pem.write(dir.resolve("root.pem"), pki.root().certificate());          // trust anchor for openssl, pdfsig
            Pem.write(dir.resolve("chain.pem"), signer.chain());                   // leaf, intermediate, root

            // ... sign with `signer` and `tsaUrl`, validate trusting only pki.root() ...

            pki.failures(Endpoint.OCSP, Failure.HTTP_503);   // an outage the validator must report
            pki.tsaMode(TsaMode.WRONG_NONCE);               // a TSA answer the signer must refuse
            pki.resetRequestCounts();
            // README:end
            assertThat(tsaUrl.toString()).startsWith("http://127.0.0.1:").endsWith("/tsa");
            assertThat(ocspUrl.getPort()).isEqualTo(crlUrl.getPort());
            assertThat(signer.certificate().getSubjectX500Principal().getName()).contains("Nguyễn Văn An");
            assertThat(revoked.certificate()).isNotNull();
            assertThat(expired.certificate().getNotAfter()).isBefore(new java.util.Date());
            assertThat(dir.resolve("signer.p12")).isNotEmptyFile();
            assertThat(dir.resolve("chain.pem")).content().contains("BEGIN CERTIFICATE");
            assertThat(Http.get(ocspUrl.resolve("/ocsp")).statusCode()).isEqualTo(503);
            assertThat(pki.requestCount(Endpoint.OCSP)).isEqualTo(1);
        }
    }
}
