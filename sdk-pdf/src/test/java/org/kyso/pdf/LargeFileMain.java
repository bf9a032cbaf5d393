package org.kyso.pdf;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

import org.kyso.core.PasswordSource;
import org.kyso.core.Revocation;
import org.kyso.core.SignatureReport;
import org.kyso.core.SoftwareKey;
import org.kyso.core.TrustAnchors;
import org.kyso.core.Tsa;
import org.kyso.core.ValidationReport;
import org.kyso.core.Validator;

/**
 * Signs or validates one PDF in its own JVM, so that a test can run it under {@code -Xmx256m}:
 * <pre>
 * sign     IN OUT P12 PASSWORD_FILE TSA_URL visible|invisible
 * validate FILE ROOT_PEM
 * </pre>
 * Prints {@code result ...} and {@code time-ms N}; exits non-zero, with the stack trace, on any failure.
 */
public final class LargeFileMain {

    private LargeFileMain() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        switch (args[0]) {
            case "sign" -> {
                try (SoftwareKey key = SoftwareKey.open(Path.of(args[3]), PasswordSource.file(Path.of(args[4])))) {
                    PdfSigner.Builder signer = PdfSigner.builder().key(key)
                            .timestamping(Tsa.rfc3161(URI.create(args[5])));
                    if (args[6].equals("visible")) {
                        signer.appearance(Appearance.builder().page(1).rect(330, 60, 230, 80).build());
                    }
                    signer.build().sign(Path.of(args[1]), Path.of(args[2]));
                }
                System.out.println("result signed");
            }
            case "validate" -> {
                ValidationReport report = Validator.builder()
                        .trust(TrustAnchors.from(Path.of(args[2])))
                        .revocation(Revocation.online().build())
                        .build()
                        .validate(Path.of(args[1]));
                System.out.println(report.summary(Locale.ENGLISH));
                SignatureReport s = report.signatures().isEmpty() ? null : report.signatures().get(0);
                System.out.println("result " + report.verdict() + " " + report.signatures().size()
                        + (s == null ? "" : " " + s.format() + " " + s.modifiedAfterSigning()));
            }
            default -> throw new IllegalArgumentException("Unknown command " + args[0]);
        }
        System.out.println("time-ms " + (System.nanoTime() - start) / 1_000_000);
    }
}
