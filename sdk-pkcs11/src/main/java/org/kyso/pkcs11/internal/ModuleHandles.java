package org.kyso.pkcs11.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.kyso.core.KeyAccessException;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;

/**
 * Reference-counted PKCS#11 modules. C_Initialize / C_Finalize act on the whole process (the
 * native library is loaded once), so two tokens of the same module open at once must share one
 * initialisation, and the last one closed finalises it. This is the one piece of process-wide
 * state in KySo, forced by the PKCS#11 standard itself; it holds no configuration.
 */
public final class ModuleHandles {

    private static final Map<Path, Entry> OPEN = new HashMap<>();

    private static final class Entry {
        final PKCS11Module module;
        int users;

        Entry(PKCS11Module module) {
            this.module = module;
        }
    }

    static {
        WrapperLog.install();
    }

    private ModuleHandles() {
    }

    /** Loads and initialises the module, or shares the one already initialised. */
    public static synchronized PKCS11Module acquire(Path library) throws KeyAccessException {
        if (!Files.isRegularFile(library)) {
            throw new KeyAccessException(KeyAccessException.Reason.NOT_FOUND, "The PKCS#11 module " + library
                    + " does not exist: install the token's driver or check the path");
        }
        Path key = canonical(library);
        Entry entry = OPEN.get(key);
        if (entry == null) {
            PKCS11Module module;
            try {
                module = PKCS11Module.getInstance(key.toString());
                module.initialize();
            } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
                throw new KeyAccessException(KeyAccessException.Reason.OTHER, "Cannot load the PKCS#11 module "
                        + library + " (" + e + "): is it a PKCS#11 library for this platform (64-bit)?", e);
            } catch (PKCS11Exception e) {
                if (e.getErrorCode() != PKCS11Constants.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                    throw new KeyAccessException(KeyAccessException.Reason.OTHER, "The PKCS#11 module " + library
                            + " failed to initialise (" + e.getErrorName() + "): check the driver's configuration", e);
                }
                return acquireUninitialised(key, library);
            }
            entry = new Entry(module);
            OPEN.put(key, entry);
        }
        entry.users++;
        return entry.module;
    }

    private static PKCS11Module acquireUninitialised(Path key, Path library) throws KeyAccessException {
        throw new KeyAccessException(KeyAccessException.Reason.OTHER, "The PKCS#11 module " + library
                + " is already initialised by other code in this process (SunPKCS11?): use one PKCS#11 layer at a time");
    }

    /** Drops one user; the last one finalises the module. */
    public static synchronized void release(Path library) {
        Path key = canonical(library);
        Entry entry = OPEN.get(key);
        if (entry == null) {
            return;
        }
        if (--entry.users == 0) {
            OPEN.remove(key);
            try {
                entry.module.finalize(null);
            } catch (PKCS11Exception | RuntimeException e) {
                // Nothing useful to do: the process keeps the library loaded either way.
            }
        }
    }

    private static Path canonical(Path library) {
        try {
            return library.toRealPath();
        } catch (IOException e) {
            return library.toAbsolutePath().normalize();
        }
    }
}
