package org.kyso.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

import eu.europa.esig.dss.simplereport.SimpleReportFacade;
import eu.europa.esig.dss.validation.reports.Reports;

import org.kyso.core.Indication;
import org.kyso.core.Message;
import org.kyso.core.Modification;
import org.kyso.core.ReferenceReport;
import org.kyso.core.SignatureReport;
import org.kyso.core.SignerInfo;
import org.kyso.core.TimestampReport;
import org.kyso.core.ValidationReport;
import org.kyso.core.Verdict;

/**
 * The human HTML report: one self-contained page (inline CSS, no script, no image, no font, no
 * link to anything outside the page; a Content-Security-Policy that forbids fetching anything),
 * with a section per validated file. Each section starts with a verdict banner in plain words,
 * then one block per signature, and ends with DSS's own simple report (DSS's XSLT, with its links
 * and script hooks removed) in a collapsed "technical details" appendix. Every text from a
 * document or a certificate is HTML-escaped. English, or Vietnamese for "vi"; the Vietnamese texts
 * are in {@code messages_vi.properties} under {@code kyso.html.*}.
 */
public final class ReportHtml {

    private static final DateTimeFormatter TIME_EN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TIME_VI = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");

    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;color:#1d1d1f;"
                    + "background:#f4f5f7;line-height:1.45}",
            // the overview comes last in the file (a batch is written file by file) but shows first
            "main{max-width:960px;margin:0 auto;padding:16px;display:flex;flex-direction:column}",
            "section.overview{order:-1}",
            "header.page{background:#fff;border-bottom:1px solid #d8dbe0;padding:12px 16px}",
            "header.page h1{margin:0;font-size:1.4em}",
            ".meta{color:#555;font-size:.9em;margin:2px 0}",
            "section.file{background:#fff;border:1px solid #d8dbe0;border-radius:8px;padding:16px;margin:16px 0}",
            "section.file h2{margin:0 0 12px;font-size:1.15em;word-break:break-all}",
            ".verdict{border-radius:8px;padding:14px 18px;color:#fff;margin-bottom:12px}",
            ".verdict .word{font-size:2em;font-weight:700;letter-spacing:.03em;display:block}",
            ".verdict p{margin:4px 0 0;font-size:1.05em}",
            ".v-VALID{background:#1b7f3b}.v-INDETERMINATE{background:#a35f00}.v-INVALID{background:#b3261e}",
            ".v-NO_SIGNATURE{background:#5f6368}.v-ERROR{background:#6d1b4b}",
            ".alert{border-left:6px solid #a35f00;background:#fff4e0;padding:10px 14px;margin:12px 0;border-radius:4px}",
            ".alert.bad{border-color:#b3261e;background:#fdecea}",
            "article.sig{border:1px solid #d8dbe0;border-radius:8px;padding:12px 14px;margin:14px 0}",
            "article.sig h3{margin:0 0 8px;font-size:1.1em}",
            ".badge{display:inline-block;border-radius:4px;padding:1px 8px;font-size:.85em;font-weight:600;color:#fff;"
                    + "vertical-align:middle}",
            ".b-ok{background:#1b7f3b}.b-unknown{background:#a35f00}.b-bad{background:#b3261e}",
            "table{border-collapse:collapse;width:100%}",
            "table.facts th{text-align:left;vertical-align:top;width:32%;font-weight:600;padding:4px 8px 4px 0;color:#333}",
            "table.facts td{padding:4px 0;vertical-align:top;word-break:break-word}",
            "table.list th,table.list td{border-bottom:1px solid #e3e5e8;padding:4px 6px;text-align:left}",
            ".small{font-size:.85em;color:#555}",
            "h4{margin:12px 0 4px;font-size:1em}",
            "ul{margin:4px 0;padding-left:22px}",
            "ul.errors li{color:#b3261e}ul.warnings li{color:#7a4700}",
            "li.not-permitted{color:#b3261e;font-weight:600}li.permitted{color:#1b7f3b;font-weight:600}",
            "details{margin-top:14px}summary{cursor:pointer;font-weight:600;color:#333}",
            ".dss{font-size:.85em;border-top:1px solid #e3e5e8;margin-top:8px;padding-top:8px}",
            ".dss .card{border:1px solid #d8dbe0;border-radius:4px;margin:8px 0}",
            ".dss .card-header{background:#eef1f5;padding:4px 8px;font-weight:600}",
            ".dss .card-body{padding:6px 8px}",
            ".dss dl{display:grid;grid-template-columns:minmax(120px,max-content) 1fr;gap:2px 12px;margin:4px 0}",
            ".dss dt{font-weight:600}.dss dd{margin:0}",
            ".dss .text-success{color:#1b7f3b}.dss .text-danger{color:#b3261e}.dss .text-warning{color:#a35f00}",
            "footer{color:#555;font-size:.85em;text-align:center;padding:8px 16px 24px}",
            "@media print{body{background:#fff}section.file{border:none;page-break-after:always}"
                    + ".verdict{-webkit-print-color-adjust:exact;print-color-adjust:exact}}");

    private ReportHtml() {
    }

    /** One HTML page for one or more reports, a section per report, in {@code locale}'s language. */
    public static String page(List<ValidationReport> reports, Locale locale) {
        Objects.requireNonNull(reports, "reports");
        Page page = new Page(locale, Instant.now());
        StringBuilder out = new StringBuilder(16_384)
                .append(page.begin(reports.size() == 1 ? fileName(reports.get(0), page.t)
                        : page.t.t("kyso.html.files", "{0} files", reports.size())));
        for (ValidationReport report : reports) {
            out.append(page.section(report));
        }
        return out.append(page.end()).toString();
    }

    /**
     * One page written a piece at a time, so that a batch needs no more memory than one report:
     * {@link #begin}, a {@link #section} per report, then {@link #end}, which writes the overview of
     * all files (shown first on the page, through CSS) and the footer. Not thread-safe.
     */
    public static final class Page {
        private final Texts t;
        private final Instant generatedAt;
        private final StringBuilder overview = new StringBuilder();
        private int sections;

        public Page(Locale locale, Instant generatedAt) {
            boolean vi = locale != null && "vi".equals(locale.getLanguage());
            this.t = new Texts(locale, vi, ZoneId.systemDefault());
            this.generatedAt = Objects.requireNonNull(generatedAt, "generatedAt");
        }

        /** The head of the page and its heading; {@code subject} (a file name) goes into the title, if given. */
        public String begin(String subject) {
            StringBuilder out = new StringBuilder(4096);
            String title = t.t("kyso.html.title", "Signature validation report");
            out.append("<!DOCTYPE html>\n<html lang=\"").append(t.vi ? "vi" : "en").append("\">\n<head>\n")
                    .append("<meta charset=\"utf-8\">\n")
                    // Nothing outside this page may be fetched, even if some text slipped through.
                    .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                    .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                    .append("<meta name=\"generator\" content=\"KySo ").append(esc(Versions.KYSO))
                    .append(", EU DSS ").append(esc(Versions.DSS)).append("\">\n")
                    .append("<title>").append(esc(title)).append(subject == null ? "" : ": " + esc(subject)).append("</title>\n")
                    .append("<style>\n").append(CSS).append("\n</style>\n</head>\n<body>\n");
            out.append("<header class=\"page\"><h1>").append(esc(title)).append("</h1>\n<p class=\"meta\">")
                    .append(esc(t.t("kyso.html.generated", "Generated on {0} by KySo {1} (EU DSS {2}).",
                            t.time(generatedAt), Versions.KYSO, Versions.DSS)))
                    .append("</p></header>\n<main>\n");
            return out.toString();
        }

        /** The section of one report. */
        public String section(ValidationReport report) {
            int index = ++sections;
            overview.append("<tr><td>").append(index).append("</td><td><a href=\"#file-").append(index).append("\">")
                    .append(esc(fileName(report, t))).append("</a></td><td><span class=\"badge ")
                    .append(badge(report.verdict())).append("\">").append(esc(verdictWord(report.verdict(), t)))
                    .append("</span></td><td>").append(report.signatures().size()).append("</td></tr>\n");
            StringBuilder out = new StringBuilder(8192);
            ReportHtml.section(out, report, index, t);
            return out.toString();
        }

        /** The overview of all files (when there are several) and the end of the page. */
        public String end() {
            StringBuilder out = new StringBuilder(1024 + overview.length());
            if (sections > 1) {
                out.append("<section class=\"file overview\"><h2>").append(esc(t.t("kyso.html.overview", "Overview of {0} files", sections)))
                        .append("</h2>\n")
                        .append("<table class=\"list\"><thead><tr><th>#</th><th>").append(esc(t.t("kyso.html.file", "File")))
                        .append("</th><th>").append(esc(t.t("kyso.html.verdict", "Result")))
                        .append("</th><th>").append(esc(t.t("kyso.html.signatures", "Signatures")))
                        .append("</th></tr></thead><tbody>\n").append(overview).append("</tbody></table></section>\n");
            }
            out.append("</main>\n<footer>")
                    .append(esc(t.t("kyso.html.footer",
                            "Times are shown in the time zone {0}. Checked with KySo {1} on EU DSS {2} (ETSI EN 319 102-1).",
                            t.zone.getId(), Versions.KYSO, Versions.DSS)))
                    .append("</footer>\n</body>\n</html>\n");
            return out.toString();
        }
    }

    private static void section(StringBuilder out, ValidationReport report, int index, Texts t) {
        Verdict verdict = report.verdict();
        out.append("<section class=\"file\" id=\"file-").append(index).append("\">\n<h2>")
                .append(esc(fileName(report, t))).append("</h2>\n");
        out.append("<div class=\"verdict v-").append(verdict.name()).append("\"><span class=\"word\">")
                .append(esc(verdictWord(verdict, t))).append("</span><p>")
                .append(esc(verdictSentence(report, t))).append("</p></div>\n");
        if (!report.revocationChecked() && verdict != Verdict.ERROR && verdict != Verdict.NO_SIGNATURE) {
            out.append("<div class=\"alert\" role=\"alert\"><strong>")
                    .append(esc(t.t("kyso.html.revocation.title", "Revocation status NOT checked.")))
                    .append("</strong> ")
                    .append(esc(t.t("kyso.html.revocation.text",
                            "KySo could not check whether the signers' certificates were revoked (validation ran"
                                    + " offline, or no OCSP or CRL answer was available). Checking the certificate's"
                                    + " status is part of verifying a digital signature (Circular 15/2025/TT-BKHCN):"
                                    + " until it is checked, do not treat these signatures as fully verified.")))
                    .append("</div>\n");
        }
        out.append("<table class=\"facts\">\n");
        row(out, t.t("kyso.html.document-type", "Document type"), report.documentType().name());
        if (verdict != Verdict.ERROR && verdict != Verdict.NO_SIGNATURE) {
            long valid = report.signatures().stream().filter(SignatureReport::passed).count();
            row(out, t.t("kyso.html.signatures", "Signatures"),
                    t.t("kyso.html.signatures.count", "{0} signature(s), {1} valid", report.signatures().size(), valid));
            row(out, t.t("kyso.html.revocation", "Revocation status checked"),
                    report.revocationChecked() ? t.t("kyso.html.yes", "yes") : t.t("kyso.html.no", "NO"));
        }
        out.append("</table>\n");
        int n = 1;
        for (SignatureReport s : report.signatures()) {
            signature(out, s, n++, report.signatures().size(), t);
        }
        if (!report.documentTimestamps().isEmpty()) {
            out.append("<h3>").append(esc(t.t("kyso.html.doc-timestamps", "Document timestamps"))).append("</h3>\n")
                    .append("<p class=\"small\">").append(esc(t.t("kyso.html.doc-timestamps.about",
                            "A document timestamp is not a signature: it proves the document existed in this form"
                                    + " at the time shown.")))
                    .append("</p>\n<table class=\"list\"><thead><tr><th>")
                    .append(esc(t.t("kyso.html.time", "Time"))).append("</th><th>")
                    .append(esc(t.t("kyso.html.integrity", "Integrity"))).append("</th><th>")
                    .append(esc(t.t("kyso.html.covers-document", "Covers the whole document"))).append("</th></tr></thead><tbody>\n");
            for (TimestampReport ts : report.documentTimestamps()) {
                out.append("<tr><td>").append(esc(t.time(ts.time()))).append("</td><td>")
                        .append(esc(ts.integrity() ? t.t("kyso.html.intact", "intact") : t.t("kyso.html.broken", "BROKEN")))
                        .append("</td><td>").append(esc(yesNo(ts.coversWholeDocument(), t))).append("</td></tr>\n");
            }
            out.append("</tbody></table>\n");
        }
        String dss = dssSimpleReport(report, "f" + index + "-");
        if (dss != null) {
            out.append("<details><summary>")
                    .append(esc(t.t("kyso.html.technical", "Technical details (DSS simple report)")))
                    .append("</summary>\n<div class=\"dss\">\n").append(dss).append("\n</div></details>\n");
        }
        out.append("</section>\n");
    }

    private static void signature(StringBuilder out, SignatureReport s, int n, int of, Texts t) {
        SignerInfo signer = s.signer();
        String name = signer == null ? t.t("kyso.html.unknown-signer", "(unknown signer)") : signer.commonName();
        out.append("<article class=\"sig\">\n<h3>")
                .append(esc(t.t("kyso.html.signature-n", "Signature {0} of {1}:", n, of))).append(' ')
                .append(esc(name)).append(" <span class=\"badge ").append(badge(s.indication())).append("\">")
                .append(esc(indicationWord(s.indication(), t))).append("</span></h3>\n<table class=\"facts\">\n");
        if (signer != null) {
            out.append("<tr><th>").append(esc(t.t("kyso.html.signer", "Signer"))).append("</th><td>")
                    .append(esc(signer.commonName())).append("<br><span class=\"small\">").append(esc(signer.subject()))
                    .append("</span></td></tr>\n");
            out.append("<tr><th>").append(esc(t.t("kyso.html.issuer", "Certificate issued by"))).append("</th><td>")
                    .append(esc(new SignerInfo(signer.issuer(), null, null).commonName()))
                    .append("<br><span class=\"small\">").append(esc(signer.issuer())).append("</span></td></tr>\n");
            row(out, t.t("kyso.html.serial", "Certificate serial number"), signer.serial());
        }
        Instant stamped = s.timestamps().stream().filter(TimestampReport::integrity).map(TimestampReport::time)
                .filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
        row(out, t.t("kyso.html.claimed-time", "Signing time (claimed by the signer)"),
                s.claimedSigningTime() == null ? t.t("kyso.html.none", "none") : t.time(s.claimedSigningTime()));
        row(out, t.t("kyso.html.proven-time", "Signed no later than (proven by a timestamp)"), stamped != null
                ? t.time(stamped)
                : t.t("kyso.html.no-timestamp", "no timestamp: the signing time is only what the signer's computer said"));
        row(out, t.t("kyso.html.format", "Format and level"), s.format() + level(s.format(), t));
        row(out, t.t("kyso.html.result", "Result"), indicationWord(s.indication(), t)
                + " (" + s.indication() + (s.subIndication() == null ? "" : " / " + s.subIndication()) + ")");
        String explanation = explanation(s, t);
        if (explanation != null) {
            row(out, t.t("kyso.html.meaning", "What this means"), explanation);
        }
        row(out, t.t("kyso.html.integrity", "Integrity"), s.integrity()
                ? t.t("kyso.html.integrity.ok", "intact: the signed data and the signature value are unchanged")
                : t.t("kyso.html.integrity.broken", "BROKEN: the signed data or the signature was altered"));
        if (s.fieldName() != null) {
            row(out, t.t("kyso.html.field", "Signature field"), s.fieldName());
        }
        if (s.coversWholeDocument() != null) {
            row(out, t.t("kyso.html.covers-document", "Covers the whole document"), yesNo(s.coversWholeDocument(), t));
        }
        out.append("</table>\n");
        if (!s.changesAfterSigning().isEmpty()) {
            out.append("<h4>").append(esc(t.t("kyso.html.changes", "What changed after this signature"))).append("</h4>\n<ul class=\"changes\">\n");
            List<Message> changes = s.changesAfterSigning();
            for (int i = 0; i < changes.size(); i++) {
                boolean last = i == changes.size() - 1;
                String cls = !last ? "" : s.modifiedAfterSigning() == Modification.NOT_PERMITTED ? " class=\"not-permitted\""
                        : " class=\"permitted\"";
                out.append("<li").append(cls).append('>').append(esc(changes.get(i).text(t.locale))).append("</li>\n");
            }
            out.append("</ul>\n");
        }
        if (!s.references().isEmpty()) {
            out.append("<h4>").append(esc(t.t("kyso.html.references", "What this signature covers"))).append("</h4>\n<ul>\n");
            for (ReferenceReport r : s.references()) {
                out.append("<li>").append(esc(ReportText.reference(r, t.vi))).append("</li>\n");
            }
            out.append("</ul>\n");
        }
        messages(out, "errors", t.t("kyso.html.errors", "Errors"), s.errors(), t);
        messages(out, "warnings", t.t("kyso.html.warnings", "Warnings"), s.warnings(), t);
        messages(out, "infos", t.t("kyso.html.infos", "Information"), s.infos(), t);
        if (!s.timestamps().isEmpty()) {
            out.append("<h4>").append(esc(t.t("kyso.html.timestamps", "Timestamps"))).append("</h4>\n")
                    .append("<table class=\"list\"><thead><tr><th>").append(esc(t.t("kyso.html.type", "Type")))
                    .append("</th><th>").append(esc(t.t("kyso.html.time", "Time"))).append("</th><th>")
                    .append(esc(t.t("kyso.html.integrity", "Integrity"))).append("</th></tr></thead><tbody>\n");
            for (TimestampReport ts : s.timestamps()) {
                out.append("<tr><td>").append(esc(timestampType(ts.type(), t))).append("</td><td>")
                        .append(esc(t.time(ts.time()))).append("</td><td>")
                        .append(esc(ts.integrity() ? t.t("kyso.html.intact", "intact") : t.t("kyso.html.broken", "BROKEN")))
                        .append("</td></tr>\n");
            }
            out.append("</tbody></table>\n");
        }
        out.append("<p class=\"small\">ID: ").append(esc(s.id())).append("</p>\n</article>\n");
    }

    private static void messages(StringBuilder out, String cls, String heading, List<Message> messages, Texts t) {
        if (messages.isEmpty()) {
            return;
        }
        out.append("<h4>").append(esc(heading)).append("</h4>\n<ul class=\"").append(cls).append("\">\n");
        for (Message m : messages) {
            out.append("<li>").append(esc(m.text(t.locale))).append("</li>\n");
        }
        out.append("</ul>\n");
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append("<tr><th>").append(esc(label)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    private static String fileName(ValidationReport report, Texts t) {
        return report.file() == null ? t.t("kyso.html.in-memory", "(document given in memory)") : report.file();
    }

    private static String yesNo(Boolean value, Texts t) {
        return value == null ? "—" : value ? t.t("kyso.html.yes", "yes") : t.t("kyso.html.no", "NO");
    }

    static String verdictWord(Verdict verdict, Texts t) {
        return t.vi ? ReportText.verdict(verdict, true) : verdict.name().replace('_', ' ');
    }

    private static String verdictSentence(ValidationReport report, Texts t) {
        return switch (report.verdict()) {
            case VALID -> t.t("kyso.html.verdict.valid",
                    "Every signature is valid: the document is as it was signed (or changed only in permitted ways),"
                            + " and each signer's certificate was valid and issued by an authority you trust.");
            case INDETERMINATE -> t.t("kyso.html.verdict.indeterminate",
                    "The signatures could not be confirmed. Nothing shows the document was tampered with, but"
                            + " something could not be checked (for example the certificate is not from an authority"
                            + " you trust, or its revocation status is unknown). Read the details below.");
            case INVALID -> t.t("kyso.html.verdict.invalid",
                    "At least one signature is NOT valid: the document was changed after signing, a signature is"
                            + " broken, or a certificate was revoked or expired. Do not rely on this document.");
            case NO_SIGNATURE -> t.t("kyso.html.verdict.no-signature", "This document carries no digital signature.");
            case ERROR -> t.t("kyso.html.verdict.error", "The file could not be checked: {0}",
                    report.error().map(m -> m.text(t.locale)).orElse(""));
        };
    }

    private static String indicationWord(Indication indication, Texts t) {
        return switch (indication) {
            case TOTAL_PASSED, PASSED -> t.t("kyso.html.indication.passed", "valid");
            case INDETERMINATE -> t.t("kyso.html.indication.indeterminate", "not confirmed");
            case TOTAL_FAILED, FAILED -> t.t("kyso.html.indication.failed", "INVALID");
        };
    }

    private static String explanation(SignatureReport s, Texts t) {
        String general = switch (s.indication()) {
            case TOTAL_PASSED, PASSED -> t.t("kyso.html.meaning.passed",
                    "The signature is intact, and the signer's certificate was valid and issued by an authority you trust.");
            case INDETERMINATE -> t.t("kyso.html.meaning.indeterminate",
                    "The signature could not be proven valid or invalid with the information available.");
            case TOTAL_FAILED, FAILED -> t.t("kyso.html.meaning.failed", "Do not rely on this signature.");
        };
        String specific = s.subIndication() == null ? null : subIndication(s.subIndication(), t);
        return specific == null ? general : general + " " + specific;
    }

    private static String subIndication(String sub, Texts t) {
        String key = "kyso.html.sub." + sub;
        String english = switch (sub) {
            case "NO_CERTIFICATE_CHAIN_FOUND", "NO_CERTIFICATE_CHAIN_FOUND_NO_POE" ->
                    "The signer's certificate was not issued by a certification authority you trust (no trusted root).";
            case "TRY_LATER" -> "The certificate's revocation status is not known (no fresh OCSP or CRL answer);"
                    + " check again later, online.";
            case "REVOKED_NO_POE" -> "The signer's certificate was revoked, and nothing proves the signature was made before that.";
            case "REVOKED_CA_NO_POE" -> "A certificate of the issuing authority was revoked, and nothing proves the"
                    + " signature was made before that.";
            case "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED" -> "The signer's certificate has expired (or is"
                    + " not yet valid), and no timestamp proves the signature was made while it was valid.";
            case "HASH_FAILURE" -> "The signed data was changed after signing: its fingerprint (hash) no longer matches.";
            case "SIG_CRYPTO_FAILURE" -> "The signature value does not verify with the signer's key: the signature"
                    + " or the data was altered.";
            case "REVOKED" -> "The signer's certificate was revoked.";
            case "EXPIRED" -> "The signer's certificate had expired at the signing time.";
            case "NOT_YET_VALID" -> "The signer's certificate was not yet valid at the signing time.";
            case "FORMAT_FAILURE" -> "The signature is not built as its format requires, or the document was changed"
                    + " in a way that breaks it.";
            case "SIGNED_DATA_NOT_FOUND" -> "The signed data could not be found (for a detached signature, give the"
                    + " signed file too).";
            case "NO_SIGNING_CERTIFICATE_FOUND" -> "The signer's certificate could not be identified.";
            case "CRYPTO_CONSTRAINTS_FAILURE", "CRYPTO_CONSTRAINTS_FAILURE_NO_POE" -> "An algorithm or key size used"
                    + " is no longer considered secure.";
            case "CHAIN_CONSTRAINTS_FAILURE" -> "The certificate chain does not meet the validation policy's requirements.";
            case "CERTIFICATE_CHAIN_GENERAL_FAILURE" -> "The signer's certificate chain could not be fully checked"
                    + " (for example its revocation status is unknown); the errors below say why.";
            case "SIG_CONSTRAINTS_FAILURE" -> "The signature does not meet the validation policy's requirements"
                    + " (for example a required attribute is missing).";
            case "POLICY_PROCESSING_ERROR" -> "The signature policy could not be processed.";
            case "NO_POE" -> "Nothing proves the signature existed at a time when everything was still valid.";
            case "TIMESTAMP_ORDER_FAILURE" -> "The timestamps are not in a possible order.";
            default -> null;
        };
        return english == null ? null : t.t(key, english);
    }

    private static String level(String format, Texts t) {
        if (format == null) {
            return "";
        }
        String explained;
        if (format.endsWith("-LTA")) {
            explained = t.t("kyso.html.level.lta", "with archive timestamps, for long-term preservation");
        } else if (format.endsWith("-LT")) {
            explained = t.t("kyso.html.level.lt", "with the validation data needed to check it in the long term");
        } else if (format.endsWith("-T")) {
            explained = t.t("kyso.html.level.t", "with a timestamp proving when it was made");
        } else if (format.endsWith("-B")) {
            explained = t.t("kyso.html.level.b", "basic signature, no timestamp");
        } else if (format.equals("PKCS7")) {
            explained = t.t("kyso.html.level.pkcs7", "a PDF signature that does not follow the European PAdES profile");
        } else {
            return "";
        }
        return " (" + explained + ")";
    }

    private static String timestampType(String type, Texts t) {
        if (type == null) {
            return "—";
        }
        return switch (type) {
            case "SIGNATURE_TIMESTAMP" -> t.t("kyso.html.ts.signature", "signature timestamp");
            case "ARCHIVE_TIMESTAMP" -> t.t("kyso.html.ts.archive", "archive timestamp");
            case "CONTENT_TIMESTAMP", "ALL_DATA_OBJECTS_TIMESTAMP", "INDIVIDUAL_DATA_OBJECTS_TIMESTAMP" ->
                    t.t("kyso.html.ts.content", "content timestamp (made before signing)");
            case "VALIDATION_DATA_TIMESTAMP", "VALIDATION_DATA_REFSONLY_TIMESTAMP" ->
                    t.t("kyso.html.ts.validation-data", "validation data timestamp");
            default -> type;
        };
    }

    private static String badge(Verdict verdict) {
        return switch (verdict) {
            case VALID -> "b-ok";
            case INDETERMINATE, NO_SIGNATURE -> "b-unknown";
            case INVALID, ERROR -> "b-bad";
        };
    }

    private static String badge(Indication indication) {
        return switch (indication) {
            case TOTAL_PASSED, PASSED -> "b-ok";
            case INDETERMINATE -> "b-unknown";
            case TOTAL_FAILED, FAILED -> "b-bad";
        };
    }

    // --- DSS's simple report, as an appendix

    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern ACTIVE_ELEMENT = Pattern.compile(
            "<(script|style|iframe|object|embed|noscript|template)\\b.*?</\\1\\s*>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern RESOURCE_TAG = Pattern.compile(
            "</?(script|style|link|img|image|iframe|frame|object|embed|source|video|audio|base|meta|form|input|svg|use)\\b[^>]*>",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LINKING_ATTRIBUTE = Pattern.compile(
            "\\s(href|src|srcset|target|action|formaction|background|poster|xmlns(:\\w+)?|data-[\\w-]+|on\\w+)"
                    + "\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ID = Pattern.compile("\\sid=\"");

    /**
     * DSS's simple report rendered by DSS's own XSLT (a Bootstrap fragment), made inert: no links,
     * no script hooks, no element that could fetch anything; ids prefixed so that several files'
     * reports can share a page. Null when there is no DSS report or it cannot be rendered.
     */
    static String dssSimpleReport(ValidationReport report, String idPrefix) {
        if (!(report.dssReports().orElse(null) instanceof Reports reports)) {
            return null;
        }
        String html;
        try {
            html = SimpleReportFacade.newFacade().generateHtmlReport(reports.getSimpleReportJaxb());
        } catch (Exception | LinkageError e) {
            return null;
        }
        return inert(html, idPrefix);
    }

    static String inert(String html, String idPrefix) {
        String out = COMMENT.matcher(html).replaceAll("");
        out = ACTIVE_ELEMENT.matcher(out).replaceAll("");
        out = RESOURCE_TAG.matcher(out).replaceAll("");
        out = LINKING_ATTRIBUTE.matcher(out).replaceAll("");
        out = ID.matcher(out).replaceAll(" id=\"" + idPrefix);
        return out.strip();
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    public static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // control characters other than tab and line breaks have no place in a report
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** The language-dependent texts and time format of one page. */
    static final class Texts {
        final Locale locale;
        final boolean vi;
        final ZoneId zone;

        Texts(Locale locale, boolean vi, ZoneId zone) {
            this.locale = vi ? locale : Locale.ENGLISH;
            this.vi = vi;
            this.zone = zone;
        }

        String t(String key, String english, Object... args) {
            return Messages.of(key, english, args).text(locale);
        }

        String time(Instant time) {
            if (time == null) {
                return "—";
            }
            ZonedDateTime at = time.atZone(zone);
            String offset = at.getOffset().getId();
            return (vi ? TIME_VI : TIME_EN).format(at) + " (UTC" + ("Z".equals(offset) ? "" : offset) + ")";
        }
    }

    /** KySo's and DSS's versions, from the Maven metadata in their jars ("development build" without it). */
    static final class Versions {
        static final String KYSO = version("/META-INF/maven/org.kyso/sdk-core/pom.properties",
                ReportHtml.class.getPackage().getImplementationVersion());
        static final String DSS = version("/META-INF/maven/eu.europa.ec.joinup.sd-dss/dss-validation/pom.properties",
                null);

        private Versions() {
        }

        private static String version(String resource, String fallback) {
            Class<?> anchor = resource.contains("sd-dss") ? Reports.class : ReportHtml.class;
            try (InputStream in = anchor.getResourceAsStream(resource)) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    String v = p.getProperty("version");
                    if (v != null && !v.isBlank()) {
                        return v;
                    }
                }
            } catch (IOException e) {
                // fall through
            }
            return fallback != null ? fallback : "(development build)";
        }
    }
}
