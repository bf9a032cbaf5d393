package org.kyso.core.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlObjectModification;
import eu.europa.esig.dss.enumerations.PdfObjectModificationType;

import org.kyso.core.Message;
import org.kyso.core.Modification;

/**
 * Says in plain words what changed in a PDF after one signature, from DSS's comparison of the
 * signed revision with the final document (the object changes DSS sorts into extension,
 * signature-or-form-fill, annotation and undefined changes, and its page count and visual
 * comparison), then whether that was permitted ({@link Modification}, decided elsewhere).
 *
 * <p>DSS names the PDF objects that changed, not always the page they are on: a new annotation is
 * reported without its page, and DSS compares page renderings only for documents of at most 10
 * pages. The sentences say no more than DSS found.
 */
public final class PdfChanges {

    /**
     * The key sdk-pdf's modification finder puts under the catalog, in an undefined change, when it
     * stopped DSS's comparison of two revisions (objects nested or numerous beyond its bounds).
     */
    public static final String NOT_COMPARED = "KySoNotCompared";

    private PdfChanges() {
    }

    /**
     * The sentences for {@code signature}, the last one saying whether the changes were permitted;
     * empty when {@code modification} is null (not a PDF signature).
     */
    static List<Message> describe(SignatureWrapper signature, Modification modification) {
        List<Message> out = new ArrayList<>();
        if (modification == null) {
            return out;
        }
        List<XmlObjectModification> extension = signature.getPdfExtensionChanges();
        List<XmlObjectModification> formFill = signature.getPdfSignatureOrFormFillChanges();
        List<XmlObjectModification> annotations = signature.getPdfAnnotationChanges();
        List<XmlObjectModification> undefined = signature.getPdfUndefinedChanges();

        // Later signatures and document timestamps, named by their fields, in the order DSS lists them.
        Set<String> signatureFields = new LinkedHashSet<>();
        Set<String> timestampFields = new LinkedHashSet<>();
        Set<String> filledFields = new LinkedHashSet<>();
        boolean anonymousFormChange = false;
        boolean annotsArrayCreated = false;
        for (XmlObjectModification m : formFill) {
            if ("Sig".equals(m.getType())) {
                signatureFields.add(name(m.getFieldName()));
            } else if ("DocTimeStamp".equals(m.getType())) {
                timestampFields.add(name(m.getFieldName()));
            } else if (m.getFieldName() != null) {
                filledFields.add(m.getFieldName());
            } else if (m.getAction() == PdfObjectModificationType.CREATION && endsWith(m, "/Annots")) {
                annotsArrayCreated = true;
            } else {
                anonymousFormChange = true;
            }
        }
        boolean validationData = false;
        boolean technical = false;
        for (XmlObjectModification m : extension) {
            if ("DocTimeStamp".equals(m.getType())) {
                timestampFields.add(name(m.getFieldName()));
            } else if (m.getValue() != null && m.getValue().contains("/DSS")) {
                validationData = true;
            } else {
                technical = true;
            }
        }
        for (String field : signatureFields) {
            out.add(field.isEmpty()
                    ? Messages.of("kyso.pdf.change.signature-added", "Another signature was added.")
                    : Messages.of("kyso.pdf.change.signature-added.field",
                            "Another signature was added (field {0}).", field));
        }
        for (String field : timestampFields) {
            out.add(field.isEmpty()
                    ? Messages.of("kyso.pdf.change.timestamp-added", "A document timestamp was added.")
                    : Messages.of("kyso.pdf.change.timestamp-added.field",
                            "A document timestamp was added (field {0}).", field));
        }
        if (validationData) {
            out.add(Messages.of("kyso.pdf.change.validation-data",
                    "Validation data (certificates, OCSP and CRL answers: the DSS/VRI dictionaries) was added"
                            + " for long-term validation."));
        }
        for (String field : filledFields) {
            out.add(Messages.of("kyso.pdf.change.field-filled", "Form field '{0}' was filled in or changed.", field));
        }
        if (annotsArrayCreated && signatureFields.isEmpty() && timestampFields.isEmpty() && filledFields.isEmpty()) {
            out.add(Messages.of("kyso.pdf.change.annotation-or-field-added",
                    "An annotation or a form field was added to a page that had none."));
        } else if (anonymousFormChange && signatureFields.isEmpty() && timestampFields.isEmpty() && filledFields.isEmpty()) {
            out.add(Messages.of("kyso.pdf.change.form-updated", "Form fields or how they look were updated."));
        }
        annotations(annotations, out);

        // Changes that signing, form filling and annotations do not explain.
        Boolean pagesAdded = null;
        boolean contentChanged = false;
        boolean otherChange = false;
        boolean notCompared = false;
        for (XmlObjectModification m : undefined) {
            if (endsWith(m, "/" + NOT_COMPARED)) {
                notCompared = true;
            } else if ("Page".equals(m.getType()) && m.getAction() == PdfObjectModificationType.CREATION) {
                pagesAdded = Boolean.TRUE;
            } else if ("Page".equals(m.getType()) && m.getAction() == PdfObjectModificationType.DELETION) {
                pagesAdded = Boolean.FALSE;
            } else if (endsWith(m, "/Count")) {
                // the page tree's page count, which follows from pages added or removed
                continue;
            } else if (m.getValue() != null && (m.getValue().contains("/Contents") || m.getValue().contains("/Resources"))) {
                contentChanged = true;
            } else {
                otherChange = true;
            }
        }
        List<BigInteger> pageDifference = signature.getPdfPageDifferenceConcernedPages();
        if (!pageDifference.isEmpty()) {
            int high = pageDifference.stream().mapToInt(BigInteger::intValue).max().orElse(0);
            int low = pageDifference.stream().mapToInt(BigInteger::intValue).min().orElse(1) - 1;
            int count = high - low;
            if (Boolean.TRUE.equals(pagesAdded)) {
                out.add(message("kyso.pdf.change.pages-added", (count == 1 ? "1 page was added" : count + " pages were added")
                        + ": the document had " + pageCount(low) + " when signed and has " + pageCount(high) + " now.",
                        count, low, high));
            } else if (Boolean.FALSE.equals(pagesAdded)) {
                out.add(message("kyso.pdf.change.pages-removed", (count == 1 ? "1 page was removed" : count + " pages were removed")
                        + ": the document had " + pageCount(high) + " when signed and has " + pageCount(low) + " now.",
                        count, high, low));
            } else {
                out.add(message("kyso.pdf.change.pages-count",
                        "The number of pages changed after signing (" + pages(pageDifference) + ").",
                        numbers(pageDifference)));
            }
        } else if (pagesAdded != null) {
            out.add(pagesAdded
                    ? Messages.of("kyso.pdf.change.page-object-added", "A page was added.")
                    : Messages.of("kyso.pdf.change.page-object-removed", "A page was removed."));
        }
        // DSS renders each page of both revisions (new annotations left out) and compares: a page that
        // looks different is explained by form filling or annotations only when there are such changes,
        // not by annotations that were only added (they are left out), and never when an annotation was
        // removed (it may have covered what now shows). DssValidation decides the same way.
        List<BigInteger> visual = signature.getPdfVisualDifferenceConcernedPages();
        boolean annotationRemoved = annotations.stream().anyMatch(m -> m.getAction() == PdfObjectModificationType.DELETION);
        boolean annotationsOnlyAdded = annotations.stream().allMatch(m -> m.getAction() == PdfObjectModificationType.CREATION);
        boolean explained = !annotationRemoved && (!formFill.isEmpty() || !annotations.isEmpty() && !annotationsOnlyAdded);
        if (!visual.isEmpty() && (!explained || contentChanged)) {
            out.add(message("kyso.pdf.change.content-pages",
                    "The content of " + pages(visual) + " changed: " + (visual.size() == 1 ? "it looks" : "they look")
                            + " different from when signed.",
                    numbers(visual)));
        } else if (!visual.isEmpty()) {
            out.add(message("kyso.pdf.change.looks-different", capitalised(pages(visual))
                    + (visual.size() == 1 ? " looks" : " look")
                    + " different from when signed, because of the form filling or annotations above.",
                    numbers(visual)));
        } else if (contentChanged) {
            out.add(Messages.of("kyso.pdf.change.content",
                    "The content of a page (its text, images or drawings) was changed."));
        }
        if (notCompared) {
            out.add(Messages.of("kyso.pdf.change.not-compared",
                    "The objects of this document are nested or numerous beyond what KySo compares between revisions (a"
                            + " hostile or damaged document): changes after signing cannot be ruled out."));
        }
        if (otherChange) {
            out.add(Messages.of("kyso.pdf.change.other",
                    "Something else in the document changed that is not explained by signing, form filling"
                            + " or annotations."));
        }
        if (technical && out.isEmpty()) {
            out.add(Messages.of("kyso.pdf.change.technical",
                    "Technical information of the document (PDF version, metadata) was updated."));
        }
        boolean unexplained = !undefined.isEmpty() || !visual.isEmpty() && !explained || !pageDifference.isEmpty();
        out.add(verdict(modification, out.isEmpty(), unexplained));
        return List.copyOf(out);
    }

    private static void annotations(List<XmlObjectModification> annotations, List<Message> out) {
        long added = annotations.stream().filter(m -> m.getAction() == PdfObjectModificationType.CREATION).count();
        long removed = annotations.stream().filter(m -> m.getAction() == PdfObjectModificationType.DELETION).count();
        long changed = annotations.size() - added - removed;
        if (added == 1) {
            out.add(Messages.of("kyso.pdf.change.annotation-added",
                    "An annotation (a comment, highlight, stamp or drawing) was added."));
        } else if (added > 1) {
            out.add(Messages.of("kyso.pdf.change.annotations-added",
                    "{0} annotations (comments, highlights, stamps or drawings) were added.", added));
        }
        if (changed > 0) {
            out.add(Messages.of("kyso.pdf.change.annotation-changed", "An existing annotation was changed."));
        }
        if (removed > 0) {
            out.add(Messages.of("kyso.pdf.change.annotation-removed", "An annotation was removed."));
        }
    }

    private static Message verdict(Modification modification, boolean nothing, boolean unexplained) {
        return switch (modification) {
            case NONE -> Messages.of("kyso.pdf.change.none", "Nothing in the document changed after this signature.");
            case PERMITTED -> nothing
                    ? Messages.of("kyso.pdf.change.permitted.only", "Only permitted changes were made after this signature.")
                    : Messages.of("kyso.pdf.change.permitted",
                            "These changes are permitted: what this signature signed is unchanged.");
            case NOT_PERMITTED -> unexplained
                    ? Messages.of("kyso.pdf.change.not-permitted",
                            "These changes are NOT permitted: the document was changed after signing in a way this"
                                    + " signature does not allow.")
                    : Messages.of("kyso.pdf.change.not-permitted.restricted",
                            "These changes are NOT permitted: the signer certified or locked the document against"
                                    + " such changes.");
        };
    }

    private static boolean endsWith(XmlObjectModification m, String key) {
        return m.getValue() != null && m.getValue().endsWith(key);
    }

    private static String name(String field) {
        return field == null ? "" : field;
    }

    /**
     * A message whose English text is written out here (English plurals) and whose Vietnamese text,
     * which needs no plurals, is KySo's text for {@code key} with {@code args} filled in.
     */
    private static Message message(String key, String english, Object... args) {
        String vietnamese = Messages.vietnamese(key);
        if (vietnamese != null) {
            for (int i = 0; i < args.length; i++) {
                vietnamese = vietnamese.replace("{" + i + "}", String.valueOf(args[i]));
            }
        }
        return new Message(key, english, vietnamese);
    }

    /** "page 2" or "pages 1, 3". */
    private static String pages(List<BigInteger> pages) {
        return (new TreeSet<>(pages).size() == 1 ? "page " : "pages ") + numbers(pages);
    }

    /** "2" or "1, 3". */
    private static String numbers(List<BigInteger> pages) {
        return new TreeSet<>(pages).stream().map(BigInteger::toString).collect(Collectors.joining(", "));
    }

    private static String pageCount(int pages) {
        return pages == 1 ? "1 page" : pages + " pages";
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
