package org.kyso.pdf.internal;

import java.util.List;

import eu.europa.esig.dss.pades.PAdESCommonParameters;
import eu.europa.esig.dss.pdf.PDFServiceMode;
import eu.europa.esig.dss.pdf.PdfDocumentReader;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxDocumentReader;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.visible.PdfBoxSignatureDrawerFactory;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;

import org.kyso.pdf.FieldLock;

/**
 * DSS's PDFBox signature service plus field locks on new signatures. DSS writes a FieldMDP
 * reference only when it fills an existing field that already carries a {@code /Lock} dictionary;
 * this service writes both (FieldMDP in the signature's {@code /Reference}, the matching
 * {@code /Lock} on the signature field, as Adobe Acrobat does) whenever the parameters are
 * {@link PadesParameters.Signature} with a {@link FieldLock}. Everything else is DSS's own code.
 *
 * <p>DSS asks its factory for a new service per operation, so the state kept here (the
 * signature dictionary just created) belongs to one signature.
 */
final class FieldLockingSignatureService extends PdfBoxSignatureService {

    private static final COSName FIELD_MDP = COSName.getPDFName("FieldMDP");
    private static final COSName LOCK = COSName.getPDFName("Lock");
    private static final COSName SIG_FIELD_LOCK = COSName.getPDFName("SigFieldLock");
    private static final COSName DATA = COSName.getPDFName("Data");
    private static final COSName ACTION = COSName.getPDFName("Action");

    private COSDictionary signature;
    private FieldLock lock;

    FieldLockingSignatureService(PdfBoxSignatureDrawerFactory drawers) {
        super(PDFServiceMode.SIGNATURE, drawers);
    }

    @Override
    protected PDSignature createSignatureDictionary(PDDocument pdDocument, PAdESCommonParameters parameters) {
        PDSignature created = super.createSignatureDictionary(pdDocument, parameters);
        lock = parameters instanceof PadesParameters.Signature p ? p.fieldLock() : null;
        if (lock == null) {
            return created;
        }
        COSDictionary transformParams = new COSDictionary();
        transformParams.setItem(COSName.TYPE, COSName.TRANSFORM_PARAMS);
        fill(transformParams, lock);
        transformParams.setName(COSName.V, "1.2");
        transformParams.setDirect(true);
        COSDictionary reference = new COSDictionary();
        reference.setItem(COSName.TYPE, COSName.SIG_REF);
        reference.setItem(COSName.TRANSFORM_METHOD, FIELD_MDP);
        reference.setItem(COSName.TRANSFORM_PARAMS, transformParams);
        // ISO 32000-1 Table 253: FieldMDP needs /Data, the object the modification analysis starts from.
        reference.setItem(DATA, pdDocument.getDocumentCatalog().getCOSObject());
        reference.setDirect(true);
        COSArray references = created.getCOSObject().getCOSArray(COSName.REFERENCE);
        if (references == null) {
            references = new COSArray();
            created.getCOSObject().setItem(COSName.REFERENCE, references);
        }
        references.add(reference);
        signature = created.getCOSObject();
        return created;
    }

    @Override
    protected void digitalSignatureEnhancement(PdfDocumentReader documentReader, PAdESCommonParameters parameters) {
        super.digitalSignatureEnhancement(documentReader, parameters);
        if (signature == null || !(documentReader instanceof PdfBoxDocumentReader reader)) {
            return;
        }
        PDAcroForm form = reader.getPDDocument().getDocumentCatalog().getAcroForm();
        if (form == null) {
            return;
        }
        for (PDField field : form.getFieldTree()) {
            if (field instanceof PDSignatureField && field.getCOSObject().getDictionaryObject(COSName.V) == signature) {
                COSDictionary lockDictionary = new COSDictionary();
                lockDictionary.setItem(COSName.TYPE, SIG_FIELD_LOCK);
                fill(lockDictionary, lock);
                field.getCOSObject().setItem(LOCK, lockDictionary);
            }
        }
    }

    private static void fill(COSDictionary dictionary, FieldLock lock) {
        dictionary.setName(ACTION, switch (lock.scope()) {
            case ALL -> "All";
            case INCLUDE -> "Include";
            case EXCLUDE -> "Exclude";
        });
        List<String> names = lock.fields();
        if (!names.isEmpty()) {
            COSArray fields = new COSArray();
            for (String name : names) {
                fields.add(new COSString(name));
            }
            dictionary.setItem(COSName.FIELDS, fields);
        }
    }
}
