package org.kyso.pdf.internal;

import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * A page as the reader sees it: its crop box turned by /Rotate. KySo's rectangles are given in
 * this displayed space (origin bottom-left of the visible page); widgets live in the page's
 * unrotated default user space.
 *
 * @param number 1-based page number
 * @param box the crop box, unrotated
 * @param rotation /Rotate normalised to 0, 90, 180 or 270
 */
record PageGeometry(int number, PDRectangle box, int rotation) {

    static PageGeometry of(int number, PDPage page) {
        int rotation = ((page.getRotation() % 360) + 360) % 360;
        if (rotation % 90 != 0) {
            rotation = 0;
        }
        return new PageGeometry(number, page.getCropBox(), rotation);
    }

    /** Width of the page as displayed. */
    float width() {
        return rotation % 180 == 0 ? box.getWidth() : box.getHeight();
    }

    /** Height of the page as displayed. */
    float height() {
        return rotation % 180 == 0 ? box.getHeight() : box.getWidth();
    }

    /** A displayed rectangle in the unrotated user space: llx, lly, urx, ury. */
    float[] toUser(float x, float y, float w, float h) {
        float W = box.getWidth();
        float H = box.getHeight();
        float ox = box.getLowerLeftX();
        float oy = box.getLowerLeftY();
        return switch (rotation) {
            case 90 -> new float[] {ox + W - y - h, oy + x, ox + W - y, oy + x + w};
            case 180 -> new float[] {ox + W - x - w, oy + H - y - h, ox + W - x, oy + H - y};
            case 270 -> new float[] {ox + y, oy + H - x - w, ox + y + h, oy + H - x};
            default -> new float[] {ox + x, oy + y, ox + x + w, oy + y + h};
        };
    }

    /** An unrotated user-space rectangle (llx, lly, urx, ury) as displayed: x, y, w, h. */
    float[] toDisplayed(float[] user) {
        float W = box.getWidth();
        float H = box.getHeight();
        float llx = user[0] - box.getLowerLeftX();
        float lly = user[1] - box.getLowerLeftY();
        float urx = user[2] - box.getLowerLeftX();
        float ury = user[3] - box.getLowerLeftY();
        return switch (rotation) {
            case 90 -> new float[] {lly, W - urx, ury - lly, urx - llx};
            case 180 -> new float[] {W - urx, H - ury, urx - llx, ury - lly};
            case 270 -> new float[] {H - ury, llx, ury - lly, urx - llx};
            default -> new float[] {llx, lly, urx - llx, ury - lly};
        };
    }
}
