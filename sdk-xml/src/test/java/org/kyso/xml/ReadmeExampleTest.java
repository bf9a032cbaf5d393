package org.kyso.xml;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.core.Revocation;
import org.kyso.core.SigningKey;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's example, run as written (with the test PKI standing in for a real CA and TSA). */
class ReadmeExampleTest {

    @TempDir
    Path dir;

    @Test
    void signsTheSampleDossierAndValidatesItAsTheReadmeShows() throws Exception {
        try (TestPki pki = TestPki.builder().start()) {
            Leaf leaf = pki.issue(LeafSpec.builder().subject(Fixtures.SUBJECT).keyType(KeyType.RSA_2048).build());
            Path roots = Files.createDirectories(dir.resolve("roots"));
            org.kyso.testkit.Pem.write(roots.resolve("root.pem"), pki.root().certificate());
            Path in = dir.resolve("ho-so.xml");
            try (InputStream sample = XmlSigner.class.getResourceAsStream("/org/kyso/xml/samples/ho-so-mau.xml")) {
                Files.copy(sample, in);
            }
            Path out = dir.resolve("ho-so-signed.xml");

            // --- README snippet starts
            try (SigningKey key = SoftwareKey.of(leaf.privateKey(), leaf.chain())) {
                XmlSigner signer = XmlSigner.builder()
                        .key(key)
                        .level(XadesLevel.T)
                        .timestamping(Tsa.rfc3161(pki.tsaUrl()))
                        .build();                                   // build once, share across threads
                signer.sign(in, out);                               // in stays untouched
            }
            ValidationReport report = Validator.builder()
                    .trust(TrustAnchors.from(roots))
                    .revocation(Revocation.online().build())
                    .build()
                    .validate(out);
            System.out.println(report.verdict() + " " + report.summary(Locale.forLanguageTag("vi")));
            // --- README snippet ends

            assertThat(report.verdict()).isEqualTo(Verdict.VALID);
            assertThat(report.signatures().get(0).format()).isEqualTo("XAdES-BASELINE-T");
        }
    }

    @Test
    void signsAnInvoiceAsSellerThenTaxAuthorityAsTheReadmeShows() throws Exception {
        try (TestPki pki = TestPki.builder().start()) {
            SigningKey sellerKey = EinvoiceFixtures.key(pki, EinvoiceFixtures.SELLER_SUBJECT);
            SigningKey taxKey = EinvoiceFixtures.key(pki, EinvoiceFixtures.TAX_SUBJECT);
            Path invoice = Files.write(dir.resolve("hoa-don.xml"), EinvoiceFixtures.invoice());
            Path bySeller = dir.resolve("hoa-don-nban.xml");
            Path coded = dir.resolve("hoa-don-ma.xml");
            Path byTaxAuthority = dir.resolve("hoa-don-cqt.xml");

            // --- README e-invoice snippet starts
            XmlSigner seller = XmlSigner.builder().key(sellerKey).profile(XmlProfile.VN_EINVOICE_SELLER).build();
            seller.sign(invoice, bySeller);                     // Signature Id="NBan-…" in HDon/DSCKS/NBan
            // --- README e-invoice snippet pauses: the tax authority adds its code MCCQT
            Files.write(coded, EinvoiceFixtures.withTaxCode(Files.readAllBytes(bySeller)));
            // --- README e-invoice snippet resumes
            XmlSigner taxAuthority = XmlSigner.builder().key(taxKey).profile(XmlProfile.VN_EINVOICE_TAX).build();
            taxAuthority.sign(coded, byTaxAuthority);           // Signature Id="Tct-…" in HDon/DSCKS/CQT
            // --- README e-invoice snippet ends

            ValidationReport report = Fixtures.validator(pki).validate(byTaxAuthority);
            assertThat(report.signatures()).hasSize(2).allSatisfy(s -> assertThat(s.integrity()).isTrue());
        }
    }

    @Test
    void signsByIdAtAPlaceAndExtendsToLtaAsTheReadmeShows() throws Exception {
        try (TestPki pki = TestPki.builder().start()) {
            Path roots = Files.createDirectories(dir.resolve("roots"));
            org.kyso.testkit.Pem.write(roots.resolve("root.pem"), pki.root().certificate());
            Path in = Files.writeString(dir.resolve("ho-so.xml"), XmlDsigSignerTest.DOSSIER);
            Path signed = dir.resolve("ho-so-signed.xml");
            Path archived = dir.resolve("ho-so-lta.xml");
            Tsa tsa = Tsa.rfc3161(pki.tsaUrl());

            try (SigningKey key = Fixtures.rsaKey(pki)) {
                // --- README placement snippet starts
                XmlSigner signer = XmlSigner.builder().key(key)
                        .level(XadesLevel.T).timestamping(tsa)
                        .referenceIds("DDN-01", "BV-01")                  // sign these elements, not the whole file
                        .placement("/hs:HoSo/hs:ChuKy")                    // the document's own prefixes work
                        .canonicalization(XmlCanonicalization.INCLUSIVE)
                        .build();
                signer.sign(in, signed);

                XmlExtender extender = XmlExtender.builder().level(XadesLevel.LTA).timestamping(tsa)
                        .trust(TrustAnchors.from(roots))
                        .build();
                extender.extend(signed, archived);                        // only the signature changes
                // --- README placement snippet ends
            }

            assertThat(Validator.builder().trust(TrustAnchors.from(roots)).revocation(Revocation.online().build()).build()
                    .validate(archived).signatures().get(0).format()).isEqualTo("XAdES-BASELINE-LTA");
        }
    }
}
