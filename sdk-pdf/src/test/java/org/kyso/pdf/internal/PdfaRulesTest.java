package org.kyso.pdf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PdfaRulesTest {

    private static int part(String xmp) {
        return PdfaRules.part(xmp.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsPartWrittenAsAnElement() {
        assertThat(part("""
                <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
                <pdfaid:part>1</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>
                </rdf:Description></rdf:RDF></x:xmpmeta>""")).isEqualTo(1);
    }

    @Test
    void readsPartWrittenAsAnAttributeUnderAnyPrefix() {
        assertThat(part("""
                <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                <rdf:Description rdf:about="" xmlns:id="http://www.aiim.org/pdfa/ns/id/" id:part="3" id:conformance="B"/>
                </rdf:RDF></x:xmpmeta>""")).isEqualTo(3);
    }

    @Test
    void claimsNothingWithoutPdfaIdentificationOrForBrokenXml() {
        assertThat(part("""
                <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"/></rdf:RDF></x:xmpmeta>""")).isZero();
        assertThat(part("<x:xmpmeta")).isZero();
    }

    @Test
    void ignoresDoctypesRatherThanExpandingEntities() {
        assertThat(part("""
                <!DOCTYPE x [<!ENTITY one "1">]>
                <x xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>&one;</pdfaid:part></x>""")).isZero();
    }
}
