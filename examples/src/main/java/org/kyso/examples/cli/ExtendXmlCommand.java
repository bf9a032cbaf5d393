package org.kyso.examples.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.kyso.core.TrustAnchors;
import org.kyso.xml.XadesLevel;
import org.kyso.xml.XmlExtender;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kyso extend xml}: XAdES augmentation to T, LT or LTA (ETSI EN 319 132-1). */
@Command(name = "xml", mixinStandardHelpOptions = true, versionProvider = Versions.class, sortOptions = false,
        usageHelpAutoWidth = true,
        customSynopsis = {"kyso extend xml IN -o OUT --level T|LT|LTA [--tsa URL] [--trust PATH]...",
                "                [--detached-content FILE]... [--force]"},
        description = {"Extend the XAdES signatures of an XML document (by KySo or any other product)",
                "to a higher level. Only the inside of each signature changes: the rest of the",
                "document stays byte for byte, and the input is never changed.",
                "  T    adds a signature time-stamp (needs --tsa);",
                "  LT   adds certificates and OCSP/CRL answers, fetched online (needs --trust);",
                "  LTA  does LT, then adds an archive time-stamp over it (needs --tsa",
                "       and --trust). Run it again before the last time-stamp's",
                "       certificate expires, to renew.",
                "Plain XMLDSig signatures (e-invoices) have nothing to extend."},
        footerHeading = "%nExamples:%n",
        footer = {"  kyso extend xml ho-so-signed.xml -o ho-so-t.xml --level T \\",
                "      --tsa http://tsa.example/tsr",
                "  kyso extend xml ho-so-signed.xml -o ho-so-lta.xml --level LTA \\",
                "      --tsa http://tsa.example/tsr --trust roots/",
                "  kyso extend xml scan.pdf.xades.xml -o scan.pdf.lta.xml --level LTA \\",
                "      --detached-content scan.pdf --tsa http://tsa.example/tsr --trust roots/"})
final class ExtendXmlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "The signed XML (or detached XAdES signature) to extend.")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, order = 0, description = "The extended XML.")
    Path output;

    @Option(names = "--level", paramLabel = "LEVEL", required = true, order = 1,
            description = "The XAdES level to reach: T, LT or LTA.")
    XadesLevel level;

    @Option(names = "--tsa", paramLabel = "URL", order = 2, converter = Converters.HttpUrl.class,
            description = "RFC 3161 time-stamping authority (needed for T and LTA, and for LT when a signature has no time-stamp yet).")
    URI tsa;

    @Option(names = "--trust", paramLabel = "PATH", order = 3,
            description = "Certificates (file, folder or store) ending the chains embedded at LT and LTA. Repeatable.")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--detached-content", paramLabel = "FILE", order = 4,
            description = "A file a detached signature refers to (needed at LTA). Repeatable.")
    List<Path> detached = new ArrayList<>();

    @Option(names = "--force", order = 5, description = "Replace OUT if it already exists.")
    boolean force;

    @Mixin
    ServiceTimeout timeouts;

    @Override
    public Integer call() throws Exception {
        if (level == XadesLevel.B) {
            throw usage("--level B is where signatures start: extend to T, LT or LTA");
        }
        if (tsa == null && level != XadesLevel.LT) {
            throw usage("--level " + level + " adds a time-stamp: add --tsa URL");
        }
        if (trust.isEmpty() && level != XadesLevel.T) {
            throw usage("--level " + level + " embeds revocation data for chains up to a trusted root: add --trust ROOT.pem");
        }
        Outputs.check(output, force, input);
        TrustAnchors anchors = Trust.load(trust);
        XmlExtender.Builder builder = XmlExtender.builder().level(level).trust(anchors)
                .detachedContent(detached.toArray(Path[]::new));
        if (tsa != null) {
            builder.timestamping(timeouts.tsa(tsa));
        }
        if (timeouts.given() && level != XadesLevel.T) {
            builder.revocation(timeouts.online());
        }
        builder.build().extend(input, output);
        spec.commandLine().getOut().println("Extended " + input + " -> " + output + " (XAdES-BASELINE-" + level + ")");
        return ExitCode.OK;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
