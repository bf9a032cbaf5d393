package org.kyso.xml.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks that replaced comparing whole documents: a plain XMLDSig signature must read back
 * where it was planned and as it was built, and a XAdES signature found in DSS's output by its Id
 * must be the right bytes.
 */
class SpliceReadBackTest {

    private static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    private static final byte[] ORIGINAL = bytes("<?xml version='1.0' encoding='UTF-8'?>\n"
            + "<r xmlns='urn:r'><p Id='p1'><a>1</a></p>\n  <!-- ghi chú -->\n</r>\n");

    @Test
    void signatureWrittenWhereAndAsPlannedReadsBack() throws Exception {
        Planned planned = plan(0);

        Element again = XmlDsigEngine.readBack(planned.inserted, 0, planned.fragment, appended(0, planned.fragment));

        assertThat(again).isNotNull();
        assertThat(again.getAttribute("Id")).isEqualTo("s1");
        assertThat(again.getParentNode()).isSameAs(again.getOwnerDocument().getDocumentElement());
    }

    @Test
    void signatureWrittenIntoAnotherElementDoesNotReadBack() throws Exception {
        Planned planned = plan(0);

        // in p instead of r: an enveloped whole-document reference would still verify
        assertThat(XmlDsigEngine.readBack(planned.inserted, 0, planned.fragment, appended(1, planned.fragment))).isNull();
    }

    @Test
    void changedUnsignedContentDoesNotReadBack() throws Exception {
        Planned planned = plan(0);
        byte[] changed = bytes(new String(planned.fragment, StandardCharsets.UTF_8).replace("CN=An", "CN=Ba"));

        assertThat(XmlDsigEngine.readBack(planned.inserted, 0, changed, appended(0, changed))).isNull();
    }

    @Test
    void fragmentThatIsNotExactlyOneElementDoesNotReadBack() throws Exception {
        Planned planned = plan(1);
        String fragment = new String(planned.fragment, StandardCharsets.UTF_8);

        for (String bad : new String[] {fragment + " ", fragment + "<!-- -->", fragment + "</p><p>"}) {
            assertThat(XmlDsigEngine.readBack(planned.inserted, 1, bytes(bad), appended(1, bytes(bad)))).as(bad).isNull();
        }
    }

    @Test
    void xadesSignatureIsFoundByItsIdEvenWithALookalikeAfterIt() throws Exception {
        String decoy = "<!-- <ds:Signature xmlns:ds=\"" + DS + "\" Id=\"id-1\"><ds:SignedInfo/></ds:Signature> -->";
        byte[] original = bytes("<?xml version='1.0' encoding='UTF-8'?>\n<r a='1'><x>é &#xE9;</x></r>\n" + decoy + "\n");
        String signature = "<ds:Signature xmlns:ds=\"" + DS + "\" Id=\"id-1\"><ds:SignatureValue>dg==</ds:SignatureValue></ds:Signature>";
        // as DSS serialises: its own declaration, double quotes, characters instead of references
        byte[] byDss = bytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><r a=\"1\"><x>é é</x>" + signature + "</r>" + decoy);

        Optional<byte[]> spliced = EnvelopedSplice.splice(original, SecureXml.parse(original, "o.xml", null), byDss);

        assertThat(spliced).isPresent();
        assertThat(new String(spliced.get(), StandardCharsets.UTF_8)).isEqualTo("<?xml version='1.0' encoding='UTF-8'?>\n"
                + "<r a='1'><x>é &#xE9;</x>" + signature + "</r>\n" + decoy + "\n");
    }

    /** A signature-like element (its unsigned part: a subject name) appended to the element at {@code parentIndex}. */
    private static Planned plan(int parentIndex) throws Exception {
        Document dom = SecureXml.parse(ORIGINAL, "o.xml", null);
        Element parent = XmlMarkup.elementAt(dom, parentIndex);
        Element signature = dom.createElementNS(DS, "Signature");
        signature.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", DS);
        signature.setAttributeNS(null, "Id", "s1");
        Element name = dom.createElementNS(DS, "X509SubjectName");
        name.setTextContent("CN=An, O=Đại An & Co <VN>");
        signature.appendChild(name);
        parent.appendChild(signature);
        return new Planned(signature, FragmentWriter.write(signature, true));
    }

    private static byte[] appended(int parentIndex, byte[] fragment) {
        return XmlMarkup.scan(ORIGINAL).appendChild(parentIndex, fragment);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private record Planned(Element inserted, byte[] fragment) {
    }
}
