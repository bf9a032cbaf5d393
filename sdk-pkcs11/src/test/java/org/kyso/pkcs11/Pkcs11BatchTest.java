package org.kyso.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.KeyAccessException;
import org.kyso.core.PasswordSource;
import org.kyso.core.TrustAnchors;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.pdf.PdfSigner;
import org.kyso.testkit.SoftHsmToken;
import org.kyso.testkit.TestPki;

/** Many documents through one token key: one login, many threads, and a token that goes away. */
class Pkcs11BatchTest {

    private static TestPki pki;
    private static Validator validator;
    private SoftHsmToken hsm;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() {
        pki = TestPki.builder().start();
        validator = Validator.builder().trust(TrustAnchors.of(pki.root().certificate())).build();
    }

    @AfterAll
    static void stopPki() {
        if (pki != null) {
            pki.close();
        }
    }

    @BeforeEach
    void makeToken() throws Exception {
        // A fresh token per test: the removal test deletes its token.
        hsm = SoftHsmToken.create(pki);
    }

    private PasswordSource countingPin(AtomicInteger asked) {
        return () -> {
            asked.incrementAndGet();
            return hsm.pin();
        };
    }

    private static byte[] smallPdf(int n) throws Exception {
        try (PDDocument doc = new PDDocument(); java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            doc.addPage(new PDPage());
            doc.getDocumentInformation().setTitle("Cong van " + n);
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static void assertValid(Path signed) throws Exception {
        ValidationReport report = validator.validate(signed);
        assertThat(report.verdict()).as(signed + ": " + report.summary(Locale.ENGLISH)).isEqualTo(Verdict.VALID);
    }

    @Test
    void signsOneHundredPdfsWithOneLoginAndAllValidate() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        List<Path> signed = new ArrayList<>();
        try (Pkcs11Token token = Pkcs11Token.builder().library(hsm.module()).tokenLabel(SoftHsmToken.LABEL)
                .pin(countingPin(asked)).open()) {
            PdfSigner signer = PdfSigner.builder().key(token.key("signer-ec")).build();
            for (int i = 0; i < 100; i++) {
                Path in = Files.write(dir.resolve("in-" + i + ".pdf"), smallPdf(i));
                Path out = dir.resolve("out-" + i + ".pdf");
                signer.sign(in, out);
                signed.add(out);
            }
        }
        assertThat(asked).as("PIN asked for (one C_Login) for the whole batch").hasValue(1);
        for (Path out : signed) {
            assertValid(out);
        }
    }

    @Test
    void eightThreadsSharingOneTokenKeyAllProduceValidSignatures() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        List<Path> signed = new ArrayList<>();
        try (Pkcs11Token token = Pkcs11Token.builder().library(hsm.module()).tokenLabel(SoftHsmToken.LABEL)
                .pin(countingPin(asked)).open()) {
            PdfSigner signer = PdfSigner.builder().key(token.key("signer")).build();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Path>> futures = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    int n = i;
                    futures.add(pool.submit(() -> {
                        Path out = dir.resolve("threaded-" + n + ".pdf");
                        Files.write(out, signer.sign(smallPdf(n)));
                        return out;
                    }));
                }
                for (Future<Path> f : futures) {
                    signed.add(f.get(120, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(asked).hasValue(1);
        assertThat(signed).hasSize(32);
        for (Path out : signed) {
            assertValid(out);
        }
    }

    @Test
    void tokenRemovedMidBatchFailsTheNextSignatureQuicklyWithKeyAccessException() throws Exception {
        try (Pkcs11Token token = Pkcs11Token.builder().library(hsm.module()).tokenLabel(SoftHsmToken.LABEL)
                .pin(hsm.pin()).open()) {
            PdfSigner signer = PdfSigner.builder().key(token.key("signer-ec")).build();
            for (int i = 0; i < 3; i++) {
                signer.sign(smallPdf(i));
            }
            hsm.deleteTokenFolder();

            Instant start = Instant.now();
            assertThatThrownBy(() -> signer.sign(smallPdf(99)))
                    .isInstanceOf(KeyAccessException.class)
                    .hasMessageContaining("token 'kyso-test'")
                    .hasMessageContaining("removed");
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
        }
    }
}
