package org.kyso.pdf.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;

import org.kyso.testkit.ExternalTools;

/**
 * Looks inside signed PDFs the way an independent checker would: the signatures' byte ranges and
 * CMS blobs and the DSS dictionary (read with PDFBox directly, not through DSS), and the verdicts
 * of {@code pdfsig} (poppler), {@code openssl cms -verify} and {@code openssl ts -verify}.
 */
public final class SignedPdfs {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private SignedPdfs() {
    }

    /** One signature dictionary: its SubFilter, the CMS it holds and the bytes its byte range covers. */
    public record Signature(String subFilter, int[] byteRange, byte[] cms, byte[] signedContent) {
    }

    /** What a DSS dictionary (ETSI EN 319 142-1, 5.4) holds: DER certificates, CRLs, OCSP responses, and the number of VRI entries. */
    public record DssDictionary(List<byte[]> certificates, List<byte[]> crls, List<byte[]> ocspResponses, int vriEntries) {
    }

    /** The signatures and document timestamps, in the order of the file's signature fields. */
    public static List<Signature> signatures(Path pdf) throws IOException {
        byte[] file = Files.readAllBytes(pdf);
        List<Signature> found = new ArrayList<>();
        try (PDDocument document = Loader.loadPDF(file)) {
            for (PDSignature signature : document.getSignatureDictionaries()) {
                found.add(new Signature(signature.getSubFilter(), signature.getByteRange(),
                        derPrefix(signature.getContents()), signature.getSignedContent(file)));
            }
        }
        return found;
    }

    /** The document's DSS dictionary, if it has one. */
    public static Optional<DssDictionary> dssDictionary(Path pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            COSDictionary dss = document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.getPDFName("DSS"));
            if (dss == null) {
                return Optional.empty();
            }
            COSDictionary vri = dss.getCOSDictionary(COSName.getPDFName("VRI"));
            return Optional.of(new DssDictionary(streams(dss, "Certs"), streams(dss, "CRLs"), streams(dss, "OCSPs"),
                    vri == null ? 0 : vri.size()));
        }
    }

    private static List<byte[]> streams(COSDictionary dictionary, String key) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        COSArray array = dictionary.getCOSArray(COSName.getPDFName(key));
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                if (array.getObject(i) instanceof COSStream stream) {
                    try (InputStream in = stream.createInputStream()) {
                        contents.add(in.readAllBytes());
                    }
                }
            }
        }
        return contents;
    }

    /** Whether a signature widget's appearance draws an image with a soft mask (transparency), at any depth. */
    public static boolean appearanceHasTransparentImage(Path pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
            for (PDSignatureField field : document.getSignatureFields()) {
                for (PDAnnotationWidget widget : field.getWidgets()) {
                    PDAppearanceStream appearance = widget.getNormalAppearanceStream();
                    if (appearance != null && hasSoftMask(appearance.getResources(), 0)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean hasSoftMask(PDResources resources, int depth) throws IOException {
        if (resources == null || depth > 8) {
            return false;
        }
        for (COSName name : resources.getXObjectNames()) {
            PDXObject x = resources.getXObject(name);
            if (x instanceof PDImageXObject image && image.getSoftMask() != null) {
                return true;
            }
            if (x instanceof PDFormXObject form && hasSoftMask(form.getResources(), depth + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code pdfsig} (poppler-utils) on {@code pdf}; skips, or fails in CI, when it is missing. */
    public static ExternalTools.Result pdfsig(Path pdf) {
        ExternalTools.require("pdfsig");
        return ExternalTools.run(TIMEOUT, "pdfsig", pdf.toString());
    }

    /** One "Signature #n" block of pdfsig's output. */
    public record PdfsigEntry(String signatureType, String signer, String validation, String text) {
    }

    /** pdfsig's output split into one entry per signature it lists. */
    public static List<PdfsigEntry> pdfsigEntries(Path pdf) {
        ExternalTools.Result result = pdfsig(pdf);
        List<PdfsigEntry> entries = new ArrayList<>();
        String[] blocks = result.stdout().split("(?m)^Signature #\\d+:\\s*$");
        for (int i = 1; i < blocks.length; i++) {
            String block = blocks[i];
            entries.add(new PdfsigEntry(field(block, "Signature Type"), field(block, "Signer Certificate Common Name"),
                    field(block, "Signature Validation"), block));
        }
        return entries;
    }

    private static String field(String block, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*- " + java.util.regex.Pattern.quote(name)
                + ": (.*)$").matcher(block);
        return m.find() ? m.group(1).trim() : null;
    }

    /** Asserts that pdfsig finds exactly {@code count} signatures and says "Signature is Valid." for each. */
    public static void assertPdfsigValid(Path pdf, int count) {
        List<PdfsigEntry> entries = pdfsigEntries(pdf);
        assertThat(entries).as("pdfsig entries for %s", pdf).hasSize(count)
                .allSatisfy(e -> assertThat(e.validation()).as("pdfsig:%n%s", e.text()).isEqualTo("Signature is Valid."));
    }

    /**
     * {@code openssl ts -verify} of a document timestamp (SubFilter ETSI.RFC3161): the token's
     * message imprint must be the hash of the bytes its byte range covers, and its signature must
     * chain to {@code rootPem}.
     */
    public static ExternalTools.Result opensslTimestampVerify(Signature timestamp, Path rootPem, Path workDir) throws IOException {
        ExternalTools.require("openssl");
        Path token = Files.createTempFile(workDir, "timestamp-", ".tst");
        Path content = Files.createTempFile(workDir, "timestamped-bytes-", ".bin");
        Files.write(token, timestamp.cms());
        Files.write(content, timestamp.signedContent());
        return ExternalTools.run(TIMEOUT, "openssl", "ts", "-verify", "-data", content.toString(), "-in", token.toString(),
                "-token_in", "-CAfile", rootPem.toString());
    }

    /**
     * {@code openssl cms -verify -binary -inform DER} over the signature's CMS and the bytes its byte
     * range covers, trusting {@code rootPem}. Exit code 0 and "CMS Verification successful" mean
     * the signature value, the signed attributes and the message digest are all right.
     */
    public static ExternalTools.Result opensslCmsVerify(Signature signature, Path rootPem, Path workDir) throws IOException {
        ExternalTools.require("openssl");
        Path cms = Files.createTempFile(workDir, "signature-", ".p7s");
        Path content = Files.createTempFile(workDir, "signed-bytes-", ".bin");
        Files.write(cms, signature.cms());
        Files.write(content, signature.signedContent());
        return ExternalTools.run(TIMEOUT, "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", cms.toString(),
                "-content", content.toString(), "-CAfile", rootPem.toString(), "-purpose", "any", "-out", "/dev/null");
    }

    /** A PDF's /Contents is zero-padded: keep only the DER-encoded CMS at its start. */
    static byte[] derPrefix(byte[] padded) {
        if (padded.length < 2 || padded[0] != 0x30) {
            throw new IllegalArgumentException("The signature /Contents does not start with a DER SEQUENCE");
        }
        int first = padded[1] & 0xff;
        int offset = 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int octets = first & 0x7f;
            if (octets == 0 || octets > 4) {
                throw new IllegalArgumentException("Unsupported DER length form in /Contents: 0x" + Integer.toHexString(first));
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (padded[offset++] & 0xff);
            }
        }
        return Arrays.copyOf(padded, Math.toIntExact(offset + length));
    }
}
