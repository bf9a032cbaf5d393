package org.kyso.examples.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kyso sign}: groups {@code sign pdf} and {@code sign xml}. */
@Command(name = "sign", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Sign documents: 'kyso sign pdf' (PAdES) or 'kyso sign xml' (XAdES).",
        subcommands = {SignPdfCommand.class, SignXmlCommand.class})
final class SignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
