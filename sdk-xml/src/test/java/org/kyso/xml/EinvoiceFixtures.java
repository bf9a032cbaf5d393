package org.kyso.xml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

import org.kyso.core.SigningKey;
import org.kyso.core.SoftwareKey;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

/**
 * What the plain XMLDSig tests share: a synthetic e-invoice written after the structure of the real
 * ones (fictitious data, seller tax code 0101234567 as in the seller's test certificate), keys for
 * the seller and the tax authority, the shared conformance corpus, and xmlsec1.
 */
final class EinvoiceFixtures {

    static final String SELLER_SUBJECT = "CN=CÔNG TY TNHH PHẦN MỀM KÝ SỐ THỬ NGHIỆM, UID=MST:0101234567, L=Hà Nội, C=VN";
    static final String TAX_SUBJECT = "CN=CỤC THUẾ THỬ NGHIỆM, O=BỘ TÀI CHÍNH, L=Hà Nội, C=VN";
    static final String BUYER_SUBJECT = "CN=CÔNG TY CỔ PHẦN KHÁCH HÀNG MẪU, UID=MST:0309876543, L=Hồ Chí Minh, C=VN";
    /** The tax authority's code, added by the tax authority before it signs (as in TDiep 202). */
    static final String MCCQT = "<MCCQT Id=\"Id-5e0c1a7b2d9f4e31a8c6b0f2d4e6a8c0\">00A1B2C3D4E5F60718293A4B5C6D7E8F90</MCCQT>";

    private EinvoiceFixtures() {
    }

    /** The unsigned invoice: {@code <DSCKS><NBan/><NMua/></DSCKS>}, DLHDon Id {@code _770001}. */
    static byte[] invoice() {
        try (InputStream in = EinvoiceFixtures.class.getResourceAsStream("hoa-don-mau.xml")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(byte[] xml) {
        return new String(xml, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** The invoice as the tax authority receives it back with its code: MCCQT after DLHDon. */
    static byte[] withTaxCode(byte[] signedBySeller) {
        String text = text(signedBySeller);
        return bytes(text.replace("</DLHDon><DLQRCode>", "</DLHDon>" + MCCQT + "<DLQRCode>"));
    }

    static SigningKey key(TestPki pki, String subject) {
        Leaf leaf = pki.issue(LeafSpec.builder().subject(subject).keyType(KeyType.RSA_2048).build());
        return SoftwareKey.of(leaf.privateKey(), leaf.chain());
    }

    /**
     * {@code xmlsec1 --verify} of the signature {@code signatureXpath} selects, against the test
     * root; the e-invoice Ids (on DLHDon, MCCQT and ds:Object) are declared explicitly.
     */
    static ExternalTools.Result xmlsec1(Path signed, Path root, Path intermediate, String signatureXpath, String... idAttrs) {
        ExternalTools.require("xmlsec1");
        List<String> command = new ArrayList<>(List.of("xmlsec1", "--verify",
                "--trusted-pem", root.toString(), "--untrusted-pem", intermediate.toString(),
                "--id-attr:Id", "DLHDon", "--id-attr:Id", "MCCQT",
                "--id-attr:Id", "http://www.w3.org/2000/09/xmldsig#:Object"));
        for (String idAttr : idAttrs) {
            command.add("--id-attr:Id");
            command.add(idAttr);
        }
        if (signatureXpath != null) {
            command.add("--node-xpath");
            command.add(signatureXpath);
        }
        command.add(signed.toString());
        return ExternalTools.run(Duration.ofSeconds(60), command.toArray(String[]::new));
    }

    /**
     * A file of the shared conformance corpus: {@code $KYSO_CORPUS}, else {@code ../shared/corpus}
     * beside the repository. Missing: the test is skipped, except in CI where that is a failure.
     */
    static Path corpus(String relative) {
        String configured = System.getenv("KYSO_CORPUS");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured)
                : repositoryRoot().resolveSibling("shared").resolve("corpus");
        Path file = root.resolve(relative);
        if (!Files.isRegularFile(file)) {
            String message = "Conformance corpus file " + file + " not found: set KYSO_CORPUS to the corpus folder"
                    + " (the one holding manifest.tsv)";
            if ("true".equalsIgnoreCase(System.getenv().getOrDefault("CI", "").trim())) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        return file;
    }

    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("sdk-xml"))) {
                return p;
            }
        }
        return here;
    }
}
