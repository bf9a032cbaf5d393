package org.kyso.examples.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.xml.XadesLevel;
import org.kyso.xml.XmlPackaging;
import org.kyso.xml.XmlSigner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kyso sign xml}: XAdES baseline signatures (ETSI EN 319 132-1). */
@Command(name = "xml", mixinStandardHelpOptions = true, versionProvider = Versions.class, sortOptions = false,
        usageHelpAutoWidth = true,
        customSynopsis = {"kyso sign xml IN -o OUT KEY [OPTIONS]",
                "  KEY: --p12 FILE (--password-env VAR | --password-file FILE | --password-stdin)",
                "       or --pkcs11 MODULE ... (not yet available)"},
        description = {"Sign an XML document as a XAdES baseline signature (ETSI EN 319 132-1).",
                "Enveloped by default: the signature is added as the last child of the root element. The input is never changed."},
        footerHeading = "%nExamples:%n",
        footer = {"  kyso sign xml ho-so.xml -o ho-so-signed.xml \\",
                "      --p12 signer.p12 --password-env P12_PASSWORD",
                "  kyso sign xml data.bin -o data.bin.xades.xml --packaging detached \\",
                "      --p12 signer.p12 --password-file pw.txt"})
final class SignXmlCommand implements Callable<Integer> {

    /** The {@code --format} values of the contract. */
    enum Format { xades, xmldsig }

    /** The {@code --packaging} values of the contract. */
    enum Packaging { enveloped, enveloping, detached }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "The XML document (any file with --packaging detached).")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, order = 0,
            description = "The signed XML (with --packaging detached: the signature alone; keep it next to IN).")
    Path output;

    @Mixin
    KeyOptions key;

    @Option(names = "--level", paramLabel = "LEVEL", order = 1,
            description = "XAdES level: B, T, LT or LTA. Default: T with --tsa, else B.")
    XadesLevel level;

    @Option(names = "--tsa", paramLabel = "URL", order = 2, converter = Converters.HttpUrl.class,
            description = "RFC 3161 time-stamping authority (needed from level T up).")
    URI tsa;

    @Option(names = "--format", paramLabel = "FORMAT", order = 3, defaultValue = "xades",
            description = "xades (default) or xmldsig (plain XML Signature; not yet supported).")
    Format format;

    @Option(names = "--packaging", paramLabel = "PACKAGING", order = 4, defaultValue = "enveloped",
            description = "enveloped (default), enveloping or detached.")
    Packaging packaging;

    @Option(names = "--ref-id", paramLabel = "ID", order = 5, description = "Sign only the element with this Id (not yet supported).")
    String refId;

    @Option(names = "--place", paramLabel = "XPATH", order = 6, description = "Where to put the signature (not yet supported).")
    String place;

    @Option(names = "--profile", paramLabel = "NAME", order = 7, description = "A named signing profile (not yet supported).")
    String profile;

    @Option(names = "--trust", paramLabel = "PATH", order = 8,
            description = "Certificates (file, folder or store) that complete the chain embedded at LT and LTA. Repeatable.")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--force", order = 9, description = "Replace OUT if it already exists.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (format == Format.xmldsig) {
            throw CliFailure.notYetSupported("--format xmldsig");
        }
        if (refId != null) {
            throw CliFailure.notYetSupported("--ref-id");
        }
        if (place != null) {
            throw CliFailure.notYetSupported("--place");
        }
        if (profile != null) {
            throw CliFailure.notYetSupported("--profile");
        }
        key.check();
        if (level != null && level != XadesLevel.B && tsa == null) {
            throw new ParameterException(spec.commandLine(), "--level " + level
                    + " needs a time-stamping authority: add --tsa URL, or sign at --level B");
        }
        Outputs.check(output, force);
        if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            throw new CliFailure(ExitCode.CANT_CREATE, "The output " + output
                    + " is the input: KySo never overwrites the document it signs; choose another output name");
        }
        Kyso root = (Kyso) spec.root().userObject();
        TrustAnchors anchors = Trust.load(trust);
        try (SigningKey signingKey = key.open(root.stdin())) {
            XmlSigner.Builder builder = XmlSigner.builder()
                    .key(signingKey)
                    .level(level)
                    .packaging(XmlPackaging.valueOf(packaging.name().toUpperCase(Locale.ROOT)))
                    .trust(anchors);
            if (tsa != null) {
                builder.timestamping(Tsa.rfc3161(tsa));
            }
            XmlSigner signer = builder.build();
            signer.sign(input, output);
            spec.commandLine().getOut().println("Signed " + input + " -> " + output + " (XAdES-BASELINE-" + signer.level()
                    + ", " + packaging + ")");
        }
        return ExitCode.OK;
    }
}
