package org.kyso.examples.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kyso extend}: raises the level of existing signatures; {@code kyso extend pdf} for PAdES, {@code xml} for XAdES. */
@Command(name = "extend", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Extend existing signatures to a higher level: 'kyso extend pdf' (PAdES T, LT, LTA),"
                + " 'kyso extend xml' (XAdES T, LT, LTA).",
        subcommands = {ExtendPdfCommand.class, ExtendXmlCommand.class})
final class ExtendCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
