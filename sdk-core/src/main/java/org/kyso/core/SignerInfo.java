package org.kyso.core;

/**
 * Who signed: the signing certificate's subject, issuer (RFC 2253, Unicode kept) and serial number
 * (upper-case hex).
 */
public record SignerInfo(String subject, String issuer, String serial) {

    /** The subject's common name, or the whole subject when it has none. */
    public String commonName() {
        for (String part : subject.split("(?<!\\\\),")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "CN=", 0, 3)) {
                return p.substring(3).replace("\\", "");
            }
        }
        return subject;
    }
}
