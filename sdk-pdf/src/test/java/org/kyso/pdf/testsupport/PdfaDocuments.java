package org.kyso.pdf.testsupport;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;

/**
 * Small PDF/A-1b, PDF/A-2b and PDF/A-3b documents made with PDFBox: Vietnamese text in the bundled
 * DejaVu Sans (embedded as a subset), XMP metadata naming the part and conformance, and an sRGB
 * output intent with the JDK's own sRGB ICC profile.
 */
public final class PdfaDocuments {

    private static final String FONT = "/org/kyso/pdf/fonts/DejaVuSans.ttf";

    private PdfaDocuments() {
    }

    /**
     * Writes a {@code pages}-page PDF/A document of the given part (1, 2 or 3; conformance B) to
     * {@code file}, each page showing {@code text}.
     */
    public static Path write(Path file, int part, String text, int pages) throws IOException {
        if (part < 1 || part > 3) {
            throw new IllegalArgumentException("PDF/A part 1, 2 or 3, not " + part);
        }
        try (PDDocument document = new PDDocument()) {
            // PDF/A-1 is based on PDF 1.4, PDF/A-2 and -3 on PDF 1.7.
            document.getDocument().setVersion(part == 1 ? 1.4f : 1.7f);
            PDType0Font font;
            try (InputStream in = PdfaDocuments.class.getResourceAsStream(FONT)) {
                if (in == null) {
                    throw new IllegalStateException("Missing " + FONT + " on the test class path");
                }
                font = PDType0Font.load(document, in, true);
            }
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 12);
                    content.newLineAtOffset(72, 760);
                    content.showText(text + " – trang " + i);
                    content.endText();
                }
            }
            PDDocumentCatalog catalog = document.getDocumentCatalog();
            PDMetadata metadata = new PDMetadata(document);
            metadata.importXMPMetadata(xmp(part, text).getBytes(StandardCharsets.UTF_8));
            catalog.setMetadata(metadata);
            PDOutputIntent intent = new PDOutputIntent(document,
                    new ByteArrayInputStream(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData()));
            intent.setInfo("sRGB IEC61966-2.1");
            intent.setOutputCondition("sRGB IEC61966-2.1");
            intent.setOutputConditionIdentifier("sRGB IEC61966-2.1");
            intent.setRegistryName("http://www.color.org");
            catalog.addOutputIntent(intent);
            // PDF/A-1 forbids cross-reference and object streams, which PDFBox 3 writes by default.
            document.save(file.toFile(), part == 1 ? CompressParameters.NO_COMPRESSION : CompressParameters.DEFAULT_COMPRESSION);
        }
        return file;
    }

    private static String xmp(int part, String title) {
        String escaped = title.replace("&", "&amp;").replace("<", "&lt;");
        return """
                <?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
                <x:xmpmeta xmlns:x="adobe:ns:meta/">
                  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                    <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
                      <pdfaid:part>%d</pdfaid:part>
                      <pdfaid:conformance>B</pdfaid:conformance>
                    </rdf:Description>
                    <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
                      <dc:title><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li></rdf:Alt></dc:title>
                    </rdf:Description>
                  </rdf:RDF>
                </x:xmpmeta>
                <?xpacket end="w"?>""".formatted(part, escaped);
    }
}
