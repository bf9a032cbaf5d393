/**
 * Implementation of {@code org.kyso.xml}: the DSS XAdES calls, hardened XML parsing and the
 * byte-preserving placement of enveloped signatures. Not part of the API: anything here may
 * change in any release.
 */
package org.kyso.xml.internal;
