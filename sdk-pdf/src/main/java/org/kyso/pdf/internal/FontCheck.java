package org.kyso.pdf.internal;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.OTFParser;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * Checks before signing that a font has a glyph for every character of a text, so that a missing
 * Vietnamese letter is an error rather than a blank box in a signed document.
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

    private static TrueTypeFont parse(byte[] font) throws IOException {
        boolean openType = font.length > 4 && font[0] == 'O' && font[1] == 'T' && font[2] == 'T' && font[3] == 'O';
        return openType ? new OTFParser().parse(new RandomAccessReadBuffer(font))
                : new TTFParser().parse(new RandomAccessReadBuffer(font));
    }

}
