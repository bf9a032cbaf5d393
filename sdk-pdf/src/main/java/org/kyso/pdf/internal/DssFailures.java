package org.kyso.pdf.internal;

import java.nio.file.Path;

import eu.europa.esig.dss.alert.exception.AlertException;

import org.kyso.core.KeyAccessException;
import org.kyso.core.KysoException;
import org.kyso.core.MalformedDocumentException;
import org.kyso.core.RevocationException;
import org.kyso.core.internal.WrappedKysoException;

/**
 * Turns what DSS throws while signing or extending into KySo's typed errors, with a message a
 * person can act on. One place, so that signing, two-step signing and extension agree.
 */
public final class DssFailures {

    private DssFailures() {
    }

    /**
     * @param action what was being done, for the message ("sign", "extend ... to PAdES-LT")
     */
    public static KysoException translate(RuntimeException e, Path file, String action) {
        KysoException cause = WrappedKysoException.unwrap(e);
        if (cause != null) {
            return cause;
        }
        String name = file == null ? "the PDF" : file.toString();
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof AlertException) {
            if (why.contains("Revocation data is missing") || why.contains("untrusted certificate chain")) {
                return new RevocationException(null, "Cannot " + action + " " + name + ": no revocation data (OCSP or CRL)"
                        + " could be obtained for the certificate chain. Give the root CA of the signer's certificate"
                        + " with trust(...) (CLI: --trust ROOT.pem), and check that the OCSP and CRL addresses in the"
                        + " certificates can be reached", e);
            }
            if (why.contains("expired") || why.contains("not yet valid") || why.contains("revoked")) {
                return new KeyAccessException(KeyAccessException.Reason.NOT_PERMITTED, "Cannot " + action + " " + name
                        + ": the signing certificate cannot be used now (" + firstSentence(why) + ")", e);
            }
        }
        return new MalformedDocumentException(file, "Cannot " + action + " " + name + ": " + firstSentence(why), e);
    }

    private static String firstSentence(String text) {
        String line = text.lines().findFirst().orElse(text).strip();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
