package org.kyso.pdf.internal;

import org.kyso.pdf.Appearance;
import org.kyso.pdf.internal.AppearancePlan.Picture;

/**
 * Placement of the Decree 30/2020/ND-CP presets on an A4 official letter (595 x 842 pt). The
 * decree's margins are 30-35 mm left, 15-20 mm right and 20-25 mm top and bottom; the signature
 * block sits in the right half of the text area, at the end of the document.
 */
public final class Decree30 {

    /** The signature block (title, signature, name): right half of the text area, above the bottom margin. */
    public static final float BLOCK_X = 300;
    public static final float BLOCK_Y = 64;
    public static final float BLOCK_WIDTH = 245;
    public static final float BLOCK_HEIGHT = 150;
    public static final float BLOCK_FONT_SIZE = 12;
    /** Under the seal-and-signature picture: small enough for the ISO 8601 time to stay on one line. */
    public static final float SEAL_BLOCK_FONT_SIZE = 11;

    /** The seal is drawn at about its real size: a 35-36 mm round seal. */
    public static final float SEAL_SIZE = 100;
    /** Width of the organisation's name and time beside a seal drawn alone. */
    private static final float SEAL_TEXT_WIDTH = 150;
    public static final float SEAL_FONT_SIZE = 8;

    /** The copy/attachment signature: 20 mm from the right edge (the text's right margin), 5 mm from the top. */
    public static final float COPY_RIGHT_MARGIN = 57;
    public static final float COPY_TOP_MARGIN = 14;
    public static final float COPY_FONT_SIZE = 10;

    /** A handwritten signature is typically about twice as wide as it is high. */
    private static final float TYPICAL_SIGNATURE_ASPECT = 2;

    private Decree30() {
    }

    /**
     * The rectangle (x, y, w, h) of a seal-alone appearance whose seal covers the left third of the
     * signature image {@link Appearance#decree30Signer} draws with its default placement (assuming a
     * two-line title and a signature twice as wide as high), with room for the text at its left.
     */
    public static float[] sealRect(float sealAspect) {
        AppearanceLayout layout = new AppearanceLayout(AppearanceParameters.BUNDLED_METRICS_SAMPLE.regular(),
                AppearanceParameters.BUNDLED_METRICS_SAMPLE.bold());
        AppearanceLayout.Content block = new AppearanceLayout.Content(AppearanceParameters.SAMPLE_TITLE,
                AppearanceParameters.SAMPLE_NAME, true, new byte[0], TYPICAL_SIGNATURE_ASPECT,
                Appearance.ImagePosition.ABOVE, BLOCK_FONT_SIZE);
        Picture signature = layout.inBox(block, BLOCK_WIDTH, BLOCK_HEIGHT).picture();
        float sigX = BLOCK_X + signature.x();
        float sigCentreY = BLOCK_Y + signature.y() + signature.height() / 2;
        float sealW = sealAspect >= 1 ? SEAL_SIZE : SEAL_SIZE * sealAspect;
        float sealH = sealW / sealAspect;
        float sealRight = sigX + signature.width() / 3;
        float pad = AppearanceLayout.PADDING;
        float innerWidth = sealW + 8 + SEAL_TEXT_WIDTH;
        float width = innerWidth + 2 * pad;
        float height = sealH + 2 * pad;
        return new float[] {sealRight + pad - width, sigCentreY - height / 2, width, height};
    }
}
