package org.kyso.pdf.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import eu.europa.esig.dss.pdf.PdfArray;
import eu.europa.esig.dss.pdf.PdfDict;
import eu.europa.esig.dss.pdf.PdfDocumentReader;
import eu.europa.esig.dss.pdf.PdfObject;
import eu.europa.esig.dss.pdf.modifications.DefaultPdfObjectModificationsFinder;
import eu.europa.esig.dss.pdf.modifications.ObjectModification;
import eu.europa.esig.dss.pdf.modifications.PdfObjectModifications;
import eu.europa.esig.dss.pdf.modifications.PdfObjectModificationsFinder;
import eu.europa.esig.dss.pdf.modifications.PdfObjectTree;

import org.kyso.core.internal.PdfChanges;

/**
 * DSS's modification finder, plus the names of form fields whose value changed. DSS names a
 * field in a modification only when the field's dictionary itself is added or removed; a new value
 * is a change of the {@code /V} entry, reported without a name, so DSS's checks of locked fields
 * (FieldMDP, SigFieldLock: "Document contains changes restricted by /FieldMDP dictionary!") never
 * see a locked field being filled in. This finder adds, for each terminal field whose value differs
 * between the signed revision and the final document, a form-fill modification of that field's
 * dictionary, which carries its name. Signature fields are left out: signing them is what later
 * signatures do, and DSS already names them.
 */
final class FieldValueChangesFinder implements PdfObjectModificationsFinder {

    /** Form trees deeper than this are malformed or hostile; DSS itself stops at 500 levels of objects. */
    private static final int MAX_DEPTH = 32;

    private final DefaultPdfObjectModificationsFinder dss = new DefaultPdfObjectModificationsFinder();

    /**
     * Object reads DSS may make to compare two revisions: 15 times what the most demanding PDF of
     * the conformance corpus takes (pkcs7_sha1.pdf, 480 KB, 28 pages: 3.3 million), few enough to
     * end within a few seconds (some 65 ns a read). Arrays nested deeper than
     * {@link BoundedPdfObjects#MAX_NESTED_ARRAYS} stop the comparison at once.
     */
    static final long OBJECT_BUDGET = 50_000_000;

    @Override
    public PdfObjectModifications find(PdfDocumentReader original, PdfDocumentReader last) {
        PdfObjectModifications found;
        try (BoundedPdfObjects view = new BoundedPdfObjects(OBJECT_BUDGET)) {
            found = dss.find(view.reader(original), view.reader(last));
        } catch (RuntimeException | StackOverflowError e) {
            // DSS's comparison of two revisions is exponential in the nesting of arrays and quadratic
            // in their length: a hostile document could make it run for ever (BudgetExceededException
            // ends it), or it may fail on a damaged one. What cannot be compared is not permitted. (Throwing would not
            // do: DSS would log it and report no modification at all.)
            return uncompared(original, last);
        }
        Map<String, PdfDict> signed = fields(original.getCatalogDictionary());
        for (Map.Entry<String, PdfDict> field : fields(last.getCatalogDictionary()).entrySet()) {
            PdfDict then = signed.get(field.getKey());
            if (then != null && !Objects.equals(value(then), value(field.getValue()))) {
                PdfObjectTree tree = new PdfObjectTree("AcroForm");
                tree.addKey("Fields");
                found.addFormFillInAndSignatureCreationChange(ObjectModification.modify(tree, then, field.getValue()));
            }
        }
        return found;
    }

    /**
     * An undefined change of the catalog, under {@link PdfChanges#NOT_COMPARED} (which the report
     * puts in words): the revisions could not be compared.
     */
    private static PdfObjectModifications uncompared(PdfDocumentReader original, PdfDocumentReader last) {
        PdfObjectTree tree = new PdfObjectTree("Catalog");
        tree.addKey(PdfChanges.NOT_COMPARED);
        PdfObjectModifications modifications = new PdfObjectModifications();
        modifications.addUndefinedChange(ObjectModification.modify(tree, original.getCatalogDictionary(), last.getCatalogDictionary()));
        return modifications;
    }

    /** Terminal non-signature fields by fully qualified name. */
    private static Map<String, PdfDict> fields(PdfDict catalog) {
        Map<String, PdfDict> fields = new LinkedHashMap<>();
        PdfDict form = catalog == null ? null : catalog.getAsDict("AcroForm");
        PdfArray top = form == null ? null : form.getAsArray("Fields");
        collect(top, null, null, fields, 0, new int[] {MAX_NODES});
        return fields;
    }

    /** More fields than any real form has; a tree that needs more is hostile or broken. */
    private static final int MAX_NODES = 20_000;

    private static void collect(PdfArray kids, String parentName, String parentType, Map<String, PdfDict> fields,
                                int depth, int[] budget) {
        if (kids == null || depth > MAX_DEPTH) {
            return;
        }
        for (int i = 0; i < kids.size(); i++) {
            // A hostile field tree can list the same dictionary many times at every level (/Kids
            // [self self self]): a budget on visited nodes bounds the walk whatever its shape.
            if (--budget[0] < 0) {
                return;
            }
            PdfDict field = kids.getAsDict(i);
            if (field == null) {
                continue;
            }
            String partial = field.getStringValue("T");
            if (partial == null) {
                continue;  // a widget annotation, not a field
            }
            String name = parentName == null ? partial : parentName + "." + partial;
            String type = field.getNameValue("FT") != null ? field.getNameValue("FT") : parentType;
            PdfArray children = field.getAsArray("Kids");
            if (hasChildFields(children)) {
                collect(children, name, type, fields, depth + 1, budget);
            } else if (!"Sig".equals(type)) {
                fields.put(name, field);
            }
        }
    }

    private static boolean hasChildFields(PdfArray kids) {
        if (kids == null) {
            return false;
        }
        for (int i = 0; i < kids.size(); i++) {
            PdfDict kid = kids.getAsDict(i);
            if (kid != null && kid.getStringValue("T") != null) {
                return true;
            }
        }
        return false;
    }

    /** The field's value as text: a string (text, choice), a name (check box, radio), else its written form. */
    private static String value(PdfDict field) {
        String text = field.getStringValue("V");
        if (text != null) {
            return "(" + text;
        }
        String name = field.getNameValue("V");
        if (name != null) {
            return "/" + name;
        }
        PdfObject other = field.getObject("V");
        return other == null ? null : String.valueOf(other);
    }
}
