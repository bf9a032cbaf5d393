package org.kyso.pdf.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.GlyphData;
import org.apache.fontbox.ttf.HorizontalHeaderTable;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.util.BoundingBox;

/**
 * Advance widths and ink extents of the characters of one text in one TrueType font, in 1/1000 em
 * (the unit PDF uses for glyph widths), so that layout can promise that nothing is clipped.
 * Immutable once built.
 */
final class FontMetrics {

    /** Per code point: advance, xMin, xMax, yMin, yMax. */
    private final Map<Integer, float[]> glyphs;
    private final float ascent;
    private final float descent;
    private final float lineGap;
    private final Set<String> missing;

    private FontMetrics(Map<Integer, float[]> glyphs, float ascent, float descent, float lineGap, Set<String> missing) {
        this.glyphs = glyphs;
        this.ascent = ascent;
        this.descent = descent;
        this.lineGap = lineGap;
        this.missing = missing;
    }

    /** Measures every character of {@code text} in {@code font} (TrueType or TrueType-flavoured OpenType). */
    static FontMetrics of(byte[] font, String text) throws IOException {
        TrueTypeFont ttf = FontCheck.parse(font);
        try {
            float scale = 1000f / ttf.getUnitsPerEm();
            CmapLookup cmap = ttf.getUnicodeCmapLookup(false);
            Map<Integer, float[]> glyphs = new HashMap<>();
            Set<String> missing = new LinkedHashSet<>();
            for (int cp : text.codePoints().distinct().toArray()) {
                if (cp == '\n' || cp == '\r' || cp == '\t') {
                    continue;
                }
                int gid = cmap == null ? 0 : cmap.getGlyphId(cp);
                if (gid == 0) {
                    missing.add(new String(Character.toChars(cp)));
                    continue;
                }
                float advance = ttf.getAdvanceWidth(gid) * scale;
                GlyphData data = ttf.getGlyph() == null ? null : ttf.getGlyph().getGlyph(gid);
                BoundingBox box = data == null ? null : data.getBoundingBox();
                if (box == null || data.getNumberOfContours() == 0) {
                    glyphs.put(cp, new float[] {advance, 0, advance, 0, 0});
                } else {
                    glyphs.put(cp, new float[] {advance, box.getLowerLeftX() * scale, box.getUpperRightX() * scale,
                            box.getLowerLeftY() * scale, box.getUpperRightY() * scale});
                }
            }
            HorizontalHeaderTable hhea = ttf.getHorizontalHeader();
            return new FontMetrics(Map.copyOf(glyphs), hhea.getAscender() * scale, hhea.getDescender() * scale,
                    hhea.getLineGap() * scale, Set.copyOf(missing));
        } finally {
            ttf.close();
        }
    }

    /** Characters of the measured text the font has no glyph for. */
    Set<String> missing() {
        return missing;
    }

    /** Width of {@code line} at {@code size} points, including any ink that overhangs the first or last advance. */
    float width(String line, float size) {
        if (line.isEmpty()) {
            return 0;
        }
        int[] cps = line.codePoints().toArray();
        float total = 0;
        for (int cp : cps) {
            total += glyph(cp)[0];
        }
        float[] first = glyph(cps[0]);
        float[] last = glyph(cps[cps.length - 1]);
        total += Math.max(0, -first[1]) + Math.max(0, last[2] - last[0]);
        return total * size / 1000f;
    }

    /** Where a line's text starts relative to its box: past any ink left of the first glyph's origin. */
    float leftOverhang(String line, float size) {
        return line.isEmpty() ? 0 : Math.max(0, -glyph(line.codePointAt(0))[1]) * size / 1000f;
    }

    /** Distance from the baseline to the top of the line's highest ink (or the font's ascent, if higher). */
    float top(String line, float size) {
        float top = ascent;
        for (int cp : line.codePoints().toArray()) {
            top = Math.max(top, glyph(cp)[4]);
        }
        return top * size / 1000f;
    }

    /** Distance from the baseline down to the lowest ink (or the font's descent, if lower), as a positive number. */
    float bottom(String line, float size) {
        float bottom = -descent;
        for (int cp : line.codePoints().toArray()) {
            bottom = Math.max(bottom, -glyph(cp)[3]);
        }
        return bottom * size / 1000f;
    }

    /** Baseline-to-baseline distance at {@code size}. */
    float lineHeight(float size) {
        return (ascent - descent + lineGap) * size / 1000f;
    }

    private float[] glyph(int cp) {
        float[] g = glyphs.get(cp);
        if (g == null) {
            throw new IllegalStateException("Character U+" + Integer.toHexString(cp) + " was not measured");
        }
        return g;
    }
}
