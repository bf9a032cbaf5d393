package org.kyso.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.kyso.testkit.ExternalTools;
import org.kyso.testkit.KeyType;
import org.kyso.testkit.Leaf;
import org.kyso.testkit.LeafSpec;
import org.kyso.testkit.TestPki;

/**
 * A SoftHSM2 token made by softhsm2-util and pkcs11-tool (not by KySo), label {@code kyso-test},
 * user PIN 1234, holding: "signer" (RSA 2048, id 01), "signer-ec" (P-256, id 02), two keys both
 * labelled "dup" (ids 03, 04) and the intermediate CA certificate. Each call makes a new token
 * folder and points the SOFTHSM2_CONF file (set for the test JVM by surefire) at it.
 */
final class SoftHsm {

    static final String LABEL = "kyso-test";
    static final char[] PIN = "1234".toCharArray();
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    final Path module;
    final Leaf rsa;
    final Leaf ec;
    final Leaf dup1;
    final Leaf dup2;

    private SoftHsm(Path module, Leaf rsa, Leaf ec, Leaf dup1, Leaf dup2) {
        this.module = module;
        this.rsa = rsa;
        this.ec = ec;
        this.dup1 = dup1;
        this.dup2 = dup2;
    }

    static SoftHsm create(TestPki pki) throws IOException {
        ExternalTools.require("softhsm2-util");
        ExternalTools.require("pkcs11-tool");
        Path module = Path.of("/usr/lib/softhsm/libsofthsm2.so");
        if (!Files.isRegularFile(module)) {
            module = Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so");
        }
        Assumptions.assumeTrue(Files.isRegularFile(module) || System.getenv("CI") != null, "SoftHSM2 module not found");
        assertThat(module).as("SoftHSM2 module").isRegularFile();
        String confVariable = System.getenv("SOFTHSM2_CONF");
        assertThat(confVariable).as("SOFTHSM2_CONF (set by surefire)").isNotNull();
        Path conf = Path.of(confVariable);
        Files.createDirectories(conf.getParent());
        Path tokens = Files.createTempDirectory(conf.getParent(), "tokens-");
        Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");

        run("softhsm2-util", "--init-token", "--free", "--label", LABEL, "--pin", new String(PIN), "--so-pin", "5678");
        Leaf rsa = pki.issue(LeafSpec.builder().subject("CN=Token RSA Signer, O=KySo Test, C=VN").keyType(KeyType.RSA_2048).build());
        Leaf ec = pki.issue(LeafSpec.builder().subject("CN=Token EC Signer, O=KySo Test, C=VN").keyType(KeyType.ECDSA_P256).build());
        Leaf dup1 = pki.issue(LeafSpec.builder().subject("CN=Dup One, O=KySo Test, C=VN").keyType(KeyType.ECDSA_P256).build());
        Leaf dup2 = pki.issue(LeafSpec.builder().subject("CN=Dup Two, O=KySo Test, C=VN").keyType(KeyType.ECDSA_P256).build());
        Path work = Files.createTempDirectory(conf.getParent(), "objects-");
        write(module, work, rsa, "01", "signer");
        write(module, work, ec, "02", "signer-ec");
        write(module, work, dup1, "03", "dup");
        write(module, work, dup2, "04", "dup");
        Path ca = work.resolve("ca.der");
        try {
            Files.write(ca, pki.intermediate().certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        pkcs11(module, "--write-object", ca.toString(), "--type", "cert", "--id", "a0", "--label", "intermediate");
        return new SoftHsm(module, rsa, ec, dup1, dup2);
    }

    private static void write(Path module, Path work, Leaf leaf, String id, String label) throws IOException {
        Path key = work.resolve(id + "-key.der");
        Path cert = work.resolve(id + "-cert.der");
        Files.write(key, leaf.privateKey().getEncoded());
        try {
            Files.write(cert, leaf.certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        pkcs11(module, "--write-object", key.toString(), "--type", "privkey", "--id", id, "--label", label);
        pkcs11(module, "--write-object", cert.toString(), "--type", "cert", "--id", id, "--label", label);
        Files.delete(key);
    }

    private static void pkcs11(Path module, String... args) {
        String[] command = new String[args.length + 7];
        command[0] = "pkcs11-tool";
        command[1] = "--module";
        command[2] = module.toString();
        command[3] = "--token-label";
        command[4] = LABEL;
        command[5] = "--login";
        command[6] = "--pin=" + new String(PIN);
        System.arraycopy(args, 0, command, 7, args.length);
        run(command);
    }

    private static void run(String... command) {
        ExternalTools.Result result = ExternalTools.run(TIMEOUT, command);
        assertThat(result.exitCode()).as("%s: %s %s", String.join(" ", command), result.stdout(), result.stderr()).isZero();
    }
}
