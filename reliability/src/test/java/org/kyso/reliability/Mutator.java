package org.kyso.reliability;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded mutations of PDF and XML documents: generic byte-level ones (bit flips, byte runs,
 * truncation, deleted, duplicated and spliced chunks) and structure-aware ones (for PDF: the numbers
 * of {@code /ByteRange}, {@code /Length}, xref offsets and object numbers, deleted {@code endobj},
 * signature dictionaries; for XML: duplicated elements, deep nesting, huge attributes, swapped Ids,
 * DOCTYPEs and entities, transforms and references). The same {@link Random} state always gives the
 * same mutant, so a failure is reproduced from the seed and input number the test prints.
 */
final class Mutator {

    enum Kind { PDF, XML }

    /** A mutated document and how it was made. */
    record Mutant(byte[] data, String description) {
    }

    /** Upper bound of a mutant's size: a hostile document is small, its effect is what matters. */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    private static final String DS = "http://www.w3.org/2000/09/xmldsig#";

    private final List<byte[]> pdfDonors;
    private final List<byte[]> xmlDonors;
    /** A URL on a loopback listener that counts connections: nothing may ever fetch it. */
    private final String trapUrl;

    Mutator(List<byte[]> pdfDonors, List<byte[]> xmlDonors, String trapUrl) {
        this.pdfDonors = pdfDonors;
        this.xmlDonors = xmlDonors;
        this.trapUrl = trapUrl;
    }

    /** One to three mutations of {@code seed}; mostly structure-aware ones. */
    Mutant mutate(Random r, byte[] seed, Kind kind) {
        byte[] data = seed;
        StringBuilder description = new StringBuilder();
        int rounds = 1 + (r.nextInt(10) < 7 ? 0 : r.nextInt(3));
        for (int i = 0; i < rounds; i++) {
            String what;
            if (r.nextInt(100) < 40) {
                Step result = generic(r, data, kind);
                data = result.data();
                what = result.what();
            } else if (kind == Kind.PDF) {
                Step result = pdf(r, data);
                data = result.data();
                what = result.what();
            } else {
                Step result = xml(r, data);
                data = result.data();
                what = result.what();
            }
            if (data.length > MAX_BYTES) {
                data = java.util.Arrays.copyOf(data, MAX_BYTES);
                what += " (cut to " + MAX_BYTES + ")";
            }
            description.append(description.length() == 0 ? "" : "; ").append(what);
        }
        return new Mutant(data, description.toString());
    }

    // ---------------------------------------------------------------- generic

    private Step generic(Random r, byte[] in, Kind kind) {
        int len = in.length;
        switch (r.nextInt(8)) {
            case 0: {
                byte[] out = in.clone();
                int flips = 1 + r.nextInt(16);
                for (int i = 0; i < flips && len > 0; i++) {
                    int at = r.nextInt(len);
                    out[at] ^= (byte) (1 << r.nextInt(8));
                }
                return of(out, "flip " + flips + " bits");
            }
            case 1: {
                if (len == 0) {
                    return of(in, "nothing to overwrite");
                }
                byte[] out = in.clone();
                int at = r.nextInt(len);
                int run = Math.min(len - at, 1 + r.nextInt(r.nextBoolean() ? 16 : 512));
                int mode = r.nextInt(3);
                byte[] interesting = {0, (byte) 0xFF, '(', '<', '0', ' ', '\n', '%'};
                byte fill = interesting[r.nextInt(interesting.length)];
                for (int i = 0; i < run; i++) {
                    out[at + i] = mode == 0 ? (byte) r.nextInt(256) : fill;
                }
                return of(out, "overwrite " + run + " bytes at " + at + (mode == 0 ? " with random bytes" : " with 0x"
                        + Integer.toHexString(fill & 0xFF)));
            }
            case 2: {
                int at = len == 0 ? 0 : r.nextInt(len);
                return of(java.util.Arrays.copyOf(in, at), "truncate at " + at);
            }
            case 3: {
                if (len == 0) {
                    return of(in, "nothing to delete");
                }
                int at = r.nextInt(len);
                int n = Math.min(len - at, 1 + r.nextInt(4096));
                return of(splice(in, at, n, new byte[0]), "delete " + n + " bytes at " + at);
            }
            case 4: {
                if (len == 0) {
                    return of(in, "nothing to duplicate");
                }
                int from = r.nextInt(len);
                int n = Math.min(len - from, 1 + r.nextInt(64 * 1024));
                int to = r.nextInt(len + 1);
                return of(splice(in, to, 0, java.util.Arrays.copyOfRange(in, from, from + n)),
                        "duplicate " + n + " bytes from " + from + " at " + to);
            }
            case 5: {
                List<byte[]> donors = kind == Kind.PDF ? pdfDonors : xmlDonors;
                byte[] donor = donors.get(r.nextInt(donors.size()));
                if (donor.length == 0) {
                    return of(in, "empty donor");
                }
                int from = r.nextInt(donor.length);
                int n = Math.min(donor.length - from, 1 + r.nextInt(32 * 1024));
                int to = len == 0 ? 0 : r.nextInt(len);
                int replace = r.nextBoolean() ? 0 : Math.min(len - to, n);
                return of(splice(in, to, replace, java.util.Arrays.copyOfRange(donor, from, from + n)),
                        "splice " + n + " bytes of another document at " + to + (replace > 0 ? " (replacing)" : " (inserting)"));
            }
            case 6: {
                String[] tokens = kind == Kind.PDF
                        ? new String[] {"endobj", "stream", "endstream", " obj ", "<<", ">>", "/ByteRange", "%%EOF", " R ",
                                "99999999999", "-1", "(", ")", "[", "]", "/Contents <>", "xref\n", "trailer", "\u0000"}
                        : new String[] {"<", "&", "]]>", "<!--", "xmlns:ds=\"urn:x\"", "&#0;", "&#xD800;", "<![CDATA[", "</",
                                "\"", "'", "<?pi?>", "&unknown;", "\u0000", "\uFEFF"};
                String token = tokens[r.nextInt(tokens.length)];
                int at = len == 0 ? 0 : r.nextInt(len + 1);
                return of(splice(in, at, 0, token.getBytes(StandardCharsets.UTF_8)), "insert " + printable(token) + " at " + at);
            }
            default: {
                // a word-sized "interesting" number written over a digit run
                String s = latin1(in);
                List<int[]> runs = matches(Pattern.compile("\\d{1,19}"), s, 20_000);
                if (runs.isEmpty()) {
                    return of(in, "no number to change");
                }
                int[] m = runs.get(r.nextInt(runs.size()));
                String value = interestingNumber(r, s.substring(m[0], m[1]), len);
                return of(latin1(s.substring(0, m[0]) + value + s.substring(m[1])), "number at " + m[0] + " -> " + value);
            }
        }
    }

    // ---------------------------------------------------------------- PDF

    private static final Pattern BYTE_RANGE = Pattern.compile("/ByteRange\\s*\\[\\s*(-?\\d+)\\s+(-?\\d+)\\s+(-?\\d+)\\s+(-?\\d+)\\s*\\]");
    private static final Pattern LENGTH = Pattern.compile("/Length\\s+(\\d+)");
    private static final Pattern XREF_ENTRY = Pattern.compile("(\\d{10}) (\\d{5}) ([nf])");
    private static final Pattern STARTXREF = Pattern.compile("startxref\\s+(\\d+)");
    private static final Pattern OBJ = Pattern.compile("(\\d+) (\\d+) obj");
    private static final Pattern REF = Pattern.compile("(\\d+) (\\d+) R\\b");
    private static final Pattern CONTENTS = Pattern.compile("/Contents\\s*<([0-9A-Fa-f\\s]*)>");
    private static final Pattern SUB_FILTER = Pattern.compile("/SubFilter\\s*/[A-Za-z0-9.#]+");
    private static final Pattern FILTER = Pattern.compile("/Filter\\s*/[A-Za-z0-9.#]+");
    private static final Pattern DICT_START = Pattern.compile("<<");

    private Step pdf(Random r, byte[] in) {
        String s = latin1(in);
        int len = in.length;
        switch (r.nextInt(10)) {
            case 0: {
                List<int[]> found = groups(BYTE_RANGE, s);
                if (found.isEmpty()) {
                    return generic(r, in, Kind.PDF);
                }
                int[] m = found.get(r.nextInt(found.size()));
                if (r.nextInt(3) == 0) {
                    String[] arrays = {"[0 0 0 0]", "[]", "[0 " + len + " 0 0]", "[0 -1 -1 0]", "[0 1 2]", "[0 10 20 30 40 50]",
                            "[" + len + " 0 0 " + len + "]", "[0 99999999999 0 0]", "[(a) /b 1 2]"};
                    String a = arrays[r.nextInt(arrays.length)];
                    int start = s.indexOf('[', m[0]);
                    return of(latin1(s.substring(0, start) + keepWidth(a, m[1] - start, r) + s.substring(m[1])),
                            "/ByteRange at " + m[0] + " -> " + a);
                }
                int g = 1 + r.nextInt(4);
                String old = s.substring(m[2 * g], m[2 * g + 1]);
                String value = interestingNumber(r, old, len);
                return of(latin1(s.substring(0, m[2 * g]) + keepWidth(value, old.length(), r) + s.substring(m[2 * g + 1])),
                        "/ByteRange number " + g + " at " + m[0] + ": " + old + " -> " + value);
            }
            case 1:
                return number(r, s, LENGTH, "/Length", len);
            case 2: {
                if (r.nextBoolean()) {
                    return number(r, s, STARTXREF, "startxref", len);
                }
                List<int[]> found = groups(XREF_ENTRY, s);
                if (found.isEmpty()) {
                    return number(r, s, STARTXREF, "startxref", len);
                }
                int[] m = found.get(r.nextInt(found.size()));
                String value = String.format("%010d", new java.math.BigInteger(interestingNumber(r, s.substring(m[2], m[3]), len))
                        .mod(java.math.BigInteger.TEN.pow(10)));
                return of(latin1(s.substring(0, m[2]) + value + s.substring(m[3])), "xref offset at " + m[0] + " -> " + value);
            }
            case 3: {
                Pattern p = r.nextBoolean() ? OBJ : REF;
                return number(r, s, p, p == OBJ ? "object number" : "reference", len);
            }
            case 4: {
                String word = r.nextInt(4) == 0 ? "endstream" : "endobj";
                List<int[]> found = matches(Pattern.compile(word), s, 100_000);
                if (found.isEmpty()) {
                    return generic(r, in, Kind.PDF);
                }
                if (r.nextInt(5) == 0) {
                    return of(latin1(s.replace(word, "")), "delete every " + word);
                }
                int[] m = found.get(r.nextInt(found.size()));
                return of(latin1(s.substring(0, m[0]) + s.substring(m[1])), "delete " + word + " at " + m[0]);
            }
            case 5: {
                List<int[]> found = groups(CONTENTS, s);
                if (found.isEmpty()) {
                    return generic(r, in, Kind.PDF);
                }
                int[] m = found.get(r.nextInt(found.size()));
                String hex = s.substring(m[2], m[3]);
                String replaced;
                String what;
                switch (r.nextInt(5)) {
                    case 0 -> {
                        replaced = " ".repeat(hex.length());
                        what = "emptied";
                    }
                    case 1 -> {
                        replaced = "0".repeat(hex.length());
                        what = "all zeros";
                    }
                    case 2 -> {
                        char[] c = hex.toCharArray();
                        for (int i = 0; i < 1 + r.nextInt(8) && c.length > 0; i++) {
                            c[r.nextInt(c.length)] = "0123456789ABCDEF".charAt(r.nextInt(16));
                        }
                        replaced = new String(c);
                        what = "hex digits changed";
                    }
                    case 3 -> {
                        int keep = hex.isEmpty() ? 0 : r.nextInt(hex.length());
                        replaced = hex.substring(0, keep) + "0".repeat(hex.length() - keep);
                        what = "DER cut after " + keep / 2 + " bytes";
                    }
                    default -> {
                        replaced = hex.substring(0, hex.length() / 2);
                        what = "half as long (the file shifts)";
                    }
                }
                return of(latin1(s.substring(0, m[2]) + replaced + s.substring(m[3])), "/Contents at " + m[0] + " " + what);
            }
            case 6: {
                boolean sub = r.nextBoolean();
                List<int[]> found = matches(sub ? SUB_FILTER : FILTER, s, 10_000);
                if (found.isEmpty()) {
                    return generic(r, in, Kind.PDF);
                }
                int[] m = found.get(r.nextInt(found.size()));
                String[] names = sub ? new String[] {"/SubFilter /Unknown.sub", "/SubFilter /ETSI.RFC3161", "/SubFilter /adbe.x509.rsa_sha1",
                        "/SubFilter /adbe.pkcs7.sha1", "/SubFilter 12", ""}
                        : new String[] {"/Filter /Unknown", "", "/Filter /FlateDecode", "/Filter [/FlateDecode /FlateDecode]", "/Filter 7"};
                String name = names[r.nextInt(names.length)];
                return of(latin1(s.substring(0, m[0]) + name + s.substring(m[1])), (sub ? "/SubFilter" : "/Filter") + " at " + m[0]
                        + " -> " + (name.isEmpty() ? "removed" : name));
            }
            case 7: {
                List<int[]> found = matches(DICT_START, s, 100_000);
                if (found.isEmpty()) {
                    return generic(r, in, Kind.PDF);
                }
                int[] m = found.get(r.nextInt(found.size()));
                int depth = new int[] {50, 600, 5_000, 50_000}[r.nextInt(4)];
                boolean arrays = r.nextBoolean();
                String nest = arrays ? "/KysoNest " + "[".repeat(depth) + "]".repeat(depth) + " "
                        : "/KysoNest " + "<</A ".repeat(depth) + "1" + ">>".repeat(depth) + " ";
                return of(latin1(s.substring(0, m[1]) + nest + s.substring(m[1])), "nest " + depth + (arrays ? " arrays" : " dictionaries")
                        + " at " + m[1]);
            }
            case 8: {
                String[] from = {"/Type /Sig", "/Type/Sig", "/Sig", "%%EOF", "/AcroForm", "/Annots", "/Root", "/Prev", "/Size", "/Kids"};
                String[] to = {"/Type /DocTimeStamp", "", "/Sig /Sig", "%%EOF\n%%EOF", "/KysoNone", "/Annots", "/Root 1 0 R /Root",
                        "/Prev 0", "/Size 2147483647", "/Kids [1 0 R 1 0 R]"};
                int i = r.nextInt(from.length);
                int at = s.indexOf(from[i]);
                if (at < 0) {
                    return generic(r, in, Kind.PDF);
                }
                int pick = r.nextBoolean() ? at : s.lastIndexOf(from[i]);
                return of(latin1(s.substring(0, pick) + to[r.nextInt(to.length)] + s.substring(pick + from[i].length())),
                        "PDF token " + from[i] + " at " + pick + " replaced");
            }
            default: {
                // an incremental update appended: a new object and a trailer pointing back
                int startxref = s.lastIndexOf("startxref");
                String prev = startxref < 0 ? "0" : s.substring(startxref + 9).trim().split("\\s+")[0];
                String update = "\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /KysoChanged true >>\nendobj\nxref\n0 2\n0000000000 65535 f \n"
                        + String.format("%010d", len + 1) + " 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R /Prev " + prev + " >>\nstartxref\n"
                        + (len + 40 + r.nextInt(3) - 1) + "\n%%EOF\n";
                return of(latin1(s + update), "incremental update appended (catalog replaced)");
            }
        }
    }

    private Step number(Random r, String s, Pattern p, String what, int len) {
        List<int[]> found = groups(p, s);
        if (found.isEmpty()) {
            return generic(r, latin1(s), Kind.PDF);
        }
        int[] m = found.get(r.nextInt(found.size()));
        String old = s.substring(m[2], m[3]);
        String value = interestingNumber(r, old, len);
        return of(latin1(s.substring(0, m[2]) + (r.nextBoolean() ? keepWidth(value, old.length(), r) : value) + s.substring(m[3])),
                what + " at " + m[0] + ": " + old + " -> " + value);
    }

    // ---------------------------------------------------------------- XML

    private static final Pattern START_TAG = Pattern.compile("<([A-Za-z_][\\w.\\-]*:)?([A-Za-z_][\\w.\\-]*)(\\s[^<>]*?)?>");
    private static final Pattern ID_ATTR = Pattern.compile("\\s(Id|ID|id)=\"([^\"]*)\"");
    private static final Pattern URI_ATTR = Pattern.compile("\\sURI=\"([^\"]*)\"");
    private static final Pattern ALGORITHM = Pattern.compile("Algorithm=\"([^\"]*)\"");
    private static final Pattern NAMESPACE = Pattern.compile("\\sxmlns(:[\\w.\\-]+)?=\"[^\"]*\"");

    private static final String[] ALGORITHMS = {
            "http://www.w3.org/TR/1999/REC-xslt-19991116",
            "http://www.w3.org/TR/1999/REC-xpath-19991116",
            "http://www.w3.org/2002/06/xmldsig-filter2",
            "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
            "http://www.w3.org/2000/09/xmldsig#base64",
            "http://www.w3.org/2001/10/xml-exc-c14n#",
            "http://www.w3.org/2006/12/xml-c14n11#WithComments",
            "http://www.w3.org/2001/04/xmldsig-more#md5",
            "http://www.w3.org/2000/09/xmldsig#sha1",
            "http://www.w3.org/2000/09/xmldsig#dsa-sha1",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-md5",
            "urn:kyso:unknown-algorithm",
            ""};

    private Step xml(Random r, byte[] in) {
        String s = new String(in, StandardCharsets.UTF_8);
        switch (r.nextInt(11)) {
            case 0: {
                int[] e = element(r, s);
                if (e == null) {
                    return generic(r, in, Kind.XML);
                }
                String copy = s.substring(e[0], e[1]);
                int copies = r.nextInt(4) == 0 ? 2 + r.nextInt(40) : 1;
                int at = r.nextBoolean() ? e[1] : e[0];
                return of(utf8(s.substring(0, at) + copy.repeat(copies) + s.substring(at)),
                        "duplicate element " + shortName(copy) + " x" + copies + " at " + at);
            }
            case 1: {
                int at = elementBoundary(r, s);
                int depth = new int[] {100, 999, 1001, 5_000, 100_000}[r.nextInt(5)];
                return of(utf8(s.substring(0, at) + "<n>".repeat(depth) + "</n>".repeat(depth) + s.substring(at)),
                        "nest " + depth + " elements at " + at);
            }
            case 2: {
                List<int[]> tags = matches(START_TAG, s, 100_000);
                int size = new int[] {70_000, 1 << 20, 4 << 20}[r.nextInt(3)];
                if (tags.isEmpty() || r.nextInt(3) == 0) {
                    int at = elementBoundary(r, s);
                    return of(utf8(s.substring(0, at) + "x".repeat(size) + s.substring(at)), "text of " + size + " chars at " + at);
                }
                int[] t = tags.get(r.nextInt(tags.size()));
                int at = s.charAt(t[1] - 2) == '/' ? t[1] - 2 : t[1] - 1;
                String attr = r.nextBoolean() ? " kysoHuge=\"" + "a".repeat(size) + "\"" : manyAttributes(2_000);
                return of(utf8(s.substring(0, at) + attr + s.substring(at)), "huge attribute(s) at " + at);
            }
            case 3: {
                List<int[]> ids = groups(ID_ATTR, s);
                if (ids.size() < 2) {
                    return generic(r, in, Kind.XML);
                }
                int[] a = ids.get(r.nextInt(ids.size()));
                int[] b = ids.get(r.nextInt(ids.size()));
                if (a[0] == b[0]) {
                    String v = s.substring(a[4], a[5]);
                    return of(utf8(s.substring(0, a[4]) + v + "-moved" + s.substring(a[5])), "Id " + v + " renamed");
                }
                int[] first = a[0] < b[0] ? a : b;
                int[] second = a[0] < b[0] ? b : a;
                String v1 = s.substring(first[4], first[5]);
                String v2 = s.substring(second[4], second[5]);
                boolean same = r.nextBoolean();
                String out = s.substring(0, first[4]) + v2 + s.substring(first[5], second[4]) + (same ? v2 : v1)
                        + s.substring(second[5]);
                return of(utf8(out), (same ? "Id " + v1 + " made a duplicate of " : "Ids swapped: " + v1 + " <-> ") + v2);
            }
            case 4: {
                String[] doctypes = {
                        "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>",
                        "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
                        "<!DOCTYPE r [<!ENTITY x SYSTEM \"" + trapUrl + "/entity\">]>",
                        "<!DOCTYPE r SYSTEM \"" + trapUrl + "/dtd\">",
                        "<!DOCTYPE r [<!ENTITY % p SYSTEM \"" + trapUrl + "/param\"> %p;]>",
                        "<!DOCTYPE r [<!ENTITY big \"" + "y".repeat(60_000) + "\">]>",
                        "<!DOCTYPE r [<!ATTLIST r Id ID #IMPLIED>]>",
                        "<!DOCTYPE r>"};
                String doctype = doctypes[r.nextInt(doctypes.length)];
                int at = s.startsWith("<?xml") ? s.indexOf("?>") + 2 : 0;
                String body = s.substring(0, at) + doctype + s.substring(at);
                if (r.nextBoolean()) {
                    int e = elementBoundary(r, body);
                    body = body.substring(0, e) + (doctype.contains("big") ? "&big;".repeat(500) : "&x;&c;&a;") + body.substring(e);
                }
                return of(utf8(body), "DOCTYPE inserted: " + printable(doctype.length() > 80 ? doctype.substring(0, 80) + "..." : doctype));
            }
            case 5: {
                List<int[]> found = groups(ALGORITHM, s);
                if (found.isEmpty()) {
                    return generic(r, in, Kind.XML);
                }
                int[] m = found.get(r.nextInt(found.size()));
                String algorithm = ALGORITHMS[r.nextInt(ALGORITHMS.length)];
                return of(utf8(s.substring(0, m[2]) + algorithm + s.substring(m[3])), "Algorithm at " + m[0] + " -> " + algorithm);
            }
            case 6: {
                boolean transforms = r.nextBoolean();
                String name = transforms ? "Transform" : "Reference";
                Matcher m = Pattern.compile("<(\\w+:)?" + name + "[\\s>][\\s\\S]*?</(\\w+:)?" + name + ">|<(\\w+:)?" + name + "\\s[^>]*/>")
                        .matcher(s);
                if (!m.find()) {
                    return generic(r, in, Kind.XML);
                }
                int copies = new int[] {6, 31, 200, 10_000}[r.nextInt(4)];
                String block = m.group();
                if (block.length() * (long) copies > 4_000_000) {
                    copies = Math.max(2, 4_000_000 / Math.max(1, block.length()));
                }
                return of(utf8(s.substring(0, m.end()) + block.repeat(copies) + s.substring(m.end())),
                        name + " at " + m.start() + " repeated " + copies + " times");
            }
            case 7: {
                List<int[]> found = groups(URI_ATTR, s);
                if (found.isEmpty()) {
                    return generic(r, in, Kind.XML);
                }
                int[] m = found.get(r.nextInt(found.size()));
                String[] uris = {trapUrl + "/reference", "file:///etc/passwd", "#does-not-exist", "", "#xpointer(/)",
                        "#xpointer(id('x'))", "../../../../etc/hosts", "jar:file:/x.jar!/y", "#", "data:,abc"};
                String uri = uris[r.nextInt(uris.length)];
                return of(utf8(s.substring(0, m[2]) + uri + s.substring(m[3])), "URI at " + m[0] + " -> " + uri);
            }
            case 8: {
                List<int[]> found = matches(NAMESPACE, s, 10_000);
                if (found.isEmpty()) {
                    return generic(r, in, Kind.XML);
                }
                int[] m = found.get(r.nextInt(found.size()));
                String replacement = r.nextBoolean() ? "" : " xmlns:ds=\"" + DS + "\" xmlns:ds=\"urn:twice\"";
                return of(utf8(s.substring(0, m[0]) + replacement + s.substring(m[1])), "namespace declaration at " + m[0]
                        + (replacement.isEmpty() ? " removed" : " replaced by a doubled prefix"));
            }
            case 9: {
                int[] e = element(r, s);
                if (e == null) {
                    return generic(r, in, Kind.XML);
                }
                return of(utf8(s.substring(0, e[0]) + s.substring(e[1])), "element " + shortName(s.substring(e[0], e[1]))
                        + " removed at " + e[0]);
            }
            default: {
                String[] transforms = {
                        "<ds:Transform xmlns:ds=\"" + DS + "\" Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\"><ds:XPath>"
                                + "count(//. | //@* | //namespace::*) &gt; 0 and here()</ds:XPath></ds:Transform>",
                        "<ds:Transform xmlns:ds=\"" + DS + "\" Algorithm=\"http://www.w3.org/2002/06/xmldsig-filter2\"><dsf:XPath"
                                + " xmlns:dsf=\"http://www.w3.org/2002/06/xmldsig-filter2\" Filter=\"union\">"
                                + "//. | document('" + trapUrl + "/xpath')</dsf:XPath></ds:Transform>",
                        "<ds:Transform xmlns:ds=\"" + DS + "\" Algorithm=\"http://www.w3.org/TR/1999/REC-xslt-19991116\"><xsl:stylesheet"
                                + " xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" version=\"1.0\"><xsl:template match=\"/\">"
                                + "<xsl:value-of select=\"document('" + trapUrl + "/xslt')\"/><xsl:call-template name=\"loop\"/></xsl:template>"
                                + "<xsl:template name=\"loop\"><xsl:call-template name=\"loop\"/></xsl:template></xsl:stylesheet></ds:Transform>"};
                Matcher m = Pattern.compile("<(\\w+:)?Transforms>").matcher(s);
                if (!m.find()) {
                    return generic(r, in, Kind.XML);
                }
                return of(utf8(s.substring(0, m.end()) + transforms[r.nextInt(transforms.length)] + s.substring(m.end())),
                        "hostile transform inserted at " + m.end());
            }
        }
    }

    /** A random element with a simple matching end tag: {start, end} (end exclusive), or null. */
    private static int[] element(Random r, String s) {
        List<int[]> tags = matches(START_TAG, s, 100_000);
        for (int attempt = 0; attempt < 8 && !tags.isEmpty(); attempt++) {
            int[] t = tags.get(r.nextInt(tags.size()));
            String tag = s.substring(t[0], t[1]);
            if (tag.endsWith("/>")) {
                return t;
            }
            Matcher name = Pattern.compile("<([\\w.:\\-]+)").matcher(tag);
            if (!name.lookingAt()) {
                continue;
            }
            String close = "</" + name.group(1) + ">";
            int end = s.indexOf(close, t[1]);
            if (end >= 0) {
                return new int[] {t[0], end + close.length()};
            }
        }
        return null;
    }

    /** A position just after a start tag (inside some element), or 0. */
    private static int elementBoundary(Random r, String s) {
        List<int[]> tags = matches(START_TAG, s, 100_000);
        return tags.isEmpty() ? 0 : tags.get(r.nextInt(tags.size()))[1];
    }

    private static String manyAttributes(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(" a").append(i).append("=\"").append(i).append('"');
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- helpers

    private static String interestingNumber(Random r, String old, int fileLength) {
        long value;
        try {
            value = Long.parseLong(old);
        } catch (NumberFormatException e) {
            value = 0;
        }
        String[] choices = {"0", "1", "-1", "2147483647", "2147483648", "-2147483648", "9223372036854775807",
                "99999999999999999999", String.valueOf(fileLength), String.valueOf(fileLength - 1), String.valueOf(fileLength + 1),
                String.valueOf(value + 1), String.valueOf(value - 1), String.valueOf(value * 2), String.valueOf(value / 2),
                String.valueOf(r.nextInt(Math.max(1, fileLength)))};
        return choices[r.nextInt(choices.length)];
    }

    /** {@code value} padded with spaces to {@code width} when it is shorter (offsets stay where they were), else as is. */
    private static String keepWidth(String value, int width, Random r) {
        return value.length() < width && r.nextBoolean() ? value + " ".repeat(width - value.length()) : value;
    }

    private static List<int[]> matches(Pattern p, String s, int max) {
        List<int[]> found = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find() && found.size() < max) {
            found.add(new int[] {m.start(), m.end()});
        }
        return found;
    }

    /** Matches with every group's bounds: {start, end, g1start, g1end, g2start, ...}. */
    private static List<int[]> groups(Pattern p, String s) {
        List<int[]> found = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find() && found.size() < 100_000) {
            int[] bounds = new int[2 + 2 * m.groupCount()];
            bounds[0] = m.start();
            bounds[1] = m.end();
            for (int g = 1; g <= m.groupCount(); g++) {
                bounds[2 * g] = m.start(g);
                bounds[2 * g + 1] = m.end(g);
            }
            found.add(bounds);
        }
        return found;
    }

    private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
        byte[] out = new byte[in.length - remove + insert.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(in, at + remove, out, at + insert.length, in.length - at - remove);
        return out;
    }

    private static String shortName(String element) {
        int end = 1;
        while (end < element.length() && end < 40 && !Character.isWhitespace(element.charAt(end)) && element.charAt(end) != '>'
                && element.charAt(end) != '/') {
            end++;
        }
        return element.substring(0, end) + ">";
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c > 0x7E ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append('"').toString();
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Step of(byte[] data, String description) {
        return new Step(data, description);
    }

    /** One mutation's result. */
    private record Step(byte[] data, String what) {
    }
}
