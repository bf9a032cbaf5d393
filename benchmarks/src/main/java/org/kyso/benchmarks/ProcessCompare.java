package org.kyso.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Signing the 100 MB PDF as whole processes, JVM start included: {@code java -jar kyso.jar sign pdf}
 * (what {@code ./kyso} runs) against {@link DssSignMain} (DSS directly) and {@link FloorMain}, in
 * turns, each the given number of times; the median of each is reported.
 *
 * <pre>
 * java -cp benchmarks.jar org.kyso.benchmarks.ProcessCompare KYSO_JAR FIXTURES_DIR RUNS OUT_JSONL
 * </pre>
 */
public final class ProcessCompare {

    private ProcessCompare() {
    }

    public static void main(String[] args) throws Exception {
        String kysoJar = args[0];
        Path dir = Path.of(args[1]);
        int runs = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String self = Path.of(ProcessCompare.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Path input = dir.resolve("in/100mb.pdf");
        Path p12 = dir.resolve("signer.p12");
        Path password = dir.resolve("password.txt");
        Path outKyso = dir.resolve("out/process-kyso.pdf");
        Path outDss = dir.resolve("out/process-dss.pdf");

        List<String> kyso = List.of(java, "-jar", kysoJar, "sign", "pdf", input.toString(), "-o", outKyso.toString(),
                "--p12", p12.toString(), "--password-file", password.toString());
        List<String> dss = List.of(java, "-cp", self, DssSignMain.class.getName(), input.toString(), outDss.toString(),
                p12.toString(), password.toString());
        List<String> floor = List.of(java, "-cp", self, FloorMain.class.getName(), input.toString(), p12.toString(),
                password.toString());

        List<Long> kysoMs = new ArrayList<>();
        List<Long> dssMs = new ArrayList<>();
        List<Long> floorMs = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            // Alternate the order so neither always runs right after the other's writes.
            if (i % 2 == 0) {
                kysoMs.add(time(kyso, dir));
                dssMs.add(time(dss, dir));
            } else {
                dssMs.add(time(dss, dir));
                kysoMs.add(time(kyso, dir));
            }
            floorMs.add(time(floor, dir));
        }
        long k = median(kysoMs);
        long d = median(dssMs);
        long f = median(floorMs);
        String line = String.format(Locale.ROOT, "{\"case\":\"process_sign_pades_bb_100mb\",\"kyso_ms\":%d,"
                        + "\"baseline_ms\":%d,\"floor_ms\":%d,\"kyso_runs_ms\":%s,\"baseline_runs_ms\":%s,"
                        + "\"floor_runs_ms\":%s}%n", k, d, f, kysoMs, dssMs, floorMs);
        Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        System.out.print(line);
    }

    private static long time(List<String> command, Path dir) throws IOException, InterruptedException {
        // Each run writes a new file, as the first one did (kyso refuses to replace one without --force).
        Files.deleteIfExists(dir.resolve("out/process-kyso.pdf"));
        Files.deleteIfExists(dir.resolve("out/process-dss.pdf"));
        File log = dir.resolve("out/process.log").toFile();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        int exit = process.waitFor();
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (exit != 0) {
            throw new IllegalStateException("exit " + exit + " from " + String.join(" ", command) + "; see " + log);
        }
        return ms;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
