package org.kyso.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the peak heap of KySo's job of every case, each in its own JVM started by
 * {@link HeapProbe} with {@code -Xmx128m}; a case that runs out of memory there is run again with
 * 1 GB, and the limit that sufficed is recorded too. Each JVM runs the job once: the peak of a first
 * run (classes loading, caches filling) is the one an application meets. Batches are probed on
 * their first {@value #BATCH_PROBE} documents.
 *
 * <pre>
 * java -cp benchmarks.jar org.kyso.benchmarks.Probes OUT_JSONL [CASE...]
 * </pre>
 */
public final class Probes {

    static final int BATCH_PROBE = 50;
    private static final List<Integer> LIMITS_MB = List.of(128, 1024);

    private Probes() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        List<String> cases = args.length > 1 ? List.of(args).subList(1, args.length) : List.copyOf(Cases.ALL.keySet());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String self = Path.of(Probes.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        // Two probes at a time: a peak heap does not depend on the CPU time the JVM gets.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> results = new ArrayList<>();
        for (String c : cases) {
            results.add(pool.submit(() -> probe(java, self, c)));
        }
        StringBuilder lines = new StringBuilder();
        try {
            for (Future<String> result : results) {
                String line = result.get();
                System.out.println(line);
                lines.append(line).append('\n');
            }
        } finally {
            pool.shutdownNow();
        }
        Files.writeString(out, lines, StandardCharsets.UTF_8);
    }

    private static String probe(String java, String self, String c) throws IOException, InterruptedException {
        boolean batch = Cases.get(c).kind().name().startsWith("BATCH");
        String result = null;
        List<Integer> failed = new ArrayList<>();
        for (int limit : LIMITS_MB) {
            List<String> command = new ArrayList<>(List.of(java, "-Xmx" + limit + "m", "-cp", self,
                    "-XX:+ExitOnOutOfMemoryError", HeapProbe.class.getName(), c, "kyso", "1"));
            if (batch) {
                command.add(String.valueOf(BATCH_PROBE));
            }
            String output = run(command);
            String last = lastJsonLine(output);
            if (last != null) {
                result = last;
                break;
            }
            if (!output.contains("OutOfMemoryError")) {
                throw new IllegalStateException("Heap probe of " + c + " failed:\n" + output);
            }
            failed.add(limit);
        }
        if (result == null) {
            result = String.format(Locale.ROOT, "{\"case\":\"%s\",\"variant\":\"kyso\",\"peak_heap_mb\":null}", c);
        }
        return result.substring(0, result.length() - 1) + ",\"out_of_memory_at_mb\":" + failed
                + (batch ? ",\"documents\":" + BATCH_PROBE : "") + "}";
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] bytes = process.getInputStream().readAllBytes();
        process.waitFor();
        String output = new String(bytes, StandardCharsets.UTF_8);
        return process.exitValue() == 0 ? output : output + "\n(exit " + process.exitValue() + ")";
    }

    private static String lastJsonLine(String output) {
        if (output.contains("(exit ")) {
            return null;
        }
        String[] lines = output.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        return last.startsWith("{") && last.endsWith("}") ? last : null;
    }
}
