package org.kyso.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import eu.europa.esig.dss.enumerations.CertificateStatus;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.revocation.RevocationToken;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kyso.core.Revocation;
import org.kyso.core.RevocationStatus;
import org.kyso.testkit.Endpoint;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

class RevocationSupportTest {

    private static TestPki pki;
    private static Leaf good;
    private static Leaf revoked;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        good = pki.issue(LeafSpec.builder().subject("CN=Good").keyType(KeyType.ECDSA_P256).build());
        revoked = pki.issue(LeafSpec.builder().subject("CN=Revoked").keyType(KeyType.ECDSA_P256).revoked().build());
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    @BeforeEach
    void reset() {
        pki.resetRequestCounts();
    }

    @Test
    void offlineLeavesTheVerifierWithoutAnyNetworkSource() {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();

        RevocationSupport.configure(Revocation.offline(), verifier);

        assertThat(verifier.getAIASource()).isNull();
        assertThat(verifier.getOcspSource()).isNull();
        assertThat(verifier.getCrlSource()).isNull();
    }

    @Test
    void onlineOcspSourceAnswersForATestkitLeaf() {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier(true);
        RevocationSupport.configure(Revocation.online().build(), verifier);

        RevocationToken<?> token = verifier.getOcspSource().getRevocationToken(token(good), issuerToken());

        assertThat(token).isNotNull();
        assertThat(token.getStatus()).isEqualTo(CertificateStatus.GOOD);
        assertThat(token.isSignatureIntact()).isTrue();
        assertThat(token.getSourceURL()).isEqualTo(pki.ocspUrl().toString());
    }

    @Test
    void dssSourcesShareTheCacheOfRevocationCheck() throws Exception {
        Revocation revocation = Revocation.online().build();
        CommonCertificateVerifier verifier = new CommonCertificateVerifier(true);
        RevocationSupport.configure(revocation, verifier);

        assertThat(revocation.check(good.certificate(), pki.intermediate().certificate()).status())
                .isEqualTo(RevocationStatus.Status.GOOD);
        RevocationToken<?> token = verifier.getOcspSource().getRevocationToken(token(good), issuerToken());

        assertThat(token.getStatus()).isEqualTo(CertificateStatus.GOOD);
        assertThat(pki.requestCount(Endpoint.OCSP)).isEqualTo(1);
    }

    @Test
    void crlSourceFindsTheRevokedLeafAndFetchesTheCrlOnce() {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier(true);
        RevocationSupport.configure(Revocation.online().build(), verifier);
        List<CertificateStatus> statuses = new ArrayList<>();

        for (Leaf leaf : List.of(revoked, good, revoked)) {
            RevocationToken<?> token = verifier.getCrlSource().getRevocationToken(token(leaf), issuerToken());
            assertThat(token.isSignatureIntact()).isTrue();
            statuses.add(token.getStatus());
        }

        assertThat(statuses).containsExactly(CertificateStatus.REVOKED, CertificateStatus.GOOD, CertificateStatus.REVOKED);
        assertThat(pki.requestCount(Endpoint.CRL)).isEqualTo(1);
    }

    @Test
    void onlineAiaSourceFetchesTheMissingIssuer() {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier(true);
        RevocationSupport.configure(Revocation.online().build(), verifier);

        Set<CertificateToken> issuers = verifier.getAIASource().getCertificatesByAIA(token(good));

        assertThat(issuers).containsExactly(issuerToken());
        assertThat(pki.requestCount(Endpoint.CA_ISSUERS)).isEqualTo(1);
    }

    private static CertificateToken token(Leaf leaf) {
        return new CertificateToken(leaf.certificate());
    }

    private static CertificateToken issuerToken() {
        return new CertificateToken(pki.intermediate().certificate());
    }
}
