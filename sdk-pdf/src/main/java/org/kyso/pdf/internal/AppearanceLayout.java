package org.kyso.pdf.internal;

import java.util.ArrayList;
import java.util.List;

import org.kyso.pdf.Appearance;
import org.kyso.pdf.internal.AppearancePlan.Picture;
import org.kyso.pdf.internal.AppearancePlan.TextRun;

/**
 * Lays out a visible signature in its box: text wrapped at word boundaries (inside a word only when
 * the word alone is wider than the box), then scaled down until every line fits, measured with the
 * real glyph extents so that nothing is ever clipped.
 */
final class AppearanceLayout {

    /** Inner margin between the box edge and any ink, in points. */
    static final float PADDING = 3;
    /** Below this size text is unreadable: a box that needs less is an error, not a smudge. */
    static final float MIN_SIZE = 2;
    /** The image of a stacked block gets at least this share of the inner height. */
    private static final float MIN_IMAGE_SHARE = 0.35f;
    /** A side image takes at most this share of the inner width when there is text beside it. */
    private static final float MAX_SIDE_IMAGE_SHARE = 0.5f;

    /**
     * What to lay out.
     *
     * @param title text above the image (bold), or null
     * @param text the main text, or null
     * @param boldFirstParagraph whether the text's first paragraph (the name in a signature block) is bold
     * @param image PNG/JPEG bytes, or null
     * @param imageAspect width / height of the image
     * @param position where the image goes relative to the text
     * @param size the preferred text size in points
     */
    record Content(String title, String text, boolean boldFirstParagraph, byte[] image, float imageAspect,
            Appearance.ImagePosition position, float size) {
    }

    /** Text runs and picture in box coordinates. */
    record Laid(List<TextRun> runs, Picture picture, float size) {
    }

    private record Para(String text, boolean bold) {
    }

    private record Line(String text, boolean bold) {
    }

    private record Block(List<Line> lines, float width, float height, float size) {
        boolean isEmpty() {
            return lines.isEmpty();
        }
    }

    private enum Align { LEFT, CENTER, RIGHT }

    private final FontMetrics regular;
    private final FontMetrics bold;

    AppearanceLayout(FontMetrics regular, FontMetrics bold) {
        this.regular = regular;
        this.bold = bold;
    }

    /** The smallest box (width, height) that holds {@code text} at exactly {@code size}, lines wrapped at {@code maxWidth}. */
    float[] sizeToText(Content content, float maxWidth) {
        Block block = block(paragraphs(content.text(), content.boldFirstParagraph()), content.size(), maxWidth - 2 * PADDING, true);
        if (block.width() > maxWidth - 2 * PADDING) {
            throw new IllegalArgumentException("The appearance text does not fit across the page at " + content.size() + " pt");
        }
        // A hair of slack so that the fit check in inBox accepts the exact size again despite rounding.
        return new float[] {block.width() + 2 * PADDING + 0.01f, block.height() + 2 * PADDING + 0.01f};
    }

    /**
     * Lays out {@code content} in a {@code width} x {@code height} box.
     *
     * @throws IllegalArgumentException if the text would need less than {@link #MIN_SIZE} points
     */
    Laid inBox(Content content, float width, float height) {
        float iw = width - 2 * PADDING;
        float ih = height - 2 * PADDING;
        if (iw <= 0 || ih <= 0) {
            throw new IllegalArgumentException("The signature box (" + width + " x " + height + " pt) is too small to draw in");
        }
        List<Para> title = paragraphs(content.title(), false).stream().map(p -> new Para(p.text(), true)).toList();
        List<Para> text = paragraphs(content.text(), content.boldFirstParagraph());
        boolean hasImage = content.image() != null;
        if (title.isEmpty() && text.isEmpty()) {
            return new Laid(List.of(), picture(content, PADDING, PADDING, iw, ih), 0);
        }
        if (content.position() == Appearance.ImagePosition.ABOVE || !hasImage) {
            return stacked(content, title, text, width, height);
        }
        return sideBySide(content, text, width, height);
    }

    private Laid stacked(Content content, List<Para> title, List<Para> text, float width, float height) {
        float iw = width - 2 * PADDING;
        float ih = height - 2 * PADDING;
        boolean hasImage = content.image() != null;
        Fit fit = bestFit(content.size(), (s, wrap) -> {
            Block t = block(title, s, iw, wrap);
            Block c = block(text, s, iw, wrap);
            if (t.width() > iw || c.width() > iw) {
                return false;
            }
            float used = t.height() + c.height() + gaps(t, c, hasImage) * gap(s);
            return hasImage ? ih - used >= ih * MIN_IMAGE_SHARE : used <= ih;
        });
        float size = fit.size();
        Block t = block(title, size, iw, fit.wrap());
        Block c = block(text, size, iw, fit.wrap());
        List<TextRun> runs = new ArrayList<>();
        boolean centred = hasImage || !t.isEmpty();
        Align align = centred ? Align.CENTER : Align.LEFT;
        if (!hasImage) {
            // Text only: the whole block is centred vertically.
            float used = t.height() + c.height() + gaps(t, c, false) * gap(size);
            float top = height - PADDING - (ih - used) / 2;
            place(t, PADDING, iw, top, align, runs);
            place(c, PADDING, iw, top - t.height() - (t.isEmpty() ? 0 : gap(size)), align, runs);
            return new Laid(runs, null, size);
        }
        float top = height - PADDING;
        place(t, PADDING, iw, top, align, runs);
        place(c, PADDING, iw, PADDING + c.height(), align, runs);
        float bandTop = top - t.height() - (t.isEmpty() ? 0 : gap(size));
        float bandBottom = PADDING + c.height() + (c.isEmpty() ? 0 : gap(size));
        return new Laid(runs, picture(content, PADDING, bandBottom, iw, bandTop - bandBottom), size);
    }

    private Laid sideBySide(Content content, List<Para> text, float width, float height) {
        float iw = width - 2 * PADDING;
        float ih = height - 2 * PADDING;
        float gap = Math.min(8, iw * 0.04f);
        float imageWidth = Math.min(ih * content.imageAspect(), iw * MAX_SIDE_IMAGE_SHARE);
        float textWidth = iw - imageWidth - gap;
        Fit fit = bestFit(content.size(), (s, wrap) -> {
            Block b = block(text, s, textWidth, wrap);
            return b.width() <= textWidth && b.height() <= ih;
        });
        float size = fit.size();
        Block b = block(text, size, textWidth, fit.wrap());
        List<TextRun> runs = new ArrayList<>();
        float top = height - PADDING - (ih - b.height()) / 2;
        boolean imageLeft = content.position() == Appearance.ImagePosition.LEFT;
        float textX = imageLeft ? PADDING + imageWidth + gap : PADDING;
        place(b, textX, textWidth, top, imageLeft ? Align.LEFT : Align.RIGHT, runs);
        float imageX = imageLeft ? PADDING : width - PADDING - imageWidth;
        return new Laid(runs, picture(content, imageX, PADDING, imageWidth, ih), size);
    }

    /** The image scaled to fit the area, aspect ratio kept, centred. */
    private static Picture picture(Content content, float x, float y, float w, float h) {
        if (content.image() == null || w <= 0 || h <= 0) {
            return null;
        }
        float aspect = content.imageAspect();
        float pw = Math.min(w, h * aspect);
        float ph = pw / aspect;
        return new Picture(content.image(), x + (w - pw) / 2, y + (h - ph) / 2, pw, ph);
    }

    private static int gaps(Block t, Block c, boolean image) {
        int parts = (t.isEmpty() ? 0 : 1) + (c.isEmpty() ? 0 : 1) + (image ? 1 : 0);
        return Math.max(0, parts - 1);
    }

    private static float gap(float size) {
        return size * 0.5f;
    }

    /** Adds the runs of {@code block} with its top edge at {@code top}, aligned within [x, x + width]. */
    private void place(Block block, float x, float width, float top, Align align, List<TextRun> runs) {
        if (block.isEmpty()) {
            return;
        }
        float size = block.size();
        float baseline = top - metrics(block.lines().get(0)).top(block.lines().get(0).text(), size);
        for (Line line : block.lines()) {
            FontMetrics m = metrics(line);
            float lineWidth = m.width(line.text(), size);
            float start = switch (align) {
                case LEFT -> x;
                case CENTER -> x + (width - lineWidth) / 2;
                case RIGHT -> x + width - lineWidth;
            };
            if (!line.text().isEmpty()) {
                runs.add(new TextRun(line.text(), line.bold(), size, start + m.leftOverhang(line.text(), size), baseline));
            }
            baseline -= regular.lineHeight(size);
        }
    }

    /** The paragraphs as lines at {@code size}: wrapped at {@code maxWidth}, or one line each when not {@code wrap}. */
    private Block block(List<Para> paras, float size, float maxWidth, boolean wrap) {
        List<Line> lines = new ArrayList<>();
        for (Para para : paras) {
            FontMetrics m = para.bold() ? bold : regular;
            for (String line : wrap ? wrap(para.text(), m, size, maxWidth) : List.of(para.text())) {
                lines.add(new Line(line, para.bold()));
            }
        }
        if (lines.isEmpty()) {
            return new Block(lines, 0, 0, size);
        }
        float width = 0;
        for (Line line : lines) {
            width = Math.max(width, metrics(line).width(line.text(), size));
        }
        Line first = lines.get(0);
        Line last = lines.get(lines.size() - 1);
        float height = metrics(first).top(first.text(), size) + (lines.size() - 1) * regular.lineHeight(size)
                + metrics(last).bottom(last.text(), size);
        return new Block(lines, width, height, size);
    }

    private FontMetrics metrics(Line line) {
        return line.bold() ? bold : regular;
    }

    /** Greedy word wrap; a word wider than the line is broken between characters rather than clipped. */
    static List<String> wrap(String paragraph, FontMetrics m, float size, float maxWidth) {
        List<String> out = new ArrayList<>();
        String[] words = paragraph.strip().split(" +");
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (m.width(candidate, size) <= maxWidth) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (line.length() > 0) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (m.width(word, size) <= maxWidth) {
                line.append(word);
                continue;
            }
            int[] cps = word.codePoints().toArray();
            for (int cp : cps) {
                String next = line.toString() + new String(Character.toChars(cp));
                if (line.length() > 0 && m.width(next, size) > maxWidth) {
                    out.add(line.toString());
                    line.setLength(0);
                    line.appendCodePoint(cp);
                } else {
                    line.setLength(0);
                    line.append(next);
                }
            }
        }
        out.add(line.toString());
        return out;
    }

    /** Paragraphs of a template split at line breaks; null or blank gives none. */
    private static List<Para> paragraphs(String text, boolean boldFirst) {
        List<Para> paras = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return paras;
        }
        String[] split = text.strip().split("\\R", -1);
        for (int i = 0; i < split.length; i++) {
            paras.add(new Para(split[i].strip(), boldFirst && i == 0));
        }
        return paras;
    }

    private interface SizePredicate {
        boolean fits(float size);
    }

    private interface WrapPredicate {
        boolean fits(float size, boolean wrap);
    }

    /** A text size, and whether paragraphs are wrapped at it. */
    private record Fit(float size, boolean wrap) {
    }

    /** Keeping each paragraph on one line is worth this much of the size wrapping would allow. */
    private static final float UNWRAPPED_PREFERENCE = 0.8f;

    /**
     * The text size: the largest at which the text fits when wrapped, unless keeping each paragraph
     * on one line fits at nearly that size, which reads better ("+07:00" alone on a line does not).
     */
    private static Fit bestFit(float preferred, WrapPredicate predicate) {
        float wrapped = largestFitting(preferred, s -> predicate.fits(s, true));
        float unwrappedFloor = wrapped * UNWRAPPED_PREFERENCE;
        if (unwrappedFloor >= MIN_SIZE && predicate.fits(unwrappedFloor, false)) {
            return new Fit(largestFitting(preferred, s -> predicate.fits(s, false)), false);
        }
        return new Fit(wrapped, true);
    }

    /** The largest size up to {@code preferred} that fits, found by bisection; the result always fits. */
    private static float largestFitting(float preferred, SizePredicate predicate) {
        if (predicate.fits(preferred)) {
            return preferred;
        }
        float lo = MIN_SIZE;
        if (!predicate.fits(lo)) {
            throw new IllegalArgumentException("The appearance text does not fit in its box even at " + MIN_SIZE
                    + " pt: use a larger rectangle or a shorter text");
        }
        float hi = preferred;
        while (hi - lo > 0.05f) {
            float mid = (lo + hi) / 2;
            if (predicate.fits(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
