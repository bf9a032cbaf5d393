package org.kyso.reliability;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.kyso.examples.cli.Kyso;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated corpus files through {@code kyso validate}, run in-process ({@link Kyso#run}): only the
 * exit codes CONTRACT.md gives a validation (0, 1, 2, 3, or 65 for a malformed file; never 70, the
 * internal error), no Java stack trace on either stream, a one-line {@code kyso:} message when the
 * file is refused, and each run within {@value Harness#DEADLINE_SECONDS} s. Output formats and
 * languages rotate (text, json, html, etsi; en, vi).
 *
 * <pre>
 * mvn -B -pl reliability test -Dtest=CliFuzzTest                              # 200 files
 * mvn -B -pl reliability test -Dtest=CliFuzzTest -Dkyso.fuzz.cliCount=2000    # nightly size
 * </pre>
 *
 * Prints {@code RELIABILITY fuzz suite=reliability/CliFuzzTest inputs=N hangs=0 untyped=0 threads=0 bad-exits=0
 * stack-traces=0 ...} (untyped counts every wrong answer), also written to
 * {@code target/reliability/cli-fuzz.txt}.
 */
class CliFuzzTest {

    /** What {@code validate} may exit with for one existing file (CONTRACT.md). */
    private static final Set<Integer> VALIDATE_EXITS = Set.of(0, 1, 2, 3, 65);
    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s*at [\\w$.]+\\(|\\tat |Caused by: ");
    private static final String[] FORMATS = {"text", "json", "html", "etsi"};

    @TempDir
    Path dir;

    @Test
    void mutatedFilesGiveOnlyContractExitCodesAndNoStackTrace() throws Exception {
        long seed = Long.getLong("kyso.fuzz.seed", FuzzTest.DEFAULT_SEED);
        int count = Integer.getInteger("kyso.fuzz.cliCount", 200);
        long maxSeedBytes = Long.getLong("kyso.fuzz.maxSeedBytes", 300_000L);
        Path corpus = Corpus.folder();
        System.out.println("cli-fuzz: seed=" + seed + " inputs=" + count + " corpus=" + corpus);

        try (Harness harness = new Harness()) {
            List<Seeds.Seed> seeds = Seeds.all(corpus, maxSeedBytes);
            Mutator mutator = new Mutator(
                    seeds.stream().filter(s -> s.kind() == Mutator.Kind.PDF).map(Seeds.Seed::data).toList(),
                    seeds.stream().filter(s -> s.kind() == Mutator.Kind.XML).map(Seeds.Seed::data).toList(),
                    harness.trapUrl());

            ExecutorService worker = harness.newWorker();
            Path warm = Files.write(dir.resolve("warm-up.pdf"), seeds.get(0).data());
            worker = harness.run(worker, "warm-up", () -> run("validate", "--offline", warm.toString()), r -> null, t -> null);
            harness.baseline();

            Map<Integer, LongAdder> exits = new ConcurrentHashMap<>();
            long started = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Random r = new Random((seed ^ 0x5DEECE66DL) * 0x9E3779B97F4A7C15L + i);
                Seeds.Seed s = seeds.get(r.nextInt(seeds.size()));
                Mutator.Mutant mutant = mutator.mutate(r, s.data(), s.kind());
                Path file = Files.write(dir.resolve("mutant-" + i + (s.kind() == Mutator.Kind.PDF ? ".pdf" : ".xml")), mutant.data());
                String format = FORMATS[i % FORMATS.length];
                String lang = r.nextBoolean() ? "en" : "vi";
                String[] args = {"validate", "--offline", "--format", format, "--lang", lang, file.toString()};
                String input = "#" + i + " kyso " + String.join(" ", args) + " (" + s.name() + ": " + mutant.description() + ")";
                int before = harness.failures().size();
                worker = harness.run(worker, input, () -> run(args), result -> {
                    exits.computeIfAbsent(result.exit(), k -> new LongAdder()).increment();
                    return judge(result);
                }, t -> "Kyso.run threw " + t.getClass().getName());
                if (harness.failures().size() > before) {
                    Harness.keep("cli-" + seed + "-" + file.getFileName(), mutant.data());
                }
                Files.deleteIfExists(file);
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            List<String> leftover = harness.leftoverThreads();
            List<Harness.Failure> failures = harness.failures();
            long stackTraces = failures.stream().filter(f -> f.detail().startsWith("stack trace")).count();
            long badExits = failures.stream().filter(f -> f.detail().startsWith("exit")).count();
            String line = "RELIABILITY fuzz suite=reliability/CliFuzzTest inputs=" + count + " hangs=" + harness.count("hang")
                    + " untyped=" + harness.count("untyped") + " threads=" + leftover.size() + " bad-exits=" + badExits
                    + " stack-traces=" + stackTraces + " seed=" + seed + " seconds=" + seconds;
            List<String> details = new ArrayList<>();
            exits.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> details.add("exit " + e.getKey() + ": " + e.getValue()));
            failures.forEach(f -> details.add("FAILURE " + f));
            leftover.forEach(t -> details.add("LEFTOVER THREAD " + t));
            harness.allowedThreads().forEach(t -> details.add("allowed new thread " + t));
            Harness.summary("cli-fuzz.txt", line, details);
            details.stream().filter(d -> d.startsWith("exit")).forEach(d -> System.out.println("cli-fuzz: " + d));

            assertThat(failures).as("see target/reliability/cli-fuzz.txt").isEmpty();
            assertThat(leftover).as("threads left behind").isEmpty();
            assertThat(harness.trapConnections()).as("connections to the loopback trap listener").isZero();
        }
    }

    /** Exit code and what one run printed. */
    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Kyso.run(args, new PrintWriter(out), new PrintWriter(err), InputStream.nullInputStream());
        return new Result(exit, out.toString(), err.toString());
    }

    private static String judge(Result r) {
        if (STACK_FRAME.matcher(r.out()).find() || STACK_FRAME.matcher(r.err()).find()) {
            return "stack trace printed (exit " + r.exit() + "): " + r.err() + r.out().substring(0, Math.min(2000, r.out().length()));
        }
        if (!VALIDATE_EXITS.contains(r.exit())) {
            return "exit " + r.exit() + " is not a validation exit code of CONTRACT.md: " + r.err();
        }
        List<String> errLines = r.err().lines().filter(l -> !l.isBlank()).toList();
        if ((r.exit() == 65 || r.exit() == 3) && (errLines.size() != 1 || !errLines.get(0).startsWith("kyso: "))) {
            return "exit " + r.exit() + " without exactly one 'kyso:' line on standard error: " + r.err();
        }
        if (r.exit() <= 2 && r.out().isBlank() && (errLines.size() != 1 || !errLines.get(0).startsWith("kyso: "))) {
            // (--format etsi has no report to write when DSS could not read the file: it says so in one line)
            return "exit " + r.exit() + " without a report on standard output nor a 'kyso:' line saying why: " + r.err();
        }
        return null;
    }
}
