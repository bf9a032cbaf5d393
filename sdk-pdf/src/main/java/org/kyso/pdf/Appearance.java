package org.kyso.pdf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How a visible signature looks and where it goes: a page and a rectangle in PDF user units with
 * the origin at the bottom-left of the page, a text template, an optional image and a font.
 *
 * <p>The text template may use {@code {signer}}, {@code {organization}}, {@code {email}},
 * {@code {time}} (signing time with zone), {@code {reason}} and {@code {location}}; they are filled
 * from the signing certificate and the signing parameters. The text is wrapped and scaled down to
 * fit its rectangle. The default font is the bundled DejaVu Sans, which covers every Vietnamese
 * letter; a font that lacks a glyph the text needs is an error before signing, never a blank box.
 *
 * <pre>{@code
 * Appearance look = Appearance.builder()
 *         .page(1).rect(340, 60, 220, 80)
 *         .text("Ký bởi: {signer}\nCơ quan: {organization}\nThời gian: {time}")
 *         .zone(ZoneId.of("Asia/Ho_Chi_Minh"))
 *         .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Appearance {

    /** The default text: signer, organisation and signing time. */
    public static final String DEFAULT_TEXT = "Ký bởi: {signer}\nCơ quan: {organization}\nThời gian: {time}";

    private final int page;
    private final float x;
    private final float y;
    private final float width;
    private final float height;
    private final String text;
    private final byte[] image;
    private final byte[] font;
    private final ZoneId zone;

    private Appearance(Builder b) {
        this.page = b.page;
        this.x = b.x;
        this.y = b.y;
        this.width = b.width;
        this.height = b.height;
        this.text = b.text;
        this.image = b.image;
        this.font = b.font;
        this.zone = b.zone;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** 1-based page number; negative counts from the end (-1 = last page). */
    public int page() {
        return page;
    }

    public float x() {
        return x;
    }

    public float y() {
        return y;
    }

    public float width() {
        return width;
    }

    public float height() {
        return height;
    }

    public String text() {
        return text;
    }

    /** PNG or JPEG bytes, or null. */
    public byte[] image() {
        return image == null ? null : image.clone();
    }

    /** TrueType/OpenType font bytes, or null for the bundled DejaVu Sans. */
    public byte[] font() {
        return font == null ? null : font.clone();
    }

    public ZoneId zone() {
        return zone;
    }

    /** Builds an {@link Appearance}. */
    public static final class Builder {
        private int page = 1;
        private float x = 36;
        private float y = 36;
        private float width = 220;
        private float height = 70;
        private String text = DEFAULT_TEXT;
        private byte[] image;
        private byte[] font;
        private ZoneId zone = ZoneId.systemDefault();

        private Builder() {
        }

        /** 1-based page; -1 for the last page. Default 1. */
        public Builder page(int page) {
            this.page = page;
            return this;
        }

        /** The rectangle in PDF user units (1/72 inch), origin bottom-left of the page. */
        public Builder rect(float x, float y, float width, float height) {
            this.x = x;
            this.y = y;
            this.width = width;
            this.height = height;
            return this;
        }

        /** The text template ({@code \n} for line breaks); null or empty for an image-only appearance. */
        public Builder text(String template) {
            this.text = template;
            return this;
        }

        /** A PNG (transparency kept) or JPEG image shown at the left of the text. */
        public Builder image(Path png) throws IOException {
            this.image = Files.readAllBytes(png);
            return this;
        }

        public Builder image(byte[] pngOrJpeg) {
            this.image = pngOrJpeg == null ? null : pngOrJpeg.clone();
            return this;
        }

        /** A TrueType/OpenType font file to use instead of the bundled DejaVu Sans. */
        public Builder font(Path ttf) throws IOException {
            this.font = Files.readAllBytes(ttf);
            return this;
        }

        public Builder font(byte[] ttf) {
            this.font = ttf == null ? null : ttf.clone();
            return this;
        }

        /** The time zone in which {@code {time}} is written. Default: the system zone. */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        public Appearance build() {
            if (page == 0) {
                throw new IllegalArgumentException("Pages are numbered from 1 (or -1 for the last page)");
            }
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("The signature rectangle needs a positive width and height, got "
                        + width + "x" + height);
            }
            if (x < 0 || y < 0) {
                throw new IllegalArgumentException("The signature rectangle must start inside the page (x, y >= 0)");
            }
            if ((text == null || text.isBlank()) && image == null) {
                throw new IllegalArgumentException("A visible signature needs a text, an image or both");
            }
            return new Appearance(this);
        }
    }
}
