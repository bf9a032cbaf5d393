package org.kyso.pdf.internal;

import java.io.IOException;
import java.nio.file.Path;

import eu.europa.esig.dss.model.DSSDocument;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;

import org.kyso.core.KysoException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.internal.Origins;
import org.kyso.pdf.Certification;

/**
 * What KySo must know about a PDF's existing signatures before adding one: whether it has any,
 * and whether the first one certified it (DocMDP). Read with PDFBox, which parses lazily, so this
 * costs the cross-reference table and a few objects, not the whole file.
 */
public record PdfInspection(int signatures, Certification certification) {

    /** Reads {@code file} when given, else {@code document}. */
    public static PdfInspection of(DSSDocument document, Path file) throws KysoException {
        String name = file == null ? "the PDF" : file.toString();
        try (PDDocument pdf = file != null
                ? Loader.loadPDF(new RandomAccessReadBufferedFile(file.toFile()))
                : Loader.loadPDF(new RandomAccessReadBuffer(document.openStream()))) {
            int signed = 0;
            for (PDSignature signature : pdf.getSignatureDictionaries()) {
                if (signature.getCOSObject().containsKey(COSName.BYTERANGE)) {
                    signed++;
                }
            }
            return new PdfInspection(signed, docMdp(pdf));
        } catch (IOException e) {
            throw new MalformedDocumentException(file, "Cannot read " + name + " as a PDF: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (!Origins.documentLibrary(e)) {
                throw e; // a bug in KySo, not a damaged document
            }
            // PDFBox fails on some damaged structures with unchecked exceptions (a negative array size
            // from a hostile cross-reference stream, for one).
            throw new MalformedDocumentException(file, "Cannot read " + name + ": its structure is damaged (" + e + ")", e);
        }
    }

    /** The DocMDP level of the certification signature the catalog names in /Perms, or null. */
    private static Certification docMdp(PDDocument pdf) {
        COSDictionary perms = pdf.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PERMS);
        if (perms == null) {
            return null;
        }
        COSDictionary signature = perms.getCOSDictionary(COSName.DOCMDP);
        if (signature == null) {
            return null;
        }
        COSArray references = signature.getCOSArray(COSName.REFERENCE);
        if (references == null) {
            return null;
        }
        for (int i = 0; i < references.size(); i++) {
            COSBase entry = references.getObject(i);
            if (entry instanceof COSDictionary reference
                    && COSName.DOCMDP.equals(reference.getCOSName(COSName.TRANSFORM_METHOD))) {
                COSDictionary params = reference.getCOSDictionary(COSName.TRANSFORM_PARAMS);
                return Certification.ofPermission(params == null ? 2 : params.getInt(COSName.P, 2));
            }
        }
        return null;
    }
}
