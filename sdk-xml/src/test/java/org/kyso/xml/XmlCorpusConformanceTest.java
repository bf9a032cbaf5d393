package org.kyso.xml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.kyso.core.Indication;
import org.kyso.core.Message;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * KySo's XML validation against the shared conformance corpus ({@code ../shared/corpus}, or
 * {@code $KYSO_CORPUS}): for every XML row of {@code manifest.tsv}, the integrity KySo reports for
 * each signature (document order) must be the manifest's: {@code intact} is true, {@code broken}
 * false. {@code disputed} and {@code unknown} rows cannot be wrong either way; KySo's answer is
 * printed with the reason below. A file KySo refuses outright (verdict ERROR) agrees with rows that
 * expect only {@code broken}, {@code unknown} or {@code none}: it never claims an intact signature.
 * Rows of some categories are also checked for what the report must say (signature wrapping,
 * missing signed data, weak algorithms), and no real Vietnamese document may fail the tax code check.
 *
 * <p>Without the corpus the test is skipped with a message, and fails in CI ({@code CI=true}).
 */
class XmlCorpusConformanceTest {

    /**
     * Rows whose expectation KySo cannot decide, and why. The manifest's answer for these came from
     * a tool given a secret KySo does not have.
     */
    private static final Map<String, String> UNDECIDABLE = Map.of(
            "xml/santuario/merlin-23-signature-enveloping-hmac-sha1.xml",
            "an HMAC (shared-secret MAC, not a public-key signature): the manifest's 'intact' was found with the key"
                    + " \"secret\" given to xmlsec1; KySo has no key, so it cannot verify it and reports integrity false");

    /** Why KySo answers as it does on the rows that cannot be wrong. */
    private static final Map<String, String> NOTES = Map.of(
            "xml/dss/xades-counter-signature-injected.xml",
            "#1 (master): its own references and SignatureValue verify, so intact; #2, the counter-signature, covers an"
                    + " injected copy of a SignatureValue: its digests match (intact, as xmlsec1 says) but KySo fails it as"
                    + " signature wrapping (TOTAL_FAILED)",
            "xml/dss/malformed-xades.xml", "binary bytes before the XML declaration: not XML, refused (ERROR, exit 65)",
            "vn/xml/bban-ca2-encoding-damaged-1668d551.xml",
            "a newline before the XML declaration and Windows-1252 bytes under a UTF-8 declaration: not well-formed XML,"
                    + " refused (ERROR, exit 65)");

    private static final Set<String> WRAPPING_KEYS = Set.of("kyso.xml.reference.duplicate-id", "kyso.xml.wrapping.signed-properties",
            "kyso.xml.wrapping.object", "kyso.xml.wrapping.counter-signature", "kyso.vn.wrapping.place", "kyso.vn.wrapping.uncovered");

    private record Row(String path, int signatures, List<String> expected, Set<String> categories, String evidence) {
    }

    @Test
    void integrityOfEveryXmlSignatureAgreesWithTheManifest() throws IOException {
        Path corpus = corpus();
        List<Row> rows = rows(corpus);
        assertThat(rows).as("XML rows of %s", corpus.resolve("manifest.tsv")).isNotEmpty();
        Validator validator = Validator.builder().revocation(Revocation.offline()).build();

        List<String> table = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        table.add(String.format("%-62s %-3s %-9s %-9s %-48s %s", "file", "#", "manifest", "KySo", "indication", "result"));
        for (Row row : rows) {
            Path file = corpus.resolve(row.path());
            Path detached = file.resolveSibling("detached");
            ValidationReport report = Files.isDirectory(detached) ? validator.validate(file, detached) : validator.validate(file);
            check(row, report, table, disagreements);
        }
        System.out.println("KySo XML validation against " + corpus.resolve("manifest.tsv") + "\n" + String.join("\n", table));
        assertThat(disagreements).as("disagreements with the manifest (table above)").isEmpty();
    }

    private static void check(Row row, ValidationReport report, List<String> table, List<String> disagreements) {
        String note = NOTES.getOrDefault(row.path(), UNDECIDABLE.get(row.path()));
        if (report.verdict() == Verdict.ERROR || (report.signatures().isEmpty() && row.expected().equals(List.of("none")))) {
            boolean refusable = row.expected().stream().allMatch(e -> Set.of("broken", "unknown", "none").contains(e));
            String why = report.error().map(Message::english).orElse(report.verdict().name());
            table.add(String.format("%-62s %-3s %-9s %-9s %-48s %s", row.path(), "-", String.join(",", row.expected()),
                    "refused", report.verdict(), (refusable ? "agrees" : "DISAGREES") + (note != null ? "; " + note : "")));
            if (!refusable) {
                disagreements.add(row.path() + ": KySo refuses the file (" + why + ") but the manifest expects " + row.expected());
            }
            return;
        }
        if (report.signatures().size() != row.expected().size()) {
            disagreements.add(row.path() + ": KySo finds " + report.signatures().size() + " signatures, the manifest "
                    + row.expected().size() + " " + row.expected());
            table.add(String.format("%-62s %-3s %-9s %-9s %-48s %s", row.path(), "?", String.join(",", row.expected()),
                    report.signatures().size() + " sigs", report.verdict(), "DISAGREES: signature count"));
            return;
        }
        for (int i = 0; i < row.expected().size(); i++) {
            SignatureReport s = report.signatures().get(i);
            String expected = row.expected().get(i);
            String result;
            if (UNDECIDABLE.containsKey(row.path())) {
                result = "not decidable by KySo: " + UNDECIDABLE.get(row.path());
            } else if (expected.equals("intact") || expected.equals("broken")) {
                boolean agrees = s.integrity() == expected.equals("intact");
                result = agrees ? "agrees" : "DISAGREES";
                if (!agrees) {
                    disagreements.add(row.path() + " signature #" + (i + 1) + ": manifest " + expected + ", KySo integrity "
                            + s.integrity() + " (" + s.indication() + "/" + s.subIndication() + ", errors " + s.errors() + ")");
                }
            } else {
                result = "recorded (" + expected + ")" + (note != null ? ": " + note : "");
            }
            result += categoryFindings(row, s, i, disagreements);
            table.add(String.format("%-62s %-3s %-9s %-9s %-48s %s", row.path(), i + 1, expected,
                    s.integrity() ? "intact" : "broken", s.indication() + (s.subIndication() == null ? "" : "/" + s.subIndication()),
                    result));
        }
    }

    /** What the report must also say for rows of some categories; problems are disagreements too. */
    private static String categoryFindings(Row row, SignatureReport s, int index, List<String> disagreements) {
        List<String> keys = new ArrayList<>();
        s.errors().forEach(m -> keys.add(m.key()));
        s.warnings().forEach(m -> keys.add(m.key()));
        String where = row.path() + " signature #" + (index + 1) + ": ";
        StringBuilder said = new StringBuilder();
        if (row.categories().contains("xml-signature-wrapping") || row.categories().contains("duplicate-id")) {
            if (s.indication() != Indication.TOTAL_FAILED || keys.stream().noneMatch(WRAPPING_KEYS::contains)) {
                disagreements.add(where + "signature wrapping is not reported as a failure: " + s.indication() + " " + keys);
            }
            said.append("; wrapping reported (TOTAL_FAILED)");
        }
        if (row.categories().contains("signed-data-not-found") && !keys.contains("kyso.xml.reference.not-found")) {
            disagreements.add(where + "the missing signed element is not named: " + keys);
        } else if (row.categories().contains("signed-data-not-found")) {
            said.append("; missing signed data named");
        }
        if (row.categories().contains("rsa-sha1") && !keys.contains("kyso.crypto.weak.signature")) {
            disagreements.add(where + "RSA-SHA1 is not reported as weak: " + keys);
        } else if (row.categories().contains("rsa-sha1")) {
            said.append("; RSA-SHA1 warned");
        }
        if (row.categories().contains("weak-key-rsa1024") && s.signer() != null && !keys.contains("kyso.crypto.weak.key")) {
            disagreements.add(where + "the 1024-bit key is not reported as weak: " + keys);
        } else if (row.categories().contains("weak-key-rsa1024") && s.signer() != null) {
            said.append("; RSA-1024 warned");
        }
        if (row.categories().contains("vn") && keys.contains("kyso.vn.mst.mismatch")) {
            disagreements.add(where + "a real invoice's tax code does not match its signer's certificate: " + s.errors());
        }
        if (s.infos().stream().anyMatch(m -> "kyso.vn.mst.match".equals(m.key()))) {
            said.append("; tax code matches");
        }
        return said.toString();
    }

    private static List<Row> rows(Path corpus) throws IOException {
        List<String> lines = Files.readAllLines(corpus.resolve("manifest.tsv"), StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        int path = header.indexOf("path");
        int format = header.indexOf("format");
        int signatures = header.indexOf("signatures");
        int expected = header.indexOf("expected_integrity");
        int category = header.indexOf("category");
        int evidence = header.indexOf("evidence");
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f.length <= category || !"xml".equals(f[format])) {
                continue;
            }
            rows.add(new Row(f[path], Integer.parseInt(f[signatures]), List.of(f[expected].split(",")),
                    Set.of(f[category].split(";")), f[evidence]));
        }
        return rows;
    }

    /** {@code $KYSO_CORPUS}, else {@code ../shared/corpus} next to the repository (found from any module). */
    private static Path corpus() {
        Optional<Path> found = locate();
        boolean ci = "true".equalsIgnoreCase(String.valueOf(System.getenv("CI")).trim());
        String message = "The conformance corpus (manifest.tsv) is not at $KYSO_CORPUS nor at ../shared/corpus next to"
                + " the repository: get the shared corpus, or set KYSO_CORPUS to its folder";
        if (found.isEmpty()) {
            if (ci) {
                throw new AssertionError(message + " (required in CI)");
            }
            Assumptions.abort(message);
        }
        return found.get();
    }

    private static Optional<Path> locate() {
        String configured = System.getenv("KYSO_CORPUS");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured.trim()).toAbsolutePath().normalize();
            return Files.isRegularFile(p.resolve("manifest.tsv")) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("../shared/corpus"), dir.resolve("shared/corpus"))) {
                Path p = candidate.normalize();
                if (Files.isRegularFile(p.resolve("manifest.tsv"))) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
