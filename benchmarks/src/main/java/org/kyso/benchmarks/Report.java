package org.kyso.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns one run's measurements into the table and {@code results.jsonl}: JMH's JSON results
 * ({@code jmh-*.json}), the heap probes ({@code heap.jsonl}) and the whole-process comparison
 * ({@code process.jsonl}) in RUN_DIR. Prints the table and the targets, met or not.
 *
 * <pre>
 * java -cp benchmarks.jar org.kyso.benchmarks.Report RUN_DIR RESULTS_JSONL
 * </pre>
 */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Targets of project issue 7. */
    static final double MAX_RATIO_BASELINE = 1.10;
    static final double MAX_RATIO_FLOOR_100MB = 2.0;
    static final double MAX_RATIO_VALIDATE_20 = 1.0;
    static final double MIN_CACHE_SPEEDUP = 3.0;
    static final double MAX_HEAP_100MB = 128;
    static final double MAX_RATIO_PROCESS = 1.25;

    private Report() {
    }

    /** One row: milliseconds per operation of each variant (a batch case: per batch). */
    static final class Row {
        final String name;
        final Map<String, Double> ms = new LinkedHashMap<>();
        final Map<String, Double> error = new LinkedHashMap<>();
        /** The benchmark thread's CPU milliseconds per operation ({@link CpuCounters}). */
        final Map<String, Double> cpu = new LinkedHashMap<>();
        Double peakHeapMb;
        Integer heapLimitMb;
        String what;

        Row(String name) {
            this.name = name;
        }

        Double cpuRatio(String variant, String over) {
            Double a = cpu.get(variant);
            Double b = cpu.get(over);
            return a == null || b == null || b == 0 ? null : a / b;
        }

        Double ratio(String variant, String over) {
            Double a = ms.get(variant);
            Double b = ms.get(over);
            return a == null || b == null || b == 0 ? null : a / b;
        }
    }

    public static void main(String[] args) throws IOException {
        Path runDir = Path.of(args[0]);
        Path results = Path.of(args[1]);
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Cases.Case c : Cases.ALL.values()) {
            Row row = new Row(c.name());
            row.what = c.what();
            rows.put(c.name(), row);
        }
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("jmh-.*\\.json")).sorted().toList()) {
                readJmh(file, rows);
            }
        }
        // The floor of B-T is that of B-B: SHA-256 of the same bytes and one signature; XMLDSig's that of XAdES.
        copyFloor(rows, "sign_pades_bb_1page", "sign_pades_bt_1page");
        copyFloor(rows, "sign_pades_bb_10mb", "sign_pades_bt_10mb");
        copyFloor(rows, "sign_pades_bb_100mb", "sign_pades_bt_100mb");
        copyFloor(rows, "sign_xades_bb_10kb", "sign_xmldsig_10kb");
        copyFloor(rows, "sign_xades_bb_10mb", "sign_xmldsig_10mb");

        Path heap = runDir.resolve("heap.jsonl");
        if (Files.exists(heap)) {
            for (String line : Files.readAllLines(heap, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                Row row = rows.get(n.get("case").asText());
                if (row != null && n.hasNonNull("peak_heap_mb")) {
                    row.peakHeapMb = n.get("peak_heap_mb").asDouble();
                    row.heapLimitMb = n.get("xmx_mb").asInt();
                }
            }
        }
        Path process = runDir.resolve("process.jsonl");
        if (Files.exists(process)) {
            for (String line : Files.readAllLines(process, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                Row row = new Row(n.get("case").asText());
                row.what = "kyso sign pdf 100 MB as a whole process vs DSS main";
                row.ms.put("kyso", n.get("kyso_ms").asDouble());
                row.ms.put("baseline", n.get("baseline_ms").asDouble());
                row.ms.put("floor", n.get("floor_ms").asDouble());
                rows.put(row.name, row);
            }
        }

        StringBuilder jsonl = new StringBuilder();
        for (Row row : rows.values()) {
            if (row.ms.isEmpty()) {
                continue;
            }
            ObjectNode o = JSON.createObjectNode();
            o.put("case", row.name);
            put(o, "kyso_ms", row.ms.get("kyso"));
            put(o, "baseline_ms", row.ms.get("baseline"));
            put(o, "floor_ms", row.ms.get("floor"));
            put(o, "ratio_baseline", round(row.ratio("kyso", "baseline"), 3));
            put(o, "ratio_floor", round(row.ratio("kyso", "floor"), 3));
            put(o, "peak_heap_mb", row.peakHeapMb);
            put(o, "kyso_cpu_ms", row.cpu.get("kyso"));
            put(o, "baseline_cpu_ms", row.cpu.get("baseline"));
            put(o, "ratio_baseline_cpu", round(row.cpuRatio("kyso", "baseline"), 3));
            if (row.heapLimitMb != null) {
                o.put("heap_limit_mb", row.heapLimitMb);
            }
            if (row.ms.containsKey("kyso_nocache")) {
                put(o, "kyso_nocache_ms", row.ms.get("kyso_nocache"));
                put(o, "kyso_nocache_cpu_ms", row.cpu.get("kyso_nocache"));
                put(o, "cache_speedup", round(row.ratio("kyso_nocache", "kyso"), 3));
            }
            if (row.ms.containsKey("baseline_novisual")) {
                put(o, "baseline_novisual_ms", row.ms.get("baseline_novisual"));
                put(o, "baseline_novisual_cpu_ms", row.cpu.get("baseline_novisual"));
            }
            if (row.ms.containsKey("baseline_skipsame")) {
                put(o, "baseline_skipsame_ms", row.ms.get("baseline_skipsame"));
                put(o, "baseline_skipsame_cpu_ms", row.cpu.get("baseline_skipsame"));
            }
            if (row.ms.containsKey("kyso_inmemory")) {
                put(o, "kyso_inmemory_ms", row.ms.get("kyso_inmemory"));
                put(o, "kyso_inmemory_cpu_ms", row.cpu.get("kyso_inmemory"));
            }
            o.put("what", row.what);
            jsonl.append(JSON.writeValueAsString(o)).append('\n');
        }
        Files.writeString(results, jsonl, StandardCharsets.UTF_8);
        System.out.print(table(rows.values()));
        System.out.print(targets(rows));
    }

    private static void readJmh(Path file, Map<String, Row> rows) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        for (JsonNode result : root) {
            String benchmark = result.get("benchmark").asText();
            String variant = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String c = result.path("params").path("c").asText();
            Row row = rows.get(c);
            if (row == null) {
                continue;
            }
            JsonNode metric = result.get("primaryMetric");
            double scale = switch (metric.get("scoreUnit").asText()) {
                case "s/op" -> 1000;
                case "us/op" -> 0.001;
                default -> 1;
            };
            row.ms.put(variant, metric.get("score").asDouble() * scale);
            JsonNode secondary = result.path("secondaryMetrics");
            if (secondary.has("cpuNs") && secondary.has("jobs") && secondary.get("jobs").path("score").asDouble() > 0) {
                row.cpu.put(variant, secondary.get("cpuNs").path("score").asDouble()
                        / secondary.get("jobs").path("score").asDouble() / 1e6);
            }
            if (metric.hasNonNull("scoreError") && !metric.get("scoreError").asText().equals("NaN")) {
                row.error.put(variant, metric.get("scoreError").asDouble() * scale);
            }
        }
    }

    private static void copyFloor(Map<String, Row> rows, String from, String to) {
        Double floor = rows.get(from).ms.get("floor");
        if (floor != null && !rows.get(to).ms.containsKey("floor")) {
            rows.get(to).ms.put("floor", floor);
        }
    }

    private static void put(ObjectNode o, String key, Double value) {
        if (value == null) {
            o.putNull(key);
        } else {
            o.put(key, round(value, value >= 100 ? 1 : 3));
        }
    }

    private static Double round(Double v, int digits) {
        if (v == null) {
            return null;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    static String table(Iterable<Row> rows) {
        StringBuilder t = new StringBuilder();
        String format = "%-28s %9s %11s %9s %7s %8s %9s %8s %8s%n";
        t.append(String.format(Locale.ROOT, format, "case", "kyso ms", "baseline ms", "floor ms", "x base", "x floor",
                "heap MB", "x base", "cpu ms"));
        t.append(String.format(Locale.ROOT, format, "", "", "", "", "", "", "", "(cpu)", "kyso"));
        t.append("-".repeat(106)).append('\n');
        List<String> notes = new ArrayList<>();
        for (Row row : rows) {
            if (row.ms.isEmpty()) {
                continue;
            }
            String heap = row.peakHeapMb == null ? "-" : String.format(Locale.ROOT, "%.0f/%d", row.peakHeapMb, row.heapLimitMb);
            t.append(String.format(Locale.ROOT, format, row.name, ms(row.ms.get("kyso")), ms(row.ms.get("baseline")),
                    ms(row.ms.get("floor")), ratio(row.ratio("kyso", "baseline")), ratio(row.ratio("kyso", "floor")), heap,
                    ratio(row.cpuRatio("kyso", "baseline")), ms(row.cpu.get("kyso"))));
            if (row.ms.containsKey("kyso_inmemory")) {
                notes.add(String.format(Locale.ROOT, "%s: KySo's in-memory path, PdfSigner.sign(byte[]), %s ms (%s of"
                                + " the baseline; cpu %s)", row.name, ms(row.ms.get("kyso_inmemory")),
                        ratio(row.ratio("kyso_inmemory", "baseline")), ratio(row.cpuRatio("kyso_inmemory", "baseline"))));
            }
            if (row.ms.containsKey("kyso_nocache")) {
                notes.add(String.format(Locale.ROOT, "%s: KySo without revocation cache (new validator per document) %s ms;"
                        + " the shared cache is %s faster (cpu %s)", row.name, ms(row.ms.get("kyso_nocache")),
                        ratio(row.ratio("kyso_nocache", "kyso")), ratio(row.cpuRatio("kyso_nocache", "kyso"))));
            }
            if (row.ms.containsKey("baseline_novisual")) {
                notes.add(String.format(Locale.ROOT, "%s: DSS without the visual (rendering) page comparison %s ms"
                                + " (%s of DSS's default; cpu %s)", row.name, ms(row.ms.get("baseline_novisual")),
                        ratio(row.ratio("baseline_novisual", "baseline")), ratio(row.cpuRatio("baseline_novisual", "baseline"))));
            }
            if (row.ms.containsKey("baseline_skipsame")) {
                notes.add(String.format(Locale.ROOT, "%s: DSS comparing pages except the final revision with itself %s ms"
                                + " (%s of DSS's default; cpu %s)", row.name, ms(row.ms.get("baseline_skipsame")),
                        ratio(row.ratio("baseline_skipsame", "baseline")), ratio(row.cpuRatio("baseline_skipsame", "baseline"))));
            }
        }
        t.append("-".repeat(106)).append('\n');
        t.append("x base = kyso / baseline (DSS or Santuario directly); x floor = kyso / (SHA-256 + one RSA signature);\n");
        t.append("heap MB = KySo's peak heap / the -Xmx it ran with (batches: first " + Probes.BATCH_PROBE + " documents);"
                + " batch rows: ms per 1,000 documents;\n");
        t.append("x base (cpu) = the same ratio in CPU time of the benchmark thread (steady when other processes load"
                + " the machine; leaves out waiting and other threads)\n");
        for (String note : notes) {
            t.append(note).append('\n');
        }
        return t.toString();
    }

    static String targets(Map<String, Row> rows) {
        StringBuilder t = new StringBuilder("\nTargets (issue 7):\n");
        List<String> slow = new ArrayList<>();
        for (Row row : rows.values()) {
            Double r = row.ratio("kyso", "baseline");
            if (r != null && !row.name.startsWith("process_") && r > MAX_RATIO_BASELINE) {
                slow.add(String.format(Locale.ROOT, "%s %.2fx", row.name, r));
            }
        }
        t.append(line(slow.isEmpty(), "KySo <= " + MAX_RATIO_BASELINE + "x baseline on every case"
                + (slow.isEmpty() ? "" : "; over: " + String.join(", ", slow))));
        for (String c : List.of("sign_pades_bb_100mb", "sign_pades_bt_100mb")) {
            Double r = rows.get(c).ratio("kyso", "floor");
            t.append(line(r != null && r <= MAX_RATIO_FLOOR_100MB, String.format(Locale.ROOT,
                    "%s <= %.1fx floor: %s", c, MAX_RATIO_FLOOR_100MB, ratio(r))));
        }
        Double v20 = rows.get("validate_pdf_20sig").ratio("kyso", "baseline");
        t.append(line(v20 != null && v20 <= MAX_RATIO_VALIDATE_20, String.format(Locale.ROOT,
                "validate_pdf_20sig <= %.1fx baseline: %s", MAX_RATIO_VALIDATE_20, ratio(v20))));
        Double cache = rows.get("batch_validate_1000").ratio("kyso_nocache", "kyso");
        t.append(line(cache != null && cache >= MIN_CACHE_SPEEDUP, String.format(Locale.ROOT,
                "batch validation with the shared cache >= %.0fx faster than without: %s", MIN_CACHE_SPEEDUP, ratio(cache))));
        for (String c : List.of("sign_pades_bb_100mb", "sign_pades_bt_100mb", "validate_pdf_100mb")) {
            Row row = rows.get(c);
            boolean ok = row.peakHeapMb != null && row.heapLimitMb != null && row.heapLimitMb <= MAX_HEAP_100MB
                    && row.peakHeapMb <= MAX_HEAP_100MB;
            t.append(line(ok, String.format(Locale.ROOT, "%s peak heap <= %.0f MB: %s", c, MAX_HEAP_100MB,
                    row.peakHeapMb == null ? "not measured" : String.format(Locale.ROOT, "%.0f MB (-Xmx%dm)",
                            row.peakHeapMb, row.heapLimitMb))));
        }
        Row process = rows.get("process_sign_pades_bb_100mb");
        Double p = process == null ? null : process.ratio("kyso", "baseline");
        t.append(line(p != null && p <= MAX_RATIO_PROCESS, String.format(Locale.ROOT,
                "whole process, kyso sign pdf 100 MB <= %.2fx DSS directly: %s", MAX_RATIO_PROCESS, ratio(p))));
        return t.toString();
    }

    private static String line(boolean ok, String text) {
        return (ok ? "  met      " : "  NOT MET  ") + text + "\n";
    }

    private static String ms(Double v) {
        if (v == null) {
            return "-";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ratio(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2fx", v);
    }
}
