package org.kyso.core.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.kyso.core.Message;
import org.kyso.core.ReferenceReport;
import org.kyso.core.SignatureReport;
import org.kyso.core.TimestampReport;
import org.kyso.core.ValidationReport;

/** Writes the JSON report of CONTRACT.md. Field order follows the contract. */
public final class ReportJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportJson() {
    }

    public static String toJson(ValidationReport report, Locale locale) {
        try {
            return MAPPER.writeValueAsString(toNode(report, locale));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a JSON report", e);
        }
    }

    public static ObjectNode toNode(ValidationReport report, Locale locale) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("file", report.file());
        root.put("documentType", report.documentType().name());
        root.put("verdict", report.verdict().name());
        report.error().ifPresent(e -> root.put("error", e.text(locale)));
        ArrayNode signatures = root.putArray("signatures");
        for (SignatureReport s : report.signatures()) {
            signatures.add(signature(s, locale));
        }
        ArrayNode docTimestamps = root.putArray("documentTimestamps");
        for (TimestampReport t : report.documentTimestamps()) {
            ObjectNode n = docTimestamps.addObject();
            n.put("time", iso(t.time()));
            n.put("integrity", t.integrity());
            n.put("coversWholeDocument", t.coversWholeDocument());
        }
        root.put("revocationChecked", report.revocationChecked());
        return root;
    }

    private static ObjectNode signature(SignatureReport s, Locale locale) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", s.id());
        n.put("format", s.format());
        n.put("indication", s.indication().name());
        n.put("subIndication", s.subIndication());
        n.put("integrity", s.integrity());
        if (s.signer() == null) {
            n.putNull("signer");
        } else {
            ObjectNode signer = n.putObject("signer");
            signer.put("subject", s.signer().subject());
            signer.put("issuer", s.signer().issuer());
            signer.put("serial", s.signer().serial());
        }
        n.put("claimedSigningTime", iso(s.claimedSigningTime()));
        n.put("bestSignatureTime", iso(s.bestSignatureTime()));
        ArrayNode timestamps = n.putArray("timestamps");
        for (TimestampReport t : s.timestamps()) {
            ObjectNode tn = timestamps.addObject();
            tn.put("type", t.type());
            tn.put("time", iso(t.time()));
            tn.put("integrity", t.integrity());
        }
        n.put("coversWholeDocument", s.coversWholeDocument());
        n.put("modifiedAfterSigning", s.modifiedAfterSigning() == null ? null : s.modifiedAfterSigning().name());
        if (s.fieldName() != null) {
            n.put("fieldName", s.fieldName());
        }
        if (!s.changesAfterSigning().isEmpty()) {
            // an extension of the contract (PDF signatures): what changed after this signature, in
            // plain words, the last sentence saying whether that was permitted
            messages(n.putArray("changesAfterSigning"), s.changesAfterSigning(), locale);
        }
        if (!s.references().isEmpty()) {
            // an extension of the contract (XML signatures): what each signed ds:Reference covers
            ArrayNode references = n.putArray("references");
            for (ReferenceReport r : s.references()) {
                ObjectNode rn = references.addObject();
                rn.put("uri", r.uri());
                rn.put("covers", r.covers());
                rn.put("digestAlgorithm", r.digestAlgorithm());
                rn.put("found", r.found());
                rn.put("intact", r.intact());
            }
        }
        messages(n.putArray("errors"), s.errors(), locale);
        messages(n.putArray("warnings"), s.warnings(), locale);
        if (!s.infos().isEmpty()) {
            messages(n.putArray("infos"), s.infos(), locale);
        }
        return n;
    }

    private static void messages(ArrayNode array, List<Message> messages, Locale locale) {
        for (Message m : messages) {
            array.add(m.text(locale));
        }
    }

    private static String iso(Instant time) {
        return time == null ? null : time.toString();
    }
}
