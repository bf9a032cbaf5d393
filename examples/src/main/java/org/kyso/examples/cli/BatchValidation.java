package org.kyso.examples.cli;

import java.io.IOException;
import java.io.Writer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.kyso.core.ValidationReport;

/**
 * Validates many files for {@code kyso validate}: in the order given, on one or more threads,
 * writing each file's report as soon as it and every file before it are done (so memory stays
 * flat however long the list), with a progress bar on a terminal and the worst exit code at the
 * end.
 */
final class BatchValidation {

    /** Turns reports into the bytes of the chosen format. */
    interface Renderer {

        /** What comes before the first report (an HTML page's head), or "". */
        default String begin() {
            return "";
        }

        /** The text for one file's report ("" to write nothing, e.g. when it could not be read). */
        String render(ValidationReport report) throws CliFailure;

        /** What comes after the last report, or "". */
        default String end() {
            return "";
        }
    }

    /** The line for standard error about a file's report (it could not be read, it has no signature), or null. */
    interface Complaints {
        String about(Path file, ValidationReport report);
    }

    private final List<Path> files;
    private final int jobs;
    private final Function<Path, ValidationReport> validation;

    BatchValidation(List<Path> files, int jobs, Function<Path, ValidationReport> validation) {
        this.files = List.copyOf(files);
        this.jobs = Math.max(1, jobs);
        this.validation = validation;
    }

    /**
     * Validates every file and writes the rendered reports to {@code out}.
     *
     * @param bar whether to draw a progress bar (on a terminal, when the reports go to a file
     *        rather than to the same terminal)
     * @return the worst exit code over all files
     */
    int run(Writer out, Renderer renderer, Complaints complaints, PrintWriter err, boolean bar) throws IOException, CliFailure {
        int worst = ExitCode.OK;
        Progress progress = bar ? Progress.start("Validating", files.size()) : Progress.none();
        ExecutorService pool = jobs > 1 ? Executors.newFixedThreadPool(jobs, daemon()) : null;
        Deque<Future<ValidationReport>> running = new ArrayDeque<>();
        int submitted = 0;
        int done = 0;
        try {
            write(out, renderer.begin());
            while (done < files.size()) {
                // Keep a few files ahead of the writer, no more: reports wait in memory until written.
                while (pool != null && submitted < files.size() && running.size() < jobs * 2) {
                    Path next = files.get(submitted++);
                    running.add(pool.submit(() -> validation.apply(next)));
                }
                Path file = files.get(done);
                progress.show(done, file);
                ValidationReport report = pool == null ? validation.apply(file) : await(running.removeFirst());
                worst = Math.max(worst, ExitCode.of(report));
                String complaint = complaints.about(file, report);
                if (complaint != null) {
                    progress.println(err, complaint);
                }
                write(out, renderer.render(report));
                done++;
            }
            write(out, renderer.end());
            out.flush();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            progress.finish(done);
        }
        return worst;
    }

    private static ValidationReport await(Future<ValidationReport> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while validating", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void write(Writer out, String text) throws IOException {
        if (!text.isEmpty()) {
            out.write(text);
            // Each report reaches its reader (a pipe, a tail -f) as soon as it is complete.
            out.flush();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "kyso-validate");
            thread.setDaemon(true);
            return thread;
        };
    }
}
