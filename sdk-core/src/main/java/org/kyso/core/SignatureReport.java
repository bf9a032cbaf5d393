package org.kyso.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The validation result of one signature. Immutable; built by KySo's validators.
 * The JSON field of each accessor is given in ../shared/CONTRACT.md.
 */
public final class SignatureReport {

    private final String id;
    private final String format;
    private final Indication indication;
    private final String subIndication;
    private final boolean integrity;
    private final SignerInfo signer;
    private final Instant claimedSigningTime;
    private final Instant bestSignatureTime;
    private final List<TimestampReport> timestamps;
    private final Boolean coversWholeDocument;
    private final Modification modifiedAfterSigning;
    private final String fieldName;
    private final List<ReferenceReport> references;
    private final List<Message> errors;
    private final List<Message> warnings;
    private final List<Message> infos;
    private final List<Message> changesAfterSigning;

    private SignatureReport(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.format = Objects.requireNonNull(b.format, "format");
        this.indication = Objects.requireNonNull(b.indication, "indication");
        this.subIndication = b.subIndication;
        this.integrity = b.integrity;
        this.signer = b.signer;
        this.claimedSigningTime = b.claimedSigningTime;
        this.bestSignatureTime = b.bestSignatureTime;
        this.timestamps = List.copyOf(b.timestamps);
        this.coversWholeDocument = b.coversWholeDocument;
        this.modifiedAfterSigning = b.modifiedAfterSigning;
        this.fieldName = b.fieldName;
        this.references = List.copyOf(b.references);
        this.errors = List.copyOf(b.errors);
        this.warnings = List.copyOf(b.warnings);
        this.infos = List.copyOf(b.infos);
        this.changesAfterSigning = List.copyOf(b.changesAfterSigning);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this report's values, to derive an amended report. */
    public Builder toBuilder() {
        Builder b = new Builder().id(id).format(format).indication(indication).subIndication(subIndication)
                .integrity(integrity).signer(signer).claimedSigningTime(claimedSigningTime)
                .bestSignatureTime(bestSignatureTime).coversWholeDocument(coversWholeDocument)
                .modifiedAfterSigning(modifiedAfterSigning).fieldName(fieldName);
        b.timestamps.addAll(timestamps);
        b.references.addAll(references);
        b.errors.addAll(errors);
        b.warnings.addAll(warnings);
        b.infos.addAll(infos);
        b.changesAfterSigning.addAll(changesAfterSigning);
        return b;
    }

    /** DSS's identifier of the signature, stable for the same document. */
    public String id() {
        return id;
    }

    /** The AdES level reached (e.g. PAdES-BASELINE-T), or PKCS7 / XMLDSig / CMS for non-AdES signatures. */
    public String format() {
        return format;
    }

    public Indication indication() {
        return indication;
    }

    /** ETSI sub-indication as DSS names it, or null. */
    public String subIndication() {
        return subIndication;
    }

    /** The signature value verifies with the signer's key and every signed digest matches the data. */
    public boolean integrity() {
        return integrity;
    }

    /** The signing certificate, or null when it could not be identified. */
    public SignerInfo signer() {
        return signer;
    }

    /** The signing time the signer claims (not proven), or null. */
    public Instant claimedSigningTime() {
        return claimedSigningTime;
    }

    /** The earliest time the signature is proven to have existed (from timestamps), or null. */
    public Instant bestSignatureTime() {
        return bestSignatureTime;
    }

    public List<TimestampReport> timestamps() {
        return timestamps;
    }

    /** PDF only (else null): see {@link Modification} and CONTRACT.md. */
    public Boolean coversWholeDocument() {
        return coversWholeDocument;
    }

    /** PDF only (else null). */
    public Modification modifiedAfterSigning() {
        return modifiedAfterSigning;
    }

    /** PDF only: the signature field's name, or null. */
    public String fieldName() {
        return fieldName;
    }

    /**
     * XML only (else empty): what each signed {@code ds:Reference} covers, in {@code ds:SignedInfo}
     * order (JSON field {@code references}).
     */
    public List<ReferenceReport> references() {
        return references;
    }

    public List<Message> errors() {
        return errors;
    }

    public List<Message> warnings() {
        return warnings;
    }

    /**
     * Findings that need no action, such as a profile check that passed (JSON field {@code infos},
     * written only when there are some).
     */
    public List<Message> infos() {
        return infos;
    }

    /**
     * PDF only (else empty): what changed in the document after this signature, in plain words
     * ("Another signature was added (field Signature2).", "Form field 'ho_ten' was filled in or
     * changed.", "The content of page 1 changed: ..."), the last sentence saying whether that was
     * permitted (see {@link #modifiedAfterSigning()}). JSON field {@code changesAfterSigning}.
     *
     * <pre>{@code
     * for (Message change : signature.changesAfterSigning()) {
     *     System.out.println(change.text(Locale.forLanguageTag("vi")));
     * }
     * }</pre>
     */
    public List<Message> changesAfterSigning() {
        return changesAfterSigning;
    }

    public boolean passed() {
        return indication == Indication.TOTAL_PASSED;
    }

    @Override
    public String toString() {
        return "SignatureReport[" + id + " " + format + " " + indication
                + (subIndication == null ? "" : "/" + subIndication) + "]";
    }

    /** Builds a {@link SignatureReport}; used by validators. */
    public static final class Builder {
        private String id;
        private String format;
        private Indication indication;
        private String subIndication;
        private boolean integrity;
        private SignerInfo signer;
        private Instant claimedSigningTime;
        private Instant bestSignatureTime;
        private final List<TimestampReport> timestamps = new ArrayList<>();
        private Boolean coversWholeDocument;
        private Modification modifiedAfterSigning;
        private String fieldName;
        private final List<ReferenceReport> references = new ArrayList<>();
        private final List<Message> errors = new ArrayList<>();
        private final List<Message> warnings = new ArrayList<>();
        private final List<Message> infos = new ArrayList<>();
        private final List<Message> changesAfterSigning = new ArrayList<>();

        private Builder() {
        }

        public Builder id(String id) { this.id = id; return this; }
        public Builder format(String format) { this.format = format; return this; }
        public Builder indication(Indication indication) { this.indication = indication; return this; }
        public Builder subIndication(String subIndication) { this.subIndication = subIndication; return this; }
        public Builder integrity(boolean integrity) { this.integrity = integrity; return this; }
        public Builder signer(SignerInfo signer) { this.signer = signer; return this; }
        public Builder claimedSigningTime(Instant time) { this.claimedSigningTime = time; return this; }
        public Builder bestSignatureTime(Instant time) { this.bestSignatureTime = time; return this; }
        public Builder addTimestamp(TimestampReport timestamp) { this.timestamps.add(timestamp); return this; }
        public Builder coversWholeDocument(Boolean covers) { this.coversWholeDocument = covers; return this; }
        public Builder modifiedAfterSigning(Modification modification) { this.modifiedAfterSigning = modification; return this; }
        public Builder fieldName(String fieldName) { this.fieldName = fieldName; return this; }
        public Builder addReference(ReferenceReport reference) { this.references.add(reference); return this; }
        public Builder clearReferences() { this.references.clear(); return this; }
        public Builder addError(Message message) { this.errors.add(message); return this; }
        /** Removes the errors added so far, to add a corrected list (a finding KySo disproved is dropped). */
        public Builder clearErrors() { this.errors.clear(); return this; }
        public Builder addWarning(Message message) { this.warnings.add(message); return this; }
        public Builder addInfo(Message message) { this.infos.add(message); return this; }
        public Builder addChangeAfterSigning(Message message) { this.changesAfterSigning.add(message); return this; }
        public Builder changesAfterSigning(List<Message> messages) {
            this.changesAfterSigning.clear();
            this.changesAfterSigning.addAll(messages);
            return this;
        }

        public SignatureReport build() {
            return new SignatureReport(this);
        }
    }
}
