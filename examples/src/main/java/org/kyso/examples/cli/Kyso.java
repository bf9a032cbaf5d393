package org.kyso.examples.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code kyso} command: signs PDF and XML documents, validates signatures, time-stamps files.
 * Commands, options, exit codes and the JSON report follow {@code CONTRACT.md}.
 *
 * <pre>{@code
 * int exit = Kyso.run(new String[] {"validate", "--format", "json", "signed.pdf"},
 *         new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.in);
 * }</pre>
 *
 * <p>Errors go to standard error as one line starting with {@code kyso:}; a Java stack trace is
 * printed only with {@code --debug}.
 */
@Command(name = "kyso",
        mixinStandardHelpOptions = true,
        versionProvider = Versions.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Sign and validate PDF (PAdES) and XML (XAdES) documents, and time-stamp files (RFC 3161).",
                "",
                "Start with 'kyso demo': it signs two sample documents with a throwaway test PKI and validates them."},
        subcommands = {DemoCommand.class, SignCommand.class, ExtendCommand.class, ValidateCommand.class, TimestampCommand.class,
                TokenCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"   0 success (validate: all valid)    1 some signature indeterminate",
                "   2 some signature invalid           3 a file has no signature",
                "  64 usage error                     65 malformed input",
                "  66 input cannot be opened          69 TSA, OCSP or CRL unavailable",
                "  70 internal error                  73 output cannot be created",
                "  74 other I/O error                 77 wrong password/PIN, token locked"})
public final class Kyso implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error (for bug reports).")
    boolean debug;

    private final InputStream stdin;

    Kyso(InputStream stdin) {
        this.stdin = stdin;
    }

    /** Standard input, where {@code --password-stdin} reads from (replaceable for tests). */
    InputStream stdin() {
        return stdin;
    }

    @Override
    public Integer call() {
        // 'kyso' alone: show what there is, and fail like any other usage error.
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    public static void main(String[] args) {
        configureLogging(isDebug(args));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int exit = run(args, out, err, System.in);
        out.flush();
        err.flush();
        System.exit(exit);
    }

    /**
     * Runs one command line and returns its exit code; never calls {@link System#exit}. Data goes
     * to {@code out}, messages to {@code err}.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, InputStream stdin) {
        boolean debug = isDebug(args);
        CommandLine commandLine = new CommandLine(new Kyso(stdin));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(Kyso::usageError);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Failures.Failure failure = Failures.classify(e);
            cmd.getErr().println("kyso: " + failure.message()
                    + (failure.code() == ExitCode.SOFTWARE && !debug ? " (run with --debug for the stack trace)" : ""));
            if (debug) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return failure.code();
        });
        int exit;
        try {
            exit = commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            // Errors bypass picocli's handler; a person still gets one line, not a stack trace.
            err.println("kyso: ran out of memory: give the JVM more with JAVA_OPTS=-Xmx1g (or larger)");
            exit = ExitCode.SOFTWARE;
        } catch (StackOverflowError e) {
            err.println("kyso: the input is nested too deeply to process (is it a hostile or damaged file?)");
            exit = ExitCode.SOFTWARE;
        }
        out.flush();
        err.flush();
        return exit;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = Failures.oneLine(e.getMessage()).replaceFirst("^Error: ", "");
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                message += " (did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?)";
            }
        }
        err.println("kyso: " + message);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        if (isDebug(args)) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.USAGE;
    }

    /** {@code --debug} anywhere before a {@code --} end-of-options marker. */
    static boolean isDebug(String[] args) {
        for (String arg : args) {
            if ("--".equals(arg)) {
                return false;
            }
            if ("--debug".equals(arg)) {
                return true;
            }
        }
        return false;
    }

    /**
     * DSS and PDFBox log freely; a command-line user reads the report instead, so logging is off
     * unless {@code --debug} asks for it. slf4j-simple reads these properties once, at its first use.
     */
    private static void configureLogging(boolean debug) {
        String key = "org.slf4j.simpleLogger.defaultLogLevel";
        if (System.getProperty(key) == null) {
            System.setProperty(key, debug ? "info" : "off");
        }
        if (debug && System.getProperty("org.slf4j.simpleLogger.log.org.kyso") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.kyso", "debug");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    }
}
