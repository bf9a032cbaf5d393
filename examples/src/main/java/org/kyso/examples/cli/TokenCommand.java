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
            description = "List slots, tokens and the keys' certificates (no PIN needed).")
    static final class ListCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--module", paramLabel = "PATH",
                description = "The PKCS#11 module (.so, .dll). Default: the first well-known module installed.")
        Path module;

        @Override
        public Integer call() throws KysoException {
            Path lib = module != null ? module : Pkcs11Modules.find();
            List<TokenDescription> tokens = Pkcs11Token.list(lib);
            PrintWriter out = spec.commandLine().getOut();
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
                if (t.keys().isEmpty()) {
                    out.println("  no certificates visible without a login");
                }
                for (TokenKey k : t.keys()) {
                    out.println("  key '" + k.label() + "' id " + k.idHex() + ", " + k.keyType() + " " + k.keySize());
                    out.println("    subject  " + k.subject());
                    out.println("    issuer   " + k.issuer());
                    out.println("    valid    " + k.notBefore() + " to " + k.notAfter());
                    out.println("    SHA-256  " + k.sha256());
                }
            }
            out.flush();
            return ExitCode.OK;
        }
    }
}
