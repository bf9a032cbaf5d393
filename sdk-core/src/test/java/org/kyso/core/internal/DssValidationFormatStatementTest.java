package org.kyso.core.internal;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.kyso.core.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DssValidation#formatStatement}: a signature that is not AdES is not failed for it, and its
 * report says what its format does not prove, in English and Vietnamese.
 */
class DssValidationFormatStatementTest {

    private static final Locale VI = Locale.forLanguageTag("vi");

    @Test
    void pkcs7SaysItIsNotPadesAndWhatThatLeavesUnproven() {
        Message m = DssValidation.formatStatement("PKCS7").orElseThrow();

        assertThat(m.key()).isEqualTo("kyso.format.pkcs7");
        assertThat(m.english()).startsWith("Format PKCS#7 (adbe.pkcs7, not PAdES)")
                .contains("signing certificate", "unless a timestamp proves it", "asks for PAdES");
        assertThat(m.text(VI)).startsWith("Định dạng PKCS#7 (adbe.pkcs7, không phải PAdES)")
                .contains("chứng thư số", "dấu thời gian", "yêu cầu PAdES");
    }

    @Test
    void xmldsigSaysItIsNotXadesAndHasNoTimestamp() {
        Message m = DssValidation.formatStatement("XMLDSig").orElseThrow();

        assertThat(m.key()).isEqualTo("kyso.format.xmldsig");
        assertThat(m.english()).startsWith("Format XMLDSig (plain XML signature, not XAdES)")
                .contains("has no timestamp", "asks for XAdES");
        assertThat(m.text(VI)).startsWith("Định dạng XMLDSig (chữ ký XML thuần, không phải XAdES)")
                .contains("không có dấu thời gian", "yêu cầu XAdES");
    }

    @Test
    void cmsSaysItIsNotCades() {
        Message m = DssValidation.formatStatement("CMS").orElseThrow();

        assertThat(m.key()).isEqualTo("kyso.format.cms");
        assertThat(m.english()).startsWith("Format CMS (plain CMS/PKCS#7 signature, not CAdES)").contains("asks for CAdES");
        assertThat(m.text(VI)).startsWith("Định dạng CMS").contains("không phải CAdES", "yêu cầu CAdES");
    }

    @Test
    void adesFormatsGetNoStatement() {
        assertThat(DssValidation.formatStatement("PAdES-BASELINE-B")).isEmpty();
        assertThat(DssValidation.formatStatement("XAdES-BASELINE-T")).isEmpty();
        assertThat(DssValidation.formatStatement("CAdES-BASELINE-B")).isEmpty();
        assertThat(DssValidation.formatStatement("UNKNOWN")).isEmpty();
        assertThat(DssValidation.formatStatement(null)).isEmpty();
    }
}
