package org.kyso.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.security.auth.x500.X500Principal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class ValidationReportTest {

    private static final Locale VI = Locale.forLanguageTag("vi");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Instant CLAIMED = Instant.parse("2026-11-22T08:00:00Z");
    private static final Instant PROVEN = Instant.parse("2026-11-22T08:00:03Z");
    private static final SignerInfo SIGNER = new SignerInfo(
            "CN=Nguyễn Văn An,O=UBND Xã Đại An,C=VN", "CN=KySo Test Intermediate CA,C=VN", "0A1B2C");
    private static final Message CHAIN_UNTRUSTED = new Message("BBB_XCV_CCCBB_ANS",
            "The certificate chain is not trusted.", "Chuỗi chứng thư số không tin cậy.");
    private static final Message ENGLISH_ONLY = new Message("SOME_DSS_KEY", "Something DSS said.", null);

    private static SignatureReport.Builder signature(Indication indication) {
        return SignatureReport.builder()
                .id("S-" + indication)
                .format("CAdES-BASELINE-B")
                .indication(indication)
                .integrity(true)
                .signer(SIGNER);
    }

    private static ValidationReport.Builder report(Indication... indications) {
        ValidationReport.Builder b = ValidationReport.builder().file("cong-van.p7s").documentType(DocumentType.CMS);
        for (Indication indication : indications) {
            b.addSignature(signature(indication).build());
        }
        return b;
    }

    private static JsonNode parse(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    // --- verdict

    @Test
    void verdictIsNoSignatureWithoutSignaturesOrDocumentTimestamps() {
        assertThat(report().build().verdict()).isEqualTo(Verdict.NO_SIGNATURE);
    }

    @Test
    void verdictIsInvalidWhenAnySignatureTotallyFailed() {
        ValidationReport r = report(Indication.TOTAL_PASSED, Indication.TOTAL_FAILED, Indication.INDETERMINATE).build();

        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void verdictIsValidWhenAllSignaturesTotallyPassed() {
        assertThat(report(Indication.TOTAL_PASSED, Indication.TOTAL_PASSED).build().verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void verdictIsIndeterminateWhenPassedAndIndeterminateAreMixed() {
        ValidationReport r = report(Indication.TOTAL_PASSED, Indication.INDETERMINATE).build();

        assertThat(r.verdict()).isEqualTo(Verdict.INDETERMINATE);
    }

    @Test
    void verdictIsErrorWhenTheFileCouldNotBeValidated() {
        ValidationReport r = ValidationReport.error("x.pdf", DocumentType.UNKNOWN,
                new Message("kyso.file.unreadable", "Cannot open x.pdf", null));

        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
    }

    @Test
    void verdictIsInvalidWhenADocumentTimestampIsBroken() {
        ValidationReport r = report(Indication.TOTAL_PASSED)
                .addDocumentTimestamp(new TimestampReport("DOCUMENT_TIMESTAMP", PROVEN, false, true))
                .build();

        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void documentTimestampsAloneAreNoSignature() {
        ValidationReport r = report()
                .addDocumentTimestamp(new TimestampReport("DOCUMENT_TIMESTAMP", PROVEN, true, true))
                .build();

        assertThat(r.verdict()).isEqualTo(Verdict.NO_SIGNATURE);
    }

    @Test
    void verdictIsInvalidWhenAPdfWasChangedInAWayTheSignatureDoesNotPermit() {
        ValidationReport r = ValidationReport.builder().file("f.pdf").documentType(DocumentType.PDF)
                .addSignature(signature(Indication.TOTAL_PASSED).modifiedAfterSigning(Modification.NOT_PERMITTED).build())
                .build();

        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void verdictIsInvalidWhenIntegrityIsBrokenWhateverTheIndication() {
        ValidationReport r = ValidationReport.builder().file("f.xml").documentType(DocumentType.XML)
                .addSignature(signature(Indication.INDETERMINATE).integrity(false).build())
                .build();

        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    }

    // --- JSON

    private static SignatureReport fullSignature() {
        return signature(Indication.TOTAL_PASSED)
                .claimedSigningTime(CLAIMED)
                .bestSignatureTime(PROVEN)
                .addTimestamp(new TimestampReport("SIGNATURE_TIMESTAMP", PROVEN, true, null))
                .coversWholeDocument(true)
                .modifiedAfterSigning(Modification.NONE)
                .addError(CHAIN_UNTRUSTED)
                .addWarning(ENGLISH_ONLY)
                .build();
    }

    @Test
    void jsonSignatureHasExactlyTheContractFields() throws Exception {
        JsonNode s = parse(report().addSignature(fullSignature()).build().toJson(Locale.ENGLISH)).get("signatures").get(0);

        assertThat(fieldNames(s)).containsExactlyInAnyOrder("id", "format", "indication", "subIndication", "integrity",
                "signer", "claimedSigningTime", "bestSignatureTime", "timestamps", "coversWholeDocument",
                "modifiedAfterSigning", "errors", "warnings");
    }

    @Test
    void jsonSignatureCarriesTheReportedValues() throws Exception {
        SignatureReport sig = fullSignature();
        JsonNode s = parse(report().addSignature(sig).build().toJson(Locale.ENGLISH)).get("signatures").get(0);

        assertThat(s.get("id").asText()).isEqualTo(sig.id());
        assertThat(s.get("format").asText()).isEqualTo(sig.format());
        assertThat(s.get("indication").asText()).isEqualTo(sig.indication().name());
        assertThat(s.get("integrity").isBoolean()).isTrue();
        assertThat(s.get("integrity").asBoolean()).isEqualTo(sig.integrity());
        assertThat(s.get("coversWholeDocument").asBoolean()).isEqualTo(sig.coversWholeDocument());
        assertThat(s.get("modifiedAfterSigning").asText()).isEqualTo(sig.modifiedAfterSigning().name());
    }

    @Test
    void jsonSubIndicationIsNullWhenAbsent() throws Exception {
        JsonNode s = parse(report(Indication.TOTAL_PASSED).build().toJson(Locale.ENGLISH)).get("signatures").get(0);

        assertThat(s.has("subIndication")).isTrue();
        assertThat(s.get("subIndication").isNull()).isTrue();
    }

    @Test
    void jsonSubIndicationIsTheDssNameWhenPresent() throws Exception {
        ValidationReport r = report().addSignature(signature(Indication.INDETERMINATE)
                .subIndication("NO_CERTIFICATE_CHAIN_FOUND").build()).build();

        JsonNode s = parse(r.toJson(Locale.ENGLISH)).get("signatures").get(0);

        assertThat(s.get("subIndication").asText()).isEqualTo("NO_CERTIFICATE_CHAIN_FOUND");
    }

    @Test
    void jsonPdfOnlyFieldsAreNullForOtherDocuments() throws Exception {
        JsonNode s = parse(report(Indication.TOTAL_PASSED).build().toJson(Locale.ENGLISH)).get("signatures").get(0);

        assertThat(s.get("coversWholeDocument").isNull()).isTrue();
        assertThat(s.get("modifiedAfterSigning").isNull()).isTrue();
    }

    @Test
    void jsonSignerHasSubjectIssuerAndSerial() throws Exception {
        JsonNode signer = parse(report(Indication.TOTAL_PASSED).build().toJson(Locale.ENGLISH))
                .get("signatures").get(0).get("signer");

        assertThat(fieldNames(signer)).containsExactlyInAnyOrder("subject", "issuer", "serial");
        assertThat(signer.get("subject").asText()).isEqualTo(SIGNER.subject());
        assertThat(signer.get("issuer").asText()).isEqualTo(SIGNER.issuer());
        assertThat(signer.get("serial").asText()).isEqualTo(SIGNER.serial());
    }

    @Test
    void jsonTimesAreIso8601Instants() throws Exception {
        JsonNode s = parse(report().addSignature(fullSignature()).build().toJson(Locale.ENGLISH)).get("signatures").get(0);

        assertThat(Instant.parse(s.get("claimedSigningTime").asText())).isEqualTo(CLAIMED);
        assertThat(Instant.parse(s.get("bestSignatureTime").asText())).isEqualTo(PROVEN);
    }

    @Test
    void jsonSignatureTimestampsHaveTypeTimeAndIntegrity() throws Exception {
        JsonNode timestamps = parse(report().addSignature(fullSignature()).build().toJson(Locale.ENGLISH))
                .get("signatures").get(0).get("timestamps");

        assertThat(timestamps).hasSize(1);
        JsonNode t = timestamps.get(0);
        assertThat(fieldNames(t)).containsExactlyInAnyOrder("type", "time", "integrity");
        assertThat(t.get("type").asText()).isEqualTo("SIGNATURE_TIMESTAMP");
        assertThat(Instant.parse(t.get("time").asText())).isEqualTo(PROVEN);
        assertThat(t.get("integrity").asBoolean()).isTrue();
    }

    @Test
    void jsonTopLevelHasTheContractFieldsAndNoErrorForAValidReport() throws Exception {
        ValidationReport r = report(Indication.TOTAL_PASSED).build();

        JsonNode root = parse(r.toJson(Locale.ENGLISH));

        assertThat(fieldNames(root)).contains("file", "documentType", "verdict", "signatures", "documentTimestamps")
                .doesNotContain("error");
        assertThat(root.get("file").asText()).isEqualTo(r.file());
        assertThat(root.get("documentType").asText()).isEqualTo(r.documentType().name());
        assertThat(root.get("verdict").asText()).isEqualTo(r.verdict().name());
        assertThat(root.get("signatures")).hasSize(1);
        assertThat(root.get("documentTimestamps").isArray()).isTrue();
    }

    @Test
    void jsonHasErrorOnlyForErrorReports() throws Exception {
        Message unreadable = new Message("kyso.file.unreadable", "Cannot open x.pdf: check the path", null);
        ValidationReport r = ValidationReport.error("x.pdf", DocumentType.UNKNOWN, unreadable);

        JsonNode root = parse(r.toJson(Locale.ENGLISH));

        assertThat(root.get("verdict").asText()).isEqualTo(Verdict.ERROR.name());
        assertThat(root.get("error").asText()).isEqualTo(unreadable.english());
    }

    @Test
    void jsonDocumentTimestampsHaveTimeIntegrityAndCoverage() throws Exception {
        ValidationReport r = report()
                .addDocumentTimestamp(new TimestampReport("DOCUMENT_TIMESTAMP", PROVEN, true, false))
                .build();

        JsonNode t = parse(r.toJson(Locale.ENGLISH)).get("documentTimestamps").get(0);

        assertThat(fieldNames(t)).containsExactlyInAnyOrder("time", "integrity", "coversWholeDocument");
        assertThat(Instant.parse(t.get("time").asText())).isEqualTo(PROVEN);
        assertThat(t.get("integrity").asBoolean()).isTrue();
        assertThat(t.get("coversWholeDocument").asBoolean()).isFalse();
    }

    @Test
    void jsonIsASingleLineEvenWhenMessagesContainLineBreaks() {
        ValidationReport r = report().addSignature(signature(Indication.INDETERMINATE)
                .addWarning(new Message(null, "first line\nsecond line", "dòng một\ndòng hai")).build()).build();

        assertThat(r.toJson(Locale.ENGLISH)).doesNotContain("\n", "\r");
        assertThat(r.toJson(VI)).doesNotContain("\n", "\r");
    }

    @Test
    void jsonMessagesAreVietnameseForViWhereATranslationExists() throws Exception {
        JsonNode s = parse(report().addSignature(fullSignature()).build().toJson(VI)).get("signatures").get(0);

        assertThat(s.get("errors").get(0).asText()).isEqualTo(CHAIN_UNTRUSTED.vietnamese());
    }

    @Test
    void jsonMessagesFallBackToEnglishForViWithoutATranslation() throws Exception {
        JsonNode s = parse(report().addSignature(fullSignature()).build().toJson(VI)).get("signatures").get(0);

        assertThat(s.get("warnings").get(0).asText()).isEqualTo(ENGLISH_ONLY.english());
    }

    @Test
    void jsonMessagesAreEnglishForEnglish() throws Exception {
        JsonNode s = parse(report().addSignature(fullSignature()).build().toJson(Locale.ENGLISH)).get("signatures").get(0);

        assertThat(s.get("errors").get(0).asText()).isEqualTo(CHAIN_UNTRUSTED.english());
    }

    @Test
    void jsonErrorIsVietnameseForVi() throws Exception {
        Message unreadable = new Message("kyso.file.unreadable", "Cannot open x.pdf", "Không đọc được tệp x.pdf");
        ValidationReport r = ValidationReport.error("x.pdf", DocumentType.UNKNOWN, unreadable);

        assertThat(parse(r.toJson(VI)).get("error").asText()).isEqualTo(unreadable.vietnamese());
    }

    // --- summary

    @Test
    void englishSummaryStartsWithTheFileAndTheVerdict() {
        ValidationReport r = report(Indication.TOTAL_PASSED).build();

        assertThat(r.summary(Locale.ENGLISH)).startsWith(r.file() + ": VALID");
    }

    @Test
    void vietnameseSummarySaysValid() {
        String summary = report(Indication.TOTAL_PASSED).build().summary(VI);

        assertThat(summary).contains("HỢP LỆ").doesNotContain("KHÔNG HỢP LỆ");
    }

    @Test
    void vietnameseSummarySaysInvalid() {
        assertThat(report(Indication.TOTAL_FAILED).build().summary(VI)).contains("KHÔNG HỢP LỆ");
    }

    @Test
    void vietnameseSummarySaysNoSignature() {
        assertThat(report().build().summary(VI)).contains("KHÔNG CÓ CHỮ KÝ");
    }

    @Test
    void vietnameseSummaryNamesTheSignerWithVietnameseLettersIntact() {
        assertThat(report(Indication.TOTAL_PASSED).build().summary(VI)).contains("Nguyễn Văn An");
    }

    @Test
    void summaryMentionsThatRevocationWasNotChecked() {
        ValidationReport r = report(Indication.INDETERMINATE).revocationChecked(false).build();

        assertThat(r.summary(Locale.ENGLISH)).containsIgnoringCase("revocation").contains("not checked");
        assertThat(r.summary(VI)).contains("chưa kiểm tra").contains("thu hồi");
    }

    @Test
    void summaryDoesNotMentionRevocationWhenItWasChecked() {
        ValidationReport r = report(Indication.INDETERMINATE).revocationChecked(true).build();

        assertThat(r.summary(Locale.ENGLISH)).doesNotContainIgnoringCase("revocation");
        assertThat(r.summary(VI)).doesNotContain("thu hồi");
    }

    // --- SignerInfo

    @Test
    void commonNameKeepsEscapedCommas() {
        String subject = new X500Principal("CN=Công ty TNHH\\, Chi nhánh Hà Nội, O=Công ty TNHH, C=VN").getName();

        assertThat(new SignerInfo(subject, "CN=CA", "01").commonName()).isEqualTo("Công ty TNHH, Chi nhánh Hà Nội");
    }

    @Test
    void commonNameIsFoundWhenItIsNotTheFirstAttribute() {
        assertThat(new SignerInfo("O=UBND Xã Đại An,CN=Trần Thị Bình,C=VN", "CN=CA", "01").commonName())
                .isEqualTo("Trần Thị Bình");
    }

    @Test
    void commonNameLeavesOutTheOtherAttributesOfAMultiValuedRdn() {
        String subject = new X500Principal("CN=Nguyễn Văn An+UID=MST:0101234567, O=UBND Xã Đại An, C=VN").getName();

        assertThat(new SignerInfo(subject, "CN=CA", "01").commonName()).isEqualTo("Nguyễn Văn An");
    }

    @Test
    void commonNameEndsAtACommaThatFollowsAnEscapedBackslash() {
        String subject = new X500Principal("CN=Thư mục C:\\\\, O=UBND Xã Đại An, C=VN").getName();

        assertThat(new SignerInfo(subject, "CN=CA", "01").commonName()).isEqualTo("Thư mục C:\\");
    }

    @Test
    void commonNameUnescapesSpecialCharacters() {
        String subject = new X500Principal("CN=An \\+ Bình \\<Tổ 1\\>, C=VN").getName();

        assertThat(new SignerInfo(subject, "CN=CA", "01").commonName()).isEqualTo("An + Bình <Tổ 1>");
    }

    @Test
    void commonNameIsTheWholeSubjectWhenThereIsNoCn() {
        String subject = "O=UBND Xã Đại An,C=VN";

        assertThat(new SignerInfo(subject, "CN=CA", "01").commonName()).isEqualTo(subject);
    }
}
