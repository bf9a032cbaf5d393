package org.kyso.benchmarks;

/** Warm-up of batch jobs outside the measured batch. */
final class Batches {

    /** Documents each batch job processes, untimed, before the measured batches. */
    static final int WARM_UP = 20;

    private Batches() {
    }

    static void warmUp(String caseName, String variant) throws Exception {
        try (Jobs.Job job = Jobs.create(caseName, variant, WARM_UP)) {
            job.run();
        }
    }
}
