package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/** The XML extension of the report: what each reference covers, and infos (JSON, text, toBuilder). */
class ReferenceReportTest {

    private static final Locale VI = Locale.forLanguageTag("vi");
    private static final ReferenceReport DATA = new ReferenceReport("#_618901", "/TDiep/DLieu/HDon/DLHDon", "SHA-256", true, true);
    private static final ReferenceReport WHOLE = new ReferenceReport("", ReferenceReport.WHOLE_DOCUMENT, "SHA-256", true, false);
    private static final ReferenceReport MISSING = new ReferenceReport("#_67AE", null, "SHA-1", false, false);
    private static final ReferenceReport AMBIGUOUS = new ReferenceReport("#_1", "/A/B | /A/C/B", "SHA-256", false, false);
    private static final Message MATCH = new Message("kyso.vn.mst.match", "Tax code check passed", "Kiểm tra mã số thuế");

    private static SignatureReport.Builder xmlSignature() {
        return SignatureReport.builder().id("S-1").format("XMLDSig").indication(Indication.TOTAL_PASSED).integrity(true)
                .addReference(DATA).addReference(WHOLE).addReference(MISSING).addReference(AMBIGUOUS).addInfo(MATCH);
    }

    private static JsonNode json(SignatureReport signature, Locale locale) throws Exception {
        ValidationReport report = ValidationReport.builder().file("hoa-don.xml").documentType(DocumentType.XML)
                .addSignature(signature).build();
        return new ObjectMapper().readTree(report.toJson(locale)).get("signatures").get(0);
    }

    @Test
    void jsonListsEveryReferenceWithWhatItCovers() throws Exception {
        JsonNode references = json(xmlSignature().build(), Locale.ENGLISH).get("references");

        assertThat(references).hasSize(4);
        JsonNode first = references.get(0);
        List<String> names = new ArrayList<>();
        first.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("uri", "covers", "digestAlgorithm", "found", "intact");
        assertThat(first.get("uri").asText()).isEqualTo("#_618901");
        assertThat(first.get("covers").asText()).isEqualTo("/TDiep/DLieu/HDon/DLHDon");
        assertThat(references.get(1).get("covers").asText()).isEqualTo("/");
        assertThat(references.get(2).get("covers").isNull()).isTrue();
        assertThat(references.get(2).get("found").asBoolean()).isFalse();
    }

    @Test
    void jsonHasNoReferencesOrInfosFieldsForSignaturesWithoutThem() throws Exception {
        SignatureReport pdf = SignatureReport.builder().id("S-2").format("PAdES-BASELINE-B")
                .indication(Indication.TOTAL_PASSED).integrity(true).build();

        JsonNode n = json(pdf, Locale.ENGLISH);

        assertThat(n.has("references")).isFalse();
        assertThat(n.has("infos")).isFalse();
    }

    @Test
    void jsonInfosAreInTheRequestedLanguage() throws Exception {
        assertThat(json(xmlSignature().build(), VI).get("infos").get(0).asText()).isEqualTo("Kiểm tra mã số thuế");
    }

    @Test
    void textSummaryShowsWhatEachReferenceCoversInBothLanguages() {
        ValidationReport report = ValidationReport.builder().file("hoa-don.xml").documentType(DocumentType.XML)
                .addSignature(xmlSignature().build()).build();

        assertThat(report.summary(Locale.ENGLISH)).contains(
                "covers: #_618901 → /TDiep/DLieu/HDon/DLHDon (SHA-256, intact)",
                "covers: \"\" → the whole document (SHA-256, BROKEN)",
                "covers: #_67AE → not found (SHA-1, signed data not found)",
                "covers: #_1 → /A/B | /A/C/B (SHA-256, AMBIGUOUS: several elements carry this Id)",
                "info: Tax code check passed");
        assertThat(report.summary(VI)).contains(
                "ký trên: #_618901 → /TDiep/DLieu/HDon/DLHDon (SHA-256, toàn vẹn)",
                "ký trên: \"\" → toàn bộ tài liệu (SHA-256, KHÔNG toàn vẹn)",
                "thông tin: Kiểm tra mã số thuế");
    }

    @Test
    void toBuilderKeepsEveryValue() {
        SignatureReport original = xmlSignature().addWarning(MATCH).addError(MATCH).fieldName("x").build();

        SignatureReport copy = original.toBuilder().build();

        assertThat(copy).usingRecursiveComparison().isEqualTo(original);
        assertThat(original.toBuilder().clearReferences().build().references()).isEmpty();
    }

    @Test
    void textShowsTheClaimedSigningTimeNotTheValidationTimeWhenNothingIsTimestamped() {
        java.time.Instant claimed = java.time.Instant.parse("2025-10-17T08:02:30Z");
        java.time.Instant validationTime = java.time.Instant.parse("2026-11-23T16:00:00Z");
        SignatureReport s = xmlSignature().claimedSigningTime(claimed).bestSignatureTime(validationTime).build();
        ValidationReport report = ValidationReport.builder().file("hoa-don.xml").documentType(DocumentType.XML)
                .addSignature(s).build();

        String text = report.summary(Locale.ENGLISH);

        assertThat(text).contains("(as claimed by the signer, no timestamp)").doesNotContain("2026-11-23");
    }
}
