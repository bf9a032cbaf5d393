package org.kyso.examples.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kyso.core.KysoException;
import org.kyso.core.TrustAnchors;
import org.kyso.core.TrustedListInfo;
import org.kyso.core.TrustedListSource;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --tl}, {@code --lotl}, {@code --tl-signer}, {@code --tl-cache}: trust anchors from trusted
 * lists (ETSI TS 119 612), loaded and checked through {@link TrustAnchors#trustedList(TrustedListSource)}.
 */
final class TrustedListOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--tl", paramLabel = "FILE|URL", order = 1,
            description = {"Also trust the trust services of a trusted list (ETSI TS 119 612): a local file, or an"
                    + " http(s) URL downloaded now (with --offline: read from --tl-cache). Its signature must verify"
                    + " with a --tl-signer certificate, and its next update must be ahead. Repeatable."})
    List<String> trustedLists = new ArrayList<>();

    @Option(names = "--lotl", paramLabel = "FILE|URL", order = 1,
            description = "Also trust the trusted lists a list of trusted lists (such as the EU LOTL) points to;"
                    + " --tl-signer then names the LOTL's signing certificates. Repeatable.")
    List<String> listsOfTrustedLists = new ArrayList<>();

    @Option(names = "--tl-signer", paramLabel = "PATH", order = 1,
            description = "Certificates allowed to sign the --tl / --lotl lists: a PEM/DER file, a folder of them,"
                    + " or a password-less PKCS#12/JKS store. Repeatable; required with --tl or --lotl.")
    List<Path> signers = new ArrayList<>();

    @Option(names = "--tl-cache", paramLabel = "DIR", order = 1,
            description = "Where downloaded trusted lists are kept and, with --offline, read from"
                    + " (default: kyso-trusted-lists in the temporary folder).")
    Path cache;

    boolean isEmpty() {
        return trustedLists.isEmpty() && listsOfTrustedLists.isEmpty();
    }

    /**
     * The anchors of every list named; lists named by URL are downloaded unless {@code offline},
     * within {@code timeouts}.
     */
    TrustAnchors load(boolean offline, ServiceTimeout timeouts) throws KysoException {
        if (isEmpty()) {
            if (!signers.isEmpty() || cache != null) {
                throw new ParameterException(spec.commandLine(), "--tl-signer and --tl-cache go with --tl or --lotl");
            }
            return TrustAnchors.none();
        }
        if (signers.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "--tl and --lotl need --tl-signer: the certificates allowed to sign the list, to check its signature");
        }
        TrustAnchors allowed = Trust.load(signers);
        TrustAnchors all = TrustAnchors.none();
        for (String list : trustedLists) {
            all = all.plus(TrustAnchors.trustedList(configure(source(list, false), allowed, offline, timeouts)));
        }
        for (String list : listsOfTrustedLists) {
            all = all.plus(TrustAnchors.trustedList(configure(source(list, true), allowed, offline, timeouts)));
        }
        // Lists that were skipped (a LOTL's unusable trusted lists) or had findings: say so, on stderr.
        for (TrustedListInfo info : all.trustedLists()) {
            if (!info.used() || !info.problems().isEmpty()) {
                spec.commandLine().getErr().println("kyso: note: " + Failures.oneLine(info.toString()));
            }
        }
        spec.commandLine().getErr().flush();
        return all;
    }

    private TrustedListSource configure(TrustedListSource.Builder builder, TrustAnchors allowed, boolean offline,
                                        ServiceTimeout timeouts) {
        builder.signedBy(allowed);
        if (cache != null) {
            builder.cacheFolder(cache);
        }
        if (!offline) {
            timeouts.online(builder);
        }
        return builder.build();
    }

    private TrustedListSource.Builder source(String location, boolean lotl) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("file:")) {
            URI url;
            try {
                url = URI.create(location);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "'" + location + "' is not a valid URL");
            }
            return lotl ? TrustedListSource.listOfTrustedLists(url) : TrustedListSource.trustedList(url);
        }
        Path file = Path.of(location);
        return lotl ? TrustedListSource.listOfTrustedLists(file) : TrustedListSource.trustedList(file);
    }
}
