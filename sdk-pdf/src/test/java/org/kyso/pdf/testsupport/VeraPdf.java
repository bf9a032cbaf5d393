package org.kyso.pdf.testsupport;

import java.nio.file.Path;
import java.util.List;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/**
 * PDF/A conformance as veraPDF (the PDF Association's reference validator, ISO 19005) judges it,
 * through its Java API and its own PDF parser, so the check does not share PDFBox with the code
 * under test.
 */
public final class VeraPdf {

    static {
        // veraPDF finds its implementation through a registry it keeps itself; this fills it once.
        VeraGreenfieldFoundryProvider.initialise();
    }

    private VeraPdf() {
    }

    /** The outcome: the flavour checked ("2b"), whether the file conforms, and each failed rule once. */
    public record Report(String flavour, boolean compliant, List<String> failures) {
        @Override
        public String toString() {
            return "PDF/A-" + flavour + (compliant ? " compliant" : " NOT compliant: " + String.join("\n  ", failures));
        }
    }

    /** Validates against the flavour the file claims in its XMP metadata (pdfaid:part/conformance). */
    public static Report validate(Path pdf) {
        return validate(pdf, PDFAFlavour.NO_FLAVOUR);
    }

    /** Validates against {@code flavour} ("1b", "2b", "3b" ...), whatever the file claims. */
    public static Report validate(Path pdf, String flavour) {
        return validate(pdf, PDFAFlavour.byFlavourId(flavour));
    }

    private static Report validate(Path pdf, PDFAFlavour requested) {
        try (PDFAParser parser = Foundries.defaultInstance().createParser(pdf.toFile(), requested)) {
            PDFAFlavour flavour = parser.getFlavour();
            PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false);
            ValidationResult result = validator.validate(parser);
            List<String> failures = result.getTestAssertions().stream()
                    .filter(a -> a.getStatus() == TestAssertion.Status.FAILED)
                    .map(a -> a.getRuleId().getClause() + "-" + a.getRuleId().getTestNumber() + ": " + a.getMessage())
                    .distinct()
                    .toList();
            return new Report(flavour.getId(), result.isCompliant(), failures);
        } catch (Exception e) {
            throw new AssertionError("veraPDF cannot check " + pdf + ": " + e, e);
        }
    }
}
