package org.kyso.pdf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.kyso.core.Message;
import org.kyso.core.Modification;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.TimestampReport;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.core.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * KySo's PDF validation against the shared conformance corpus ({@code ../shared/corpus}, or
 * {@code $KYSO_CORPUS}), every PDF row of {@code manifest.tsv}:
 * <ul>
 *   <li><b>Integrity</b>, per signature dictionary in byte-range order: KySo's signatures and
 *       document time-stamps are merged back in that order following the row's
 *       {@code signature_kinds}; {@code intact} must be integrity true, {@code broken} false.
 *       {@code disputed} and {@code unknown} cannot be wrong; KySo's answer is printed, with the
 *       reason below for each such row.</li>
 *   <li><b>Level</b>, where the upstream test asserts one: a plain level name, or a name followed by
 *       a remark that names DSS as its source, must be {@link SignatureReport#format()}; "1x A + 2x
 *       B (order not asserted)" is compared as a multiset; "(T and A level valid)" means the
 *       upstream test asserted time-stamps rather than a format, so an intact signature time-stamp
 *       and an intact document time-stamp are required and the format is only printed.</li>
 *   <li><b>Changes after signing</b>: a row with {@code modified_after_signing=no} must never get
 *       NOT_PERMITTED; {@code modified-disallowed} must get NOT_PERMITTED on some signature and a
 *       verdict that is not VALID; {@code modified-allowed} must get PERMITTED and no NOT_PERMITTED;
 *       a {@code coverage-anomaly} must be reported (not covering the whole document, or
 *       NOT_PERMITTED) on a signature that stays intact, and the verdict must not be VALID.</li>
 *   <li><b>No surprises</b>: no file may throw; verdict ERROR agrees only with rows that expect
 *       only {@code broken}, {@code unknown} or {@code none}.</li>
 * </ul>
 * Dictionaries KySo deliberately does not report as signatures are listed in {@link #NOT_REPORTED}
 * with the reason; they are left out of the comparison.
 *
 * <p>Without the corpus the test is skipped with a message, and fails in CI ({@code CI=true}).
 */
class PdfCorpusConformanceTest {

    /**
     * Manifest positions (1-based, byte-range order) that are not signatures KySo reports, and why.
     * The manifest counts every dictionary with a /ByteRange in the raw bytes.
     */
    private static final Map<String, Map<Integer, String>> NOT_REPORTED = Map.of(
            "pdf/dss/pades-signed-filled-form.pdf", Map.of(1,
                    "a usage-rights signature (catalog /Perms /UR3, Adobe Reader Extensions): no signature field holds it,"
                            + " it enables Reader features and does not sign the content for anyone; DSS does not report it"
                            + " either (pdfsig: \"the signature form field is not signed\")"),
            "pdf/dss/pdf-spoofing-attack.pdf", Map.of(2,
                    "not a second signature: the same object (64 0 R, field Sig2) redefined in a later revision, a copy"
                            + " of the signed dictionary with the original /Contents now outside its byte range gap; KySo"
                            + " reports the one signature once: intact, TOTAL_FAILED/FORMAT_FAILURE (\"signature dictionary"
                            + " is not consistent between signed and final revisions\"), NOT_PERMITTED"));

    /** Why KySo answers as it does on rows that cannot be wrong, or whose expectation needed a decision. */
    private static final Map<String, String> NOTES = notes();

    private static Map<String, String> notes() {
        Map<String, String> notes = new HashMap<>();
        notes.put("pdf/dss/pades-5-signatures-and-1-document-timestamp.pdf",
                "#1-#5: the signed attributes are not in DER (sorted) order; DSS re-encodes them as DER and finds the"
                        + " signatures broken; KySo verifies them as encoded, as OpenSSL and poppler do: intact, but"
                        + " INDETERMINATE/FORMAT_FAILURE (kyso.pdf.cms.signed-attributes-not-der)");
        notes.put("pdf/dss/AD-RB.pdf",
                "#2 (DocuSign) has signed attributes out of DER order: intact as encoded, INDETERMINATE/FORMAT_FAILURE");
        notes.put("pdf/dss/Signature-P-IT_ADO-1_HASH_FAILURE_ECDSA.pdf",
                "signed attributes out of DER order: intact as encoded (the upstream DSS test says intact),"
                        + " INDETERMINATE/FORMAT_FAILURE");
        notes.put("pdf/dss/Signature-P-HU_NET-2.pdf",
                "the SignerInfo's digestAlgorithm holds sha256WithRSAEncryption, a signature algorithm: DSS computes"
                        + " no message digest and reports it not intact, KySo keeps that (broken); OpenSSL maps the OID to"
                        + " SHA-256 and says intact");
        notes.put("pdf/dss/PAdES-BpB-att-SHA256-SHA3_256withRSA.pdf",
                "the signature algorithm says RSA with SHA3-256 but the RSA value holds a SHA-256 DigestInfo: it"
                        + " verifies only if the declared algorithm is ignored (OpenSSL uses the SignerInfo's digest"
                        + " algorithm); KySo, like DSS, verifies with the declared one: broken (SIG_CRYPTO_FAILURE)");
        notes.put("pdf/dss/pdf-spoofing-attack.pdf", "#2 is not reported separately (see NOT_REPORTED)");
        notes.put("pdf/dss/BadEncodedCMS.pdf",
                "the signer certificate's serial number is a non-minimal INTEGER, which Bouncy Castle refuses, so DSS"
                        + " finds no signature; KySo reports the field's signature as undecodable: integrity false,"
                        + " TOTAL_FAILED/FORMAT_FAILURE, verdict INVALID (never NO_SIGNATURE)");
        notes.put("pdf/dss/pades-bes-no-certificates.pdf",
                "the CMS holds no signer certificate: the value cannot be verified, so integrity false");
        notes.put("pdf/dss/malformed-pades.pdf",
                "the %PDF header was overwritten: DSS refuses the file; KySo reads it with PDFBox and reports the"
                        + " signature broken (HASH_FAILURE: the signed first bytes changed) instead of an ERROR");
        notes.put("pdf/dss/hello_signed_INCSAVE_signed_EDITED.pdf",
                "both dictionaries declare the same byte range; ties are ordered by where the dictionary is in the file,"
                        + " so Signature1 (intact) comes before Signature2 (its own /Contents lies outside the gap: broken)");
        notes.put("pdf/pyhanko/ed448-shake256-nolen.pdf",
                "DSS asks the Java platform for a SHAKE-256 digest, which it has not, and finds the signature broken"
                        + " (or fails on the whole document); KySo verifies it with Bouncy Castle: intact, INDETERMINATE"
                        + " (kyso.pdf.cms.digest-unavailable)");
        notes.put("pdf/digidoc4j/hellopades-lt-b.pdf",
                "#2 is a document time-stamp whose dictionary says /Type /Sig: DSS skips it, KySo reports it as a"
                        + " document time-stamp checked on its own");
        notes.put("pdf/pyhanko/coverage-anomalies-tail-uncovered.pdf",
                "the byte range stops before its revision's %%EOF, so the trailer is unsigned (DSS accepts it): intact,"
                        + " TOTAL_FAILED/FORMAT_FAILURE, not covering the document, NOT_PERMITTED");
        notes.put("pdf/pyhanko/coverage-anomalies-weird-byterange.pdf",
                "DSS reads no bytes for an inconsistent byte range and calls it broken; KySo verifies the CMS over the"
                        + " declared ranges (intact) and reports the uncovered bytes: FORMAT_FAILURE, NOT_PERMITTED");
        notes.put("pdf/pyhanko/coverage-anomalies-signature-gap-too-big.pdf",
                "the gap holds more than /Contents: intact over the declared ranges, FORMAT_FAILURE, NOT_PERMITTED");
        notes.put("pdf/dss/Signature-P-DE_SCI-4.pdf",
                "level: the upstream test asserts T- and A-level technical validity, not a format; offline and without"
                        + " trust anchors DSS cannot show the chain's revocation data complete (BASELINE-LT), so the format"
                        + " is PAdES-BASELINE-T; the test checks the time-stamps instead");
        notes.put("pdf/dss/Test.signed_Certipost-2048-SHA512.extended-LTA.pdf",
                "level: as for Signature-P-DE_SCI-4.pdf, T and A are asserted by time-stamps (here two document"
                        + " time-stamps); the format KySo gets offline without trust anchors is printed, not asserted");
        notes.put("pdf/dss/adbe_crl_signed.pdf",
                "level: T and A asserted by time-stamps; the format is PKCS7 (adbe.pkcs7.detached is not PAdES)");
        notes.put("pdf/dss/pades-ltv.pdf", "level: PAdES-LTV is DSS's own (legacy) label, and DSS gives it");
        return Map.copyOf(notes);
    }

    private static final Set<String> REFUSABLE = Set.of("broken", "unknown", "none");
    private static final Pattern LEVEL_NAME = Pattern.compile("(?:PAdES|CAdES)-[A-Z-]*[A-Z]|PKCS7");
    private static final Pattern MULTISET = Pattern.compile("(\\d+)x (" + LEVEL_NAME.pattern() + ")");
    private static final String FORMAT = "%-58s %-2s %-5s %-9s %-6s %-40s %-13s %s";

    private record Row(String path, List<String> expected, List<String> kinds, String level, String modified,
                       Set<String> categories) {
    }

    /** One manifest position with what KySo reported for it. */
    private record Entry(int position, String kind, String expected, SignatureReport signature, TimestampReport timestamp) {
        boolean integrity() {
            return signature != null ? signature.integrity() : timestamp.integrity();
        }
    }

    @Test
    void everyPdfAgreesWithTheManifest() throws IOException {
        Path corpus = corpus();
        List<Row> rows = rows(corpus);
        assertThat(rows).as("PDF rows of %s", corpus.resolve("manifest.tsv")).isNotEmpty();
        Validator validator = Validator.builder().revocation(Revocation.offline()).build();

        List<String> table = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        table.add(String.format(FORMAT, "file", "#", "kind", "manifest", "KySo", "indication", "change", "result"));
        int agreeing = 0;
        for (Row row : rows) {
            int before = disagreements.size();
            try {
                check(row, validator.validate(corpus.resolve(row.path())), table, disagreements);
            } catch (RuntimeException e) {
                disagreements.add(row.path() + ": validation threw " + e);
                table.add(String.format(FORMAT, row.path(), "-", "-", String.join(",", row.expected()), "-", "threw", "-",
                        "DISAGREES: " + e));
            }
            agreeing += disagreements.size() == before ? 1 : 0;
        }
        System.out.println("KySo PDF validation against " + corpus.resolve("manifest.tsv") + ": " + agreeing + " of "
                + rows.size() + " files agree\n" + String.join("\n", table));
        assertThat(disagreements).as("disagreements with the manifest (table above)").isEmpty();
    }

    private static void check(Row row, ValidationReport report, List<String> table, List<String> disagreements) {
        String note = NOTES.get(row.path());
        if (report.verdict() == Verdict.ERROR) {
            boolean refusable = row.expected().stream().allMatch(REFUSABLE::contains);
            String why = report.error().map(Message::english).orElse("ERROR");
            table.add(String.format(FORMAT, row.path(), "-", "-", String.join(",", row.expected()), "refused", "ERROR", "-",
                    (refusable ? "agrees" : "DISAGREES") + (note != null ? "; " + note : "")));
            if (!refusable) {
                disagreements.add(row.path() + ": KySo refuses the file (" + why + ") but the manifest expects " + row.expected());
            }
            return;
        }
        Map<Integer, String> skipped = NOT_REPORTED.getOrDefault(row.path(), Map.of());
        List<Entry> entries = entries(row, report, skipped);
        if (entries == null) {
            long sigs = row.kinds().stream().filter("sig"::equals).count();
            disagreements.add(row.path() + ": KySo reports " + report.signatures().size() + " signatures and "
                    + report.documentTimestamps().size() + " document time-stamps, the manifest " + row.kinds()
                    + (skipped.isEmpty() ? "" : " less positions " + skipped.keySet()) + " (" + sigs + " signatures)");
            table.add(String.format(FORMAT, row.path(), "?", String.join(",", row.kinds()), String.join(",", row.expected()),
                    report.signatures().size() + "+" + report.documentTimestamps().size(), report.verdict(), "-",
                    "DISAGREES: count"));
            return;
        }
        for (int p : skipped.keySet()) {
            table.add(String.format(FORMAT, row.path(), p, row.kinds().get(p - 1), row.expected().get(p - 1), "-",
                    "not reported", "-", skipped.get(p)));
        }
        for (Entry e : entries) {
            String result;
            if (e.expected().equals("intact") || e.expected().equals("broken")) {
                boolean agrees = e.integrity() == e.expected().equals("intact");
                result = agrees ? "agrees" : "DISAGREES";
                if (!agrees) {
                    disagreements.add(row.path() + " #" + e.position() + " (" + e.kind() + "): manifest " + e.expected()
                            + ", KySo integrity " + e.integrity() + describe(e));
                }
            } else {
                result = "recorded (" + e.expected() + ")";
            }
            if (e.position() == entries.get(0).position() && note != null) {
                result += "; " + note;
            }
            SignatureReport s = e.signature();
            table.add(String.format(FORMAT, row.path(), e.position(), e.kind(), e.expected(), e.integrity() ? "intact" : "broken",
                    s == null ? "document time-stamp" : s.format() + " " + s.indication()
                            + (s.subIndication() == null ? "" : "/" + s.subIndication()),
                    s == null ? "-" : String.valueOf(s.modifiedAfterSigning()), result));
        }
        List<SignatureReport> signatures = entries.stream().map(Entry::signature).filter(s -> s != null).toList();
        checkLevel(row, signatures, table, disagreements);
        checkChanges(row, report, signatures, disagreements);
    }

    /** KySo's entries in manifest order, or null when the counts of signatures or time-stamps differ. */
    private static List<Entry> entries(Row row, ValidationReport report, Map<Integer, String> skipped) {
        List<Entry> entries = new ArrayList<>();
        int s = 0;
        int t = 0;
        for (int i = 0; i < row.kinds().size(); i++) {
            if (skipped.containsKey(i + 1)) {
                continue;
            }
            String kind = row.kinds().get(i);
            String expected = row.expected().get(i);
            if (kind.equals("docts")) {
                if (t >= report.documentTimestamps().size()) {
                    return null;
                }
                entries.add(new Entry(i + 1, kind, expected, null, report.documentTimestamps().get(t++)));
            } else {
                if (s >= report.signatures().size()) {
                    return null;
                }
                entries.add(new Entry(i + 1, kind, expected, report.signatures().get(s++), null));
            }
        }
        boolean all = s == report.signatures().size() && t == report.documentTimestamps().size();
        return all ? entries : null;
    }

    private static void checkLevel(Row row, List<SignatureReport> signatures, List<String> table,
                                   List<String> disagreements) {
        String level = row.level().trim();
        if (level.isEmpty() || level.equals("unknown") || signatures.isEmpty()) {
            return;
        }
        List<String> formats = signatures.stream().map(SignatureReport::format).sorted().toList();
        String where = row.path() + ": level " + level + ": ";
        Matcher multiset = MULTISET.matcher(level);
        List<String> wanted = new ArrayList<>();
        while (multiset.find()) {
            for (int i = 0; i < Integer.parseInt(multiset.group(1)); i++) {
                wanted.add(multiset.group(2));
            }
        }
        String finding;
        if (!wanted.isEmpty()) {
            boolean agrees = wanted.stream().sorted().toList().equals(formats);
            finding = agrees ? "agrees" : "DISAGREES";
            if (!agrees) {
                disagreements.add(where + "KySo's formats are " + formats);
            }
        } else if (level.contains("level valid") || level.contains("levels valid")) {
            // The upstream test asserted T- and A-level technical validity (time-stamps), not a format:
            // T is any intact time-stamp over the signature (a signature time-stamp, or a first document
            // time-stamp), A a further intact document time-stamp.
            List<TimestampReport> intact = signatures.get(0).timestamps().stream().filter(TimestampReport::integrity).toList();
            boolean a = intact.size() >= 2 && intact.stream().anyMatch(ts -> "DOCUMENT_TIMESTAMP".equals(ts.type())
                    || "ARCHIVE_TIMESTAMP".equals(ts.type()));
            finding = a ? "agrees (T and A: " + intact.stream().map(TimestampReport::type).toList() + ")" : "DISAGREES";
            if (!a) {
                disagreements.add(where + "KySo's intact time-stamps over the signature are only "
                        + intact.stream().map(TimestampReport::type).toList());
            }
        } else {
            Matcher name = LEVEL_NAME.matcher(level);
            if (!name.lookingAt()) {
                finding = "not a level name: not checked";
            } else {
                String expected = name.group();
                boolean agrees = formats.stream().allMatch(expected::equals);
                finding = agrees ? "agrees" : "DISAGREES";
                if (!agrees) {
                    disagreements.add(where + "KySo's formats are " + formats);
                }
            }
        }
        table.add(String.format(FORMAT, row.path(), "", "level", "", "", String.join(",", formats), "", level + ": " + finding));
    }

    private static void checkChanges(Row row, ValidationReport report, List<SignatureReport> signatures,
                                     List<String> disagreements) {
        String where = row.path() + ": ";
        boolean notPermitted = signatures.stream().anyMatch(s -> s.modifiedAfterSigning() == Modification.NOT_PERMITTED);
        boolean permitted = signatures.stream().anyMatch(s -> s.modifiedAfterSigning() == Modification.PERMITTED);
        if (row.modified().equals("no") && notPermitted) {
            disagreements.add(where + "nothing was modified, but KySo reports a change not permitted " + changes(signatures));
        }
        if (row.categories().contains("modified-disallowed") && (!notPermitted || report.verdict() == Verdict.VALID)) {
            disagreements.add(where + "a disallowed change must be NOT_PERMITTED and not VALID: " + changes(signatures)
                    + " " + report.verdict());
        }
        if (row.categories().contains("modified-allowed") && (notPermitted || !permitted)) {
            disagreements.add(where + "an allowed change must be PERMITTED: " + changes(signatures));
        }
        if (row.categories().contains("coverage-anomaly")) {
            boolean reported = signatures.stream().anyMatch(s -> s.integrity()
                    && (Boolean.FALSE.equals(s.coversWholeDocument()) || s.modifiedAfterSigning() == Modification.NOT_PERMITTED));
            if (!reported || report.verdict() == Verdict.VALID) {
                disagreements.add(where + "the coverage anomaly is not reported on an intact signature: " + changes(signatures)
                        + " " + report.verdict());
            }
        } else if (row.modified().equals("yes") && !row.categories().contains("modified-allowed")
                && !row.categories().contains("modified-disallowed")
                && (!notPermitted && signatures.stream().noneMatch(s -> Boolean.FALSE.equals(s.coversWholeDocument())))) {
            disagreements.add(where + "a modification after signing is not reported: " + changes(signatures));
        }
    }

    private static String changes(List<SignatureReport> signatures) {
        return signatures.stream().map(s -> s.fieldName() + "=" + s.modifiedAfterSigning() + "/covers=" + s.coversWholeDocument())
                .toList().toString();
    }

    private static String describe(Entry e) {
        SignatureReport s = e.signature();
        if (s == null) {
            return " (document time-stamp)";
        }
        return " (" + s.indication() + "/" + s.subIndication() + ", errors " + s.errors() + ")";
    }

    private static List<Row> rows(Path corpus) throws IOException {
        List<String> lines = Files.readAllLines(corpus.resolve("manifest.tsv"), StandardCharsets.UTF_8);
        List<String> header = Arrays.asList(lines.get(0).split("\t", -1));
        int path = header.indexOf("path");
        int format = header.indexOf("format");
        int expected = header.indexOf("expected_integrity");
        int level = header.indexOf("expected_level");
        int modified = header.indexOf("modified_after_signing");
        int category = header.indexOf("category");
        int kinds = header.indexOf("signature_kinds");
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f.length <= kinds || !"pdf".equals(f[format])) {
                continue;
            }
            rows.add(new Row(f[path], List.of(f[expected].split(",")), List.of(f[kinds].split(",")), f[level], f[modified],
                    Set.of(f[category].split(";"))));
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
