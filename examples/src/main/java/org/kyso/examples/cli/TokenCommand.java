package org.kyso.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.kyso.core.KysoException;
import org.kyso.pkcs11.Pkcs11Modules;
import org.kyso.pkcs11.Pkcs11Token;
import org.kyso.pkcs11.TokenDescription;
import org.kyso.pkcs11.TokenKey;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kyso token}: PKCS#11 tokens. */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "PKCS#11 tokens and smart cards.",
        subcommands = TokenCommand.ListCommand.class)
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    /** {@code kyso token list}: what is visible without a PIN. */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Versions.class,
            description = "List slots, tokens (with their PIN flags) and the keys' certificates (no PIN needed).")
    static final class ListCommand implements Callable<Integer> {

        enum Format { text, json }

        @Spec
        CommandSpec spec;

        @Option(names = "--module", paramLabel = "PATH",
                description = "The PKCS#11 module (.so, .dll). Default: the first well-known module installed.")
        Path module;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
                description = "text (default, for people) or json (one JSON object, for scripts).")
        Format format;

        @Override
        public Integer call() throws KysoException {
            Path lib = module != null ? module : Pkcs11Modules.find();
            List<TokenDescription> tokens = Pkcs11Token.list(lib);
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.json) {
                out.println(json(lib, tokens));
            } else {
                text(out, lib, tokens);
            }
            out.flush();
            return ExitCode.OK;
        }

        private static void text(PrintWriter out, Path lib, List<TokenDescription> tokens) {
            out.println("Module " + lib);
            if (tokens.isEmpty()) {
                out.println("  no token present: plug one in");
            }
            for (TokenDescription t : tokens) {
                if (t.label().isEmpty() && t.serial().isEmpty()) {
                    out.println("slot " + t.slotId() + ": token not initialised");
                    continue;
                }
                out.println(t.describe());
                out.println("  PIN      " + (t.loginRequired() ? "login required" : "no login required")
                        + "; count low: " + yesNo(t.pinCountLow()) + "; final try: " + yesNo(t.pinFinalTry())
                        + "; locked: " + yesNo(t.pinLocked()));
                if (t.keys().isEmpty()) {
                    out.println("  no certificates visible without a login");
                }
                for (TokenKey k : t.keys()) {
                    out.println("  key '" + k.label() + "' id " + k.idHex() + ", " + k.keyType() + " " + k.keySize());
                    out.println("    subject  " + k.subject());
                    out.println("    issuer   " + k.issuer());
                    out.println("    valid    " + k.notBefore() + " to " + k.notAfter());
                    out.println("    usage    " + (k.keyUsage().isEmpty() ? "(no key usage extension: any)"
                            : String.join(", ", k.keyUsage())));
                    out.println("    SHA-256  " + k.sha256());
                }
            }
        }

        private static String yesNo(boolean b) {
            return b ? "YES" : "no";
        }

        static String json(Path lib, List<TokenDescription> tokens) {
            StringBuilder j = new StringBuilder("{\"module\":").append(quote(lib.toString())).append(",\"tokens\":[");
            for (int i = 0; i < tokens.size(); i++) {
                TokenDescription t = tokens.get(i);
                j.append(i == 0 ? "" : ",").append("{\"slot\":").append(t.slotId())
                        .append(",\"label\":").append(quote(t.label()))
                        .append(",\"serial\":").append(quote(t.serial()))
                        .append(",\"manufacturer\":").append(quote(t.manufacturer()))
                        .append(",\"model\":").append(quote(t.model()))
                        .append(",\"flags\":{\"loginRequired\":").append(t.loginRequired())
                        .append(",\"pinCountLow\":").append(t.pinCountLow())
                        .append(",\"pinFinalTry\":").append(t.pinFinalTry())
                        .append(",\"pinLocked\":").append(t.pinLocked()).append("},\"keys\":[");
                for (int k = 0; k < t.keys().size(); k++) {
                    TokenKey key = t.keys().get(k);
                    j.append(k == 0 ? "" : ",").append("{\"label\":").append(quote(key.label()))
                            .append(",\"id\":").append(quote(key.idHex()))
                            .append(",\"keyType\":").append(quote(key.keyType()))
                            .append(",\"keySize\":").append(key.keySize())
                            .append(",\"subject\":").append(quote(key.subject()))
                            .append(",\"issuer\":").append(quote(key.issuer()))
                            .append(",\"notBefore\":").append(quote(key.notBefore().toString()))
                            .append(",\"notAfter\":").append(quote(key.notAfter().toString()))
                            .append(",\"keyUsage\":[")
                            .append(String.join(",", key.keyUsage().stream().map(ListCommand::quote).toList()))
                            .append("],\"sha256\":").append(quote(key.sha256())).append('}');
                }
                j.append("]}");
            }
            return j.append("]}").toString();
        }

        private static String quote(String s) {
            StringBuilder q = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> q.append("\\\"");
                    case '\\' -> q.append("\\\\");
                    case '\n' -> q.append("\\n");
                    case '\r' -> q.append("\\r");
                    case '\t' -> q.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            q.append(String.format("\\u%04x", (int) c));
                        } else {
                            q.append(c);
                        }
                    }
                }
            }
            return q.append('"').toString();
        }
    }
}
