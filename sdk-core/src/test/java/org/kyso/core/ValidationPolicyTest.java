package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

/** A custom DSS validation policy: derived from DSS's default one, it changes the verdict. */
class ValidationPolicyTest {

    private static TestPki pki;
    private static byte[] document;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        pki = TestPki.builder().start();
        Leaf signer = pki.issue(LeafSpec.builder().subject("CN=Hoàng Thị Em, O=Sở Tài chính, C=VN")
                .keyType(KeyType.RSA_2048).build());
        document = DssTestSigning.cadesB(signer, "Tờ trình số 9/TTr");
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    /** DSS's default policy ({@code policy/constraint.xml} of dss-policy-jaxb) with RSA keys of 3072 bits at least. */
    static String rsa3072Policy() throws Exception {
        String original;
        try (InputStream in = ValidationPolicyTest.class.getResourceAsStream("/policy/constraint.xml")) {
            original = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String minimum = "<Algo Size=\"786\">RSA</Algo>";
        assertThat(original).contains(minimum);
        return original.replaceFirst(minimum, "<Algo Size=\"3072\">RSA</Algo>");
    }

    private Validator validator(Path policy) {
        Validator.Builder b = Validator.builder().trust(TrustAnchors.of(pki.root().certificate()))
                .revocation(Revocation.online().build());
        return (policy == null ? b : b.policy(policy)).build();
    }

    @Test
    void aStricterPolicyTurnsAValidSignatureIndeterminate() throws Exception {
        Path policy = Files.writeString(dir.resolve("rsa-3072.xml"), rsa3072Policy());

        ValidationReport byDefault = validator(null).validate(document, "to-trinh.p7s");
        ValidationReport strict = validator(policy).validate(document, "to-trinh.p7s");

        assertThat(byDefault.verdict()).as("%s", byDefault).isEqualTo(Verdict.VALID);
        assertThat(strict.verdict()).isEqualTo(Verdict.INDETERMINATE);
        assertThat(strict.signatures()).singleElement().satisfies(s -> {
            assertThat(s.indication()).isEqualTo(Indication.INDETERMINATE);
            assertThat(s.subIndication()).startsWith("CRYPTO_CONSTRAINTS_FAILURE");
        });
    }

    @Test
    void aMissingPolicyIsRefusedAtBuildNamingTheFile() {
        Path missing = dir.resolve("no-such-policy.xml");

        assertThatThrownBy(() -> validator(missing))
                .isInstanceOf(ValidationPolicyException.class)
                .hasMessageContaining(missing.toString())
                .satisfies(e -> assertThat(((ValidationPolicyException) e).unreadable()).isTrue());
    }

    @Test
    void aFileThatIsNoPolicyIsRefusedAtBuildNamingTheFile() throws Exception {
        Path notAPolicy = Files.writeString(dir.resolve("policy.xml"), "<hoa-don><so>1</so></hoa-don>");

        assertThatThrownBy(() -> validator(notAPolicy))
                .isInstanceOf(ValidationPolicyException.class)
                .hasMessageContaining(notAPolicy.toString())
                .hasMessageContaining("not a DSS validation policy")
                .satisfies(e -> assertThat(((ValidationPolicyException) e).unreadable()).isFalse());
    }
}
