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
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Counts what a reliability test did (faults injected) and what went wrong (hangs, untyped
 * exceptions, partial outputs), and writes the counts as one line
 *
 * <pre>
 * RELIABILITY faults suite=sdk-pdf/PdfSignerFaultsTest injected=14 hangs=0 untyped=0 partial=0
 * </pre>
 *
 * to standard output and to {@code target/reliability/SUITE.txt} of the module under test (the
 * working directory of a Maven test run), where CI collects them into one table. The test still
 * asserts each count; the tally makes the totals visible, also when an assertion fails.
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

    private final String kind;
    private final String suite;
    private final Class<? extends Throwable> typed;
    private final AtomicInteger injected = new AtomicInteger();
    private final AtomicInteger hangs = new AtomicInteger();
    private final AtomicInteger untyped = new AtomicInteger();
    private final AtomicInteger partial = new AtomicInteger();

    private ReliabilityTally(String kind, String suite, Class<? extends Throwable> typed) {
        this.kind = kind;
        this.suite = suite;
        this.typed = typed;
    }

    /**
     * A tally of injected faults.
     *
     * @param suite names the test, as {@code module/TestClass}; also the file name under target/reliability
     * @param typed the exception type a failure must have (KySo's {@code KysoException}); anything
     *        else thrown is counted as untyped. {@code null}: every exception counts as untyped
     *        (for actions that report failures otherwise, such as CLI exit codes)
     */
    public static ReliabilityTally faults(String suite, Class<? extends Throwable> typed) {
        return new ReliabilityTally("faults", Objects.requireNonNull(suite, "suite"), typed);
    }

    /**
     * Runs {@code action} as one injected fault on a daemon thread and waits at most {@code limit}.
     * An action still running then counts as a hang (it is interrupted and left behind, so the test
     * goes on); an exception that is not of the typed class counts as untyped.
     */
    public <T> Trial<T> run(Duration limit, Callable<T> action) {
        injected.incrementAndGet();
        FutureTask<T> task = new FutureTask<>(action);
        Thread thread = new Thread(task, "kyso-reliability-" + suite);
        thread.setDaemon(true);
        long start = System.nanoTime();
        thread.start();
        try {
            T value = task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            return new Trial<>(value, null, Duration.ofNanos(System.nanoTime() - start), false);
        } catch (TimeoutException e) {
            hangs.incrementAndGet();
            task.cancel(true);
            return new Trial<>(null, null, Duration.ofNanos(System.nanoTime() - start), true);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (typed == null || !typed.isInstance(cause)) {
                untyped.incrementAndGet();
            }
            return new Trial<>(null, cause, Duration.ofNanos(System.nanoTime() - start), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            throw new IllegalStateException("Interrupted while waiting for a reliability trial", e);
        }
    }

    /** Counts one more injected fault whose action the test ran itself. */
    public void injected() {
        injected.incrementAndGet();
    }

    /** Counts an untyped failure the test recognised itself (a CLI exit 70, a stack trace on stderr). */
    public void untyped() {
        untyped.incrementAndGet();
    }

    /** Counts a hang the test recognised itself. */
    public void hang() {
        hangs.incrementAndGet();
    }

    /**
     * The names of the files in {@code folder} (not recursive) other than {@code expected}: partial
     * outputs and temporary files a failed operation left behind. Each one is counted as partial.
     */
    public List<String> leftovers(Path folder, Collection<String> expected) {
        List<String> extra = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.map(p -> p.getFileName().toString()).filter(name -> !expected.contains(name)).sorted().forEach(extra::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder, e);
        }
        partial.addAndGet(extra.size());
        return extra;
    }

    /** Counts partial outputs the test found itself (an input changed, an output that should not exist). */
    public void partial(int count) {
        partial.addAndGet(count);
    }

    public int injectedCount() {
        return injected.get();
    }

    public int hangCount() {
        return hangs.get();
    }

    public int untypedCount() {
        return untyped.get();
    }

    public int partialCount() {
        return partial.get();
    }

    /** {@code RELIABILITY faults suite=... injected=N hangs=N untyped=N partial=N}. */
    public String line() {
        return "RELIABILITY " + kind + " suite=" + suite + " injected=" + injected.get() + " hangs=" + hangs.get()
                + " untyped=" + untyped.get() + " partial=" + partial.get();
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
}
