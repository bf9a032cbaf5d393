package org.kyso.pdf.internal;

import java.io.InputStream;
import java.util.List;
import java.util.Set;

import eu.europa.esig.dss.enumerations.Level;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.policy.EtsiValidationPolicy;
import eu.europa.esig.dss.policy.ValidationPolicyFacade;
import eu.europa.esig.dss.policy.jaxb.ConstraintsParameters;
import eu.europa.esig.dss.policy.jaxb.LevelConstraint;
import eu.europa.esig.dss.policy.jaxb.SignedAttributesConstraints;

/**
 * The validation policy for PDFs whose signatures are all plain PKCS#7 ({@code /SubFilter
 * /adbe.pkcs7.detached} or {@code /adbe.pkcs7.sha1}, not PAdES's {@code ETSI.CAdES.detached}):
 * DSS's default policy with the two constraints that only a CAdES-style signature must meet
 * lowered to INFORM, the presence of signed attributes ({@code message-digest}) and a signing time.
 * ISO 32000 lets a PKCS#7 signature sign the document digest directly, with no signed attributes
 * (OpenSSL's {@code cms -sign -noattr}, older signing tools); poppler, OpenSSL and Acrobat verify
 * such a signature, while under DSS's default policy (FAIL) it could only be
 * INDETERMINATE/SIG_CONSTRAINTS_FAILURE, however sound. Everything else (integrity, certificate
 * chain, revocation, cryptographic constraints, the signing-certificate warning, changes after
 * signing) stays as DSS has it; the report says what the format does not prove
 * ({@code kyso.format.pkcs7}). As for plain XMLDSig in sdk-xml, a document with any PAdES signature
 * keeps DSS's default, and a caller's own policy ({@code Validator.Builder.policy}) always wins.
 */
final class Pkcs7ValidationPolicy {

    private static final String DSS_DEFAULT = "/policy/constraint.xml";

    /** The {@code /SubFilter} values of plain PKCS#7 signatures. */
    private static final Set<String> PKCS7 = Set.of("adbe.pkcs7.detached", "adbe.pkcs7.sha1");

    private Pkcs7ValidationPolicy() {
    }

    /** Whether the signatures (document timestamps aside) are all plain PKCS#7, and there is one. */
    static boolean appliesTo(List<PdfSignatureAudit.Dictionary> dictionaries) {
        List<PdfSignatureAudit.Dictionary> signatures = dictionaries.stream().filter(d -> !d.timestamp()).toList();
        // A dictionary may have no /SubFilter at all (damaged or forged): then it is not plain PKCS#7.
        return !signatures.isEmpty() && signatures.stream().allMatch(d -> d.subFilter() != null && PKCS7.contains(d.subFilter()));
    }

    /** Loaded once per thread: see {@code org.kyso.core.internal.DssPolicies} for why reuse is safe. */
    private static final ThreadLocal<ValidationPolicy> PER_THREAD = org.kyso.core.internal.DssPolicies.perThread(Pkcs7ValidationPolicy::load);

    /**
     * This thread's policy object. DSS's policy objects fill in some fields when first read, without
     * synchronisation, so one is never shared between threads; within a thread it is reused.
     */
    static ValidationPolicy create() {
        return PER_THREAD.get();
    }

    private static ValidationPolicy load() {
        try (InputStream in = ValidationPolicyFacade.class.getResourceAsStream(DSS_DEFAULT)) {
            if (in == null) {
                throw new IllegalStateException("DSS's default validation policy " + DSS_DEFAULT + " is missing from the class path");
            }
            ConstraintsParameters constraints = ValidationPolicyFacade.newFacade().unmarshall(in);
            SignedAttributesConstraints signed = constraints.getSignatureConstraints().getSignedAttributes();
            signed.setSigningTime(inform());
            signed.setMessageDigestOrSignedPropertiesPresent(inform());
            return new EtsiValidationPolicy(constraints);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot load DSS's default validation policy: " + e.getMessage(), e);
        }
    }

    private static LevelConstraint inform() {
        LevelConstraint constraint = new LevelConstraint();
        constraint.setLevel(Level.INFORM);
        return constraint;
    }
}
