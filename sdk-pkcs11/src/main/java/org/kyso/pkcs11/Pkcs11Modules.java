package org.kyso.pkcs11;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kyso.core.KeyAccessException;

/**
 * Well-known places of PKCS#11 modules (OpenSC, SoftHSM2, SafeNet, the drivers of Vietnamese CA
 * tokens), so a user need not know where the driver installed itself.
 *
 * <pre>{@code
 * Path module = Pkcs11Modules.find();                       // the first well-known module present
 * Path mine = Pkcs11Modules.find(List.of(Path.of("/opt/vendor/lib/libp11.so")));  // your own list
 * }</pre>
 */
public final class Pkcs11Modules {

    private static final List<String> LINUX = List.of(
            "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
            "/usr/lib/opensc-pkcs11.so",
            "/usr/lib64/opensc-pkcs11.so",
            "/usr/lib/x86_64-linux-gnu/pkcs11/opensc-pkcs11.so",
            "/usr/lib/softhsm/libsofthsm2.so",
            "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
            "/usr/lib64/pkcs11/libsofthsm2.so",
            "/usr/lib/libeToken.so",                  // SafeNet Authentication Client
            "/usr/lib/libeTPkcs11.so",
            "/usr/lib/libIDPrimePKCS11.so",
            "/usr/lib/libshuttle_p11v220.so",        // ePass / Feitian (Viettel-CA, FPT-CA tokens)
            "/usr/lib/libcastle_v2.so",              // ePass2003
            "/usr/lib/libbit4xpki.so",               // Bit4id
            "/usr/lib/vnpt-ca/libvnptca_p11.so",     // VNPT-CA driver
            "/usr/lib/libnewca_p11.so");             // NACENCOMM (NewTel-CA)

    private static final List<String> WINDOWS = List.of(
            "C:\\Windows\\System32\\opensc-pkcs11.dll",
            "C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll",
            "C:\\SoftHSM2\\lib\\softhsm2-x64.dll",
            "C:\\Windows\\System32\\eTPKCS11.dll",   // SafeNet
            "C:\\Windows\\System32\\IDPrimePKCS11.dll",
            "C:\\Windows\\System32\\ShuttleCsp11_3003.dll", // ePass / Feitian (Viettel-CA, FPT-CA tokens)
            "C:\\Windows\\System32\\eps2003csp11.dll",     // ePass2003
            "C:\\Windows\\System32\\bit4xpki.dll",         // Bit4id
            "C:\\Windows\\System32\\vnptca_p11_v6.dll",    // VNPT-CA
            "C:\\Windows\\System32\\gclib.dll");           // Government CA (Ban Cơ yếu)

    private static final List<String> MAC = List.of(
            "/Library/OpenSC/lib/opensc-pkcs11.so",
            "/usr/local/lib/softhsm/libsofthsm2.so",
            "/opt/homebrew/lib/softhsm/libsofthsm2.so",
            "/usr/local/lib/libeTPkcs11.dylib");

    private Pkcs11Modules() {
    }

    /** The well-known module paths for this operating system, most common first. */
    public static List<Path> wellKnownPaths() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        List<String> names = os.contains("win") ? WINDOWS : os.contains("mac") ? MAC : LINUX;
        return names.stream().map(Path::of).toList();
    }

    /** The first well-known module that exists. */
    public static Path find() throws KeyAccessException {
        return find(wellKnownPaths());
    }

    /**
     * The first of {@code candidates} that exists.
     *
     * @throws KeyAccessException (NOT_FOUND) naming every path tried
     */
    public static Path find(List<Path> candidates) throws KeyAccessException {
        List<String> tried = new ArrayList<>();
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            tried.add(candidate.toString());
        }
        throw new KeyAccessException(KeyAccessException.Reason.NOT_FOUND,
                "No PKCS#11 module found; tried " + String.join(", ", tried)
                        + ". Install the token's driver or give the module's path");
    }
}
