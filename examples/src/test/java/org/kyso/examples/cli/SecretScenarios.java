package org.kyso.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.kyso.core.KysoException;
import org.kyso.core.PasswordSource;
import org.kyso.core.SoftwareKey;
import org.kyso.core.Tsa;
import org.kyso.pkcs11.Pkcs11Token;

/**
 * The child JVM of {@link SecretsNeverShownTest}: runs failing and succeeding operations with
 * passwords and PINs, through the CLI ({@code --debug}) and the SDK, with every logger at TRACE
 * (set by the parent with {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=trace}), and prints
 * everything it can about them: CLI output, stack traces, {@code toString()}. The parent scans
 * this process's standard output and error for the secrets. Each CLI run ends with a line
 * {@code EXIT <code> <name>} on standard output.
 *
 * <p>Secrets come from the environment ({@code KYSO_P12_PASSWORD}, {@code KYSO_P12_WRONG},
 * {@code KYSO_TOKEN_PIN}, {@code KYSO_TOKEN_WRONG}); paths from system properties {@code kyso.secrets.*}.
 */
public final class SecretScenarios {

    private static final PrintWriter OUT = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    private static final PrintWriter ERR = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);

    private SecretScenarios() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("kyso.secrets.dir"));
        String p12 = System.getProperty("kyso.secrets.p12");
        String pdf = System.getProperty("kyso.secrets.pdf");
        String xml = System.getProperty("kyso.secrets.xml");
        String tsa = System.getProperty("kyso.secrets.tsa");
        String module = System.getProperty("kyso.secrets.module");
        String passwordFile = System.getProperty("kyso.secrets.passwordFile");
        String pinFile = System.getProperty("kyso.secrets.pinFile");
        String password = System.getenv("KYSO_P12_PASSWORD");
        String wrong = System.getenv("KYSO_P12_WRONG");
        String pin = System.getenv("KYSO_TOKEN_PIN");
        String wrongPin = System.getenv("KYSO_TOKEN_WRONG");

        List<String> p12Pdf = List.of("--debug", "sign", "pdf", pdf, "--p12", p12);
        cli("p12-env-wrong", null, p12Pdf, "-o", dir.resolve("a.pdf"), "--password-env", "KYSO_P12_WRONG");
        cli("p12-env-right-T", null, p12Pdf, "-o", dir.resolve("b.pdf"), "--password-env", "KYSO_P12_PASSWORD", "--tsa", tsa);
        cli("p12-file-right", null, p12Pdf, "-o", dir.resolve("c.pdf"), "--password-file", passwordFile);
        List<String> p12Xml = List.of("--debug", "sign", "xml", xml, "--p12", p12);
        cli("p12-stdin-right-xml", password + "\n", p12Xml, "-o", dir.resolve("d.xml"), "--password-stdin");
        cli("p12-stdin-wrong-xml", wrong + "\n", p12Xml, "-o", dir.resolve("e.xml"), "--password-stdin");
        if (module != null) {
            List<String> token = List.of("--debug", "sign", "pdf", pdf, "--pkcs11", module, "--token-label", "kyso-test",
                    "--key-label", "signer-ec");
            cli("pin-env-wrong", null, token, "-o", dir.resolve("f.pdf"), "--pin-env", "KYSO_TOKEN_WRONG");
            cli("pin-file-right", null, token, "-o", dir.resolve("g.pdf"), "--pin-file", pinFile);
            cli("pin-stdin-right", pin + "\n", token, "-o", dir.resolve("h.pdf"), "--pin-stdin");
            cli("pin-stdin-wrong", wrongPin + "\n", token, "-o", dir.resolve("i.pdf"), "--pin-stdin");
            cli("token-list", null, List.of("--debug", "token", "list", "--module", module));
        }

        // The SDK directly: failures printed with their stack traces, objects with toString().
        sdk("SoftwareKey wrong", () -> SoftwareKey.open(Path.of(p12), PasswordSource.env("KYSO_P12_WRONG")));
        sdk("SoftwareKey right", () -> SoftwareKey.open(Path.of(p12), PasswordSource.of(password.toCharArray())));
        show("PasswordSource.of", PasswordSource.of(password.toCharArray()));
        show("PasswordSource.env", PasswordSource.env("KYSO_P12_PASSWORD"));
        show("PasswordSource.file", PasswordSource.file(Path.of(passwordFile)));
        show("Tsa with basic auth", Tsa.builder(URI.create(tsa)).basicAuth("kyso", PasswordSource.of(password.toCharArray())).build());
        show("Tsa.Builder", Tsa.builder(URI.create(tsa)).basicAuth("kyso", PasswordSource.of(password.toCharArray())));
        if (module != null) {
            Pkcs11Token.Builder wrongBuilder = Pkcs11Token.builder().library(Path.of(module)).tokenLabel("kyso-test")
                    .pin(wrongPin.toCharArray());
            show("Pkcs11Token.Builder", wrongBuilder);
            sdk("Pkcs11Token wrong PIN", wrongBuilder::open);
            try (Pkcs11Token token = Pkcs11Token.builder().library(Path.of(module)).tokenLabel("kyso-test")
                    .pin(PasswordSource.env("KYSO_TOKEN_PIN")).open()) {
                show("Pkcs11Token", token);
                show("Pkcs11Token keys", token.keys());
                show("Pkcs11Token key", token.key("signer-ec"));
            }
        }
        OUT.println("DONE");
    }

    private static void cli(String name, String stdin, List<String> base, Object... more) {
        List<String> args = new ArrayList<>(base);
        for (Object o : more) {
            args.add(o.toString());
        }
        InputStream in = stdin == null ? InputStream.nullInputStream()
                : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        OUT.println("RUN " + name);
        int exit = Kyso.run(args.toArray(new String[0]), OUT, ERR, in);
        OUT.flush();
        ERR.flush();
        OUT.println("EXIT " + exit + " " + name);
    }

    @FunctionalInterface
    private interface Action {
        Object run() throws Exception;
    }

    private static void sdk(String name, Action action) {
        try {
            Object result = action.run();
            show(name, result);
            if (result instanceof AutoCloseable closeable) {
                closeable.close();
            }
        } catch (KysoException | RuntimeException e) {
            ERR.println(name + " threw " + e);
            e.printStackTrace(ERR);
            ERR.flush();
        } catch (Exception e) {
            ERR.println(name + " threw " + e);
            e.printStackTrace(ERR);
        }
    }

    private static void show(String name, Object value) {
        OUT.println(name + ": " + value);
    }
}
