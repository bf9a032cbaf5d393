package org.kyso.core;

/** What happened to a PDF after a signature was made. */
public enum Modification {
    /** Nothing follows the signed revision. */
    NONE,
    /** Only later signatures, timestamps, DSS/VRI data, or changes the DocMDP level allows. */
    PERMITTED,
    /** Content was changed in a way the signature does not allow. */
    NOT_PERMITTED
}
