package org.kyso.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * Runs one job in this JVM and reports the peak heap it needed: the largest heap occupancy seen
 * just before any garbage collection (summed over the heap pools, from the JVM's GC notifications),
 * or at the end, whichever is larger. Start it with the heap limit to check, e.g. {@code -Xmx128m}:
 *
 * <pre>
 * java -Xmx128m -cp benchmarks.jar org.kyso.benchmarks.HeapProbe CASE [VARIANT [RUNS [LIMIT]]]
 * </pre>
 *
 * Prints one JSON object: case, variant, runs, the wall-clock and the calling thread's CPU time of
 * each run in ms (the CPU time hardly moves with the machine's load), peak_heap_mb, xmx_mb.
 * VARIANT defaults to kyso, RUNS to 2 (the first one loads the classes), LIMIT (batches: only the
 * first LIMIT documents) to all.
 */
public final class HeapProbe {

    private HeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        String caseName = args[0];
        String variant = args.length > 1 ? args[1] : "kyso";
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int limit = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;

        AtomicLong peak = new AtomicLong();
        installGcListener(peak);
        List<Long> times = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (Jobs.Job job = Jobs.create(caseName, variant, limit)) {
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                long c = threads.getCurrentThreadCpuTime();
                job.run();
                times.add((System.nanoTime() - t) / 1_000_000);
                cpu.add((threads.getCurrentThreadCpuTime() - c) / 1_000_000);
                peak.accumulateAndGet(heapUsed(), Math::max);
            }
        }
        long max = Runtime.getRuntime().maxMemory();
        System.out.printf(Locale.ROOT, "{\"case\":\"%s\",\"variant\":\"%s\",\"runs\":%d,\"times_ms\":%s,"
                        + "\"thread_cpu_ms\":%s,\"peak_heap_mb\":%.1f,\"xmx_mb\":%d}%n", caseName, variant, runs, times,
                cpu, peak.get() / 1048576.0, max / 1048576);
    }

    private static long heapUsed() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }

    private static void installGcListener(AtomicLong peak) {
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(gc instanceof NotificationEmitter emitter)) {
                continue;
            }
            emitter.addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long before = 0;
                for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
                    if (isHeapPool(e.getKey())) {
                        before += e.getValue().getUsed();
                    }
                }
                peak.accumulateAndGet(before, Math::max);
            }, null, null);
        }
    }

    private static boolean isHeapPool(String name) {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals(name)) {
                return pool.getType() == MemoryType.HEAP;
            }
        }
        return false;
    }
}
