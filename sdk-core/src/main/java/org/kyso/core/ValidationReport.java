package org.kyso.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.kyso.core.internal.ReportHtml;
import org.kyso.core.internal.ReportJson;
import org.kyso.core.internal.ReportText;

/**
 * The result of validating one document: one {@link #verdict()} first, then one
 * {@link SignatureReport} per signature (document order), then the way down to DSS's own
 * reports for experts. Validation answers, it does not throw: a file that cannot be read gives a
 * report with verdict {@link Verdict#ERROR}.
 *
 * <pre>{@code
 * ValidationReport report = validator.validate(Path.of("cong-van-signed.pdf"));
 * System.out.println(report.summary(Locale.forLanguageTag("vi")));
 * Files.writeString(Path.of("report.json"), report.toJson(Locale.ENGLISH));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ValidationReport {

    private final String file;
    private final DocumentType documentType;
    private final List<SignatureReport> signatures;
    private final List<TimestampReport> documentTimestamps;
    private final Message error;
    private final boolean revocationChecked;
    private final Object dssReports;

    private ValidationReport(Builder b) {
        this.file = b.file;
        this.documentType = b.documentType;
        this.signatures = List.copyOf(b.signatures);
        this.documentTimestamps = List.copyOf(b.documentTimestamps);
        this.error = b.error;
        this.revocationChecked = b.revocationChecked;
        this.dssReports = b.dssReports;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A report for a file that could not be validated at all. */
    public static ValidationReport error(String file, DocumentType type, Message error) {
        return builder().file(file).documentType(type).error(error).build();
    }

    /** The file name as given by the caller (may be null for in-memory documents). */
    public String file() {
        return file;
    }

    public DocumentType documentType() {
        return documentType;
    }

    /**
     * The one answer: see {@link Verdict}. A document timestamp is not a signature, so a document
     * that carries only timestamps has {@link Verdict#NO_SIGNATURE}. Broken integrity or a change
     * the signature does not permit make the document INVALID even where DSS's default policy only
     * warns.
     */
    public Verdict verdict() {
        if (error != null) {
            return Verdict.ERROR;
        }
        if (signatures.isEmpty()) {
            return Verdict.NO_SIGNATURE;
        }
        boolean allPassed = true;
        for (SignatureReport s : signatures) {
            if (s.indication() == Indication.TOTAL_FAILED || !s.integrity()
                    || s.modifiedAfterSigning() == Modification.NOT_PERMITTED) {
                return Verdict.INVALID;
            }
            allPassed &= s.indication() == Indication.TOTAL_PASSED;
        }
        for (TimestampReport t : documentTimestamps) {
            if (!t.integrity()) {
                return Verdict.INVALID;
            }
        }
        return allPassed ? Verdict.VALID : Verdict.INDETERMINATE;
    }

    /** Signatures in document order (PDF: revision order; XML: order of the Signature elements). */
    public List<SignatureReport> signatures() {
        return signatures;
    }

    /** PDF document timestamps (not signatures), in revision order. */
    public List<TimestampReport> documentTimestamps() {
        return documentTimestamps;
    }

    /** Why the file could not be validated, when {@link #verdict()} is ERROR. */
    public Optional<Message> error() {
        return Optional.ofNullable(error);
    }

    /** False when validation ran offline or could not obtain revocation data: say so to the reader. */
    public boolean revocationChecked() {
        return revocationChecked;
    }

    /**
     * DSS's own {@code eu.europa.esig.dss.validation.reports.Reports} (simple, detailed, diagnostic
     * data, ETSI report), for experts; empty for error reports.
     */
    public Optional<Object> dssReports() {
        return Optional.ofNullable(dssReports);
    }

    /** A short human summary (one line per signature) in English or Vietnamese ("vi"). */
    public String summary(Locale locale) {
        return ReportText.summary(this, locale);
    }

    /** The JSON object of CONTRACT.md, on one line; messages in {@code locale}'s language. */
    public String toJson(Locale locale) {
        return ReportJson.toJson(this, locale);
    }

    /**
     * A self-contained HTML page for people: a verdict banner in plain words, then per signature who
     * signed, when, the result and what it means, what changed in a PDF after the signature, errors,
     * warnings and timestamps, a clear warning when revocation was not checked, and DSS's own simple
     * report as a collapsed technical appendix. English, or Vietnamese for {@code vi}. The page
     * fetches nothing (inline CSS only; no script, image, font or outside link) and every text from
     * the document or its certificates is HTML-escaped, so it can be mailed or archived as it is.
     *
     * <pre>{@code
     * ValidationReport report = validator.validate(Path.of("cong-van-signed.pdf"));
     * Files.writeString(Path.of("bao-cao.html"), report.toHtml(Locale.forLanguageTag("vi")));
     * }</pre>
     *
     * @see #toHtml(List, Locale)
     */
    public String toHtml(Locale locale) {
        return ReportHtml.page(List.of(this), locale);
    }

    /**
     * One HTML page for several reports (a batch): an overview table, then a section per report in
     * the order given, each as {@link #toHtml(Locale)} describes.
     *
     * <pre>{@code
     * List<ValidationReport> reports = files.stream().map(validator::validate).toList();
     * Files.writeString(Path.of("reports.html"), ValidationReport.toHtml(reports, Locale.ENGLISH));
     * }</pre>
     */
    public static String toHtml(List<ValidationReport> reports, Locale locale) {
        return ReportHtml.page(reports, locale);
    }

    @Override
    public String toString() {
        return "ValidationReport[" + file + " " + verdict() + " " + signatures + "]";
    }

    /** Builds a {@link ValidationReport}; used by validators. */
    public static final class Builder {
        private String file;
        private DocumentType documentType = DocumentType.UNKNOWN;
        private final List<SignatureReport> signatures = new ArrayList<>();
        private final List<TimestampReport> documentTimestamps = new ArrayList<>();
        private Message error;
        private boolean revocationChecked = true;
        private Object dssReports;

        private Builder() {
        }

        public Builder file(String file) { this.file = file; return this; }
        public Builder documentType(DocumentType type) { this.documentType = type; return this; }
        public Builder addSignature(SignatureReport signature) { this.signatures.add(signature); return this; }
        public Builder addDocumentTimestamp(TimestampReport timestamp) { this.documentTimestamps.add(timestamp); return this; }
        public Builder error(Message error) { this.error = error; return this; }
        public Builder revocationChecked(boolean checked) { this.revocationChecked = checked; return this; }
        public Builder dssReports(Object reports) { this.dssReports = reports; return this; }

        public ValidationReport build() {
            return new ValidationReport(this);
        }
    }
}
