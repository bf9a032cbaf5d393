package org.kyso.core.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.kyso.core.Message;
import org.kyso.core.Modification;
import org.kyso.core.ReferenceReport;
import org.kyso.core.SignatureReport;
import org.kyso.core.TimestampReport;
import org.kyso.core.ValidationReport;
import org.kyso.core.Verdict;

/** Plain-text summaries of a report in English and Vietnamese, for people. */
public final class ReportText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

    private ReportText() {
    }

    public static String summary(ValidationReport report, Locale locale) {
        boolean vi = locale != null && "vi".equals(locale.getLanguage());
        ZoneId zone = ZoneId.systemDefault();
        StringBuilder out = new StringBuilder();
        if (report.file() != null) {
            out.append(report.file()).append(": ");
        }
        out.append(verdict(report.verdict(), vi));
        int n = report.signatures().size();
        switch (report.verdict()) {
            case ERROR -> out.append(" — ").append(report.error().map(m -> m.text(locale)).orElse(""));
            case NO_SIGNATURE -> out.append(vi ? " — tài liệu không có chữ ký số nào." : " — the document carries no signature.");
            default -> {
                long passed = report.signatures().stream().filter(SignatureReport::passed).count();
                out.append(vi ? " — " + n + " chữ ký, " + passed + " hợp lệ."
                        : " — " + n + (n == 1 ? " signature, " : " signatures, ") + passed + " valid.");
            }
        }
        int i = 1;
        for (SignatureReport s : report.signatures()) {
            out.append('\n').append("  ").append(i++).append(". ");
            out.append(s.signer() == null ? (vi ? "(không rõ người ký)" : "(unknown signer)") : s.signer().commonName());
            out.append(" — ").append(s.format()).append(" — ").append(indication(s, vi));
            // DSS's best signature time is the validation time unless a trusted timestamp proves an
            // earlier one: show the earliest intact timestamp's time, else the signer's claim.
            Instant stamped = s.timestamps().stream().filter(TimestampReport::integrity).map(TimestampReport::time)
                    .filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
            boolean proven = stamped != null;
            Instant when = proven ? stamped : s.claimedSigningTime();
            if (when != null) {
                out.append(vi ? "; ký lúc " : "; signed ").append(TIME.format(when.atZone(zone)));
                if (!proven) {
                    out.append(vi ? " (theo máy người ký, chưa có dấu thời gian)" : " (as claimed by the signer, no timestamp)");
                } else {
                    out.append(vi ? " (có dấu thời gian)" : " (timestamped)");
                }
            }
            out.append(s.integrity() ? (vi ? "; toàn vẹn" : "; integrity intact")
                    : (vi ? "; KHÔNG toàn vẹn (nội dung hoặc chữ ký đã bị thay đổi)" : "; integrity BROKEN (content or signature altered)"));
            if (s.modifiedAfterSigning() != null) {
                out.append("; ").append(modification(s.modifiedAfterSigning(), vi));
            }
            // what changed after a PDF signature; "nothing changed" is said above already
            for (Message m : s.modifiedAfterSigning() == Modification.NONE ? List.<Message>of() : s.changesAfterSigning()) {
                out.append("\n     ").append(vi ? "sau khi ký: " : "after signing: ").append(m.text(locale));
            }
            for (ReferenceReport r : s.references()) {
                out.append("\n     ").append(vi ? "ký trên: " : "covers: ").append(reference(r, vi));
            }
            for (Message m : s.errors()) {
                out.append("\n     ").append(vi ? "lỗi: " : "error: ").append(m.text(locale));
            }
            for (Message m : s.warnings()) {
                out.append("\n     ").append(vi ? "cảnh báo: " : "warning: ").append(m.text(locale));
            }
            for (Message m : s.infos()) {
                out.append("\n     ").append(vi ? "thông tin: " : "info: ").append(m.text(locale));
            }
        }
        for (TimestampReport t : report.documentTimestamps()) {
            out.append('\n').append("  ").append(vi ? "Dấu thời gian tài liệu " : "Document timestamp ")
                    .append(t.time() == null ? "?" : TIME.format(t.time().atZone(zone)))
                    .append(t.integrity() ? (vi ? ": toàn vẹn" : ": intact") : (vi ? ": KHÔNG toàn vẹn" : ": BROKEN"));
        }
        if (!report.revocationChecked() && report.verdict() != Verdict.ERROR && report.verdict() != Verdict.NO_SIGNATURE) {
            out.append('\n').append(vi
                    ? "Lưu ý: chưa kiểm tra được tình trạng thu hồi của chứng thư số (chế độ ngoại tuyến hoặc không có dữ liệu thu hồi)."
                    : "Note: the revocation status of the certificates was not checked (offline, or no revocation data).");
        }
        return out.toString();
    }

    /** {@code #_618901 -> /TDiep/DLieu/HDon/DLHDon (SHA-256, intact)}. */
    static String reference(ReferenceReport r, boolean vi) {
        String uri = r.uri() == null ? (vi ? "(không có URI)" : "(no URI)") : r.uri().isEmpty() ? "\"\"" : r.uri();
        String target;
        if (r.covers() == null) {
            target = vi ? "không tìm thấy" : "not found";
        } else if (r.coversWholeDocument()) {
            target = vi ? "toàn bộ tài liệu" : "the whole document";
        } else {
            target = r.covers();
        }
        StringBuilder b = new StringBuilder(uri).append(" → ").append(target).append(" (");
        if (r.digestAlgorithm() != null) {
            b.append(r.digestAlgorithm()).append(", ");
        }
        if (!r.found() && r.covers() != null) {
            b.append(vi ? "KHÔNG xác định được: nhiều phần tử cùng Id" : "AMBIGUOUS: several elements carry this Id");
        } else if (!r.found()) {
            b.append(vi ? "không tìm thấy dữ liệu được ký" : "signed data not found");
        } else {
            b.append(r.intact() ? (vi ? "toàn vẹn" : "intact") : (vi ? "KHÔNG toàn vẹn" : "BROKEN"));
        }
        return b.append(')').toString();
    }

    static String verdict(Verdict verdict, boolean vi) {
        if (!vi) {
            return verdict.name();
        }
        return switch (verdict) {
            case VALID -> "HỢP LỆ";
            case INDETERMINATE -> "CHƯA XÁC ĐỊNH ĐƯỢC";
            case INVALID -> "KHÔNG HỢP LỆ";
            case NO_SIGNATURE -> "KHÔNG CÓ CHỮ KÝ";
            case ERROR -> "LỖI";
        };
    }

    private static String indication(SignatureReport s, boolean vi) {
        String sub = s.subIndication() == null ? "" : "/" + s.subIndication();
        String word = switch (s.indication()) {
            case TOTAL_PASSED, PASSED -> vi ? "hợp lệ" : "valid";
            case TOTAL_FAILED, FAILED -> vi ? "không hợp lệ" : "invalid";
            case INDETERMINATE -> vi ? "chưa xác định được" : "indeterminate";
        };
        return word + " (" + s.indication() + sub + ")";
    }

    private static String modification(Modification m, boolean vi) {
        return switch (m) {
            case NONE -> vi ? "không bị sửa đổi sau khi ký" : "not modified after signing";
            case PERMITTED -> vi ? "chỉ có thay đổi được phép sau khi ký (chữ ký, dấu thời gian sau)"
                    : "only permitted changes after signing (later signatures, timestamps)";
            case NOT_PERMITTED -> vi ? "BỊ SỬA ĐỔI KHÔNG ĐƯỢC PHÉP sau khi ký" : "MODIFIED in a way not permitted after signing";
        };
    }
}
