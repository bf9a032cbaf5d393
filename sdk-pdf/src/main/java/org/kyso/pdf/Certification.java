package org.kyso.pdf;

/**
 * What a certification signature allows after it (the DocMDP transform of ISO 32000-1 §12.8.2.2,
 * permission {@code P}). Only the first signature of a document can certify it; every later
 * signature is an approval signature.
 *
 * <pre>{@code
 * PdfSigner certifier = PdfSigner.builder().key(key).certify(Certification.FORM_FILLING).build();
 * }</pre>
 *
 * <p>Whatever the level, adding document timestamps and validation data (the DSS dictionary of
 * PAdES LT/LTA) stays allowed (ISO 32000-2, DocMDP), so a certified document can still be
 * extended with {@link PdfExtender}.
 */
public enum Certification {

    /** P=1: no change at all, not even another signature. */
    NO_CHANGES(1),
    /** P=2: filling in forms, instantiating page templates and signing (approval signatures). */
    FORM_FILLING(2),
    /** P=3: as {@link #FORM_FILLING}, plus creating, changing and deleting annotations. */
    ANNOTATIONS(3);

    private final int permission;

    Certification(int permission) {
        this.permission = permission;
    }

    /** The DocMDP {@code /P} value: 1, 2 or 3. */
    public int permission() {
        return permission;
    }

    /** The level for a DocMDP {@code /P} value (a value outside 1..3 counts as 2, as ISO 32000 says). */
    public static Certification ofPermission(int p) {
        return switch (p) {
            case 1 -> NO_CHANGES;
            case 3 -> ANNOTATIONS;
            default -> FORM_FILLING;
        };
    }
}
