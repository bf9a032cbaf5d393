package org.kyso.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.Pem;
import org.kyso.testkit.TestPki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code kyso sign pdf} visible signatures: the Decree 30 presets, existing fields, and their usage errors. */
class SignPdfAppearanceCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "mat-khau thu 123";

    @TempDir
    static Path keys;

    static TestPki pki;
    static Path rootPem;
    static Path p12;
    static Path passwordFile;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPki() throws Exception {
        pki = TestPki.builder().start();
        Leaf signer = pki.issue(LeafSpec.builder()
                .subject("CN=Nguyễn Văn Ấn, O=Ủy ban nhân dân xã Đại Đồng, T=Chủ tịch, C=VN")
                .keyType(KeyType.ECDSA_P256)
                .build());
        rootPem = keys.resolve("root.pem");
        Pem.write(rootPem, pki.root().certificate());
        p12 = keys.resolve("signer.p12");
        signer.writePkcs12(p12, PASSWORD.toCharArray());
        passwordFile = Files.writeString(keys.resolve("password.txt"), PASSWORD + "\n");
    }

    @AfterAll
    static void stopPki() {
        pki.close();
    }

    private String[] sign(Path in, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("sign", "pdf", in.toString(), "-o", out.toString(),
                "--p12", p12.toString(), "--password-file", passwordFile.toString()));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    private Path image(String name) {
        return Samples.copy("/org/kyso/examples/cli/" + name, dir.resolve(name));
    }

    private JsonNode assertValid(Path signed) throws Exception {
        Cli.Result result = Cli.run("validate", "--format", "json", "--trust", rootPem.toString(), signed.toString());
        JsonNode report = JSON.readTree(result.out());
        assertThat(report.get("verdict").asText()).as(result.out()).isEqualTo("VALID");
        ExternalTools.Result pdfsig = ExternalTools.run(Duration.ofSeconds(60), "pdfsig", signed.toString());
        assertThat(pdfsig.stdout()).contains("Signature Validation: Signature is Valid.");
        return report;
    }

    @Test
    void signsWithTheSignerPresetTitleAndSignatureImage() throws Exception {
        Path out = dir.resolve("signer.pdf");

        Cli.run(sign(Samples.pdf(dir), out, "--preset", "signer", "--image", image("mau-chu-ky.png").toString(),
                "--title", "TM. ỦY BAN NHÂN DÂN\\nCHỦ TỊCH")).succeeds();

        assertValid(out);
        try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
            PDRectangle r = pdf.getPage(pdf.getNumberOfPages() - 1).getAnnotations().get(0).getRectangle();
            assertThat(r.getLowerLeftX()).as("bottom right of the last page").isGreaterThan(280f);
            assertThat(r.getUpperRightY()).isLessThan(300f);
        }
    }

    @Test
    void signsTheSampleLetterWithTheSignatureImageBetweenItsPrintedTitleAndName() throws Exception {
        Path out = dir.resolve("image-only.pdf");

        Cli.run(sign(Samples.pdf(dir), out, "--preset", "signer", "--image", image("mau-chu-ky.png").toString(),
                "--page", "1", "--rect", "318,178,232,84", "--text", "")).succeeds();

        assertValid(out);
    }

    @Test
    void signsWithTheSealPresetOverTheSignature() throws Exception {
        Path out = dir.resolve("seal.pdf");

        Cli.run(sign(Samples.pdf(dir), out, "--tsa", pki.tsaUrl().toString(), "--preset", "seal",
                "--seal", image("mau-con-dau.png").toString(), "--image", image("mau-chu-ky.png").toString())).succeeds();

        assertValid(out);
    }

    @Test
    void signsACopyWithTheDocumentNumberAtTheTopRightOfPageOne() throws Exception {
        Path out = dir.resolve("copy.pdf");

        Cli.run(sign(Samples.pdf(dir), out, "--preset", "copy", "--doc-number", "125/UBND-VP")).succeeds();

        assertValid(out);
        try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
            PDRectangle r = pdf.getPage(0).getAnnotations().get(0).getRectangle();
            assertThat(pdf.getPage(0).getMediaBox().getUpperRightY() - r.getUpperRightY()).isLessThan(30f);
            assertThat(r.getUpperRightX()).isGreaterThan(500f);
        }
    }

    @Test
    void fillsAnExistingEmptyField() throws Exception {
        Path in = dir.resolve("form.pdf");
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            pdf.addPage(page);
            PDAcroForm form = new PDAcroForm(pdf);
            pdf.getDocumentCatalog().setAcroForm(form);
            PDSignatureField field = new PDSignatureField(form);
            field.setPartialName("ChuKyLanhDao");
            PDAnnotationWidget widget = field.getWidgets().get(0);
            widget.setRectangle(new PDRectangle(330, 120, 220, 70));
            widget.setPage(page);
            page.getAnnotations().add(widget);
            form.getFields().add(field);
            pdf.save(in.toFile());
        }
        Path out = dir.resolve("field.pdf");

        Cli.run(sign(in, out, "--field", "ChuKyLanhDao")).succeeds();

        JsonNode report = assertValid(out);
        assertThat(report.get("signatures").get(0).get("fieldName").asText()).isEqualTo("ChuKyLanhDao");
    }

    @Test
    void exitsSixtyFiveNamingAMissingField() {
        Cli.Result result = Cli.run(sign(Samples.pdf(dir), dir.resolve("out.pdf"), "--field", "ChuKy9"))
                .failsWith(ExitCode.DATA_ERR);

        assertThat(result.err()).contains("'ChuKy9'").contains("no empty signature field");
        assertThat(dir.resolve("out.pdf")).doesNotExist();
    }

    @Test
    void exitsSixtyFourForPresetsMissingWhatTheyNeed() {
        Path in = Samples.pdf(dir);
        Path out = dir.resolve("out.pdf");
        assertThat(Cli.run(sign(in, out, "--preset", "signer")).failsWith(ExitCode.USAGE).err()).contains("--image");
        assertThat(Cli.run(sign(in, out, "--preset", "seal")).failsWith(ExitCode.USAGE).err()).contains("--seal");
        assertThat(Cli.run(sign(in, out, "--preset", "copy")).failsWith(ExitCode.USAGE).err()).contains("--doc-number");
        assertThat(Cli.run(sign(in, out, "--preset", "decree30")).failsWith(ExitCode.USAGE).err())
                .contains("signer, seal or copy");
        assertThat(Cli.run(sign(in, out, "--seal", "x.png")).failsWith(ExitCode.USAGE).err()).contains("--preset seal");
        assertThat(Cli.run(sign(in, out, "--field", "A", "--rect", "1,1,50,50")).failsWith(ExitCode.USAGE).err())
                .contains("--field");
        assertThat(out).doesNotExist();
    }

    @Test
    void exitsSixtyFourForTextTheFontCannotDraw() {
        Cli.Result result = Cli.run(sign(Samples.pdf(dir), dir.resolve("out.pdf"), "--text", "Ký bởi {signer} 漢"))
                .failsWith(ExitCode.USAGE);

        assertThat(result.err()).contains("漢");
    }

    @Test
    void exitsSixtySixForAMissingSealImage() {
        Cli.Result result = Cli.run(sign(Samples.pdf(dir), dir.resolve("out.pdf"), "--preset", "seal",
                "--seal", dir.resolve("no-such-seal.png").toString())).failsWith(ExitCode.NO_INPUT);

        assertThat(result.err()).contains("no-such-seal.png");
    }
}
