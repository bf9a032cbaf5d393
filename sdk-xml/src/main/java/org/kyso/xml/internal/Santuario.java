package org.kyso.xml.internal;

import org.apache.xml.security.Init;

/**
 * Initialises Apache Santuario once per JVM ({@link Init#init()}: its algorithm, canonicalizer,
 * transform and key-resolver registries, and its same-document resource resolvers; Santuario 3 has
 * no file or HTTP resolver by default). DSS's own initialiser leaves out the JCE algorithm map that
 * plain XMLDSig signing needs, and skips itself once Santuario is initialised. Nothing else global
 * is configured: secure validation is asked for on each signature.
 */
final class Santuario {

    static {
        Init.init();
    }

    private Santuario() {
    }

    /** Runs the one-time initialisation (class initialisation is thread-safe and happens once). */
    static void init() {
        // the static initialiser does the work
    }
}
