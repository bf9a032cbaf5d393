package org.kyso.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * A one-line progress bar on standard error while a batch runs, only when a person watches a
 * terminal and there is more than one file; otherwise it prints nothing.
 */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final int total;
    private final boolean enabled;
    private boolean shown;

    private Progress(PrintWriter err, int total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled;
    }

    static Progress start(PrintWriter err, int total) {
        return new Progress(err, total, total > 1 && System.console() != null);
    }

    /** Shows {@code done} of {@code total} finished, working on {@code current}. */
    void show(int done, Path current) {
        if (!enabled) {
            return;
        }
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        String name = current.getFileName() == null ? current.toString() : current.getFileName().toString();
        err.print("\r\033[K[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + name);
        err.flush();
        shown = true;
    }

    /** Erases the bar so that a message line can be printed. */
    void clear() {
        if (enabled && shown) {
            err.print("\r\033[K");
            err.flush();
            shown = false;
        }
    }

    void finish(int done) {
        if (!enabled) {
            return;
        }
        clear();
        err.println("[" + "#".repeat(WIDTH) + "] " + done + "/" + total + " done");
        err.flush();
    }
}
