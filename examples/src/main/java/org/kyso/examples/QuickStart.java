package org.kyso.examples;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

import org.kyso.core.KysoException;
import org.kyso.core.PasswordSource;
import org.kyso.core.SigningKey;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;
import org.kyso.pdf.Appearance;
import org.kyso.pdf.PdfSigner;

/**
 * The README's quick start: sign a PDF at PAdES B-T with a visible signature, then validate it.
 * QuickStartTest runs it against the in-process test PKI, so the README cannot drift from code
 * that works.
 */
public final class QuickStart {

    private QuickStart() {
    }

    public static ValidationReport signAndValidate(Path p12, PasswordSource password, URI tsa,
                                                   Path in, Path out, Path roots) throws KysoException {
        // quickstart-begin
        try (SigningKey key = SoftwareKey.open(p12, password)) {
            PdfSigner signer = PdfSigner.builder()
                    .key(key)
                    .timestamping(Tsa.rfc3161(tsa))                              // PAdES B-T
                    .appearance(Appearance.builder().page(1).rect(340, 60, 220, 80).build())
                    .build();                                                    // build once, share
            signer.sign(in, out);
        }
        Validator validator = Validator.builder().trust(TrustAnchors.from(roots)).build();
        ValidationReport report = validator.validate(out);
        System.out.println(report.summary(Locale.forLanguageTag("vi")));
        // quickstart-end
        return report;
    }
}
