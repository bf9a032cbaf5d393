package org.kyso.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.kyso.core.KysoIOException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.pdf.Appearance;
import org.kyso.pdf.Certification;
import org.kyso.pdf.PadesLevel;
import org.kyso.pdf.PdfSigner;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kyso sign pdf}: PAdES baseline signatures (ETSI EN 319 142-1), invisible or visible. */
@Command(name = "pdf", mixinStandardHelpOptions = true, versionProvider = Versions.class, sortOptions = false,
        usageHelpAutoWidth = true,
        customSynopsis = {"kyso sign pdf IN... (-o OUT | --out-dir DIR) KEY [OPTIONS]",
                "  KEY: --p12 FILE (--password-env VAR | --password-file FILE | --password-stdin)",
                "       or --pkcs11 MODULE ... (not yet available)"},
        description = {"Sign PDF files as PAdES baseline signatures (ETSI EN 319 142-1).",
                "Each signature is an incremental update: earlier signatures stay valid. The input is never changed."},
        footerHeading = "%nExamples:%n",
        footer = {"  kyso sign pdf cong-van.pdf -o cong-van-signed.pdf \\",
                "      --p12 signer.p12 --password-env P12_PASSWORD",
                "  kyso sign pdf cong-van.pdf -o signed.pdf --p12 signer.p12 \\",
                "      --password-file pw.txt --tsa http://tsa.example/tsr \\",
                "      --visible --page 1 --rect 340,60,220,80 --zone Asia/Ho_Chi_Minh \\",
                "      --text 'Ký bởi: {signer}\\nThời gian: {time}' --reason 'Phê duyệt'",
                "  kyso sign pdf cong-van.pdf -o signed.pdf --p12 signer.p12 --password-file pw.txt \\",
                "      --preset signer --image chu-ky.png --title 'TM. ỦY BAN NHÂN DÂN\\nCHỦ TỊCH'",
                "  kyso sign pdf *.pdf --out-dir signed/ --p12 signer.p12 --password-stdin < pw.txt"})
final class SignPdfCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IN", description = "PDF file(s) to sign.")
    List<Path> inputs;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Destination destination;

    static final class Destination {
        @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, description = "The signed PDF (one IN).")
        Path output;

        @Option(names = "--out-dir", paramLabel = "DIR", required = true,
                description = "Folder for the signed PDFs, each under its input's file name (several IN).")
        Path outDir;
    }

    @Mixin
    KeyOptions key;

    @Option(names = "--level", paramLabel = "LEVEL", order = 1,
            description = "PAdES level: B, T, LT or LTA. Default: T with --tsa, else B.")
    PadesLevel level;

    @Option(names = "--tsa", paramLabel = "URL", order = 2, converter = Converters.HttpUrl.class,
            description = "RFC 3161 time-stamping authority (needed from level T up).")
    URI tsa;

    @Option(names = "--visible", order = 3,
            description = "Add a visible signature (implied by --page, --rect, --image, --text, --preset, --field).")
    boolean visible;

    @Option(names = "--page", paramLabel = "N", order = 4, description = "Page of the visible signature: 1 = first, -1 = last. Default 1.")
    Integer page;

    @Option(names = "--rect", paramLabel = "X,Y,W,H", order = 5, converter = Converters.RectConverter.class,
            description = "Where the visible signature goes, in points (1/72 inch) from the bottom-left corner. Default 36,36,220,70.")
    Converters.Rect rect;

    @Option(names = "--image", paramLabel = "PNG", order = 6,
            description = "PNG (transparency kept) or JPEG shown left of the text; with --preset signer or seal, the "
                    + "handwritten signature.")
    Path image;

    @Option(names = "--text", paramLabel = "TEMPLATE", order = 7,
            description = "Text of the visible signature; \\n breaks lines. Placeholders: {signer}, {organization}, "
                    + "{email}, {time}, {reason}, {location}. Default: 'Ký bởi: {signer}\\nCơ quan: {organization}"
                    + "\\nThời gian: {time}'.")
    String text;

    @Option(names = "--zone", paramLabel = "ZONE", order = 8,
            description = "Time zone {time} is written in, e.g. Asia/Ho_Chi_Minh. Default: the system's.")
    ZoneId zone;

    @Option(names = "--preset", paramLabel = "NAME", order = 9,
            description = "A Decree 30/2020/ND-CP appearance: signer (the --image signature between --title and the "
                    + "signer's name, bottom right of the last page), seal (the --seal over the left third of the --image "
                    + "signature, or alone over an earlier signer's signature, with organisation and time) or copy "
                    + "(text only, top right of page 1, 10 pt, with --doc-number and time). --page, --rect, --text, "
                    + "--zone and --font change it.")
    String preset;

    @Option(names = "--seal", paramLabel = "PNG", order = 9,
            description = "The organisation's seal, a PNG with a transparent background, for --preset seal.")
    Path seal;

    @Option(names = "--title", paramLabel = "TEXT", order = 9,
            description = "Title drawn in bold above the image, \\n between lines, e.g. 'TM. ỦY BAN NHÂN DÂN\\nCHỦ TỊCH' "
                    + "(with --preset signer).")
    String title;

    @Option(names = "--doc-number", paramLabel = "TEXT", order = 9,
            description = "The document's number and symbol for --preset copy, e.g. 123/UBND-VP.")
    String docNumber;

    @Option(names = "--font", paramLabel = "TTF", order = 9,
            description = "TrueType font for the visible text instead of the bundled DejaVu Sans.")
    Path font;

    @Option(names = "--field", paramLabel = "NAME", order = 10,
            description = "Sign the existing empty signature field NAME; the visible signature takes its page and "
                    + "rectangle. Signing fails, listing the PDF's empty fields, if there is no such field.")
    String field;

    @Option(names = "--reason", paramLabel = "TEXT", order = 11, description = "Reason for signing, stored in the signature.")
    String reason;

    @Option(names = "--location", paramLabel = "TEXT", order = 12, description = "Where the document was signed.")
    String location;

    @Option(names = "--certify", paramLabel = "PERMISSIONS", order = 13,
            description = "Certify the document (DocMDP) and allow afterwards: NO_CHANGES (nothing), FORM_FILLING"
                    + " (form filling and further signatures) or ANNOTATIONS (also comments). Only an unsigned PDF"
                    + " can be certified.")
    Certification certify;

    @Option(names = "--trust", paramLabel = "PATH", order = 14,
            description = "Certificates (file, folder or store) that complete the chain embedded at LT and LTA. Repeatable.")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--force", order = 15, description = "Replace output files that already exist.")
    boolean force;

    @Mixin
    ServiceTimeout timeouts;

    @Override
    public Integer call() throws Exception {
        key.check();
        if (level != null && level != PadesLevel.B && tsa == null) {
            throw usage("--level " + level + " needs a time-stamping authority: add --tsa URL, or sign at --level B");
        }
        Appearance appearance = appearance();
        Map<Path, Path> plan = plan();
        TrustAnchors anchors = Trust.load(trust);
        Kyso root = (Kyso) spec.root().userObject();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (SigningKey signingKey = key.open(root.stdin())) {
            PdfSigner.Builder builder = PdfSigner.builder()
                    .key(signingKey)
                    .level(level)
                    .appearance(appearance)
                    .reason(reason)
                    .location(location)
                    .fieldName(field)
                    .certify(certify)
                    .trust(anchors);
            if (tsa != null) {
                builder.timestamping(timeouts.tsa(tsa));
            }
            if (timeouts.given() && (level == PadesLevel.LT || level == PadesLevel.LTA)) {
                builder.revocation(timeouts.online());
            }
            PdfSigner signer = builder.build();
            String format = "PAdES-BASELINE-" + signer.level();
            Progress progress = Progress.start(plan.size());
            int worst = ExitCode.OK;
            int done = 0;
            try {
                for (Map.Entry<Path, Path> job : plan.entrySet()) {
                    progress.show(done, job.getKey());
                    try {
                        signer.sign(job.getKey(), job.getValue());
                        progress.println(out, "Signed " + job.getKey() + " -> " + job.getValue() + " (" + format + ")");
                    } catch (IllegalArgumentException e) {
                        // The appearance cannot be drawn for this signer or file: a glyph the font lacks, a box too small.
                        throw new CliFailure(ExitCode.USAGE, Failures.oneLine(e.getMessage()), e);
                    } catch (MalformedDocumentException | KysoIOException e) {
                        // One bad file of a batch does not stop the others; anything else (key, TSA) would fail them all.
                        if (plan.size() == 1 || e instanceof KysoIOException io && io.kind() == KysoIOException.Kind.OTHER) {
                            throw e;
                        }
                        Failures.Failure failure = Failures.classify(e);
                        progress.println(err, "kyso: " + failure.message());
                        worst = Math.max(worst, failure.code());
                    }
                    done++;
                }
            } finally {
                progress.finish(done);
            }
            return worst;
        }
    }

    /** Input to output, in the order given; every output checked before the key is opened. */
    private Map<Path, Path> plan() throws CliFailure {
        if (destination.output != null && inputs.size() > 1) {
            throw usage(inputs.size() + " input files need --out-dir DIR (one output each), not -o");
        }
        Map<Path, Path> plan = new LinkedHashMap<>();
        Map<Path, Path> seen = new HashMap<>();
        for (Path in : inputs) {
            Path out;
            if (destination.output != null) {
                out = destination.output;
            } else {
                if (!Files.isDirectory(destination.outDir)) {
                    throw new CliFailure(ExitCode.CANT_CREATE, "--out-dir " + destination.outDir
                            + " is not an existing folder: create it first");
                }
                Path name = in.getFileName();
                if (name == null) {
                    throw usage("'" + in + "' is not a file name");
                }
                out = destination.outDir.resolve(name.toString());
            }
            Path key = out.toAbsolutePath().normalize();
            if (seen.containsKey(key)) {
                throw usage(seen.get(key) + " and " + in + " would both be written to " + out + ": sign them separately");
            }
            seen.put(key, in);
            Outputs.check(out, force, inputs.toArray(new Path[0]));
            plan.put(in, out);
        }
        return plan;
    }

    private Appearance appearance() throws CliFailure {
        if (!visible && page == null && rect == null && image == null && text == null && preset == null && field == null
                && seal == null && title == null && docNumber == null && font == null) {
            return null;
        }
        if (field != null && (page != null || rect != null)) {
            throw usage("--field takes the page and rectangle of the field: drop --page and --rect");
        }
        if (seal != null && !"seal".equals(preset)) {
            throw usage("--seal goes with --preset seal");
        }
        if (docNumber != null && !"copy".equals(preset)) {
            throw usage("--doc-number goes with --preset copy");
        }
        try {
            Appearance.Builder builder = preset == null ? Appearance.builder() : preset();
            if (preset == null && image != null) {
                builder.image(image);
            }
            if (preset == null && title != null) {
                builder.title(Converters.unescapeTemplate(title));
            }
            if (page != null) {
                builder.page(page);
            }
            if (rect != null) {
                builder.rect(rect.x(), rect.y(), rect.width(), rect.height());
            }
            if (field != null) {
                builder.field(field);
            }
            if (text != null) {
                builder.text(Converters.unescapeTemplate(text));
            }
            if (zone != null) {
                builder.zone(zone);
            }
            if (font != null) {
                builder.font(font);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, Failures.oneLine(e.getMessage()), e);
        } catch (FileSystemException e) {
            throw new CliFailure(ExitCode.NO_INPUT, "Cannot read " + e.getFile() + ": "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getReason() == null ? e.getMessage() : e.getReason()), e);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.NO_INPUT, "Cannot read an appearance file: " + e.getMessage(), e);
        }
    }

    /** The Decree 30 preset named by --preset, ready for the other options to change. */
    private Appearance.Builder preset() throws IOException {
        switch (preset) {
            case "signer" -> {
                if (image == null) {
                    throw usage("--preset signer needs --image with the handwritten signature (PNG, transparent background)");
                }
                return Appearance.decree30Signer(image, title == null ? null : Converters.unescapeTemplate(title)).toBuilder();
            }
            case "seal" -> {
                if (seal == null) {
                    throw usage("--preset seal needs --seal with the organisation's seal (PNG, transparent background)");
                }
                if (title != null) {
                    throw usage("--title goes with --preset signer");
                }
                return Appearance.decree30Seal(seal, image, null).toBuilder();
            }
            case "copy" -> {
                if (docNumber == null) {
                    throw usage("--preset copy needs --doc-number with the document's number and symbol, e.g. 123/UBND-VP");
                }
                if (image != null || title != null) {
                    throw usage("--preset copy is text only: drop --image and --title");
                }
                return Appearance.decree30Copy(docNumber).toBuilder();
            }
            default -> throw usage("Unknown --preset '" + preset + "': use signer, seal or copy");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
