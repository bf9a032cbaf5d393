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
 * Signing 1,000 one-page PDFs with one key, one signer object: one operation is the whole batch.
 * Setup runs the job on the first {@value Batches#WARM_UP} documents so the JIT has compiled the
 * paths before the measured batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class BatchSign {

    @Param({"batch_sign_1000"})
    public String c;

    private Jobs.Job job;

    /** Builds only the job of the benchmark method this fork runs (its name is the variant). */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) throws Exception {
        String benchmark = params.getBenchmark();
        String variant = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        job = Jobs.create(c, variant);
        Batches.warmUp(c, variant);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        job.close();
    }

    @Benchmark
    public void kyso(CpuCounters cpu) throws Exception {
        cpu.run(job);
    }

    /** {@code PdfSigner.sign(byte[])}: the same signer, no temporary files; see {@link SignOptions}. */
    @Benchmark
    public void kyso_inmemory(CpuCounters cpu) throws Exception {
        cpu.run(job);
    }

    @Benchmark
    public void baseline(CpuCounters cpu) throws Exception {
        cpu.run(job);
    }
}
