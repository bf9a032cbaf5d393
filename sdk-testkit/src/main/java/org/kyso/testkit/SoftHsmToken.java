package org.kyso.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A SoftHSM2 token made by {@code softhsm2-util} and {@code pkcs11-tool} (not by KySo), for tests
 * of PKCS#11 code. Label {@value #LABEL}, user PIN {@code 1234}, SO PIN {@code 5678}, holding:
 * "signer" (RSA 2048, id 01), "signer-ec" (P-256, id 02), two keys both labelled "dup" (ids 03,
 * 04), each with its certificate under the same CKA_ID, and the intermediate CA certificate
 * (id a0, no key).
 *
 * <pre>{@code
 * SoftHsmToken hsm = SoftHsmToken.create(pki);
 * try (Pkcs11Token token = Pkcs11Token.builder().library(hsm.module()).tokenLabel(SoftHsmToken.LABEL)
 *         .pin(hsm.pin()).open()) { ... }
 * }</pre>
 *
 * <p>SoftHSM2 reads the file named by the environment variable {@code SOFTHSM2_CONF} when the module
 * is initialised, and a JVM cannot change its own environment; so the test JVM must have
 * {@code SOFTHSM2_CONF} set (surefire's {@code environmentVariables}) to a file this class may
 * overwrite. Each {@link #create(TestPki)} writes that file afresh, pointing it at a new token folder
 * in a temporary directory next to it, so every call starts from exactly one token. Close any token
 * opened on an earlier one first: SoftHSM2 reads the file again only at the next C_Initialize.
 *
 * <p>Missing tools or module skip the test on a developer machine and fail it in CI, as
 * {@link ExternalTools#require(String)} does.
 */
public final class SoftHsmToken {

    /** The token label. */
    public static final String LABEL = "kyso-test";

    private static final String USER_PIN = "1234";
    private static final String SO_PIN = "5678";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<Path> MODULES = List.of(
            Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/local/lib/softhsm/libsofthsm2.so"));

    private final Path module;
    private final Path tokens;
    private final Path work;
    private final Leaf rsa;
    private final Leaf ec;
    private final Leaf dup1;
    private final Leaf dup2;

    private SoftHsmToken(Path module, Path tokens, Path work, Leaf rsa, Leaf ec, Leaf dup1, Leaf dup2) {
        this.module = module;
        this.tokens = tokens;
        this.work = work;
        this.rsa = rsa;
        this.ec = ec;
        this.dup1 = dup1;
        this.dup2 = dup2;
    }

    /** Makes a fresh token holding the keys listed above, issued by {@code pki}. */
    public static SoftHsmToken create(TestPki pki) throws IOException {
        Objects.requireNonNull(pki, "pki");
        ExternalTools.require("softhsm2-util");
        ExternalTools.require("pkcs11-tool");
        Path module = MODULES.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        if (module == null) {
            missing("the SoftHSM2 module (libsofthsm2.so) is not in any of " + MODULES + "; install softhsm2");
        }
        String confVariable = System.getenv("SOFTHSM2_CONF");
        if (confVariable == null || confVariable.isBlank()) {
            throw new AssertionError("SOFTHSM2_CONF is not set for this JVM: set it in surefire's "
                    + "<environmentVariables> to a file the tests may overwrite, e.g. target/softhsm2/softhsm2.conf");
        }
        Path conf = Path.of(confVariable).toAbsolutePath();
        Files.createDirectories(conf.getParent());
        Path tokens = Files.createTempDirectory(conf.getParent(), "tokens-");
        Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        Path work = Files.createTempDirectory(conf.getParent(), "objects-");

        run("softhsm2-util", "--init-token", "--free", "--label", LABEL, "--pin", USER_PIN, "--so-pin", SO_PIN);
        SoftHsmToken hsm = new SoftHsmToken(module, tokens, work,
                pki.issue(leaf("CN=Token RSA Signer, O=KySo Test, C=VN", KeyType.RSA_2048)),
                pki.issue(leaf("CN=Token EC Signer, O=KySo Test, C=VN", KeyType.ECDSA_P256)),
                pki.issue(leaf("CN=Dup One, O=KySo Test, C=VN", KeyType.ECDSA_P256)),
                pki.issue(leaf("CN=Dup Two, O=KySo Test, C=VN", KeyType.ECDSA_P256)));
        hsm.importKey(hsm.rsa, "01", "signer");
        hsm.importKey(hsm.ec, "02", "signer-ec");
        hsm.importKey(hsm.dup1, "03", "dup");
        hsm.importKey(hsm.dup2, "04", "dup");
        hsm.importCertificate(pki.intermediate().certificate(), "a0", "intermediate");
        return hsm;
    }

    private static LeafSpec leaf(String subject, KeyType type) {
        return LeafSpec.builder().subject(subject).keyType(type).build();
    }

    private static void missing(String message) {
        if ("true".equalsIgnoreCase(System.getenv().getOrDefault("CI", "").trim())) {
            throw new AssertionError(message + " (required in CI)");
        }
        Assumptions.abort(message);
    }

    /**
     * Writes {@code leaf}'s private key and certificate onto the token with pkcs11-tool, both with
     * CKA_ID {@code idHex} and CKA_LABEL {@code label}.
     */
    public void importKey(Leaf leaf, String idHex, String label) throws IOException {
        Path key = work.resolve(idHex + "-key.der");
        Files.write(key, leaf.privateKey().getEncoded());
        try {
            pkcs11("--write-object", key.toString(), "--type", "privkey", "--id", idHex, "--label", label);
        } finally {
            Files.deleteIfExists(key);
        }
        importCertificate(leaf.certificate(), idHex, label);
    }

    /** Writes a certificate (without a key) onto the token. */
    public void importCertificate(X509Certificate certificate, String idHex, String label) throws IOException {
        Path cert = work.resolve(idHex + "-" + System.nanoTime() + "-cert.der");
        try {
            Files.write(cert, certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("Cannot encode " + certificate.getSubjectX500Principal(), e);
        }
        pkcs11("--write-object", cert.toString(), "--type", "cert", "--id", idHex, "--label", label);
    }

    /**
     * Deletes the token's folder, as close as SoftHSM2 comes to pulling a USB token out: the
     * module's next look at its object store finds no token.
     */
    public void deleteTokenFolder() {
        try (Stream<Path> files = Files.walk(tokens)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(tokens)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the token folder " + tokens, e);
        }
    }

    /** The SoftHSM2 PKCS#11 module. */
    public Path module() {
        return module;
    }

    /** The folder SoftHSM2 keeps this token in. */
    public Path tokenFolder() {
        return tokens;
    }

    /** The user PIN, a new array on each call (the caller may wipe it). */
    public char[] pin() {
        return USER_PIN.toCharArray();
    }

    /** "signer": RSA 2048, id 01. */
    public Leaf rsa() {
        return rsa;
    }

    /** "signer-ec": P-256, id 02. */
    public Leaf ec() {
        return ec;
    }

    /** The first "dup": P-256, id 03. */
    public Leaf dup1() {
        return dup1;
    }

    /** The second "dup": P-256, id 04. */
    public Leaf dup2() {
        return dup2;
    }

    private void pkcs11(String... args) {
        List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", module.toString(),
                "--token-label", LABEL, "--login", "--pin=" + USER_PIN));
        command.addAll(Arrays.asList(args));
        run(command.toArray(new String[0]));
    }

    private static void run(String... command) {
        ExternalTools.Result result = ExternalTools.run(TIMEOUT, command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + ": "
                    + result.stdout() + result.stderr());
        }
    }

    @Override
    public String toString() {
        return "SoftHsmToken['" + LABEL + "' in " + tokens + "]";
    }
}
