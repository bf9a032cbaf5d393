package org.kyso.xml.internal;

import java.io.InputStream;

import eu.europa.esig.dss.enumerations.Level;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.policy.EtsiValidationPolicy;
import eu.europa.esig.dss.policy.ValidationPolicyFacade;
import eu.europa.esig.dss.policy.jaxb.ConstraintsParameters;
import eu.europa.esig.dss.policy.jaxb.LevelConstraint;
import eu.europa.esig.dss.policy.jaxb.SignedAttributesConstraints;

/**
 * The validation policy for documents whose signatures are all plain XMLDSig (no XAdES qualifying
 * properties), such as Vietnamese e-invoices: DSS's default policy with the two constraints that
 * only an AdES signature can meet lowered to INFORM, the signed {@code signing-time} and the
 * presence of signed properties ({@code SignedProperties}). Under DSS's default policy (FAIL) a
 * plain XMLDSig signature could never pass, however sound; everything else (certificate chain,
 * revocation, cryptographic constraints, the signing-certificate warning) stays as DSS has it.
 * A caller's own policy ({@code Validator.Builder.policy}) always wins.
 */
final class XmlDsigValidationPolicy {

    private static final String DSS_DEFAULT = "/policy/constraint.xml";

    private XmlDsigValidationPolicy() {
    }

    /** Loaded once per thread: see {@code org.kyso.core.internal.DssPolicies} for why reuse is safe. */
    private static final ThreadLocal<ValidationPolicy> PER_THREAD = org.kyso.core.internal.DssPolicies.perThread(XmlDsigValidationPolicy::load);

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
