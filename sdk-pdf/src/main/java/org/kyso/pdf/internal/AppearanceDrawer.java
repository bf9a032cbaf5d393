package org.kyso.pdf.internal;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.geom.AffineTransform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Collections;

import eu.europa.esig.dss.pades.SignatureImageParameters;
import eu.europa.esig.dss.pdf.AnnotationBox;
import eu.europa.esig.dss.pdf.pdfbox.visible.PdfBoxSignatureDrawer;
import eu.europa.esig.dss.pdf.visible.SignatureFieldBoxBuilder;
import eu.europa.esig.dss.pdf.visible.VisualSignatureFieldAppearance;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;

import org.kyso.pdf.internal.AppearancePlan.Picture;
import org.kyso.pdf.internal.AppearancePlan.TextRun;

/**
 * Draws a laid-out {@link AppearancePlan} into the visual-signature template PDFBox merges into the
 * signed revision. Fonts are embedded as subsets with a ToUnicode map (PDType0Font), images keep
 * their transparency (an SMask), and the box has no border or background: on the page it looks
 * like ink, not like a form field.
 */
final class AppearanceDrawer implements PdfBoxSignatureDrawer, SignatureFieldBoxBuilder {

    private final AppearancePlan plan;
    private PDDocument document;
    private SignatureOptions options;

    AppearanceDrawer(AppearancePlan plan) {
        this.plan = plan;
    }

    @Override
    public void init(SignatureImageParameters parameters, PDDocument document, SignatureOptions signatureOptions) {
        this.document = document;
        this.options = signatureOptions;
        addOutputIntentIfMissing(document.getDocumentCatalog());
    }

    /** The box DSS checks against the page and other annotations; none when overlapping is intended. */
    @Override
    public VisualSignatureFieldAppearance buildSignatureFieldBox() {
        if (!plan.checkOverlap()) {
            return null;
        }
        float[] r = plan.rect();
        return () -> new AnnotationBox(r[0], r[1], r[2], r[3]);
    }

    @Override
    public void draw() throws IOException {
        try (PDDocument template = new PDDocument()) {
            PDPage original = document.getPage(plan.page() - 1);
            PDPage page = new PDPage(original.getMediaBox());
            template.addPage(page);
            PDAcroForm form = new PDAcroForm(template);
            template.getDocumentCatalog().setAcroForm(form);
            PDSignatureField field = new PDSignatureField(form);
            PDAnnotationWidget widget = field.getWidgets().get(0);
            form.setSignaturesExist(true);
            form.setAppendOnly(true);
            form.getCOSObject().setDirect(true);
            form.getFields().add(field);
            float[] r = plan.rect();
            PDRectangle rect = new PDRectangle(r[0], r[1], r[2] - r[0], r[3] - r[1]);
            widget.setRectangle(rect);
            widget.setPrinted(true);

            PDFormXObject xobject = new PDFormXObject(new PDStream(template));
            xobject.setResources(new PDResources());
            xobject.setFormType(1);
            xobject.setBBox(new PDRectangle(plan.width(), plan.height()));
            if (plan.rotation() != 0) {
                // The page is turned by /Rotate; turn the drawing back so it reads upright.
                xobject.setMatrix(AffineTransform.getQuadrantRotateInstance(plan.rotation() / 90));
            }
            PDAppearanceDictionary appearance = new PDAppearanceDictionary();
            appearance.getCOSObject().setDirect(true);
            PDAppearanceStream stream = new PDAppearanceStream(xobject.getCOSObject());
            appearance.setNormalAppearance(stream);
            widget.setAppearance(appearance);

            try (PDPageContentStream content = new PDPageContentStream(template, stream)) {
                Picture picture = plan.picture();
                if (picture != null) {
                    PDImageXObject image = PDImageXObject.createFromByteArray(template, picture.bytes(), "appearance-image");
                    content.drawImage(image, picture.x(), picture.y(), picture.width(), picture.height());
                }
                if (!plan.runs().isEmpty()) {
                    PDType0Font regular = PDType0Font.load(template, new ByteArrayInputStream(plan.font()), true);
                    boolean distinctBold = plan.boldFont() != plan.font() && plan.runs().stream().anyMatch(TextRun::bold);
                    PDType0Font bold = distinctBold
                            ? PDType0Font.load(template, new ByteArrayInputStream(plan.boldFont()), true) : regular;
                    content.setNonStrokingColor(0f);
                    for (TextRun run : plan.runs()) {
                        content.beginText();
                        content.setFont(run.bold() ? bold : regular, run.size());
                        content.newLineAtOffset(run.x(), run.baseline());
                        content.showText(run.text());
                        content.endText();
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            template.save(out);
            options.setVisualSignature(new ByteArrayInputStream(out.toByteArray()));
        }
    }

    /**
     * As DSS's own drawers do: a document without an output intent gets sRGB, so that images and
     * colours in the appearance stay well defined (a PDF/A requirement).
     */
    private void addOutputIntentIfMissing(PDDocumentCatalog catalog) {
        if (!catalog.getOutputIntents().isEmpty()) {
            return;
        }
        try (ByteArrayInputStream profile = new ByteArrayInputStream(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData())) {
            PDOutputIntent intent = new PDOutputIntent(document, profile);
            intent.setOutputCondition("sRGB");
            intent.setOutputConditionIdentifier("sRGB");
            catalog.setOutputIntents(Collections.singletonList(intent));
        } catch (IOException e) {
            // Without the intent the signature is still valid; only strict PDF/A checkers would mind.
        }
    }
}
