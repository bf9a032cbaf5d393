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

/** Validating one document (trusting the testkit root, OCSP and CRL online); KySo against DSS directly. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Validate {

    @Param({"validate_pdf_1sig", "validate_pdf_5sig", "validate_pdf_20sig", "validate_xml", "validate_pdf_100mb"})
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
    public void kyso(CpuCounters cpu) throws Exception {
        cpu.run(job);
    }

    @Benchmark
    public void baseline(CpuCounters cpu) throws Exception {
        cpu.run(job);
    }
}
