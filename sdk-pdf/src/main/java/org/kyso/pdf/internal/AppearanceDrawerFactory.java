package org.kyso.pdf.internal;

import eu.europa.esig.dss.pades.SignatureImageParameters;
import eu.europa.esig.dss.pdf.pdfbox.visible.PdfBoxSignatureDrawer;
import eu.europa.esig.dss.pdf.pdfbox.visible.PdfBoxSignatureDrawerFactory;
import eu.europa.esig.dss.pdf.pdfbox.visible.nativedrawer.NativePdfBoxVisibleSignatureDrawer;

/** KySo's drawer for KySo appearances, DSS's native drawer for anything else. */
public final class AppearanceDrawerFactory implements PdfBoxSignatureDrawerFactory {

    @Override
    public PdfBoxSignatureDrawer getSignatureDrawer(SignatureImageParameters imageParameters) {
        if (imageParameters instanceof KysoImageParameters kyso) {
            return new AppearanceDrawer(kyso.plan());
        }
        return new NativePdfBoxVisibleSignatureDrawer();
    }
}
