package org.kyso.pdf.internal;

import java.io.Serializable;
import java.util.List;

/**
 * A laid-out visible signature: where its widget goes on the page and what is drawn inside it.
 * Coordinates of runs and the picture are points in the widget's box as the reader sees it
 * (origin bottom-left, before any page rotation is undone).
 *
 * @param page 1-based page number
 * @param rect the widget rectangle in the page's default user space: llx, lly, urx, ury
 * @param width box width as displayed
 * @param height box height as displayed
 * @param rotation the page's /Rotate (0, 90, 180, 270) that the appearance turns back
 * @param runs text lines to draw
 * @param picture the image, or null
 * @param font regular font bytes
 * @param boldFont bold font bytes
 * @param checkOverlap whether DSS should refuse a box overlapping other annotations
 */
record AppearancePlan(int page, float[] rect, float width, float height, int rotation, List<TextRun> runs,
        Picture picture, byte[] font, byte[] boldFont, boolean checkOverlap) implements Serializable {

    /** One line of text at a baseline. */
    record TextRun(String text, boolean bold, float size, float x, float baseline) implements Serializable {
    }

    /** A PNG or JPEG drawn into a rectangle (aspect ratio already kept by the layout). */
    record Picture(byte[] bytes, float x, float y, float width, float height) implements Serializable {
    }
}
