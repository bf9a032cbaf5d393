package org.kyso.core;

import java.util.List;

import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Who signed: the signing certificate's subject, issuer (RFC 2253, Unicode kept) and serial number
 * (upper-case hex).
 */
public record SignerInfo(String subject, String issuer, String serial) {

    /** The subject's common name, or the whole subject when it has none. */
    public String commonName() {
        // A real RFC 2253 parser: escaped commas and backslashes, and multi-valued RDNs
        // (CN=...+UID=...) defeat splitting on commas.
        try {
            List<Rdn> rdns = new LdapName(subject).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) { // getRdns() lists the rightmost RDN first
                Attribute cn = rdns.get(i).toAttributes().get("CN");
                if (cn != null && cn.get() instanceof String name) {
                    return name;
                }
            }
        } catch (NamingException | IllegalArgumentException notRfc2253) {
            return subject;
        }
        return subject;
    }
}
