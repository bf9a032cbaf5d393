package org.kyso.examples.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.kyso.core.HtmlReport;
import org.kyso.core.Revocation;
import org.kyso.core.TrustAnchors;
import org.kyso.core.ValidationPolicyException;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kyso validate}: validates signed documents (ETSI EN 319 102-1, through EU DSS). */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Versions.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Validate the signatures of PDF, XML and CMS files (ETSI EN 319 102-1).",
                "Without --trust nothing is trusted, and signatures end INDETERMINATE: that is the honest answer.",
                "For XML signatures the report says which element each reference covers; signature wrapping fails,"
                        + " and XML with a DOCTYPE is refused (exit 65) before anything in it is read."},
        footerHeading = "%nExit codes:%n",
        footer = {"  The worst over all files: 0 all valid, 1 some indeterminate,",
                "  2 some invalid, 3 a file without signature, 65 a malformed file,",
                "  66 a file that cannot be opened (also --policy, --tl).",
                "  Before any file: 64 a bad option (a --policy that is no DSS policy), 65 a trusted list",
                "  that cannot be used (bad signature, out of date), 69 a trusted list that cannot be downloaded.",
                "",
                "Examples:",
                "  kyso validate --trust root.pem cong-van-signed.pdf",
                "  kyso validate --lang vi --trust roots/ hoa-don.xml",
                "  kyso validate --trust-preset vn cong-van-vgca.pdf",
                "  kyso validate --detached-content scans/ to-trinh.pdf.xades.xml",
                "  kyso validate --tl tl-vn.xml --tl-signer tl-operator.pem cong-van.pdf",
                "  kyso validate --lotl https://example.org/lotl.xml --tl-signer lotl-signers/ --tl-cache ~/.cache/kyso-tl hop-dong.pdf",
                "  kyso validate --policy strict-policy.xml --trust roots/ cong-van.pdf",
                "  kyso validate --format json --lang vi --trust roots/ *.pdf -o reports.jsonl",
                "  kyso validate --format json --jobs 4 --trust roots/ @incoming.txt -o reports.jsonl",
                "  kyso validate --format html --lang vi --trust roots/ *.pdf -o bao-cao.html"})
final class ValidateCommand implements Callable<Integer> {

    /** The output formats of the contract. */
    enum Format { text, json, html, etsi }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Signed file(s) to validate.")
    List<Path> files;

    @Option(names = "--trust", paramLabel = "PATH", order = 1,
            description = "Trusted certificates: a PEM/DER file, a folder of them, or a password-less PKCS#12/JKS store. Repeatable.")
    List<Path> trust = new ArrayList<>();

    /** Bundled sets of trusted roots; each is opt-in. */
    enum TrustPreset { vn }

    @Option(names = "--trust-preset", paramLabel = "PRESET", order = 1,
            description = "Also trust a bundled set of roots: vn (the Vietnamese national root and Government CA"
                    + " roots, see TrustAnchors.vietnam()). Off by default: you decide whether to trust them.")
    List<TrustPreset> trustPresets = new ArrayList<>();

    @Mixin
    TrustedListOptions trustedLists;

    @Option(names = "--offline", order = 2,
            description = "Do not fetch revocation data (OCSP, CRL) nor trusted lists over the network; use only what"
                    + " the file holds (and trusted lists from files or --tl-cache).")
    boolean offline;

    @Option(names = "--policy", paramLabel = "FILE", order = 3,
            description = "A DSS validation policy (constraint XML, e.g. DSS's default policy/constraint.xml with"
                    + " some constraints changed) instead of DSS's default policy. Exit 66 if it cannot be read,"
                    + " 64 if it is not a DSS validation policy.")
    Path policy;

    @Option(names = "--detached-content", paramLabel = "FILE|DIR", order = 3,
            description = {"The signed data of a detached signature. Repeatable.",
                    "A folder allows XML signatures to read the files they name (URI=\"scan.pdf\") from it, and from"
                            + " nowhere else; without this option nothing outside the document is read."})
    List<Path> detached = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", order = 4, defaultValue = "text",
            description = "text (default: a summary per file), json (one JSON object per file and line), "
                    + "etsi (ETSI TS 119 102-2 XML, one file), html (one self-contained page for people: a section"
                    + " per file, an overview when there are several; nothing fetched from outside the page).")
    Format format;

    @Option(names = "--lang", paramLabel = "LANG", order = 5, defaultValue = "en",
            description = "Language of summaries and messages: en (default) or vi.")
    Converters.Lang lang;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", order = 6,
            description = "Write the reports to OUT (atomically) instead of standard output.")
    Path output;

    @Option(names = "--force", order = 7, description = "Replace OUT if it already exists.")
    boolean force;

    @Mixin
    ServiceTimeout timeouts;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", order = 8, defaultValue = "1",
            description = "Validate N files at a time (default 1). Reports still come out in the order given.")
    int jobs;

    private Validator validator() throws Exception {
        TrustAnchors anchors = trustPresets.contains(TrustPreset.vn) ? Trust.load(trust).plus(TrustAnchors.vietnam()) : Trust.load(trust);
        Validator.Builder builder = Validator.builder()
                .trust(anchors.plus(trustedLists.load(offline, timeouts)))
                .revocation(offline ? Revocation.offline() : timeouts.online())
                .policy(policy);
        try {
            return builder.build();
        } catch (ValidationPolicyException e) {
            if (e.unreadable()) {
                throw new CliFailure(ExitCode.NO_INPUT, "Cannot open the validation policy " + policy
                        + ": no such file, or not readable; check the path");
            }
            throw new ParameterException(spec.commandLine(), "--policy " + policy + ": " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        if (format == Format.etsi && files.size() > 1) {
            throw new ParameterException(spec.commandLine(),
                    "--format etsi writes one XML document: validate one file at a time");
        }
        if (jobs < 1 || jobs > 256) {
            throw new ParameterException(spec.commandLine(), "--jobs must be between 1 and 256, not " + jobs);
        }
        if (output != null) {
            Outputs.check(output, force, files.toArray(new Path[0]));
        }
        Validator validator = validator();
        Locale locale = lang.locale();
        PrintWriter err = spec.commandLine().getErr();
        Path[] detachedContents = detached.toArray(new Path[0]);
        BatchValidation batch = new BatchValidation(files, jobs, file -> validator.validate(file, detachedContents));
        BatchValidation.Renderer renderer = renderer(locale);
        BatchValidation.Complaints complaints = (file, report) -> switch (report.verdict()) {
            case ERROR -> "kyso: " + Failures.oneLine(report.error().map(m -> m.text(locale)).orElse(file + ": cannot be validated"));
            case NO_SIGNATURE -> "kyso: " + file + " has no signature";
            default -> null;
        };
        int worst;
        if (output == null) {
            worst = batch.run(spec.commandLine().getOut(), renderer, complaints, err, false);
        } else {
            int[] result = new int[1];
            Outputs.write(output, out -> {
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                result[0] = batch.run(writer, renderer, complaints, err, true);
                writer.flush();
            });
            worst = result[0];
        }
        return worst;
    }

    /** How each report is written in the chosen format. */
    private BatchValidation.Renderer renderer(Locale locale) {
        return switch (format) {
            case json -> report -> report.toJson(locale) + "\n";
            case etsi -> report -> report.verdict() == Verdict.ERROR ? "" : EtsiReport.of(report);
            case html -> {
                // One page for all files, written a section at a time.
                HtmlReport html = HtmlReport.of(locale);
                yield new BatchValidation.Renderer() {
                    @Override
                    public String begin() {
                        return html.begin();
                    }

                    @Override
                    public String render(ValidationReport report) {
                        return html.section(report);
                    }

                    @Override
                    public String end() {
                        return html.end();
                    }
                };
            }
            case text -> report -> report.verdict() == Verdict.ERROR ? "" : report.summary(locale) + "\n";
        };
    }
}
