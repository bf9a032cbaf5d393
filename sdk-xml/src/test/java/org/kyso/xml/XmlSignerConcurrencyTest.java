package org.kyso.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.kyso.core.Tsa;
import org.kyso.core.Validator;
import org.kyso.testkit.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

class XmlSignerConcurrencyTest {

    private static final int THREADS = 8;
    private static final int DOCUMENTS_PER_THREAD = 3;

    @Test
    void oneSignerSignsFromEightThreadsAtOnce() throws Exception {
        try (TestPki pki = TestPki.builder().start()) {
            XmlSigner signer = XmlSigner.builder().key(Fixtures.rsaKey(pki)).level(XadesLevel.T)
                    .timestamping(Tsa.rfc3161(pki.tsaUrl())).build();
            Validator validator = Fixtures.validator(pki);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<List<String>>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    results.add(pool.submit((Callable<List<String>>) () -> {
                        start.await();
                        List<String> signed = new ArrayList<>();
                        for (int d = 0; d < DOCUMENTS_PER_THREAD; d++) {
                            String document = Fixtures.DOCUMENT.replace("HS-2026-000123", "HS-" + thread + "-" + d);
                            signed.add(new String(signer.sign(document.getBytes(StandardCharsets.UTF_8), "ho-so.xml"),
                                    StandardCharsets.UTF_8));
                        }
                        return signed;
                    }));
                }
                start.countDown();
                for (int t = 0; t < THREADS; t++) {
                    List<String> signed = results.get(t).get(2, TimeUnit.MINUTES);
                    for (int d = 0; d < DOCUMENTS_PER_THREAD; d++) {
                        String document = signed.get(d);
                        assertThat(document).contains("<MaHoSo>HS-" + t + "-" + d + "</MaHoSo>");
                        Fixtures.assertValid(validator.validate(document.getBytes(StandardCharsets.UTF_8), "ho-so-" + t + "-" + d + ".xml"),
                                "XAdES-BASELINE-T");
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void oneProfileSignerSignsInvoicesFromEightThreadsAtOnce() throws Exception {
        try (TestPki pki = TestPki.builder().start()) {
            XmlSigner seller = XmlSigner.builder().key(EinvoiceFixtures.key(pki, EinvoiceFixtures.SELLER_SUBJECT))
                    .profile(XmlProfile.VN_EINVOICE_SELLER).build();
            Validator validator = Fixtures.validator(pki);
            String invoice = EinvoiceFixtures.text(EinvoiceFixtures.invoice());
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<List<String>>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    results.add(pool.submit((Callable<List<String>>) () -> {
                        start.await();
                        List<String> signed = new ArrayList<>();
                        for (int d = 0; d < DOCUMENTS_PER_THREAD; d++) {
                            String document = invoice.replace("_770001", "_" + thread + "0" + d)
                                    .replace("<SHDon>42</SHDon>", "<SHDon>" + thread + "0" + d + "</SHDon>");
                            signed.add(EinvoiceFixtures.text(seller.sign(EinvoiceFixtures.bytes(document), "hoa-don.xml")));
                        }
                        return signed;
                    }));
                }
                start.countDown();
                for (int t = 0; t < THREADS; t++) {
                    List<String> signed = results.get(t).get(2, TimeUnit.MINUTES);
                    for (int d = 0; d < DOCUMENTS_PER_THREAD; d++) {
                        String document = signed.get(d);
                        assertThat(document).contains("<SHDon>" + t + "0" + d + "</SHDon>", "Id=\"NBan-" + t + "0" + d + "\"");
                        var report = validator.validate(EinvoiceFixtures.bytes(document), "hoa-don-" + t + "-" + d + ".xml");
                        assertThat(report.signatures()).singleElement().satisfies(s -> assertThat(s.integrity()).isTrue());
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
