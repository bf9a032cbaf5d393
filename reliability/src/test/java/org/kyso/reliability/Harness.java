package org.kyso.reliability;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs calls on worker threads with a deadline each, and keeps the books: hangs (a call past its
 * deadline), untyped failures (an exception the API does not promise, an {@link Error} such as
 * {@link OutOfMemoryError}), threads left behind, and connections to a loopback trap listener
 * (mutants point entities, DTDs, references and transforms at it; nothing may ever connect).
 *
 * <p>Threads: the live threads after the warm-up are the baseline; after the run, any other live
 * thread is a leftover, except those matched by {@link #ALLOWED_THREADS} (each with its reason).
 */
final class Harness implements AutoCloseable {

    /** Every call must end within this. */
    static final long DEADLINE_SECONDS = 10;

    /**
     * Threads that may appear during a run and are not KySo's: name prefix and why it is fine.
     * Found by running the suite and listing the threads that were new afterwards.
     */
    static final Map<String, String> ALLOWED_THREADS = Map.of(
            "ForkJoinPool.commonPool-worker-", "the JDK's common pool (parallel streams, CompletableFuture) keeps idle"
                    + " workers for 60 s, then ends them; it is shared by the JVM, not started per call",
            "Attach Listener", "the JVM's own, started when a tool (jcmd, a profiler) attaches",
            "process reaper", "the JDK's reaper of child processes (tests that run pdfsig/openssl elsewhere in this JVM)");

    /** What went wrong with one call. */
    record Failure(String kind, String input, String detail) {
        @Override
        public String toString() {
            return kind + " | " + input + " | " + detail;
        }
    }

    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger workerCount = new AtomicInteger();
    private final List<ExecutorService> workers = Collections.synchronizedList(new ArrayList<>());
    private final ServerSocket trap;
    private final AtomicInteger trapConnections = new AtomicInteger();
    private final Thread trapThread;
    private Set<Thread> baseline;
    /** Threads new since the baseline that {@link #ALLOWED_THREADS} allows, from the last {@link #leftoverThreads()}. */
    private final Set<String> allowed = new java.util.TreeSet<>();

    Harness() {
        try {
            trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        trapThread = new Thread(() -> {
            while (!trap.isClosed()) {
                try (Socket s = trap.accept()) {
                    trapConnections.incrementAndGet();
                } catch (SocketException e) {
                    return; // closed
                } catch (IOException e) {
                    // keep listening
                }
            }
        }, "kyso-fuzz-trap");
        trapThread.setDaemon(true);
        trapThread.start();
    }

    /** A URL on the trap listener: a connection to it is a failure of the run. */
    String trapUrl() {
        return "http://127.0.0.1:" + trap.getLocalPort();
    }

    int trapConnections() {
        return trapConnections.get();
    }

    /** A worker: one thread, reused for call after call until a call overruns its deadline. */
    ExecutorService newWorker() {
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kyso-fuzz-worker-" + workerCount.incrementAndGet());
            t.setDaemon(true); // a hung call must not keep the test JVM alive
            return t;
        });
        workers.add(worker);
        return worker;
    }

    /** Takes the set of live threads to compare with at the end: call after warming up. */
    void baseline() {
        baseline = new HashSet<>(Thread.getAllStackTraces().keySet());
    }

    /** A check of a call's outcome: returns null when fine, else what is wrong. */
    interface Outcome<T> {
        String judge(T result);
    }

    /** A call that may throw what its API promises: returns null when the exception is fine, else what is wrong. */
    interface Thrown {
        String judge(Throwable thrown);
    }

    /**
     * Runs {@code call} on {@code worker} with the deadline. Returns the worker to use next: the same,
     * or a new one when this call hung (the hung thread is abandoned, and counted as a hang).
     */
    <T> ExecutorService run(ExecutorService worker, String input, Callable<T> call, Outcome<T> outcome, Thrown thrown) {
        calls.incrementAndGet();
        java.util.concurrent.atomic.AtomicReference<Thread> runner = new java.util.concurrent.atomic.AtomicReference<>();
        Future<Object[]> future = worker.submit(() -> {
            runner.set(Thread.currentThread());
            try {
                return new Object[] {call.call(), null};
            } catch (Throwable t) { // OutOfMemoryError and StackOverflowError too: they are judged, not rethrown
                return new Object[] {null, t};
            }
        });
        Object[] result;
        try {
            result = future.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            Thread stuck = runner.get();
            StringBuilder where = new StringBuilder();
            if (stuck != null) {
                StackTraceElement[] stack = stuck.getStackTrace();
                for (int i = 0; i < Math.min(stack.length, 40); i++) {
                    where.append("\n\tat ").append(stack[i]);
                }
            }
            future.cancel(true);
            failures.add(new Failure("hang", input, "no answer within " + DEADLINE_SECONDS + " s" + where));
            worker.shutdownNow();
            return newWorker();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            failures.add(new Failure("untyped", input, stack(e.getCause())));
            return worker;
        }
        Throwable t = (Throwable) result[1];
        if (t != null) {
            String wrong = t instanceof Error ? (t instanceof OutOfMemoryError ? "OutOfMemoryError" : t.getClass().getName())
                    : thrown.judge(t);
            if (wrong != null) {
                failures.add(new Failure(t instanceof OutOfMemoryError ? "oom" : "untyped", input, wrong + "\n" + stack(t)));
            }
            return worker;
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        String wrong;
        try {
            wrong = outcome.judge(value);
        } catch (RuntimeException e) {
            wrong = "the result cannot be used: " + stack(e);
        }
        if (wrong != null) {
            failures.add(new Failure("untyped", input, wrong));
        }
        return worker;
    }

    /** Stops every worker and returns the threads that outlived the run (other than those allowed). */
    List<String> leftoverThreads() {
        for (ExecutorService w : workers) {
            w.shutdownNow();
        }
        for (ExecutorService w : workers) {
            try {
                w.awaitTermination(DEADLINE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> leftover = List.of();
        allowed.clear();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            leftover = new ArrayList<>();
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                Thread t = e.getKey();
                if (!t.isAlive() || baseline.contains(t) || t == trapThread || t.getName().startsWith("kyso-fuzz-worker-")
                        && failures.stream().anyMatch(f -> f.kind().equals("hang"))) {
                    continue;
                }
                if (ALLOWED_THREADS.keySet().stream().anyMatch(t.getName()::startsWith)) {
                    allowed.add(t.getName());
                    continue;
                }
                StackTraceElement[] stack = e.getValue();
                leftover.add(t.getName() + (t.isDaemon() ? " (daemon)" : "") + " at "
                        + (stack.length == 0 ? "?" : stack[0] + (stack.length > 3 ? " < " + stack[3] : "")));
            }
            if (leftover.isEmpty()) {
                break;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return leftover;
    }

    /** The new threads {@link #leftoverThreads()} let pass, by name. */
    Set<String> allowedThreads() {
        return Set.copyOf(allowed);
    }

    int calls() {
        return calls.get();
    }

    List<Failure> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    long count(String kind) {
        return failures().stream().filter(f -> f.kind().equals(kind)).count();
    }

    /** Writes {@code line} to standard output and to {@code target/reliability/NAME}. */
    static void summary(String name, String line, List<String> details) {
        System.out.println(line);
        try {
            Path dir = Files.createDirectories(Path.of("target", "reliability"));
            List<String> lines = new ArrayList<>();
            lines.add(line);
            lines.addAll(details);
            Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps a failing input under {@code target/reliability/failures/} for minimizing. */
    static Path keep(String name, byte[] data) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "reliability", "failures"));
            return Files.write(dir.resolve(name), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String stack(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.length() > 4000 ? s.substring(0, 4000) + "..." : s;
    }

    @Override
    public void close() {
        for (ExecutorService w : workers) {
            w.shutdownNow();
        }
        try {
            trap.close();
        } catch (IOException e) {
            // closing
        }
    }
}
