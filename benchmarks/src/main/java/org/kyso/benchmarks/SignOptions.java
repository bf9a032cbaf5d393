package org.kyso.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * KySo's in-memory PDF signing, {@code PdfSigner.sign(byte[])} with the caller reading and writing
 * the files ({@code kyso_inmemory}), against {@code PdfSigner.sign(Path, Path)} (class {@link Sign}),
 * which keeps DSS's intermediate documents in temporary files and writes the output atomically.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SignOptions {

    @Param({"sign_pades_bb_1page"})
    public String c;

    private Jobs.Job job;

    /** Builds only the job of the benchmark method this fork runs (its name is the variant). */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws Exception {
        String benchmark = params.getBenchmark();
        String variant = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        job = Jobs.create(c, variant);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        job.close();
    }

    @Benchmark
    public void kyso_inmemory(CpuCounters cpu) throws Exception {
        cpu.run(job);
    }
}
