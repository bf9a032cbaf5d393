package org.kyso.xml;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.SigningKey;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/** What the XML tests share: a small Vietnamese document, keys from a test PKI, and KySo's validator. */
final class Fixtures {

    static final String SUBJECT = "CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN";

    /** Deliberately not in canonical form (single quotes, a character reference, an empty-element tag). */
    static final String DOCUMENT = "<?xml version='1.0' encoding='UTF-8'?>\n"
            + "<!-- hồ sơ thử -->\n"
            + "<HoSo Id='HS-2026-000123' xmlns='urn:kyso:test'>\n"
            + "  <TTChung><MaHoSo>HS-2026-000123</MaHoSo><NgayNop>2026-03-02</NgayNop><DinhKem/></TTChung>\n"
            + "  <NoiDung>Đề nghị cấp giấy khai sinh cho cháu Nguyễn Thị Bảo Ngọc &#x2014; UBND Xã Đại An</NoiDung>\n"
            + "</HoSo>\n";

    private Fixtures() {
    }

    static byte[] document() {
        return DOCUMENT.getBytes(StandardCharsets.UTF_8);
    }

    static SigningKey rsaKey(TestPki pki) {
        return key(pki, KeyType.RSA_2048);
    }

    static SigningKey key(TestPki pki, KeyType type) {
        Leaf leaf = pki.issue(LeafSpec.builder().subject(SUBJECT).keyType(type).build());
        return SoftwareKey.of(leaf.privateKey(), leaf.chain());
    }

    static Validator validator(TestPki pki) {
        return Validator.builder()
                .trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.online().build())
                .build();
    }

    /** Asserts one signature of {@code format}, intact and TOTAL_PASSED, and returns it. */
    static SignatureReport assertValid(ValidationReport report, String format) {
        assertThat(report.verdict()).as(report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
        assertThat(report.signatures()).hasSize(1);
        SignatureReport signature = report.signatures().get(0);
        assertThat(signature.format()).isEqualTo(format);
        assertThat(signature.integrity()).isTrue();
        return signature;
    }
}
