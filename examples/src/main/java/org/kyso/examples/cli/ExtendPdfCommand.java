package org.kyso.examples.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.kyso.core.TrustAnchors;
import org.kyso.pdf.PadesLevel;
import org.kyso.pdf.PdfExtender;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kyso extend pdf}: PAdES augmentation to T, LT or LTA (ETSI EN 319 142-1). */
@Command(name = "pdf", mixinStandardHelpOptions = true, versionProvider = Versions.class, sortOptions = false,
        usageHelpAutoWidth = true,
        customSynopsis = {"kyso extend pdf IN -o OUT --level T|LT|LTA [--tsa URL] [--trust PATH]...",
                "                [--force]"},
        description = {"Extend the signatures of a signed PDF (by KySo or any other product) to a",
                "higher PAdES level. Each step is an incremental update: existing signatures",
                "stay valid, and the input is never changed.",
                "  T    adds a document timestamp (needs --tsa);",
                "  LT   adds certificates and OCSP/CRL answers for every signature and",
                "       timestamp, fetched online;",
                "  LTA  does LT, then adds a document timestamp over it (needs --tsa). Run it",
                "       again before the last timestamp's certificate expires, to renew.",
                "A signature whose certificate expired or was revoked before any timestamp",
                "cannot be extended."},
        footerHeading = "%nExamples:%n",
        footer = {"  kyso extend pdf signed.pdf -o signed-t.pdf --level T \\",
                "      --tsa http://tsa.example/tsr",
                "  kyso extend pdf signed.pdf -o archive.pdf --level LTA \\",
                "      --tsa http://tsa.example/tsr --trust roots/"})
final class ExtendPdfCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "The signed PDF to extend.")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, order = 0, description = "The extended PDF.")
    Path output;

    @Option(names = "--level", paramLabel = "LEVEL", required = true, order = 1,
            description = "The PAdES level to reach: T, LT or LTA.")
    PadesLevel level;

    @Option(names = "--tsa", paramLabel = "URL", order = 2, converter = Converters.HttpUrl.class,
            description = "RFC 3161 time-stamping authority (needed for T and LTA, and for LT when a signature has no timestamp yet).")
    URI tsa;

    @Option(names = "--trust", paramLabel = "PATH", order = 3,
            description = "Certificates (file, folder or store) that complete the chains embedded at LT and LTA. Repeatable.")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--force", order = 4, description = "Replace OUT if it already exists.")
    boolean force;

    @Mixin
    ServiceTimeout timeouts;

    @Override
    public Integer call() throws Exception {
        if (level == PadesLevel.B) {
            throw usage("--level B is where signatures start: extend to T, LT or LTA");
        }
        if (tsa == null && level != PadesLevel.LT) {
            throw usage("--level " + level + " adds a document timestamp: add --tsa URL");
        }
        Outputs.check(output, force, input);
        TrustAnchors anchors = Trust.load(trust);
        PdfExtender.Builder builder = PdfExtender.builder().level(level).trust(anchors);
        if (tsa != null) {
            builder.timestamping(timeouts.tsa(tsa));
        }
        if (timeouts.given() && level != PadesLevel.T) {
            builder.revocation(timeouts.online());
        }
        builder.build().extend(input, output);
        spec.commandLine().getOut().println("Extended " + input + " -> " + output + " (PAdES-BASELINE-" + level + ")");
        return ExitCode.OK;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
