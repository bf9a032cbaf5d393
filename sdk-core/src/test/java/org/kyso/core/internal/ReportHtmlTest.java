package org.kyso.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.kyso.core.DocumentType;
import org.kyso.core.Indication;
import org.kyso.core.Message;
import org.kyso.core.Modification;
import org.kyso.core.SignatureReport;
import org.kyso.core.SignerInfo;
import org.kyso.core.TimestampReport;
import org.kyso.core.ValidationReport;

/** The HTML report: self-contained, escaped, structured, in English and Vietnamese. */
class ReportHtmlTest {

    private static final Locale VI = Locale.forLanguageTag("vi");
    private static final String HOSTILE_CN = "<script>alert('x')</script> Nguyễn & Con";
    private static final SignerInfo HOSTILE = new SignerInfo(
            "CN=" + HOSTILE_CN.replace(",", "\\,") + ",O=Công ty \"A&B\",C=VN",
            "CN=KySo <b>Test</b> CA,C=VN", "0A1B");

    private static SignatureReport.Builder pdfSignature(Indication indication) {
        return SignatureReport.builder().id("S-1").format("PAdES-BASELINE-T").indication(indication)
                .integrity(true).signer(HOSTILE)
                .claimedSigningTime(Instant.parse("2026-11-22T08:00:00Z"))
                .addTimestamp(new TimestampReport("SIGNATURE_TIMESTAMP", Instant.parse("2026-11-22T08:00:03Z"), true, null))
                .coversWholeDocument(true).modifiedAfterSigning(Modification.PERMITTED).fieldName("Sig<1>")
                .addChangeAfterSigning(Messages.of("kyso.pdf.change.field-filled",
                        "Form field '{0}' was filled in or changed.", "<img src=x onerror=alert(1)>"))
                .addChangeAfterSigning(Messages.of("kyso.pdf.change.permitted",
                        "These changes are permitted: what this signature signed is unchanged."))
                .addWarning(new Message("W", "Look at <this> & that", "Xem <cái này> & cái kia"));
    }

    private static ValidationReport report(Indication indication, boolean revocationChecked) {
        return ValidationReport.builder().file("hồ sơ <1>&.pdf").documentType(DocumentType.PDF)
                .revocationChecked(revocationChecked).addSignature(pdfSignature(indication).build()).build();
    }

    /** Everything between tags, and every attribute value, must come out escaped. */
    @Test
    void escapesEveryTextFromTheDocumentAndItsCertificates() {
        String html = report(Indication.TOTAL_PASSED, true).toHtml(Locale.ENGLISH);

        assertThat(html).doesNotContain("<script").doesNotContain("<b>Test").doesNotContain("<img")
                .doesNotContain("<this>").doesNotContain("Sig<1>").doesNotContain("<1>&");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Nguyễn &amp; Con")
                .contains("KySo &lt;b&gt;Test&lt;/b&gt; CA")
                .contains("Form field &#39;&lt;img src=x onerror=alert(1)&gt;&#39; was filled in or changed.")
                .contains("Look at &lt;this&gt; &amp; that")
                .contains("hồ sơ &lt;1&gt;&amp;.pdf")
                .contains("Sig&lt;1&gt;");
        // no raw '&' that is not the start of an entity
        assertThat(Pattern.compile("&(?!(amp|lt|gt|quot|#39);)").matcher(html).find()).isFalse();
    }

    @Test
    void fetchesNothingFromOutsideThePage() {
        String html = ValidationReport.toHtml(List.of(report(Indication.TOTAL_PASSED, true),
                report(Indication.INDETERMINATE, false)), VI);

        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn")
                .doesNotContain("<link").doesNotContain("@import").doesNotContain("url(").doesNotContain("<img")
                .doesNotContain("<script").doesNotContain("<iframe").doesNotContain("@font-face");
        // the only src= is inside the escaped field name of the test data
        assertThat(html.split("src=", -1)).hasSize(3);
        assertThat(html).contains("src=x onerror").doesNotContain("src=\"");
        // links only to anchors on the page itself
        Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
        while (href.find()) {
            assertThat(href.group(1)).startsWith("#");
        }
        assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'");
    }

    @Test
    void englishPageHasBannerSignatureFactsChangesAndVersions() {
        String html = report(Indication.TOTAL_PASSED, true).toHtml(Locale.ENGLISH);

        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">").contains("<meta charset=\"utf-8\">")
                .contains("<div class=\"verdict v-VALID\"><span class=\"word\">VALID</span>")
                .contains("Every signature is valid")
                .contains("Signature 1 of 1:")
                .contains("PAdES-BASELINE-T (with a timestamp proving when it was made)")
                .contains("What changed after this signature")
                .contains("<li class=\"permitted\">These changes are permitted")
                .contains("signature timestamp")
                .contains("Generated on ").contains("by KySo ").contains("EU DSS ")
                .doesNotContain("Revocation status NOT checked");
        assertThat(count(html, "<section")).isEqualTo(count(html, "</section>")).isEqualTo(1);
        assertThat(count(html, "<article")).isEqualTo(count(html, "</article>")).isEqualTo(1);
        assertThat(count(html, "<table")).isEqualTo(count(html, "</table>"));
        assertThat(count(html, "<ul")).isEqualTo(count(html, "</ul>"));
    }

    @Test
    void vietnamesePageIsFullyVietnamese() {
        String html = report(Indication.INDETERMINATE, false).toHtml(VI);

        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"vi\">").contains("<meta charset=\"utf-8\">")
                .contains("<title>Báo cáo kiểm tra chữ ký số: hồ sơ &lt;1&gt;&amp;.pdf</title>")
                .contains("<span class=\"word\">CHƯA XÁC ĐỊNH ĐƯỢC</span>")
                .contains("Chưa xác nhận được các chữ ký.")
                .contains("CHƯA kiểm tra tình trạng thu hồi.").contains("Thông tư 15/2025/TT-BKHCN")
                .contains("Chữ ký 1/1:").contains("Người ký").contains("Những gì đã thay đổi sau chữ ký này")
                .contains("Trường biểu mẫu &#39;&lt;img").contains("Những thay đổi này được phép")
                .contains("Xem &lt;cái này&gt; &amp; cái kia")
                .contains("22/11/2026")
                .doesNotContain("Signature 1 of").doesNotContain("What changed").doesNotContain("Generated on")
                .doesNotContain("Revocation status");
    }

    @Test
    void onePageForSeveralFilesWithAnOverviewAndASectionPerFile() {
        ValidationReport broken = ValidationReport.error("thiếu.pdf", DocumentType.UNKNOWN,
                new Message("kyso.file.unreadable", "Cannot read <thiếu.pdf>", "Không đọc được <thiếu.pdf>"));
        ValidationReport none = ValidationReport.builder().file("none.pdf").documentType(DocumentType.PDF).build();

        String html = ValidationReport.toHtml(List.of(report(Indication.TOTAL_FAILED, true), broken, none), Locale.ENGLISH);

        assertThat(html).contains("<title>Signature validation report: 3 files</title>")
                .contains("href=\"#file-1\"").contains("href=\"#file-3\"")
                .contains("id=\"file-1\"").contains("id=\"file-2\"").contains("id=\"file-3\"")
                .contains("<div class=\"verdict v-INVALID\"><span class=\"word\">INVALID</span>")
                .contains("<div class=\"verdict v-ERROR\"><span class=\"word\">ERROR</span>")
                .contains("The file could not be checked: Cannot read &lt;thiếu.pdf&gt;")
                .contains("<div class=\"verdict v-NO_SIGNATURE\"><span class=\"word\">NO SIGNATURE</span>")
                .contains("This document carries no digital signature.");
        assertThat(count(html, "<section")).isEqualTo(4); // overview + 3 files
        assertThat(html.indexOf("id=\"file-1\"")).isLessThan(html.indexOf("id=\"file-2\""));
    }

    @Test
    void aBatchWrittenFileByFileIsTheSamePage() {
        org.kyso.core.HtmlReport html = org.kyso.core.HtmlReport.of(Locale.ENGLISH);
        String page = html.begin() + html.section(report(Indication.TOTAL_PASSED, true))
                + html.section(report(Indication.INDETERMINATE, false)) + html.end();

        assertThat(page).startsWith("<!DOCTYPE html>").endsWith("</html>\n")
                .contains("<title>Signature validation report</title>")
                .contains("<section class=\"file overview\"><h2>Overview of 2 files</h2>")
                .contains("section.overview{order:-1}");
        assertThat(page.indexOf("id=\"file-2\"")).as("the overview is written last, shown first")
                .isLessThan(page.indexOf("Overview of 2 files"));
        assertThat(count(page, "<section")).isEqualTo(count(page, "</section>")).isEqualTo(3);
    }

    @Test
    void makesDssMarkupInert() {
        String dss = "<!--Generated by DSS v.6.4--><div class=\"card\"><div class=\"card-header\" data-toggle=\"collapse\""
                + " data-target=\"#collapseSig1\">Signature</div><div id=\"collapseSig1\" class=\"card-body collapse\">"
                + "<a href=\"https://eidas.ec.europa.eu/efda/tl-browser/#/screen/tl/VN\" target=\"_blank\">VN</a>"
                + "<img src=\"http://x/y.png\"><script>alert(1)</script><link rel=\"stylesheet\" href=\"//cdn/b.css\">"
                + "<i class=\"fa fa-x\" onclick=\"go()\"></i>&lt;script&gt;</div></div>";

        String inert = ReportHtml.inert(dss, "f1-");

        assertThat(inert).doesNotContain("http").doesNotContain("href").doesNotContain("<script")
                .doesNotContain("<img").doesNotContain("<link").doesNotContain("onclick").doesNotContain("data-")
                .doesNotContain("<!--").doesNotContain("target=")
                .contains("id=\"f1-collapseSig1\"").contains("<a>VN</a>").contains("&lt;script&gt;")
                .contains("class=\"card-body collapse\"");
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }
}
