package org.kyso.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.PasswordSource;
import org.kyso.core.ValidationReport;
import org.kyso.core.Verdict;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

class QuickStartTest {

    @TempDir
    Path dir;

    @Test
    void quickStartSignsAndValidatesAgainstTheTestPki() throws Exception {
        try (TestPki pki = TestPki.builder().start()) {
            Leaf leaf = pki.issue(LeafSpec.builder().subject("CN=Nguyễn Văn An, O=UBND Xã Đại An, C=VN").build());
            Path p12 = dir.resolve("signer.p12");
            leaf.writePkcs12(p12, "mat-khau".toCharArray());
            Path roots = dir.resolve("roots");
            Files.createDirectory(roots);
            Pem.write(roots.resolve("root.pem"), pki.root().certificate());
            Path in = dir.resolve("cong-van.pdf");
            try (var sample = QuickStart.class.getResourceAsStream("/org/kyso/examples/cong-van-mau.pdf")) {
                Files.copy(sample, in);
            }

            ValidationReport report = QuickStart.signAndValidate(p12, PasswordSource.of("mat-khau".toCharArray()),
                    pki.tsaUrl(), in, dir.resolve("cong-van-signed.pdf"), roots);

            assertThat(report.verdict()).as(report.toString()).isEqualTo(Verdict.VALID);
            assertThat(report.signatures().get(0).format()).isEqualTo("PAdES-BASELINE-T");
        }
    }

    @Test
    void readmeShowsTheQuickStartCode() throws Exception {
        String source = Files.readString(Path.of("src/main/java/org/kyso/examples/QuickStart.java"));
        Matcher m = Pattern.compile("// quickstart-begin\\n(.*?)\\n\\s*// quickstart-end", Pattern.DOTALL).matcher(source);
        assertThat(m.find()).isTrue();
        String readme = Files.readString(Path.of("../README.md"));
        for (String line : m.group(1).lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            assertThat(readme).as("README quick start line").contains(line);
        }
    }
}
