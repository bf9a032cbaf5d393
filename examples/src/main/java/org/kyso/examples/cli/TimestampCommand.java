package org.kyso.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.Callable;

import org.kyso.core.Timestamp;
import org.kyso.core.Tsa;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kyso timestamp}: an RFC 3161 time-stamp token for a file's digest. */
@Command(name = "timestamp", mixinStandardHelpOptions = true, versionProvider = Versions.class, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Time-stamp a file with an RFC 3161 time-stamping authority.",
                "Sends the file's SHA-256 digest to the TSA and writes the token it returns (a DER TimeStampToken,",
                "CMS SignedData) to OUT, after checking status, nonce, digest, TSA certificate usage and signature."},
        footerHeading = "%nChecking the token with OpenSSL:%n",
        footer = {"  openssl ts -verify -data FILE -in OUT.tsr -token_in -CAfile root.pem",
                "      (add -untrusted intermediate.pem when the TSA's CA is an intermediate)",
                "  openssl ts -reply -in OUT.tsr -token_in -text",
                "      (shows the time, serial number, policy and TSA name)"})
final class TimestampCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to time-stamp (it is not changed).")
    Path file;

    @Option(names = "--tsa", paramLabel = "URL", required = true, converter = Converters.HttpUrl.class,
            description = "The RFC 3161 time-stamping authority.")
    URI tsaUrl;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.tsr", required = true,
            description = "Where to write the token (DER).")
    Path output;

    @Option(names = "--force", description = "Replace OUT if it already exists.")
    boolean force;

    @Mixin
    ServiceTimeout timeouts;

    @Override
    public Integer call() throws Exception {
        Outputs.check(output, force, file);
        Tsa tsa = timeouts.tsa(tsaUrl);
        byte[] digest = digest(file, tsa.digest().jcaName());
        Timestamp token = tsa.timestampDigest(tsa.digest(), digest);
        byte[] encoded = token.encoded();
        Outputs.write(output, out -> out.write(encoded));
        spec.commandLine().getOut().println("Time-stamped " + file + " at " + token.time() + " by "
                + token.tsaCertificate().getSubjectX500Principal().getName() + " (serial "
                + token.serialNumber().toString(16) + ") -> " + output);
        return ExitCode.OK;
    }

    /** Streams the file through the digest: files of any size, never held in memory. */
    private static byte[] digest(Path file, String algorithm) throws CliFailure {
        if (Files.isDirectory(file)) {
            throw new CliFailure(ExitCode.NO_INPUT, "Cannot time-stamp " + file + ": it is a folder");
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks " + algorithm, e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return digest.digest();
        } catch (NoSuchFileException e) {
            throw new CliFailure(ExitCode.NO_INPUT, "Cannot open " + file + ": no such file", e);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.NO_INPUT, "Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
