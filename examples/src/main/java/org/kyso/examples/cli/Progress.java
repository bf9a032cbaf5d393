package org.kyso.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error while a batch runs, only when a person watches a terminal and
 * there is more than one file. While the bar is drawn, result lines are held back and printed
 * after it, so they do not tear the bar apart; without a terminal they are printed at once.
 */
final class Progress {

    private final ProgressBar bar;
    private final List<Runnable> heldBack = new ArrayList<>();

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress start(int total) {
        return start("Signing", total);
    }

    /** No bar: lines are printed at once. */
    static Progress none() {
        return new Progress(null);
    }

    /** A bar named {@code task} ("Signing", "Validating") over {@code total} files. */
    static Progress start(String task, int total) {
        if (total < 2 || System.console() == null) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(200)
                .build());
    }

    /** Shows {@code done} finished files, working on {@code current}. */
    void show(int done, Path current) {
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(current.getFileName() == null ? current.toString() : current.getFileName().toString());
        }
    }

    /** Prints a line now, or after the bar when one is shown. */
    void println(PrintWriter target, String line) {
        if (bar == null) {
            target.println(line);
            target.flush();
        } else {
            heldBack.add(() -> {
                target.println(line);
                target.flush();
            });
        }
    }

    void finish(int done) {
        if (bar != null) {
            bar.stepTo(done);
            bar.close();
            heldBack.forEach(Runnable::run);
            heldBack.clear();
        }
    }
}
