package org.kyso.core;

/** ETSI EN 319 102-1 main indications, named as DSS names them. */
public enum Indication {
    TOTAL_PASSED, INDETERMINATE, TOTAL_FAILED, PASSED, FAILED;

    /** Maps an indication name as DSS writes it; unknown names count as INDETERMINATE. */
    public static Indication of(String name) {
        if (name == null) {
            return INDETERMINATE;
        }
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            return INDETERMINATE;
        }
    }
}
