package org.kyso.core.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.kyso.core.DocumentType;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DssValidation#sniff}: the document type from the first bytes. */
class DssValidationSniffTest {

    private static DocumentType sniff(String head) {
        return DssValidation.sniff(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void recognisesThePdfHeaderXmlAndCms() {
        assertThat(sniff("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n")).isEqualTo(DocumentType.PDF);
        assertThat(sniff("\u00ef\u00bb\u00bf  <?xml version=\"1.0\"?><a/>")).isEqualTo(DocumentType.XML);
        assertThat(sniff("0\u0082\u0009\u0019\u0006\u0009*")).isEqualTo(DocumentType.CMS);
        assertThat(sniff("hello, world")).isEqualTo(DocumentType.UNKNOWN);
    }

    @Test
    void aPdfWhoseHeaderWasOverwrittenIsStillAPdf() {
        // DSS's malformed-pades.pdf: the first bytes (and so "%PDF-1.x") replaced, the objects intact.
        assertThat(sniff("#G\u00f3\u00bf\u00bf\u00b3\u000b5\n%\u00c7\u00ec\u008f\u00a2\n7 0 obj\n<</Length 8 0 R>>"))
                .isEqualTo(DocumentType.PDF);
        assertThat(sniff("the words 7 0 obj inside a line")).isEqualTo(DocumentType.UNKNOWN);
    }
}
