package org.kyso.core.internal;

/**
 * Tells a failure of the document from a failure of KySo: an unexpected exception thrown by the
 * libraries that read documents (PDFBox, DSS, Santuario, Bouncy Castle) while reading one means the
 * document is damaged or hostile, and is reported as malformed; the same exception thrown by KySo's
 * own code is a bug in KySo, and must not be disguised as the user's malformed file.
 */
public final class Origins {

    private Origins() {
    }

    /**
     * Whether {@code failure} was thrown by KySo's own code: the first stack frame outside the Java
     * platform (java., javax., jdk., sun., com.sun.) belongs to {@code org.kyso.}.
     */
    public static boolean kyso(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            String c = frame.getClassName();
            if (c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.")
                    || c.startsWith("com.sun.")) {
                continue;
            }
            return c.startsWith("org.kyso.");
        }
        return false;
    }

    /**
     * Whether {@code failure} was thrown by a library that reads documents (PDFBox, DSS, Santuario,
     * Bouncy Castle): the first stack frame outside the Java platform belongs to one of them.
     */
    public static boolean documentLibrary(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            String c = frame.getClassName();
            if (c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.")
                    || c.startsWith("com.sun.")) {
                continue;
            }
            return c.startsWith("org.apache.pdfbox.") || c.startsWith("org.apache.fontbox.") || c.startsWith("eu.europa.esig.")
                    || c.startsWith("org.apache.xml.security.") || c.startsWith("org.bouncycastle.");
        }
        return false;
    }

    /** The error of a validation that failed because of a bug in KySo (key {@code kyso.internal}). */
    public static org.kyso.core.Message internalError(String name, Throwable failure) {
        return Messages.of("kyso.internal", "KySo could not validate {0} because of an error in KySo itself, not in the"
                + " document ({1}): please report it (with the document if you can)", name, String.valueOf(failure));
    }
}
