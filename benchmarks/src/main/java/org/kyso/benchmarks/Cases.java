package org.kyso.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every benchmark case: its name (as in the table and results.jsonl), what it does, and the file it
 * works on. The JMH classes take the name as their {@code @Param}; {@link Jobs} builds the job of
 * each variant (kyso, baseline, floor and the documented options) from it.
 */
final class Cases {

    enum Kind { SIGN_PDF, SIGN_XADES, SIGN_XMLDSIG, VALIDATE, BATCH_SIGN, BATCH_VALIDATE }

    /**
     * @param input the file (or, for batches, the folder) under the fixtures folder
     * @param timestamped PAdES B-T: the signature gets a time-stamp from the testkit TSA
     * @param signatures the signatures in the document (validation), or 1
     */
    record Case(String name, Kind kind, String input, boolean timestamped, int signatures, String what) {
    }

    static final Map<String, Case> ALL = new LinkedHashMap<>();

    private static void add(String name, Kind kind, String input, boolean timestamped, int signatures, String what) {
        ALL.put(name, new Case(name, kind, input, timestamped, signatures, what));
    }

    static {
        add("sign_pades_bb_1page", Kind.SIGN_PDF, "in/1page.pdf", false, 1, "PAdES B-B, 1-page PDF");
        add("sign_pades_bb_10mb", Kind.SIGN_PDF, "in/10mb.pdf", false, 1, "PAdES B-B, 10 MB PDF");
        add("sign_pades_bb_100mb", Kind.SIGN_PDF, "in/100mb.pdf", false, 1, "PAdES B-B, 100 MB PDF");
        add("sign_pades_bt_1page", Kind.SIGN_PDF, "in/1page.pdf", true, 1, "PAdES B-T (testkit TSA), 1-page PDF");
        add("sign_pades_bt_10mb", Kind.SIGN_PDF, "in/10mb.pdf", true, 1, "PAdES B-T, 10 MB PDF");
        add("sign_pades_bt_100mb", Kind.SIGN_PDF, "in/100mb.pdf", true, 1, "PAdES B-T, 100 MB PDF");
        add("sign_xades_bb_10kb", Kind.SIGN_XADES, "in/10kb.xml", false, 1, "XAdES B-B enveloped, 10 KB XML");
        add("sign_xades_bb_10mb", Kind.SIGN_XADES, "in/10mb.xml", false, 1, "XAdES B-B enveloped, 10 MB XML");
        add("sign_xmldsig_10kb", Kind.SIGN_XMLDSIG, "in/10kb.xml", false, 1, "plain XMLDSig enveloped, 10 KB XML");
        add("sign_xmldsig_10mb", Kind.SIGN_XMLDSIG, "in/10mb.xml", false, 1, "plain XMLDSig enveloped, 10 MB XML");
        add("validate_pdf_1sig", Kind.VALIDATE, "signed/pdf-1.pdf", true, 1, "validate PDF, 1 signature (B-T)");
        add("validate_pdf_5sig", Kind.VALIDATE, "signed/pdf-5.pdf", true, 5, "validate PDF, 5 signatures (B-T)");
        add("validate_pdf_20sig", Kind.VALIDATE, "signed/pdf-20.pdf", true, 20, "validate PDF, 20 signatures (B-T)");
        add("validate_xml", Kind.VALIDATE, "signed/xml.xml", true, 1, "validate XML (XAdES B-T, 10 KB)");
        add("validate_pdf_100mb", Kind.VALIDATE, "signed/100mb.pdf", false, 1, "validate PDF, 100 MB, 1 signature (B-B)");
        add("batch_sign_1000", Kind.BATCH_SIGN, "batch-sign", false, 1, "sign 1,000 one-page PDFs, one key (B-B)");
        add("batch_validate_1000", Kind.BATCH_VALIDATE, "batch-validate", false, 1,
                "validate 1,000 signed PDFs from one CA (OCSP+CRL on)");
    }

    static Case get(String name) {
        Case c = ALL.get(name);
        if (c == null) {
            throw new IllegalArgumentException("No benchmark case " + name + "; cases: " + ALL.keySet());
        }
        return c;
    }

    /** Variants every case has. */
    static final List<String> VARIANTS = List.of("kyso", "baseline", "floor");

    private Cases() {
    }
}
