package org.kyso.pdf;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Form fields a signature locks: after the signature, changing one of them is a modification the
 * signature does not allow (the FieldMDP transform of ISO 32000-1 §12.8.2.4). KySo writes the
 * FieldMDP reference into the signature dictionary and the matching {@code /Lock} dictionary into
 * the new signature field, as Adobe Acrobat does.
 *
 * <pre>{@code
 * PdfSigner signer = PdfSigner.builder().key(key)
 *         .lockFields(FieldLock.only("so_tien", "ngay_nop"))
 *         .build();
 * }</pre>
 *
 * <p>Validators report a later change to a locked field: EU DSS (and so {@code org.kyso.core.Validator})
 * with the finding "Document contains changes restricted by /FieldMDP dictionary!", a warning under
 * DSS's default policy and a failure under a policy that sets {@code FieldMDP} to {@code FAIL}.
 * Note that DSS refuses to add any further signature to a document one of whose signatures locks
 * {@linkplain #all() all} fields. Instances are immutable.
 */
public final class FieldLock {

    /** Which fields are locked, named as the FieldMDP {@code /Action}. */
    public enum Scope {
        /** Every field of the form. */
        ALL,
        /** Only the named fields. */
        INCLUDE,
        /** Every field except the named ones. */
        EXCLUDE
    }

    private static final FieldLock ALL = new FieldLock(Scope.ALL, List.of());

    private final Scope scope;
    private final List<String> fields;

    private FieldLock(Scope scope, List<String> fields) {
        this.scope = scope;
        this.fields = fields;
    }

    /** Locks every form field. */
    public static FieldLock all() {
        return ALL;
    }

    /** Locks the named fields (fully qualified names, as {@code parent.child}). */
    public static FieldLock only(String... fields) {
        return new FieldLock(Scope.INCLUDE, names(fields));
    }

    /** Locks every field except the named ones. */
    public static FieldLock allExcept(String... fields) {
        return new FieldLock(Scope.EXCLUDE, names(fields));
    }

    /** A lock of the given scope; {@code fields} must be empty for {@link Scope#ALL}. */
    public static FieldLock of(Scope scope, List<String> fields) {
        Objects.requireNonNull(scope, "scope");
        if (scope == Scope.ALL) {
            if (!fields.isEmpty()) {
                throw new IllegalArgumentException("A lock of all fields names no field, got " + fields);
            }
            return ALL;
        }
        return new FieldLock(scope, names(fields.toArray(new String[0])));
    }

    private static List<String> names(String... fields) {
        if (fields.length == 0) {
            throw new IllegalArgumentException("Name at least one field (or use FieldLock.all())");
        }
        for (String f : fields) {
            if (f == null || f.isBlank()) {
                throw new IllegalArgumentException("A field name is empty: " + Arrays.toString(fields));
            }
        }
        return List.of(fields);
    }

    public Scope scope() {
        return scope;
    }

    /** The named fields (empty for {@link Scope#ALL}), unmodifiable. */
    public List<String> fields() {
        return fields;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldLock other && scope == other.scope && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return scope.hashCode() * 31 + fields.hashCode();
    }

    @Override
    public String toString() {
        return "FieldLock[" + scope + (fields.isEmpty() ? "" : " " + fields) + "]";
    }
}
