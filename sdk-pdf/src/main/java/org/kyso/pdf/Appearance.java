package org.kyso.pdf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Set;

import org.kyso.pdf.internal.Decree30;
import org.kyso.pdf.internal.FontCheck;
import org.kyso.pdf.internal.Images;

/**
 * How a visible signature looks and where it goes.
 *
 * <p>Where: a page and a rectangle in PDF user units (1/72 inch) with the origin at the
 * bottom-left of the page as displayed ({@link Builder#rect}); or an existing empty signature
 * field, whose page and rectangle are then used ({@link Builder#field}); or the top-right corner
 * of a page with the box sized to its text ({@link Builder#topRight}).
 *
 * <p>What: a text template, an optional image (PNG with transparency, or JPEG) and an optional
 * title above the image. The template may use {@code {signer}}, {@code {organization}},
 * {@code {email}}, {@code {time}} (signing time with zone), {@code {reason}} and
 * {@code {location}}; they are filled from the signing certificate and the signer's settings. Text
 * is wrapped, then scaled down until it fits its box, measured with real glyph extents: it is never
 * clipped. The bundled DejaVu Sans (regular and bold) covers every Vietnamese letter and is embedded
 * as a subset with a ToUnicode map, so the text can be extracted; any TrueType font can be supplied
 * instead. A font without a glyph the text needs is an {@link IllegalArgumentException} before
 * anything is signed, never a blank box.
 *
 * <p>Presets follow Decree 30/2020/ND-CP (Appendix I) on electronic administrative documents:
 * {@link #decree30Signer} (the signer's handwritten-signature image between title and name),
 * {@link #decree30Seal} (the organisation's red seal over the left third of the signature, with the
 * organisation's name and the signing time) and {@link #decree30Copy} (text only, top right of page
 * 1, 10 pt, for copies and attachments). Each is an ordinary appearance: change its position with
 * {@link #toBuilder()}.
 *
 * <pre>{@code
 * Appearance look = Appearance.builder()
 *         .page(1).rect(340, 60, 220, 80)
 *         .text("Ký bởi: {signer}\nCơ quan: {organization}\nThời gian: {time}")
 *         .zone(ZoneId.of("Asia/Ho_Chi_Minh"))
 *         .build();
 * Appearance block = Appearance.decree30Signer(Path.of("chu-ky.png"), "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH");
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Appearance {

    /** The default text: signer, organisation and signing time. */
    public static final String DEFAULT_TEXT = "Ký bởi: {signer}\nCơ quan: {organization}\nThời gian: {time}";

    /** The default {@code {time}} pattern: {@code 22/11/2026 15:00:03 +07:00}. */
    public static final String DEFAULT_TIME_FORMAT = "dd/MM/yyyy HH:mm:ss xxx";

    /** ISO 8601 with the zone offset, as Decree 30/2020/ND-CP asks: {@code 2026-11-22T15:00:03+07:00}. */
    public static final String ISO_TIME_FORMAT = "yyyy-MM-dd'T'HH:mm:ssxxx";

    /** Viet Nam's time zone, used by the Decree 30 presets. */
    public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    /** Where the image goes relative to the text. */
    public enum ImagePosition {
        /** Image at the left, text at its right (the default). */
        LEFT,
        /** Image at the right, text at its left, aligned against the image. */
        RIGHT,
        /** A signature block: the title, then the image, then the text, centred; the text's first line is bold. */
        ABOVE
    }

    private final int page;
    private final float x;
    private final float y;
    private final float width;
    private final float height;
    private final String field;
    private final float rightMargin;
    private final float topMargin;
    private final String text;
    private final String title;
    private final byte[] image;
    private final ImagePosition imagePosition;
    private final byte[] font;
    private final float fontSize;
    private final ZoneId zone;
    private final String timeFormat;
    private final boolean overlapAllowed;

    private Appearance(Builder b) {
        this.page = b.page;
        this.x = b.x;
        this.y = b.y;
        this.width = b.width;
        this.height = b.height;
        this.field = b.field;
        this.rightMargin = b.rightMargin;
        this.topMargin = b.topMargin;
        this.text = b.text;
        this.title = b.title;
        this.image = b.image;
        this.imagePosition = b.imagePosition;
        this.font = b.font;
        this.fontSize = b.fontSize;
        this.zone = b.zone;
        this.timeFormat = b.timeFormat;
        this.overlapAllowed = b.overlapAllowed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this appearance's settings, to move a preset or change one detail. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.page = page;
        b.x = x;
        b.y = y;
        b.width = width;
        b.height = height;
        b.field = field;
        b.rightMargin = rightMargin;
        b.topMargin = topMargin;
        b.text = text;
        b.title = title;
        b.image = image;
        b.imagePosition = imagePosition;
        b.font = font;
        b.fontSize = fontSize;
        b.zone = zone;
        b.timeFormat = timeFormat;
        b.overlapAllowed = overlapAllowed;
        return b;
    }

    /**
     * Decree 30/2020/ND-CP, the signer's signature: the title (e.g. {@code "TM. ỦY BAN NHÂN DÂN\nCHỦ
     * TỊCH"}), the handwritten-signature image and the signer's name from the certificate, centred
     * in the signature block at the bottom right of the last page of an A4 letter.
     *
     * @param signatureImage PNG with a transparent background (blue ink, as the decree asks), or JPEG
     * @param title the signer's title, {@code \n} between lines; null or empty for none
     */
    public static Appearance decree30Signer(Path signatureImage, String title) throws IOException {
        return builder()
                .page(-1)
                .rect(Decree30.BLOCK_X, Decree30.BLOCK_Y, Decree30.BLOCK_WIDTH, Decree30.BLOCK_HEIGHT)
                .title(title == null || title.isBlank() ? null : title)
                .image(signatureImage)
                .imagePosition(ImagePosition.ABOVE)
                .text("{signer}")
                .fontSize(Decree30.BLOCK_FONT_SIZE)
                .zone(VIETNAM)
                .timeFormat(ISO_TIME_FORMAT)
                .build();
    }

    /**
     * Decree 30/2020/ND-CP, the organisation's signature: its red seal over the left third of the
     * signer's signature, with the organisation's name and the signing time. Without a signature
     * image the seal alone is placed where it covers the left third of the image that
     * {@link #decree30Signer} draws (as when the clerk signs after the signer), with the text at its
     * left; overlapping that earlier signature is then intended and allowed.
     *
     * @param sealPng the seal, PNG with a transparent background
     * @param signatureImage the handwritten signature to compose the seal with, or null for the seal alone
     * @param organization the organisation's name; null to take it from the certificate ({@code {organization}})
     */
    public static Appearance decree30Seal(Path sealPng, Path signatureImage, String organization) throws IOException {
        byte[] seal = Files.readAllBytes(sealPng);
        String org = organization == null || organization.isBlank() ? "{organization}" : organization;
        Builder b = builder()
                .page(-1)
                .text(org + "\nThời gian ký: {time}")
                .zone(VIETNAM)
                .timeFormat(ISO_TIME_FORMAT);
        if (signatureImage != null) {
            byte[] composed = Images.sealOverSignature(seal, Files.readAllBytes(signatureImage));
            return b.rect(Decree30.BLOCK_X, Decree30.BLOCK_Y, Decree30.BLOCK_WIDTH, Decree30.BLOCK_HEIGHT)
                    .image(composed)
                    .imagePosition(ImagePosition.ABOVE)
                    .fontSize(Decree30.SEAL_BLOCK_FONT_SIZE)
                    .build();
        }
        int[] size = Images.size(seal, "The seal image");
        float[] r = Decree30.sealRect((float) size[0] / size[1]);
        return b.rect(r[0], r[1], r[2], r[3])
                .image(seal)
                .imagePosition(ImagePosition.RIGHT)
                .fontSize(Decree30.SEAL_FONT_SIZE)
                .allowOverlap(true)
                .build();
    }

    /** {@link #decree30Seal(Path, Path, String)} with the seal alone. */
    public static Appearance decree30Seal(Path sealPng, String organization) throws IOException {
        return decree30Seal(sealPng, null, organization);
    }

    /**
     * Decree 30/2020/ND-CP, the organisation's signature on a copy or an attachment: text only, top
     * right of page 1, 10 pt, with the document's number and symbol and the signing time.
     *
     * @param documentNumber the number and symbol, e.g. {@code "123/UBND-VP"}
     */
    public static Appearance decree30Copy(String documentNumber) {
        if (documentNumber == null || documentNumber.isBlank()) {
            throw new IllegalArgumentException("The copy signature needs the document's number and symbol, e.g. 123/UBND-VP");
        }
        return builder()
                .page(1)
                .topRight(Decree30.COPY_RIGHT_MARGIN, Decree30.COPY_TOP_MARGIN)
                .text("Số: " + documentNumber.strip() + "\nThời gian ký: {time}")
                .fontSize(Decree30.COPY_FONT_SIZE)
                .zone(VIETNAM)
                .timeFormat(ISO_TIME_FORMAT)
                .build();
    }

    /** 1-based page number; negative counts from the end (-1 = last page). Ignored with {@link #field()}. */
    public int page() {
        return page;
    }

    /** Left edge of the rectangle, from the page's left edge. */
    public float x() {
        return x;
    }

    /** Bottom edge of the rectangle, from the page's bottom edge. */
    public float y() {
        return y;
    }

    public float width() {
        return width;
    }

    public float height() {
        return height;
    }

    /** The existing empty signature field the appearance fills, or null. */
    public String field() {
        return field;
    }

    /** For {@link Builder#topRight}: distance from the page's right edge to the box; else NaN. */
    public float rightMargin() {
        return rightMargin;
    }

    /** For {@link Builder#topRight}: distance from the page's top edge to the box; else NaN. */
    public float topMargin() {
        return topMargin;
    }

    /** The text template, or null. */
    public String text() {
        return text;
    }

    /** The title template shown above the image, or null. */
    public String title() {
        return title;
    }

    /** PNG or JPEG bytes, or null. */
    public byte[] image() {
        return image == null ? null : image.clone();
    }

    public ImagePosition imagePosition() {
        return imagePosition;
    }

    /** TrueType/OpenType font bytes, or null for the bundled DejaVu Sans. */
    public byte[] font() {
        return font == null ? null : font.clone();
    }

    /** The text size in points: the largest used; with {@link Builder#topRight} the exact size. */
    public float fontSize() {
        return fontSize;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The {@link DateTimeFormatter} pattern {@code {time}} is written with. */
    public String timeFormat() {
        return timeFormat;
    }

    /** Whether the box may overlap existing annotations (a seal over an earlier signature). */
    public boolean overlapAllowed() {
        return overlapAllowed;
    }

    /** Builds an {@link Appearance}; all checks happen in {@link #build()}. */
    public static final class Builder {
        private int page = 1;
        private float x = 36;
        private float y = 36;
        private float width = 220;
        private float height = 70;
        private String field;
        private float rightMargin = Float.NaN;
        private float topMargin = Float.NaN;
        private String text = DEFAULT_TEXT;
        private String title;
        private byte[] image;
        private ImagePosition imagePosition = ImagePosition.LEFT;
        private byte[] font;
        private float fontSize = 12;
        private ZoneId zone = ZoneId.systemDefault();
        private String timeFormat = DEFAULT_TIME_FORMAT;
        private boolean overlapAllowed;

        private Builder() {
        }

        /** 1-based page; -1 for the last page. Default 1. */
        public Builder page(int page) {
            this.page = page;
            return this;
        }

        /**
         * The rectangle in PDF user units (1/72 inch), origin bottom-left of the page as displayed.
         * Replaces a {@link #field} or {@link #topRight} placement.
         */
        public Builder rect(float x, float y, float width, float height) {
            this.x = x;
            this.y = y;
            this.width = width;
            this.height = height;
            this.field = null;
            this.rightMargin = Float.NaN;
            this.topMargin = Float.NaN;
            return this;
        }

        /**
         * Fill the existing empty signature field {@code name}: the appearance takes the field's page
         * and rectangle (any page or rectangle set here is not used). Signing fails, listing the
         * empty fields the PDF has, if there is no such field.
         */
        public Builder field(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("A signature field name must not be empty");
            }
            this.field = name;
            this.rightMargin = Float.NaN;
            this.topMargin = Float.NaN;
            return this;
        }

        /**
         * Put the box at the top-right corner of the page, {@code right} points from the right edge
         * and {@code top} points from the top edge, sized to its text at exactly {@link #fontSize}
         * (lines wrap only if wider than the page). Text only. Replaces {@link #rect} or {@link #field}.
         */
        public Builder topRight(float right, float top) {
            if (right < 0 || top < 0) {
                throw new IllegalArgumentException("Margins must not be negative, got right=" + right + ", top=" + top);
            }
            this.rightMargin = right;
            this.topMargin = top;
            this.field = null;
            return this;
        }

        /** The text template ({@code \n} for line breaks); null or empty for an image-only appearance. */
        public Builder text(String template) {
            this.text = template;
            return this;
        }

        /** A title drawn in bold above the image, e.g. {@code "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"}; implies {@link ImagePosition#ABOVE}. */
        public Builder title(String template) {
            this.title = template;
            if (template != null) {
                this.imagePosition = ImagePosition.ABOVE;
            }
            return this;
        }

        /** A PNG (transparency kept) or JPEG image. */
        public Builder image(Path pngOrJpeg) throws IOException {
            this.image = Files.readAllBytes(pngOrJpeg);
            return this;
        }

        public Builder image(byte[] pngOrJpeg) {
            this.image = pngOrJpeg == null ? null : pngOrJpeg.clone();
            return this;
        }

        /** Where the image goes: {@link ImagePosition#LEFT} of the text (default), RIGHT, or ABOVE it. */
        public Builder imagePosition(ImagePosition position) {
            this.imagePosition = Objects.requireNonNull(position, "position");
            return this;
        }

        /** A TrueType font file (or OpenType with TrueType outlines) used for all text instead of DejaVu Sans. */
        public Builder font(Path ttf) throws IOException {
            this.font = Files.readAllBytes(ttf);
            return this;
        }

        public Builder font(byte[] ttf) {
            this.font = ttf == null ? null : ttf.clone();
            return this;
        }

        /** The text size in points: text larger than its box is wrapped, then scaled down from this size. Default 12. */
        public Builder fontSize(float points) {
            this.fontSize = points;
            return this;
        }

        /** The time zone in which {@code {time}} is written. Default: the system zone. */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * The {@link DateTimeFormatter} pattern for {@code {time}}; default {@link #DEFAULT_TIME_FORMAT},
         * the presets use {@link #ISO_TIME_FORMAT}.
         */
        public Builder timeFormat(String pattern) {
            this.timeFormat = Objects.requireNonNull(pattern, "pattern");
            return this;
        }

        /**
         * Allow the box to overlap existing annotations, such as an earlier signature: Decree 30 puts
         * the organisation's seal over the signer's signature. Default false: an overlap is an error.
         */
        public Builder allowOverlap(boolean allow) {
            this.overlapAllowed = allow;
            return this;
        }

        public Appearance build() {
            boolean anchored = !Float.isNaN(rightMargin);
            if (page == 0) {
                throw new IllegalArgumentException("Pages are numbered from 1 (or -1 for the last page)");
            }
            if (field == null && !anchored) {
                if (width <= 0 || height <= 0) {
                    throw new IllegalArgumentException("The signature rectangle needs a positive width and height, got "
                            + width + "x" + height);
                }
                if (x < 0 || y < 0) {
                    throw new IllegalArgumentException("The signature rectangle must start inside the page (x, y >= 0)");
                }
            }
            if (!(fontSize >= AppearanceLimits.MIN_FONT_SIZE && fontSize <= AppearanceLimits.MAX_FONT_SIZE)) {
                throw new IllegalArgumentException("The font size must be between " + AppearanceLimits.MIN_FONT_SIZE
                        + " and " + AppearanceLimits.MAX_FONT_SIZE + " pt, got " + fontSize);
            }
            boolean hasText = text != null && !text.isBlank();
            boolean hasTitle = title != null && !title.isBlank();
            if (!hasText && !hasTitle && image == null) {
                throw new IllegalArgumentException("A visible signature needs a text, an image or both");
            }
            if (anchored && (image != null || hasTitle || !hasText)) {
                throw new IllegalArgumentException("topRight(...) sizes the box to its text: it takes a text only, "
                        + "no image or title; use rect(...) for those");
            }
            if (hasTitle && imagePosition != ImagePosition.ABOVE) {
                throw new IllegalArgumentException("A title is drawn above the image: it needs ImagePosition.ABOVE");
            }
            try {
                DateTimeFormatter.ofPattern(timeFormat);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid time format '" + timeFormat + "': " + e.getMessage(), e);
            }
            if (image != null) {
                Images.size(image, "The appearance image");
            }
            if (font != null) {
                FontCheck.requireEmbeddable(font);
            }
            checkFixedCharacters(hasTitle);
            return new Appearance(this);
        }

        /** Characters written in the templates themselves are checked now, placeholders at signing. */
        private void checkFixedCharacters(boolean hasTitle) {
            String fixed = ((text == null ? "" : text) + (hasTitle ? title : ""))
                    .replaceAll("\\{(signer|organization|email|time|reason|location)}", "");
            fixed = Normalizer.normalize(fixed, Normalizer.Form.NFC);
            if (fixed.isBlank()) {
                return;
            }
            Set<String> missing;
            try {
                missing = org.kyso.pdf.internal.AppearanceParameters.missingCharacters(font, fixed, hasTitle ? title : "");
            } catch (IOException e) {
                throw new IllegalArgumentException("The appearance font cannot be read: " + e.getMessage(), e);
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("The appearance font has no glyph for " + String.join(" ", missing)
                        + ": use a font that covers these characters (the bundled DejaVu Sans covers Vietnamese)");
            }
        }
    }

    /** Bounds on the text size. */
    private static final class AppearanceLimits {
        static final float MIN_FONT_SIZE = 2;
        static final float MAX_FONT_SIZE = 72;
    }
}
