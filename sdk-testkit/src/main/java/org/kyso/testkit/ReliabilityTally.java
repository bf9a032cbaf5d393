package org.kyso.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;

/**
 * Counts what a reliability test did (faults injected, hostile inputs tried, documents processed,
 * outputs scanned) and what went wrong (hangs, untyped exceptions, partial outputs, attacks that
 * got through, mismatches, leaked secrets), and writes the counts as one line
 *
 * <pre>
 * RELIABILITY faults suite=sdk-pdf/PdfSignerFaultsTest injected=14 hangs=0 untyped=0 partial=0 seconds=9
 * </pre>
 *
 * to standard output and to {@code target/reliability/SUITE.txt} of the module under test (the
 * working directory of a Maven test run), where CI collects them into one table
 * ({@code .ci/reliability-summary}). The test still asserts each count; the tally makes the totals
 * visible, also when an assertion fails. {@code seconds} is the wall-clock time from the tally's
 * creation (for a {@code static final} field: when the test class is initialised, just before its
 * {@code @BeforeAll} methods) to {@link #write()}.
 *
 * <p>Each kind of suite has its own columns:
 *
 * <table>
 * <caption>Kinds and their columns</caption>
 * <tr><th>factory</th><th>columns</th></tr>
 * <tr><td>{@link #faults}</td><td>injected, hangs, untyped, partial</td></tr>
 * <tr><td>{@link #attacks}</td><td>inputs, hangs, untyped, missed</td></tr>
 * <tr><td>{@link #concurrency}</td><td>documents, mismatches, hangs, untyped</td></tr>
 * <tr><td>{@link #secrets}</td><td>scanned, leaks</td></tr>
 * </table>
 *
 * The first column counts what was tried ({@link #run} and {@link #tried()} add to it); asking a
 * tally to count a column its kind does not have is an {@link IllegalStateException}.
 *
 * <pre>{@code
 * static final ReliabilityTally TALLY = ReliabilityTally.faults("sdk-pdf/PdfSignerFaultsTest", KysoException.class);
 *
 * ReliabilityTally.Trial<Void> t = TALLY.run(Duration.ofSeconds(10), () -> { signer.sign(in, out); return null; });
 * assertThat(t.thrown()).isInstanceOf(TimestampException.class);
 * assertThat(TALLY.leftovers(dir, List.of("in.pdf"))).isEmpty();
 *
 * @AfterAll static void summary() { TALLY.write(); }
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class ReliabilityTally {

    /** The outcome of one {@link #run}: what the action returned or threw, how long it took, whether it hung. */
    public record Trial<T>(T value, Throwable thrown, Duration took, boolean hung) {
    }

    /** What is counted; each {@link Kind} prints some of these, under its own name for {@link #TRIED}. */
    private enum Column {
        TRIED, HANGS, UNTYPED, PARTIAL, MISSED, MISMATCHES, LEAKS;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private enum Kind {
        FAULTS("injected", Column.TRIED, Column.HANGS, Column.UNTYPED, Column.PARTIAL),
        ATTACKS("inputs", Column.TRIED, Column.HANGS, Column.UNTYPED, Column.MISSED),
        CONCURRENCY("documents", Column.TRIED, Column.MISMATCHES, Column.HANGS, Column.UNTYPED),
        SECRETS("scanned", Column.TRIED, Column.LEAKS);

        final String tried;
        final List<Column> columns;

        Kind(String tried, Column... columns) {
            this.tried = tried;
            this.columns = List.of(columns);
        }

        String label(Column column) {
            return column == Column.TRIED ? tried : column.label();
        }
    }

    private final Kind kind;
    private final String suite;
    private final Class<? extends Throwable> typed;
    private final AtomicIntegerArray counts = new AtomicIntegerArray(Column.values().length);
    private final long created = System.nanoTime();

    private ReliabilityTally(Kind kind, String suite, Class<? extends Throwable> typed) {
        this.kind = kind;
        this.suite = Objects.requireNonNull(suite, "suite");
        if (suite.isBlank() || suite.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("suite must be one word such as module/TestClass, got '" + suite + "'");
        }
        this.typed = typed;
    }

    /**
     * A tally of injected faults (a service down, slow or answering garbage; a failing disk):
     * {@code injected hangs untyped partial}.
     *
     * @param suite names the test, as {@code module/TestClass}; also the file name under target/reliability
     * @param typed the exception type a failure must have (KySo's {@code KysoException}); anything
     *        else thrown is counted as untyped. {@code null}: every exception counts as untyped
     *        (for actions that report failures otherwise, such as CLI exit codes)
     */
    public static ReliabilityTally faults(String suite, Class<? extends Throwable> typed) {
        return new ReliabilityTally(Kind.FAULTS, suite, typed);
    }

    /**
     * A tally of hostile inputs (crafted documents): {@code inputs hangs untyped missed}, where
     * {@code missed} counts attacks that got through (reported VALID, not refused, or a network
     * connection the input must not cause; see {@link #missed(int)}).
     *
     * @param typed as for {@link #faults}: the exception a refusal must be
     */
    public static ReliabilityTally attacks(String suite, Class<? extends Throwable> typed) {
        return new ReliabilityTally(Kind.ATTACKS, suite, typed);
    }

    /**
     * A tally of documents processed by shared objects on many threads:
     * {@code documents mismatches hangs untyped}, where {@code mismatches} counts documents whose
     * concurrent result differs from the serial one. Every exception counts as untyped.
     */
    public static ReliabilityTally concurrency(String suite) {
        return new ReliabilityTally(Kind.CONCURRENCY, suite, null);
    }

    /**
     * A tally of outputs scanned for secrets (printed text, logs, exception messages, arrays that
     * must be wiped): {@code scanned leaks}.
     */
    public static ReliabilityTally secrets(String suite) {
        return new ReliabilityTally(Kind.SECRETS, suite, null);
    }

    /**
     * Runs {@code action} as one trial (an injected fault, a hostile input, a document) on a daemon
     * thread and waits at most {@code limit}. An action still running then counts as a hang (it is
     * interrupted and left behind, so the test goes on); an exception that is not of the typed
     * class counts as untyped.
     *
     * @throws IllegalStateException for a kind without hangs and untyped columns ({@link #secrets})
     */
    public <T> Trial<T> run(Duration limit, Callable<T> action) {
        require(Column.HANGS);
        require(Column.UNTYPED);
        counts.incrementAndGet(Column.TRIED.ordinal());
        FutureTask<T> task = new FutureTask<>(action);
        Thread thread = new Thread(task, "kyso-reliability-" + suite);
        thread.setDaemon(true);
        long start = System.nanoTime();
        thread.start();
        try {
            T value = task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            return new Trial<>(value, null, Duration.ofNanos(System.nanoTime() - start), false);
        } catch (TimeoutException e) {
            counts.incrementAndGet(Column.HANGS.ordinal());
            task.cancel(true);
            return new Trial<>(null, null, Duration.ofNanos(System.nanoTime() - start), true);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (typed == null || !typed.isInstance(cause)) {
                counts.incrementAndGet(Column.UNTYPED.ordinal());
            }
            return new Trial<>(null, cause, Duration.ofNanos(System.nanoTime() - start), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            throw new IllegalStateException("Interrupted while waiting for a reliability trial", e);
        }
    }

    /** The work for one item of {@link #onThreads}. */
    @FunctionalInterface
    public interface Item<T> {
        T run(int index) throws Exception;
    }

    /**
     * Runs {@code work} for the items 0 to {@code count - 1} on {@code threads} threads, all released
     * at once, and returns the results in item order. Waiting for an item's result longer than
     * {@code limit} counts a hang, an item that throws counts as untyped; either way the exception
     * is rethrown (the others are cancelled). Items the test wants counted as tried, it counts itself.
     *
     * @throws IllegalStateException for a kind without hangs and untyped columns ({@link #secrets})
     */
    public <T> List<T> onThreads(int threads, int count, Duration limit, Item<T> work) throws Exception {
        require(Column.HANGS);
        require(Column.UNTYPED);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return work.run(index);
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get(limit.toNanos(), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    hang();
                    throw e;
                } catch (ExecutionException e) {
                    untyped();
                    throw e;
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Counts one more trial (fault, input, document, output) that the test ran itself. */
    public void tried() {
        tried(1);
    }

    /** Counts {@code count} more trials that the test ran itself. */
    public void tried(int count) {
        add(Column.TRIED, count);
    }

    /** Counts one more injected fault whose action the test ran itself; the same as {@link #tried()}. */
    public void injected() {
        tried(1);
    }

    /** Counts an untyped failure the test recognised itself (a CLI exit 70, a stack trace on stderr). */
    public void untyped() {
        add(Column.UNTYPED, 1);
    }

    /** Counts a hang the test recognised itself. */
    public void hang() {
        add(Column.HANGS, 1);
    }

    /**
     * The names of the files in {@code folder} (not recursive) other than {@code expected}: partial
     * outputs and temporary files a failed operation left behind. Each one is counted as partial.
     */
    public List<String> leftovers(Path folder, Collection<String> expected) {
        require(Column.PARTIAL);
        List<String> extra = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.map(p -> p.getFileName().toString()).filter(name -> !expected.contains(name)).sorted().forEach(extra::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder, e);
        }
        add(Column.PARTIAL, extra.size());
        return extra;
    }

    /** Counts partial outputs the test found itself (an input changed, an output that should not exist). */
    public void partial(int count) {
        add(Column.PARTIAL, count);
    }

    /** Counts attacks that got through: a hostile document reported VALID or not refused, a connection it caused. */
    public void missed(int count) {
        add(Column.MISSED, count);
    }

    /** Counts documents whose result on many threads differs from the serial run's. */
    public void mismatches(int count) {
        add(Column.MISMATCHES, count);
    }

    /** Counts outputs found holding a secret, or secret arrays found not wiped. */
    public void leaks(int count) {
        add(Column.LEAKS, count);
    }

    /** Faults injected, inputs tried, documents processed or outputs scanned: the kind's first column. */
    public int triedCount() {
        return counts.get(Column.TRIED.ordinal());
    }

    /** The same as {@link #triedCount()}, under the name the faults kind prints. */
    public int injectedCount() {
        return triedCount();
    }

    public int hangCount() {
        return counts.get(Column.HANGS.ordinal());
    }

    public int untypedCount() {
        return counts.get(Column.UNTYPED.ordinal());
    }

    public int partialCount() {
        return counts.get(Column.PARTIAL.ordinal());
    }

    public int missedCount() {
        return counts.get(Column.MISSED.ordinal());
    }

    public int mismatchCount() {
        return counts.get(Column.MISMATCHES.ordinal());
    }

    public int leakCount() {
        return counts.get(Column.LEAKS.ordinal());
    }

    /** Whole seconds (rounded) since this tally was created. */
    public long seconds() {
        return Math.round((System.nanoTime() - created) / 1e9);
    }

    /** {@code RELIABILITY <kind> suite=... <column>=N ... seconds=N}, e.g. {@code RELIABILITY faults suite=... injected=N hangs=N untyped=N partial=N seconds=N}. */
    public String line() {
        StringBuilder line = new StringBuilder("RELIABILITY ").append(kind.name().toLowerCase(Locale.ROOT))
                .append(" suite=").append(suite);
        for (Column column : kind.columns) {
            line.append(' ').append(kind.label(column)).append('=').append(counts.get(column.ordinal()));
        }
        return line.append(" seconds=").append(seconds()).toString();
    }

    /**
     * Prints {@link #line()} and writes it to {@code target/reliability/SUITE.txt} (the suite name
     * with '/' replaced by '_'), replacing an earlier run's file.
     *
     * @return the file written
     */
    public Path write() {
        String line = line();
        System.out.println(line);
        Path folder = Path.of("target", "reliability");
        Path file = folder.resolve(suite.replace('/', '_') + ".txt");
        try {
            Files.createDirectories(folder);
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return file;
    }

    @Override
    public String toString() {
        return line();
    }

    private void add(Column column, int count) {
        require(column);
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more, got " + count);
        }
        counts.addAndGet(column.ordinal(), count);
    }

    private void require(Column column) {
        if (!kind.columns.contains(column)) {
            throw new IllegalStateException("A " + kind.name().toLowerCase(Locale.ROOT) + " tally has no "
                    + column.label() + " column; it counts " + kind.columns.stream().map(kind::label).toList());
        }
    }
}
