package org.kyso.core;

import java.time.Instant;
import java.util.Locale;

import org.kyso.core.internal.ReportHtml;

/**
 * One HTML report page for a batch of files, written one report at a time so that memory stays
 * flat however many files there are: {@link #begin()}, then {@link #section(ValidationReport)} per
 * file, then {@link #end()}, which adds an overview of all files (shown at the top of the page) and
 * the footer. The page is the one {@link ValidationReport#toHtml(Locale)} describes, with a section
 * per file; for reports already in memory, {@link ValidationReport#toHtml(java.util.List, Locale)}
 * is simpler.
 *
 * <pre>{@code
 * HtmlReport html = HtmlReport.of(Locale.forLanguageTag("vi"));
 * try (Writer out = Files.newBufferedWriter(Path.of("bao-cao.html"))) {
 *     out.write(html.begin());
 *     for (Path file : files) {
 *         out.write(html.section(validator.validate(file)));
 *     }
 *     out.write(html.end());
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one instance writes one page.
 */
public final class HtmlReport {

    private final ReportHtml.Page page;

    private HtmlReport(Locale locale) {
        this.page = new ReportHtml.Page(locale, Instant.now());
    }

    /** A new page in English, or in Vietnamese for {@code vi}. */
    public static HtmlReport of(Locale locale) {
        return new HtmlReport(locale);
    }

    /** The head of the page (its style sheet is inline) and its heading. */
    public String begin() {
        return page.begin(null);
    }

    /** The section of one file's report. */
    public String section(ValidationReport report) {
        return page.section(report);
    }

    /** The overview of all files (when there are several) and the end of the page. */
    public String end() {
        return page.end();
    }
}
