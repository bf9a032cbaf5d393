package org.kyso.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The benchmark thread's CPU time, next to JMH's wall-clock score: JMH reports both fields as
 * secondary results, and {@link Report} divides them into CPU milliseconds per operation. Unlike
 * wall-clock time, CPU time hardly moves when other processes compete for the cores, so a ratio of
 * CPU times shows KySo's own overhead even on a busy machine. It leaves out other threads (HTTP
 * client threads, GC, JIT) and the time spent waiting (TSA, OCSP, disk).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuCounters {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU time of the benchmark thread inside the measured jobs, in nanoseconds. */
    public long cpuNs;
    /** Jobs measured. */
    public long jobs;

    @Setup(Level.Iteration)
    public void reset() {
        cpuNs = 0;
        jobs = 0;
    }

    void run(Jobs.Job job) throws Exception {
        long start = THREADS.getCurrentThreadCpuTime();
        job.run();
        cpuNs += THREADS.getCurrentThreadCpuTime() - start;
        jobs++;
    }
}
