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
 * The floor of every case on this machine: SHA-256 over the same bytes plus one RSA-2048
 * signature per document (validation: one verification per signature). Nothing signs or checks a
 * document faster than this.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Floor {

    @Param({"sign_pades_bb_1page", "sign_pades_bb_10mb", "sign_pades_bb_100mb",
            "sign_xades_bb_10kb", "sign_xades_bb_10mb",
            "validate_pdf_1sig", "validate_pdf_5sig", "validate_pdf_20sig", "validate_xml", "validate_pdf_100mb",
            "batch_sign_1000", "batch_validate_1000"})
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
    public void floor() throws Exception {
        job.run();
    }
}
