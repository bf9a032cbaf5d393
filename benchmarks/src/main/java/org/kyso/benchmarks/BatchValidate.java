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
 * Validating 1,000 signed PDFs from one CA (ten signers), revocation checked online (testkit OCSP
 * and CRL): KySo with one validator, so one shared revocation cache, for the batch; KySo with a
 * new validator without cache per document; DSS directly (no cache). One operation is the whole
 * batch, each starting with an empty cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class BatchValidate {

    @Param({"batch_validate_1000"})
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

    @Benchmark
    public void kyso_nocache(CpuCounters cpu) throws Exception {
        cpu.run(job);
    }

    @Benchmark
    public void baseline(CpuCounters cpu) throws Exception {
        cpu.run(job);
    }
}
