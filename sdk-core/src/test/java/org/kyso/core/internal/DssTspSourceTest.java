package org.kyso.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;

import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.TimestampBinary;

import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kyso.core.DigestAlgorithm;
import org.kyso.core.KysoException;
import org.kyso.core.TimestampException;
import org.kyso.core.Tsa;
import org.kyso.testkit.TestPki;
import org.kyso.testkit.TsaMode;

class DssTspSourceTest {

    private static TestPki pki;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    @Test
    void givesDssACheckedTokenForItsDigest() throws Exception {
        byte[] digest = DigestAlgorithm.SHA256.digest("data".getBytes(StandardCharsets.UTF_8));
        DssTspSource source = new DssTspSource(Tsa.rfc3161(pki.tsaUrl()));

        TimestampBinary binary = source.getTimeStampResponse(eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA256, digest);

        TimeStampToken token = new TimeStampToken(ContentInfo.getInstance(binary.getBytes()));
        assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(digest);
    }

    @Test
    void carriesTheTimestampExceptionThroughDss() {
        pki.tsaMode(TsaMode.WRONG_NONCE);
        try {
            DssTspSource source = new DssTspSource(Tsa.rfc3161(pki.tsaUrl()));

            WrappedKysoException e = catchThrowableOfType(WrappedKysoException.class, () -> source.getTimeStampResponse(
                    eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA256, new byte[32]));

            assertThat(e).isNotNull();
            assertThat(e.kysoException()).isInstanceOf(TimestampException.class);
            assertThat(e.getMessage()).contains(pki.tsaUrl().toString());
        } finally {
            pki.tsaMode(TsaMode.NORMAL);
        }
    }

    @Test
    void refusesDigestAlgorithmsKysoDoesNotStampWith() {
        DssTspSource source = new DssTspSource(Tsa.rfc3161(pki.tsaUrl()));
        pki.resetRequestCounts();

        WrappedKysoException e = catchThrowableOfType(WrappedKysoException.class, () -> source.getTimeStampResponse(
                eu.europa.esig.dss.enumerations.DigestAlgorithm.SHA1, new byte[20]));

        assertThat(e).isNotNull();
        assertThat(e.kysoException()).isInstanceOf(TimestampException.class).hasMessageContaining("SHA-256");
        assertThat(pki.requestCount(org.kyso.testkit.Endpoint.TSA)).isZero();
    }

    @Test
    void unwrapFindsTheKysoExceptionUnderDssWrappers() {
        TimestampException original = new TimestampException(pki.tsaUrl(), "boom");
        DSSException wrapped = new DSSException("outer", new RuntimeException(new WrappedKysoException(original)));

        KysoException found = WrappedKysoException.unwrap(wrapped);

        assertThat(found).isSameAs(original);
        assertThat(WrappedKysoException.unwrap(new DSSException("no kyso inside"))).isNull();
        assertThat(WrappedKysoException.unwrap(null)).isNull();
    }
}
