/**
 * Implementation of {@code org.kyso.xml}: the DSS XAdES calls, hardened XML parsing and the
 * byte-preserving placement of enveloped signatures; and the XML side of validation
 * ({@link org.kyso.xml.internal.XmlValidationChecks}, registered with sdk-core's validator: what
 * each reference covers, signature wrapping, the e-invoice tax code check). Not part of the API:
 * anything here may change in any release.
 */
package org.kyso.xml.internal;
