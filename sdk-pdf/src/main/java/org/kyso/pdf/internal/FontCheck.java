package org.kyso.pdf.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.OTFParser;
import org.apache.fontbox.ttf.OpenTypeFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Checks before signing that a font can be embedded and has a glyph for every character of a text,
 * so that a missing Vietnamese letter is an error rather than a blank box in a signed document.
 */
public final class FontCheck {

    private FontCheck() {
    }

    /** The characters of {@code text} the font cannot draw, in order of appearance; empty when all can be drawn. */
    public static Set<String> missingCharacters(byte[] font, String text) throws IOException {
        TrueTypeFont ttf = parse(font);
        try {
            CmapLookup cmap = ttf.getUnicodeCmapLookup(false);
            Set<String> missing = new LinkedHashSet<>();
            text.codePoints().filter(cp -> cp != '\n' && cp != '\r' && cp != '\t').forEach(cp -> {
                if (cmap == null || cmap.getGlyphId(cp) == 0) {
                    missing.add(new String(Character.toChars(cp)));
                }
            });
            return missing;
        } finally {
            ttf.close();
        }
    }

    /**
     * Checks that {@code font} is a TrueType-outline font that may be embedded as a subset, as a
     * signature appearance embeds it.
     *
     * @throws IllegalArgumentException naming what is wrong and what to use instead
     */
    public static void requireEmbeddable(byte[] font) {
        TrueTypeFont ttf;
        try {
            ttf = parse(font);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("The appearance font cannot be read as a TrueType/OpenType font ("
                    + e.getMessage() + "): give a .ttf file, or a .otf file with TrueType outlines", e);
        }
        try {
            if (ttf instanceof OpenTypeFont otf && otf.isPostScript()) {
                throw new IllegalArgumentException("The appearance font is an OpenType font with PostScript (CFF) "
                        + "outlines, which PDFBox cannot embed as a subset: use a .ttf font (or a .otf with TrueType outlines)");
            }
            if (ttf.getUnicodeCmapLookup(false) == null) {
                throw new IllegalArgumentException("The appearance font has no Unicode character map: use a Unicode TrueType font");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("The appearance font cannot be read: " + e.getMessage(), e);
        } finally {
            try {
                ttf.close();
            } catch (IOException ignored) {
                // Nothing is held open for an in-memory font.
            }
        }
        try (PDDocument scratch = new PDDocument()) {
            PDType0Font.load(scratch, new ByteArrayInputStream(font), true);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("The appearance font cannot be embedded in a PDF (" + e.getMessage()
                    + "): its licence flags may forbid embedding; use another font", e);
        }
    }

    static TrueTypeFont parse(byte[] font) throws IOException {
        boolean openType = font.length > 4 && font[0] == 'O' && font[1] == 'T' && font[2] == 'T' && font[3] == 'O';
        return openType ? new OTFParser().parse(new RandomAccessReadBuffer(font))
                : new TTFParser().parse(new RandomAccessReadBuffer(font));
    }

}
