package org.kyso.pdf.internal;

import eu.europa.esig.dss.pades.SignatureImageParameters;

/**
 * DSS image parameters that also carry KySo's laid-out appearance, so that
 * {@link AppearanceDrawerFactory} hands them to KySo's drawer. The inherited DSS settings describe
 * the same appearance for DSS's own drawer, should a service without KySo's factory ever see them.
 */
final class KysoImageParameters extends SignatureImageParameters {

    private static final long serialVersionUID = 1L;

    private final AppearancePlan plan;

    KysoImageParameters(AppearancePlan plan) {
        this.plan = plan;
    }

    AppearancePlan plan() {
        return plan;
    }
}
