package org.kyso.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kyso token}: PKCS#11 tokens. Answers exit 64 until sdk-pkcs11 is available. */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "PKCS#11 tokens and smart cards (comes with sdk-pkcs11, not yet available).",
        subcommands = TokenCommand.ListCommand.class)
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    /** {@code kyso token list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Versions.class,
            description = "List slots, tokens and keys with their certificates (not yet available).")
    static final class ListCommand implements Callable<Integer> {

        @Option(names = "--module", paramLabel = "PATH", description = "The PKCS#11 module (.so, .dll).")
        Path module;

        @Override
        public Integer call() throws CliFailure {
            throw new CliFailure(ExitCode.USAGE, "PKCS#11 support comes with sdk-pkcs11 (not yet available)");
        }
    }
}
