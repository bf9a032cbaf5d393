package org.kyso.pdf.internal;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import eu.europa.esig.dss.diagnostic.AbstractSignatureWrapper;
import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.validation.reports.Reports;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNumber;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

import org.kyso.core.Indication;
import org.kyso.core.Message;
import org.kyso.core.Modification;
import org.kyso.core.SignatureReport;
import org.kyso.core.SignerInfo;
import org.kyso.core.TimestampReport;
import org.kyso.core.ValidationReport;
import org.kyso.core.internal.Messages;
import org.kyso.core.internal.ValidationChecks;

/**
 * What KySo checks in a PDF's signatures besides DSS, for honest verdicts where DSS's default is
 * misleading. Every signature field's dictionary is read with PDFBox before DSS runs; then:
 * <ul>
 *   <li><b>Coverage.</b> A byte range must start at byte 0, leave unsigned exactly the dictionary's
 *       own {@code /Contents} string, and end at the end of a revision ({@code %%EOF}). Otherwise
 *       bytes of the signed revision are unsigned and could say anything (the trailer that tells
 *       where the document starts, for one): the signature is reported TOTAL_FAILED/FORMAT_FAILURE,
 *       not covering the whole document, and, when it is intact, with a change that is
 *       NOT_PERMITTED. DSS accepts a range that stops before {@code %%EOF}.</li>
 *   <li><b>Integrity DSS gets wrong.</b> When DSS says a signature is not intact, its CMS is
 *       verified again ({@link CmsIntegrity}) over the bytes the range declares: DSS reads no bytes
 *       at all for a range it finds inconsistent, and re-encodes signed attributes as DER before
 *       verifying, so a signer that signed them unsorted (as some DocuSign and plug-test files
 *       are) looks broken although OpenSSL, poppler and Acrobat verify it. Such a signature is
 *       reported intact but INDETERMINATE/FORMAT_FAILURE: the bytes are the signed ones, the
 *       encoding breaks RFC 5652, and DSS's further checks of it cannot be relied on.</li>
 *   <li><b>Signatures DSS does not report</b> (a CMS it cannot decode, a document time-stamp whose
 *       dictionary says {@code /Type /Sig}, an algorithm it cannot compute such as SHAKE256, a file
 *       whose header is damaged): each is reported in its place, checked with {@link CmsIntegrity}
 *       only, so a document with an undecodable signature is never called unsigned.</li>
 *   <li><b>Order.</b> Signatures whose byte ranges end at the same byte are ordered by where their
 *       dictionaries are in the file.</li>
 *   <li><b>Signatures that sign nothing.</b> A signature field whose value is a dictionary without
 *       a usable {@code /ByteRange} (a universal signature forgery: a viewer may still show it as
 *       signed) is reported as a signature, TOTAL_FAILED/FORMAT_FAILURE, not skipped.</li>
 *   <li><b>Bytes after the last revision.</b> Bytes after the end of the last signed byte range
 *       that are neither white space nor a revision of their own (no {@code startxref}) are signed
 *       by nothing, and a lenient reader may take objects from them (an incremental saving attack
 *       without cross-reference): every signature is then not covering the whole document, and
 *       changed after signing in a way NOT_PERMITTED.</li>
 * </ul>
 * Usage-rights signatures ({@code /Perms /UR3}, Adobe Reader extensions) are not signature fields
 * and are not reported, as DSS does not.
 *
 * <p>One instance belongs to one validation (not thread-safe).
 */
final class PdfSignatureAudit implements ValidationChecks.Inspection {

    /** DSS findings that KySo's own check disproves when it finds the signature intact. */
    private static final Set<String> NOT_INTACT_KEYS = Set.of("BBB_CV_ISI_ANS", "BBB_CV_IRDOI_ANS");

    /** Bytes read before a byte range's end to find the {@code %%EOF} that should end it. */
    private static final int EOF_WINDOW = 64;

    /**
     * One signature dictionary that a signature field of the final revision holds.
     *
     * @param fieldNames the fields' partial and fully qualified names
     * @param offset where the dictionary's object is in the file (cross-reference), or
     *        {@link Long#MAX_VALUE} when unknown
     * @param byteRange the four numbers of {@code /ByteRange}
     * @param contents the {@code /Contents} string's bytes
     */
    record Dictionary(List<String> fieldNames, long offset, long[] byteRange, String subFilter, String type,
                      byte[] contents) {

        String field() {
            return fieldNames.isEmpty() ? null : fieldNames.get(0);
        }

        long end() {
            return byteRange[2] + byteRange[3];
        }

        boolean timestamp() {
            return "ETSI.RFC3161".equals(subFilter) || "DocTimeStamp".equals(type);
        }

        /** The ranges are in order and inside a file of {@code length} bytes. */
        boolean readable(long length) {
            long[] r = byteRange;
            return r[0] >= 0 && r[1] >= 0 && r[3] >= 0 && r[2] >= r[0] + r[1] && r[2] + r[3] <= length;
        }

        String rangeText() {
            return "[" + byteRange[0] + " " + byteRange[1] + " " + byteRange[2] + " " + byteRange[3] + "]";
        }
    }

    /** How much of what follows the last signed byte range is read to tell a revision from stray bytes. */
    private static final int TAIL_WINDOW = 16 * 1024 * 1024;

    private final Bytes bytes;
    private final List<Dictionary> dictionaries;
    /** Fields whose value is a signature dictionary without a usable byte range: they sign nothing. */
    private final List<String> signNothing;
    private final Map<Dictionary, CmsIntegrity.Result> checked = new IdentityHashMap<>();
    private final Map<Dictionary, List<Message>> coverage = new IdentityHashMap<>();

    /**
     * What DSS's object comparisons of this document would cost ({@link ComparisonCost}), up to just
     * past {@link #MAX_COMPARISON_COST}; 0 without signatures (DSS compares nothing then).
     */
    private final long comparisonCost;

    /**
     * Comparison cost past which a document is refused before DSS reads it: the budget of
     * {@link FieldValueChangesFinder#OBJECT_BUDGET}, a few seconds of DSS's time; over 100 times what
     * the most demanding PDF of the conformance corpus costs (pkcs7_sha1.pdf: 0.4 million). A single
     * array of more than about 5,000 references (a flat page tree of 5,000 pages) reaches it.
     */
    static final long MAX_COMPARISON_COST = FieldValueChangesFinder.OBJECT_BUDGET;

    private PdfSignatureAudit(Bytes bytes, List<Dictionary> dictionaries, List<String> signNothing, long comparisonCost) {
        this.bytes = bytes;
        this.dictionaries = dictionaries;
        this.signNothing = signNothing;
        this.comparisonCost = comparisonCost;
    }

    /** Whether DSS's comparisons of revisions would take too long on this document (see {@link ComparisonCost}). */
    boolean tooCostlyToCompare() {
        return comparisonCost > MAX_COMPARISON_COST;
    }

    /** Reads the signature fields of {@code document}; a PDF PDFBox cannot open gives an audit that changes nothing. */
    static PdfSignatureAudit read(DSSDocument document) {
        Bytes bytes = Bytes.of(document);
        List<Dictionary> found = new ArrayList<>();
        List<String> signNothing = new ArrayList<>();
        long cost = 0;
        try (PDDocument pdf = bytes.load()) {
            Map<COSObjectKey, Long> xref = pdf.getDocument().getXrefTable();
            Map<COSDictionary, Integer> seen = new IdentityHashMap<>();
            for (PDSignatureField field : pdf.getSignatureFields()) {
                COSBase value = field.getCOSObject().getDictionaryObject(COSName.V);
                if (!(value instanceof COSDictionary dictionary)) {
                    continue;
                }
                Integer known = seen.get(dictionary);
                if (known != null) {
                    addName(found.get(known).fieldNames(), field);
                    continue;
                }
                Dictionary d = dictionary(field, dictionary, xref);
                if (d != null) {
                    seen.put(dictionary, found.size());
                    found.add(d);
                } else {
                    String name = field.getFullyQualifiedName();
                    signNothing.add(name == null ? field.getPartialName() : name);
                }
            }
            if (!found.isEmpty()) {
                cost = ComparisonCost.of(pdf.getDocument(), MAX_COMPARISON_COST);
            }
        } catch (IOException | RuntimeException e) {
            // Not readable by PDFBox (or needs a password): DSS's answer stands as it is.
            return new PdfSignatureAudit(bytes, List.of(), List.of(), 0);
        }
        return new PdfSignatureAudit(bytes, found, signNothing, cost);
    }

    private static Dictionary dictionary(PDSignatureField field, COSDictionary dictionary, Map<COSObjectKey, Long> xref) {
        COSArray array = dictionary.getCOSArray(COSName.BYTERANGE);
        if (array == null || array.size() != 4) {
            return null;
        }
        long[] range = new long[4];
        for (int i = 0; i < 4; i++) {
            if (!(array.getObject(i) instanceof COSNumber number)) {
                return null;
            }
            range[i] = number.longValue();
        }
        COSBase contents = dictionary.getDictionaryObject(COSName.CONTENTS);
        byte[] value = contents instanceof COSString string ? string.getBytes() : new byte[0];
        COSObjectKey key = dictionary.getKey();
        Long offset = key == null ? null : xref.get(key);
        List<String> names = new ArrayList<>();
        addName(names, field);
        return new Dictionary(names, offset == null || offset < 0 ? Long.MAX_VALUE : offset, range,
                dictionary.getNameAsString(COSName.SUB_FILTER), dictionary.getNameAsString(COSName.TYPE), value);
    }

    private static void addName(List<String> names, PDSignatureField field) {
        for (String name : new String[] {field.getPartialName(), field.getFullyQualifiedName()}) {
            if (name != null && !names.contains(name)) {
                names.add(name);
            }
        }
    }

    /** For a PDF signed only with plain PKCS#7: {@link Pkcs7ValidationPolicy}; otherwise DSS's default. */
    @Override
    public ValidationPolicy defaultPolicy() {
        return Pkcs7ValidationPolicy.appliesTo(dictionaries) ? Pkcs7ValidationPolicy.create() : null;
    }

    @Override
    public List<SignatureWrapper> order(List<SignatureWrapper> signatures) {
        List<SignatureWrapper> sorted = new ArrayList<>(signatures);
        sorted.sort(Comparator.comparing((SignatureWrapper s) -> end(s.getSignatureByteRange()))
                .thenComparingLong(s -> {
                    Dictionary d = match(s);
                    return d == null ? Long.MAX_VALUE : d.offset();
                }));
        return sorted;
    }

    @Override
    public SignatureReport amend(SignatureWrapper signature, SignatureReport report) {
        try {
            Dictionary d = match(signature);
            return d == null ? report : amend(d, report);
        } catch (RuntimeException e) {
            return report;
        }
    }

    /**
     * The SignerInfo's digest algorithm when DSS cannot compute it, else null: DSS verifies the
     * signature with a digest it asks the Java platform's providers for, and they have no SHAKE256
     * (which Ed448 signatures use).
     */
    private static String undigestable(String oid) {
        if (oid == null) {
            return null;
        }
        try {
            DigestAlgorithm.forOID(oid).getMessageDigest();
            return null;
        } catch (NoSuchAlgorithmException e) {
            return DigestAlgorithm.forOID(oid).getName();
        } catch (RuntimeException e) {
            return oid;
        }
    }

    /**
     * DSS's report of the signature in {@code d}, corrected for coverage and for integrity DSS got
     * wrong.
     */
    SignatureReport amend(Dictionary d, SignatureReport report) {
        List<Message> anomalies = coverage(d);
        CmsIntegrity.Status status = null;
        String undigestable = null;
        if (!report.integrity() && d.readable(bytes.length())) {
            CmsIntegrity.Result result = check(d);
            status = result.status();
            undigestable = undigestable(result.digestAlgorithm());
        }
        boolean nonDer = status == CmsIntegrity.Status.INTACT_NON_DER;
        // KySo overrides DSS's "not intact" only where it knows why DSS said so: a byte range DSS
        // would not read, signed attributes DSS re-encoded, or a digest DSS cannot compute.
        boolean unavailable = undigestable != null && status == CmsIntegrity.Status.INTACT;
        boolean override = status != null && status.intact() && (!anomalies.isEmpty() || nonDer || unavailable);
        if (anomalies.isEmpty() && !override) {
            return report;
        }
        SignatureReport.Builder b = report.toBuilder();
        boolean intact = report.integrity() || override;
        if (override) {
            b.integrity(true).clearErrors();
            report.errors().stream().filter(m -> !NOT_INTACT_KEYS.contains(m.key())).forEach(b::addError);
        }
        if (nonDer) {
            b.addError(Messages.of("kyso.pdf.cms.signed-attributes-not-der",
                    "The signature in field {0} verifies over its signed attributes as they are encoded in the file,"
                            + " but that encoding is not DER (RFC 5652 requires DER, with attributes in sorted order): DSS"
                            + " re-encodes them and finds the signature broken. The signed bytes are intact; the result is"
                            + " INDETERMINATE because DSS's other checks of this signature cannot be relied on.",
                    d.field()));
            if (anomalies.isEmpty()) {
                b.indication(Indication.INDETERMINATE).subIndication("FORMAT_FAILURE");
            }
        }
        if (unavailable) {
            b.addError(Messages.of("kyso.pdf.cms.digest-unavailable",
                    "DSS cannot compute the digest the signature in field {0} uses ({1}; this Java platform has none), so"
                            + " it finds the signature broken. KySo verified it with Bouncy Castle: the signed bytes are"
                            + " intact. The result is INDETERMINATE because DSS's other checks of this signature cannot be"
                            + " relied on.",
                    d.field(), undigestable));
            if (anomalies.isEmpty()) {
                b.indication(Indication.INDETERMINATE).subIndication(null);
            }
        }
        if (!anomalies.isEmpty()) {
            b.indication(Indication.TOTAL_FAILED).subIndication("FORMAT_FAILURE").coversWholeDocument(false);
            anomalies.forEach(b::addError);
            if (intact) {
                // Intact over bytes that leave part of its revision unsigned: what the reader sees
                // may differ from what was signed. (For a broken signature the question is moot.)
                List<Message> changes = new ArrayList<>();
                report.changesAfterSigning().stream().filter(m -> !CHANGE_VERDICT.matcher(String.valueOf(m.key())).matches())
                        .forEach(changes::add);
                changes.add(unsignedChange());
                b.modifiedAfterSigning(Modification.NOT_PERMITTED).changesAfterSigning(changes);
            }
        }
        return b.build();
    }

    /** The closing sentences of {@link SignatureReport#changesAfterSigning()}, replaced when the verdict changes. */
    private static final java.util.regex.Pattern CHANGE_VERDICT =
            java.util.regex.Pattern.compile("kyso\\.pdf\\.change\\.(none|permitted.*|not-permitted.*)");

    private static Message unsignedChange() {
        return Messages.of("kyso.pdf.coverage.change",
                "Part of the revision this signature belongs to is not signed (see the errors), so it may have been"
                        + " changed after signing: this is NOT permitted, what the reader sees may differ from what was signed.");
    }

    @Override
    public ValidationReport complete(ValidationReport report) {
        ValidationReport completed;
        try {
            completed = completed(report);
        } catch (RuntimeException e) {
            completed = report;
        }
        try {
            return withUnsignedTail(withSignaturesSigningNothing(completed));
        } catch (IOException | RuntimeException e) {
            return completed;
        }
    }

    /** {@code report} with a failed signature for each field in {@link #signNothing}, after the others. */
    private ValidationReport withSignaturesSigningNothing(ValidationReport report) {
        if (signNothing.isEmpty()) {
            return report;
        }
        boolean failed = report.error().isPresent();
        List<SignatureReport> signatures = new ArrayList<>(failed ? List.of() : report.signatures());
        for (String field : signNothing) {
            signatures.add(SignatureReport.builder()
                    .id("S-KYSO-" + sha256(String.valueOf(field).getBytes(StandardCharsets.UTF_8)).substring(0, 40))
                    .format("UNKNOWN")
                    .integrity(false)
                    .indication(Indication.TOTAL_FAILED).subIndication("FORMAT_FAILURE")
                    .fieldName(field)
                    .coversWholeDocument(false)
                    .addError(Messages.of("kyso.pdf.coverage.no-byte-range",
                            "The signature field {0} holds a signature dictionary without a usable /ByteRange (four numbers):"
                                    + " it signs nothing. A viewer may still show it as a signature; it is a forged or broken one.",
                            field))
                    .build());
        }
        return rebuilt(report, signatures, failed ? List.of() : report.documentTimestamps(), failed);
    }

    /**
     * {@code report} with every signature changed after signing in a way not permitted when bytes
     * follow the last signed byte range that are neither white space nor a revision.
     */
    private ValidationReport withUnsignedTail(ValidationReport report) throws IOException {
        long length = bytes.length();
        long end = -1;
        for (Dictionary d : dictionaries) {
            if (d.readable(length)) {
                end = Math.max(end, d.end());
            }
        }
        if (end <= 0 || end >= length || report.signatures().isEmpty() && report.documentTimestamps().isEmpty()) {
            return report;
        }
        byte[] tail = bytes.read(end, (int) Math.min(length - end, TAIL_WINDOW));
        boolean blank = true;
        for (byte c : tail) {
            blank &= " \r\n\t\f\u0000".indexOf((char) (c & 0xFF)) >= 0;
        }
        if (blank || new String(tail, StandardCharsets.ISO_8859_1).contains("startxref")) {
            return report; // nothing, or a later revision DSS compares
        }
        Message error = Messages.of("kyso.pdf.coverage.tail",
                "{0} bytes after the end of the last signed byte range (byte {1}) belong to no revision (no cross-reference"
                        + " follows them): no signature covers them, and a lenient reader may still take objects from them.",
                length - end, end);
        List<SignatureReport> signatures = new ArrayList<>();
        for (SignatureReport s : report.signatures()) {
            SignatureReport.Builder b = s.toBuilder().coversWholeDocument(false).addError(error);
            if (s.integrity()) {
                List<Message> changes = new ArrayList<>();
                s.changesAfterSigning().stream().filter(m -> !CHANGE_VERDICT.matcher(String.valueOf(m.key())).matches())
                        .forEach(changes::add);
                changes.add(Messages.of("kyso.pdf.coverage.tail-change",
                        "Bytes were added after the last revision without being a revision of their own (see the errors):"
                                + " this is NOT permitted, what a reader sees may differ from what was signed."));
                b.modifiedAfterSigning(Modification.NOT_PERMITTED).changesAfterSigning(changes);
            }
            signatures.add(b.build());
        }
        List<TimestampReport> timestamps = new ArrayList<>();
        for (TimestampReport t : report.documentTimestamps()) {
            timestamps.add(new TimestampReport(t.type(), t.time(), t.integrity(), false));
        }
        return rebuilt(report, signatures, timestamps, false);
    }

    /** A report like {@code report} with these signatures and time-stamps (and no error). */
    private static ValidationReport rebuilt(ValidationReport report, List<SignatureReport> signatures,
                                            List<TimestampReport> timestamps, boolean failed) {
        // Rebuilt from the report's accessors: keep this in step with ValidationReport's fields.
        Reports dss = report.dssReports().orElse(null) instanceof Reports r ? r : null;
        ValidationReport.Builder b = ValidationReport.builder().file(report.file()).documentType(report.documentType())
                .revocationChecked(!failed && report.revocationChecked()).dssReports(failed ? null : dss);
        signatures.forEach(b::addSignature);
        timestamps.forEach(b::addDocumentTimestamp);
        return b.build();
    }

    private ValidationReport completed(ValidationReport report) {
        boolean failed = report.error().isPresent();
        if (dictionaries.isEmpty()) {
            return report;
        }
        Reports dss = report.dssReports().orElse(null) instanceof Reports r ? r : null;
        List<Dictionary> reported = new ArrayList<>();
        List<BigInteger> timestampEnds = new ArrayList<>();
        if (dss != null && !failed) {
            DiagnosticData diagnostic = dss.getDiagnosticData();
            for (SignatureWrapper s : diagnostic.getSignatures()) {
                addIfMatched(reported, match(s));
            }
            for (TimestampWrapper t : diagnostic.getTimestampList()) {
                if (t.getPDFRevision() != null) {
                    addIfMatched(reported, match(t.getPDFRevision().getSignatureFieldNames(),
                            t.getPDFRevision().getSignatureByteRange()));
                    timestampEnds.add(end(t.getPDFRevision().getSignatureByteRange()));
                }
            }
            timestampEnds.sort(Comparator.naturalOrder()); // the order DssValidation gave them
        }
        List<Dictionary> missing = new ArrayList<>();
        for (Dictionary d : dictionaries) {
            if (reported.stream().noneMatch(r -> r == d)) {
                missing.add(d);
            }
        }
        if (missing.isEmpty()) {
            return report;
        }
        Message dssFailure = failed ? report.error().get() : null;
        List<SignatureReport> signatures = new ArrayList<>(failed ? List.of() : report.signatures());
        List<TimestampReport> timestamps = new ArrayList<>(failed ? List.of() : report.documentTimestamps());
        List<BigInteger> ends = failed ? new ArrayList<>() : timestampEnds;
        for (Dictionary d : missing) {
            if (d.timestamp()) {
                int at = 0;
                while (at < ends.size() && at < timestamps.size() && ends.get(at).compareTo(BigInteger.valueOf(d.end())) <= 0) {
                    at++;
                }
                timestamps.add(at, independentTimestamp(d, signatures));
                ends.add(at, BigInteger.valueOf(d.end()));
            } else {
                SignatureReport independent = independentSignature(d, dssFailure);
                int at = signatures.size();
                for (int i = 0; i < signatures.size(); i++) {
                    Dictionary other = byField(signatures.get(i).fieldName());
                    if (other != null && (other.end() > d.end() || (other.end() == d.end() && other.offset() > d.offset()))) {
                        at = i;
                        break;
                    }
                }
                signatures.add(at, independent);
            }
        }
        // Rebuilt from the report's accessors: keep this in step with ValidationReport's fields.
        ValidationReport.Builder b = ValidationReport.builder().file(report.file()).documentType(report.documentType())
                .revocationChecked(!failed && report.revocationChecked()).dssReports(failed ? null : dss);
        signatures.forEach(b::addSignature);
        timestamps.forEach(b::addDocumentTimestamp);
        return b.build();
    }

    /** A signature DSS did not report, judged by KySo's own integrity check and coverage checks only. */
    private SignatureReport independentSignature(Dictionary d, Message dssFailure) {
        CmsIntegrity.Result result = check(d);
        CmsIntegrity.Status status = result.status();
        List<Message> anomalies = coverage(d);
        String field = d.field();
        SignatureReport.Builder b = SignatureReport.builder()
                .id("S-KYSO-" + sha256(d.contents()).substring(0, 40))
                .format(d.subFilter() != null && d.subFilter().startsWith("adbe.pkcs7") ? "PKCS7" : "UNKNOWN")
                .integrity(status.intact())
                .signer(signer(result.signer()))
                .claimedSigningTime(instant(result.signingTime()))
                .fieldName(field);
        if (dssFailure != null && !startsWithHeader()) {
            b.addError(Messages.of("kyso.pdf.independent.no-header",
                    "The file does not start with a PDF header (%PDF-), so DSS refuses it. KySo read it as a PDF and"
                            + " checked the signature in field {0} on its own: its integrity only, not its certificate,"
                            + " trust, time or revocation.", field));
        } else if (dssFailure != null) {
            b.addError(Messages.of("kyso.pdf.independent.dss-failed",
                    "DSS could not validate this document ({0}). KySo checked the signature in field {1} on its own:"
                            + " its integrity only, not its certificate, trust, time or revocation.",
                    dssFailure.english(), field));
        } else {
            b.addError(Messages.of("kyso.pdf.independent.not-reported",
                    "DSS does not report the signature in field {0} (sub-filter {1}). KySo checked it on its own: its"
                            + " integrity only, not its certificate, trust, time or revocation.",
                    field, d.subFilter() == null ? "none" : d.subFilter()));
        }
        switch (status) {
            case INTACT, INTACT_NON_DER -> b.indication(Indication.INDETERMINATE);
            case DIGEST_MISMATCH -> b.indication(Indication.TOTAL_FAILED).subIndication("HASH_FAILURE")
                    .addError(Messages.of("kyso.pdf.cms.digest-mismatch",
                            "The bytes the signature in field {0} covers do not match the digest it signed: the document"
                                    + " was changed after signing.", field));
            case SIGNATURE_INVALID -> b.indication(Indication.TOTAL_FAILED).subIndication("SIG_CRYPTO_FAILURE")
                    .addError(Messages.of("kyso.pdf.cms.signature-invalid",
                            "The signature value in field {0} does not verify with the signer's public key.", field));
            case NO_SIGNER_CERTIFICATE -> b.indication(Indication.INDETERMINATE).subIndication("NO_SIGNING_CERTIFICATE_FOUND")
                    .addError(Messages.of("kyso.pdf.cms.no-signer-certificate",
                            "The signature in field {0} does not hold the signer's certificate, so its value cannot be"
                                    + " verified.", field));
            case UNSUPPORTED -> b.indication(Indication.INDETERMINATE)
                    .addError(Messages.of("kyso.pdf.cms.unsupported",
                            "KySo cannot verify the signature in field {0}: {1}.", field, result.detail()));
            case UNDECODABLE -> b.indication(Indication.TOTAL_FAILED).subIndication("FORMAT_FAILURE")
                    .addError(Messages.of("kyso.pdf.cms.undecodable",
                            "The signature in field {0} cannot be decoded: its /Contents is not a valid CMS signature ({1}).",
                            field, result.detail()));
            case RANGES_UNREADABLE -> b.indication(Indication.TOTAL_FAILED).subIndication("FORMAT_FAILURE")
                    .addError(Messages.of("kyso.pdf.coverage.outside",
                            "The byte range {1} of field {0} does not fit inside the file of {2} bytes.",
                            field, d.rangeText(), bytes.length()));
        }
        if (status.intact() && status == CmsIntegrity.Status.INTACT_NON_DER) {
            b.addWarning(Messages.of("kyso.pdf.cms.signed-attributes-not-der-only",
                    "The signature in field {0} verifies only over its signed attributes as encoded in the file, which is"
                            + " not DER as RFC 5652 requires.", field));
        }
        if (!anomalies.isEmpty()) {
            b.indication(Indication.TOTAL_FAILED).subIndication("FORMAT_FAILURE").coversWholeDocument(false);
            anomalies.forEach(b::addError);
            if (status.intact()) {
                b.modifiedAfterSigning(Modification.NOT_PERMITTED).addChangeAfterSigning(unsignedChange());
            }
        } else if (d.readable(bytes.length())) {
            // What later revisions changed was not analysed (DSS did not see this signature).
            boolean last = reachesEnd(d);
            b.coversWholeDocument(last).modifiedAfterSigning(last ? Modification.NONE : null);
        } else {
            b.coversWholeDocument(false);
        }
        return b.build();
    }

    /**
     * A document time-stamp DSS skipped (e.g. its dictionary says {@code /Type /Sig}). It covers the
     * whole document when its coverage is regular and no signature reports a change not permitted.
     */
    private TimestampReport independentTimestamp(Dictionary d, List<SignatureReport> signatures) {
        CmsIntegrity.Result result = check(d);
        boolean covers = coverage(d).isEmpty() && d.readable(bytes.length())
                && signatures.stream().noneMatch(s -> s.modifiedAfterSigning() == Modification.NOT_PERMITTED);
        return new TimestampReport("DOCUMENT_TIMESTAMP", instant(result.signingTime()), result.status().intact(), covers);
    }

    private boolean startsWithHeader() {
        try {
            return bytes.length() >= 5 && new String(bytes.read(0, 5), StandardCharsets.ISO_8859_1).equals("%PDF-");
        } catch (IOException e) {
            return false;
        }
    }

    /** What is wrong with what {@code d}'s byte range covers; empty when it is regular (or not readable at all). */
    List<Message> coverage(Dictionary d) {
        return coverage.computeIfAbsent(d, this::findCoverage);
    }

    private List<Message> findCoverage(Dictionary d) {
        List<Message> found = new ArrayList<>();
        if (!d.readable(bytes.length())) {
            return found;
        }
        long[] r = d.byteRange();
        String field = d.field();
        try {
            if (r[0] != 0) {
                found.add(Messages.of("kyso.pdf.coverage.start",
                        "The byte range {1} of field {0} does not start at the beginning of the file: its first {2} bytes"
                                + " are not signed.", field, d.rangeText(), r[0]));
            }
            long gapStart = r[0] + r[1];
            long gapEnd = r[2];
            if (!gapHoldsContents(gapStart, gapEnd, d.contents())) {
                found.add(Messages.of("kyso.pdf.coverage.gap",
                        "The byte range {1} of field {0} leaves bytes {2} to {3} unsigned, and they are not exactly the"
                                + " signature's own /Contents: {4} unsigned bytes could say anything.",
                        field, d.rangeText(), gapStart, gapEnd, gapEnd - gapStart));
            }
            if (!endsRevision(d)) {
                found.add(Messages.of("kyso.pdf.coverage.revision",
                        "The byte range {1} of field {0} ends at byte {2}, before the end of its revision (%%EOF): the rest"
                                + " of that revision, with the trailer that says where the document starts, is not signed.",
                        field, d.rangeText(), d.end()));
            }
        } catch (IOException e) {
            // The file changed under us or cannot be read again: no finding rather than a wrong one.
        }
        return found;
    }

    /** The gap holds exactly {@code <hex of contents>}, as a signature's byte range must leave out. */
    private boolean gapHoldsContents(long start, long end, byte[] contents) throws IOException {
        long length = end - start;
        if (length < 2 || length > 2L * contents.length + 2 + 1024) {
            return false;
        }
        byte[] gap = bytes.read(start, (int) length);
        if (gap[0] != '<' || gap[gap.length - 1] != '>') {
            return false;
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(contents.length);
        int high = -1;
        for (int i = 1; i < gap.length - 1; i++) {
            int c = gap[i];
            if (c == ' ' || c == '\r' || c == '\n' || c == '\t' || c == '\f' || c == 0) {
                continue;
            }
            int v = Character.digit(c, 16);
            if (v < 0) {
                return false;
            }
            if (high < 0) {
                high = v;
            } else {
                decoded.write(high << 4 | v);
                high = -1;
            }
        }
        if (high >= 0) {
            decoded.write(high << 4);
        }
        return java.util.Arrays.equals(decoded.toByteArray(), contents);
    }

    /** The range ends the file, or ends with {@code %%EOF} (and end-of-line characters). */
    private boolean endsRevision(Dictionary d) throws IOException {
        if (reachesEnd(d)) {
            return true;
        }
        long end = d.end();
        int window = (int) Math.min(EOF_WINDOW, end);
        String tail = new String(bytes.read(end - window, window), StandardCharsets.ISO_8859_1);
        int i = tail.length();
        while (i > 0 && " \r\n\t\f\u0000".indexOf(tail.charAt(i - 1)) >= 0) {
            i--;
        }
        return tail.substring(0, i).endsWith("%%EOF");
    }

    /** Nothing but white space follows the byte range. */
    private boolean reachesEnd(Dictionary d) {
        long end = d.end();
        long length = bytes.length();
        if (end >= length) {
            return end == length;
        }
        if (length - end > EOF_WINDOW) {
            return false;
        }
        try {
            for (byte c : bytes.read(end, (int) (length - end))) {
                if (" \r\n\t\f\u0000".indexOf((char) (c & 0xFF)) < 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private CmsIntegrity.Result check(Dictionary d) {
        return checked.computeIfAbsent(d, x -> {
            if (!x.readable(bytes.length())) {
                return new CmsIntegrity.Result(CmsIntegrity.Status.RANGES_UNREADABLE, null, null, null);
            }
            long[] r = x.byteRange();
            return CmsIntegrity.check(x.contents(), x.subFilter(), out -> {
                bytes.copy(r[0], r[1], out);
                bytes.copy(r[2], r[3], out);
            });
        });
    }

    private Dictionary match(AbstractSignatureWrapper signature) {
        return match(signature.getSignatureFieldNames(), signature.getSignatureByteRange());
    }

    /** The dictionary of a field DSS names, else the only one with DSS's byte range. */
    private Dictionary match(List<String> fieldNames, List<BigInteger> byteRange) {
        if (fieldNames != null) {
            for (String name : fieldNames) {
                Dictionary d = byField(name);
                if (d != null) {
                    return d;
                }
            }
        }
        if (byteRange == null || byteRange.size() != 4) {
            return null;
        }
        Dictionary only = null;
        for (Dictionary d : dictionaries) {
            boolean same = true;
            for (int i = 0; i < 4; i++) {
                same &= byteRange.get(i).longValue() == d.byteRange()[i];
            }
            if (same) {
                if (only != null) {
                    return null;
                }
                only = d;
            }
        }
        return only;
    }

    private Dictionary byField(String name) {
        if (name == null) {
            return null;
        }
        for (Dictionary d : dictionaries) {
            if (d.fieldNames().contains(name)) {
                return d;
            }
        }
        return null;
    }

    private static void addIfMatched(List<Dictionary> reported, Dictionary d) {
        if (d != null) {
            reported.add(d);
        }
    }

    private static BigInteger end(List<BigInteger> byteRange) {
        if (byteRange == null || byteRange.size() < 4) {
            return BigInteger.ZERO;
        }
        return byteRange.get(2).add(byteRange.get(3));
    }

    private static SignerInfo signer(X509CertificateHolder holder) {
        if (holder == null) {
            return null;
        }
        try {
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
            return new SignerInfo(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
                    certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                    certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT));
        } catch (Exception e) {
            return new SignerInfo(holder.getSubject().toString(), holder.getIssuer().toString(),
                    holder.getSerialNumber().toString(16).toUpperCase(Locale.ROOT));
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The document's bytes, read where they are: on disk for a file, in memory otherwise. */
    private abstract static class Bytes {

        abstract long length();

        abstract void copy(long from, long length, OutputStream out) throws IOException;

        abstract PDDocument load() throws IOException;

        byte[] read(long from, int length) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream(length);
            copy(from, length, out);
            return out.toByteArray();
        }

        static Bytes of(DSSDocument document) {
            if (document instanceof FileDocument file) {
                return new OnDisk(file.getFile());
            }
            if (document instanceof InMemoryDocument memory && memory.getBytes() != null) {
                return new InMemory(memory.getBytes());
            }
            try (InputStream in = document.openStream()) {
                return new InMemory(in.readAllBytes());
            } catch (IOException | RuntimeException e) {
                return new InMemory(new byte[0]);
            }
        }
    }

    private static final class OnDisk extends Bytes {
        private final File file;
        private final long length;

        OnDisk(File file) {
            this.file = file;
            this.length = file.length();
        }

        @Override
        long length() {
            return length;
        }

        @Override
        void copy(long from, long count, OutputStream out) throws IOException {
            try (RandomAccessFile in = new RandomAccessFile(file, "r")) {
                in.seek(from);
                byte[] buffer = new byte[64 * 1024];
                long left = count;
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        throw new IOException("unexpected end of " + file);
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
        }

        @Override
        PDDocument load() throws IOException {
            return Loader.loadPDF(new RandomAccessReadBufferedFile(file));
        }
    }

    private static final class InMemory extends Bytes {
        private final byte[] data;

        InMemory(byte[] data) {
            this.data = data;
        }

        @Override
        long length() {
            return data.length;
        }

        @Override
        void copy(long from, long count, OutputStream out) throws IOException {
            if (from < 0 || count < 0 || from + count > data.length) {
                throw new IOException("byte range outside the document");
            }
            out.write(data, (int) from, (int) count);
        }

        @Override
        PDDocument load() throws IOException {
            return Loader.loadPDF(data);
        }
    }
}
