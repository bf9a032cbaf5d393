package org.kyso.xml.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks that replaced canonicalising whole documents: a plain XMLDSig signature must read
 * back where it was planned and as it was built; a XAdES signature is spliced into the original
 * only where DSS changed nothing else, at the same place, and as bytes that read back as DSS's
 * signature.
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

    @Test
    void xadesSignatureIsSplicedIntoTheSameOfTwoLikeNamedElements() throws Exception {
        byte[] original = bytes("<r xmlns='urn:r'><p>1</p><p/>\n</r>");
        String signature = "<ds:Signature xmlns:ds=\"" + DS + "\" Id=\"id-1\"><ds:SignatureValue>dg==</ds:SignatureValue></ds:Signature>";
        byte[] byDss = bytes("<r xmlns=\"urn:r\"><p>1</p><p>" + signature + "</p>\n</r>");

        Optional<byte[]> spliced = EnvelopedSplice.splice(original, SecureXml.parse(original, "o.xml", null), byDss);

        assertThat(spliced).isPresent();
        assertThat(new String(spliced.get(), StandardCharsets.UTF_8))
                .isEqualTo("<r xmlns='urn:r'><p>1</p><p>" + signature + "</p>\n</r>");
    }

    @Test
    void xadesSignatureIsNotSplicedWhenDssChangedTheDocumentOutsideIt() throws Exception {
        byte[] original = bytes("<?xml version='1.0' encoding='UTF-8'?>\n<!-- a --><r xmlns='urn:r' a='1'><x>é</x><?pi d?></r>\n<!-- z -->");
        String signature = "<ds:Signature xmlns:ds=\"" + DS + "\" Id=\"id-1\"><ds:SignatureValue>dg==</ds:SignatureValue></ds:Signature>";
        String unchanged = "<!-- a --><r xmlns=\"urn:r\" a=\"1\"><x>é</x><?pi d?>" + signature + "</r><!-- z -->";
        // each of these is a change a digest over DSS's DOM would cover, and the original's bytes do not have
        String[] changedByDss = {
            unchanged.replace("<x>é</x>", "<x>e</x>"),
            unchanged.replace("a=\"1\"", "a=\"2\""),
            unchanged.replace("a=\"1\"", "a=\"1\" b=\"1\""),
            unchanged.replace("xmlns=\"urn:r\"", "xmlns=\"urn:r\" xmlns:ds=\"" + DS + "\""),
            unchanged.replace("<x>", "<y:x xmlns:y=\"urn:r\">").replace("</x>", "</y:x>"),
            unchanged.replace("<?pi d?>", "<?pi e?>"),
            unchanged.replace("<?pi d?>", ""),
            unchanged.replace("<!-- z -->", ""),
            unchanged.replace("<!-- a -->", "<!-- b -->"),
            unchanged.replace("<x>é</x>", "<x>é</x>\n"),
            unchanged.replace("<x>é</x>", "<x>é</x><x/>"),
        };
        Document dom = SecureXml.parse(original, "o.xml", null);

        assertThat(EnvelopedSplice.splice(original, dom, bytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + unchanged)))
                .isPresent();
        for (String changed : changedByDss) {
            assertThat(EnvelopedSplice.splice(original, dom, bytes(changed))).as(changed).isEmpty();
        }
    }

    @Test
    void xadesSignatureIsNotSplicedWhenItIsNotTheLastChildOfItsParent() throws Exception {
        byte[] original = bytes("<r><x/>\n</r>");
        String signature = "<ds:Signature xmlns:ds=\"" + DS + "\" Id=\"id-1\"><ds:SignatureValue>dg==</ds:SignatureValue></ds:Signature>";

        // spliced before the parent's end tag, the signature would come after the line break, not before it
        assertThat(EnvelopedSplice.splice(original, SecureXml.parse(original, "o.xml", null),
                bytes("<r><x/>" + signature + "\n</r>"))).isEmpty();
    }

    @Test
    void cdataAndCharacterReferencesOutsideTheSignatureAreTheSameText() throws Exception {
        byte[] original = bytes("<r><x><![CDATA[a<b]]> &amp; c</x></r>");
        String signature = "<ds:Signature xmlns:ds=\"" + DS + "\" Id=\"id-1\"><ds:SignatureValue>dg==</ds:SignatureValue></ds:Signature>";

        Optional<byte[]> spliced = EnvelopedSplice.splice(original, SecureXml.parse(original, "o.xml", null),
                bytes("<r><x>a&lt;b &amp; c</x>" + signature + "</r>"));

        assertThat(spliced).isPresent();
        assertThat(new String(spliced.get(), StandardCharsets.UTF_8))
                .isEqualTo("<r><x><![CDATA[a<b]]> &amp; c</x>" + signature + "</r>");
    }

    @Test
    void xadesFragmentReadsBackOnlyAsTheWholeSignatureInTheSameNamespaces() throws Exception {
        String signature = "<ds:Signature xmlns:ds=\"" + DS + "\" Id=\"id-1\"><ds:SignedInfo/>"
                + "<ds:SignatureValue>dg==</ds:SignatureValue><ds:Object><q:P xmlns:q=\"urn:q\">&#xE9;<n>1</n></q:P></ds:Object></ds:Signature>";
        Document dss = SecureXml.parse(bytes("<r xmlns='urn:r'><p>" + signature + "</p></r>"), "dss.xml", null);
        Element added = (Element) dss.getElementsByTagNameNS(DS, "Signature").item(0);
        Element parent = SecureXml.parse(bytes("<r xmlns='urn:r'><p/></r>"), "o.xml", null).getDocumentElement();
        Element p = (Element) parent.getFirstChild();

        assertThat(EnvelopedSplice.readsAs(bytes(signature), added, p)).isTrue();
        // cut short, something after it, one byte changed, a child left out
        assertThat(EnvelopedSplice.readsAs(bytes(signature.substring(0, signature.length() - 1)), added, p)).isFalse();
        assertThat(EnvelopedSplice.readsAs(bytes(signature.substring(0, signature.lastIndexOf("<ds:Object>"))), added, p)).isFalse();
        assertThat(EnvelopedSplice.readsAs(bytes(signature + "<!---->"), added, p)).isFalse();
        assertThat(EnvelopedSplice.readsAs(bytes(signature.replace("dg==", "dA==")), added, p)).isFalse();
        assertThat(EnvelopedSplice.readsAs(bytes(signature.replace("<ds:SignedInfo/>", "")), added, p)).isFalse();
        // <n> is in urn:r only where the default namespace is urn:r: not at the wrong place
        Element elsewhere = SecureXml.parse(bytes("<r xmlns='urn:r'><p xmlns=''/></r>"), "o.xml", null).getDocumentElement();
        assertThat(EnvelopedSplice.readsAs(bytes(signature), added, (Element) elsewhere.getFirstChild())).isFalse();
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
