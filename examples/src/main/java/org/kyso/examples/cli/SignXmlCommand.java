package org.kyso.examples.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.kyso.core.SigningKey;
import org.kyso.core.TrustAnchors;
import org.kyso.xml.XadesLevel;
import org.kyso.xml.XmlCanonicalization;
import org.kyso.xml.XmlFormat;
import org.kyso.xml.XmlPackaging;
import org.kyso.xml.XmlProfile;
import org.kyso.xml.XmlSigner;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code kyso sign xml}: XAdES baseline signatures (ETSI EN 319 132-1) or plain XMLDSig, optionally
 * laid out by a profile (the Vietnamese e-invoice parties).
 */
@Command(name = "xml", mixinStandardHelpOptions = true, versionProvider = Versions.class, sortOptions = false,
        usageHelpAutoWidth = true,
        customSynopsis = {"kyso sign xml IN -o OUT KEY [OPTIONS]",
                "kyso sign xml --packaging detached IN1 IN2 ... -o OUT KEY [OPTIONS]",
                "  KEY: --p12 FILE (--password-env VAR | --password-file FILE | --password-stdin)",
                "       or --pkcs11 MODULE ... (not yet available)"},
        description = {"Sign an XML document as a XAdES baseline signature (ETSI EN 319 132-1),",
                "or as a plain XML Signature (--format xmldsig), e.g. a Vietnamese",
                "e-invoice (--profile vn-einvoice-seller). Enveloped by default: the",
                "signature is added as the last child of the root element (or of the",
                "element --place selects), and every byte outside it stays as it was.",
                "Detached signatures may cover several files, one reference each.",
                "The input is never changed."},
        footerHeading = "%nExamples:%n",
        footer = {"  kyso sign xml ho-so.xml -o ho-so-signed.xml \\",
                "      --p12 signer.p12 --password-env P12_PASSWORD",
                "  kyso sign xml ho-so.xml -o ho-so-signed.xml --ref-id HS-01 \\",
                "      --place /HoSo/ChuKy --tsa http://tsa.example/tsr \\",
                "      --p12 signer.p12 --password-env P12_PASSWORD",
                "  kyso sign xml hoa-don.xml -o hoa-don-signed.xml \\",
                "      --profile vn-einvoice-seller --p12 signer.p12 --password-file pw.txt",
                "  kyso sign xml data.bin -o data.bin.xades.xml --packaging detached \\",
                "      --p12 signer.p12 --password-file pw.txt",
                "  kyso sign xml --packaging detached to-trinh.pdf phu-luc.xlsx \\",
                "      -o ho-so.xades.xml --p12 signer.p12 --password-file pw.txt",
                "",
                "Profiles (plain XMLDSig, RSA-SHA256, inclusive C14N, as the real invoices):",
                "  vn-einvoice-seller  in HDon/DSCKS/NBan, over DLHDon and a SigningTime",
                "  vn-einvoice-buyer   in HDon/DSCKS/NMua, the same",
                "  vn-einvoice-tax     in HDon/DSCKS/CQT, over DLHDon, MCCQT and a SigningTime",
                "Canonicalizations (--c14n): inclusive, inclusive-with-comments,",
                "  inclusive-1.1, inclusive-1.1-with-comments, exclusive,",
                "  exclusive-with-comments"})
final class SignXmlCommand implements Callable<Integer> {

    /** The {@code --format} values of the contract. */
    enum Format { xades, xmldsig }

    /** The {@code --packaging} values of the contract. */
    enum Packaging { enveloped, enveloping, detached }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "IN",
            description = "The XML document (with --packaging detached: one or more files of any kind,"
                    + " with distinct file names).")
    List<Path> inputs = new ArrayList<>();

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

    @Option(names = "--format", paramLabel = "FORMAT", order = 3,
            description = "xades (default) or xmldsig (plain XML Signature, enveloped, no levels).")
    Format format;

    @Option(names = "--packaging", paramLabel = "PACKAGING", order = 4, defaultValue = "enveloped",
            description = "enveloped (default), enveloping or detached.")
    Packaging packaging;

    @Option(names = "--ref-id", paramLabel = "ID", order = 5,
            description = "Sign the element with this Id attribute instead of the whole document. Repeatable.")
    List<String> refIds = new ArrayList<>();

    @Option(names = "--place", paramLabel = "XPATH", order = 6,
            description = "Append the signature to the element this XPath selects (default: the root element).")
    String place;

    @Option(names = "--profile", paramLabel = "NAME", order = 7, converter = ProfileConverter.class,
            description = "vn-einvoice-seller, vn-einvoice-buyer or vn-einvoice-tax: plain XMLDSig laid out as"
                    + " the e-invoice platforms and the tax authority do (see below).")
    XmlProfile profile;

    @Option(names = "--c14n", paramLabel = "NAME", order = 8, converter = CanonicalizationConverter.class,
            description = "Canonicalization (see below). Default: exclusive for XAdES, inclusive for xmldsig.")
    XmlCanonicalization c14n;

    @Option(names = "--signing-time", order = 9,
            description = "xmldsig: add and sign a SigningTime signature property (profiles always do).")
    boolean signingTime;

    @Option(names = "--trust", paramLabel = "PATH", order = 10,
            description = "Certificates (file, folder or store) that complete the chain embedded at LT and LTA. Repeatable.")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--force", order = 11, description = "Replace OUT if it already exists.")
    boolean force;

    @Mixin
    ServiceTimeout timeouts;

    @Override
    public Integer call() throws Exception {
        key.check();
        XmlFormat xmlFormat = format == null ? null : format == Format.xmldsig ? XmlFormat.XMLDSIG : XmlFormat.XADES;
        boolean plain = xmlFormat == XmlFormat.XMLDSIG || (xmlFormat == null && profile != null);
        if (!plain && level != null && level != XadesLevel.B && tsa == null) {
            throw usage("--level " + level + " needs a time-stamping authority: add --tsa URL, or sign at --level B");
        }
        if (plain && (tsa != null || (level != null && level != XadesLevel.B))) {
            throw usage((profile != null ? "--profile " + profile.cliName() : "--format xmldsig")
                    + " makes plain XML signatures, which have no levels and no time-stamps: leave out --level and --tsa,"
                    + " or sign as XAdES");
        }
        if (inputs.size() > 1 && packaging != Packaging.detached) {
            throw usage("Several inputs are signed in one detached signature: add --packaging detached"
                    + " (an " + packaging + " signature covers one XML document)");
        }
        Outputs.check(output, force, inputs.toArray(Path[]::new));
        for (Path input : inputs) {
            if (input.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
                throw new CliFailure(ExitCode.CANT_CREATE, "The output " + output
                        + " is an input: KySo never overwrites the document it signs; choose another output name");
            }
        }
        Kyso root = (Kyso) spec.root().userObject();
        TrustAnchors anchors = Trust.load(trust);
        try (SigningKey signingKey = key.open(root.stdin())) {
            XmlSigner.Builder builder = XmlSigner.builder()
                    .key(signingKey)
                    .format(xmlFormat)
                    .profile(profile)
                    .level(plain ? null : level)
                    .packaging(XmlPackaging.valueOf(packaging.name().toUpperCase(Locale.ROOT)))
                    .referenceIds(refIds.toArray(String[]::new))
                    .placement(place)
                    .canonicalization(c14n)
                    .signingTimeProperty(signingTime)
                    .trust(anchors);
            if (tsa != null) {
                builder.timestamping(timeouts.tsa(tsa));
            }
            if (timeouts.given() && !plain && (level == XadesLevel.LT || level == XadesLevel.LTA)) {
                builder.revocation(timeouts.online());
            }
            XmlSigner signer;
            try {
                signer = builder.build();
            } catch (IllegalStateException | IllegalArgumentException e) {
                // options that do not fit together, or do not fit the key: the person can fix the command line
                throw usage(optionNames(e.getMessage()));
            }
            if (inputs.size() == 1) {
                signer.sign(inputs.get(0), output);
            } else {
                try {
                    signer.signDetached(inputs, output);
                } catch (IllegalArgumentException e) {
                    // two inputs with one file name, too many inputs: the person can fix the command line
                    throw usage(e.getMessage());
                }
            }
            String what = signer.profile() != null ? "XMLDSig, profile " + signer.profile().cliName()
                    : signer.format() == XmlFormat.XMLDSIG ? "XMLDSig, " + packaging
                    : "XAdES-BASELINE-" + signer.level() + ", " + packaging;
            spec.commandLine().getOut().println("Signed " + String.join(", ", inputs.stream().map(Path::toString).toList())
                    + " -> " + output + " (" + what + ")");
        }
        return ExitCode.OK;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The builder speaks Java; on the command line the same advice names the options. */
    private static String optionNames(String message) {
        return message.replace("timestamping(Tsa.rfc3161(URI.create(\"http://...\")))", "--tsa URL")
                .replace("call trust(TrustAnchors.of(rootCertificate))", "add --trust ROOT.pem")
                .replace("use XAdES (format(XmlFormat.XADES))", "use --format xades")
                .replace("signingTimeProperty(true)", "--signing-time")
                .replace("leave the format out", "leave out --format");
    }

    /** {@code --profile NAME}: a bad name is a usage error listing the profiles. */
    static final class ProfileConverter implements ITypeConverter<XmlProfile> {
        @Override
        public XmlProfile convert(String value) {
            try {
                return XmlProfile.fromName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --c14n NAME}: a bad name is a usage error listing the algorithms. */
    static final class CanonicalizationConverter implements ITypeConverter<XmlCanonicalization> {
        @Override
        public XmlCanonicalization convert(String value) {
            try {
                return XmlCanonicalization.fromName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
