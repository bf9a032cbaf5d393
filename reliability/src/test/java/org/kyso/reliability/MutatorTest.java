package org.kyso.reliability;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The mutator itself: it never fails, stays within its size bound, and one seed gives one mutant. */
class MutatorTest {

    private static final byte[] PDF = ("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [3 0 R] >> >>\nendobj\n"
            + "3 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 100 200 50]"
            + " /Contents <3082AB00> >>\nendobj\n4 0 obj\n<< /Length 12 >>\nstream\nBT (a) Tj ET\nendstream\nendobj\n"
            + "xref\n0 5\n0000000000 65535 f \n0000000009 00000 n \n0000000100 00000 n \ntrailer\n<< /Size 5 /Root 1 0 R >>\n"
            + "startxref\n300\n%%EOF\n").getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] XML = ("<?xml version=\"1.0\"?><HoSo Id=\"a\"><X Id=\"b\">t</X><ds:Signature"
            + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo><ds:Reference URI=\"#a\"><ds:Transforms>"
            + "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/></ds:Transforms>"
            + "</ds:Reference></ds:SignedInfo></ds:Signature></HoSo>").getBytes(StandardCharsets.UTF_8);

    @Test
    void neverFailsAndIsReproducible() {
        Mutator mutator = new Mutator(List.of(PDF, new byte[0]), List.of(XML, new byte[0]), "http://127.0.0.1:9");
        for (int i = 0; i < 20_000; i++) {
            Mutator.Kind kind = i % 2 == 0 ? Mutator.Kind.PDF : Mutator.Kind.XML;
            byte[] seed = i % 7 == 0 ? new byte[0] : kind == Mutator.Kind.PDF ? PDF : XML;
            Mutator.Mutant a = mutator.mutate(new Random(i), seed, kind);
            Mutator.Mutant b = mutator.mutate(new Random(i), seed, kind);
            assertThat(a.data()).as(a.description()).isEqualTo(b.data());
            assertThat(a.description()).isEqualTo(b.description()).isNotBlank();
            assertThat(a.data().length).isLessThanOrEqualTo(Mutator.MAX_BYTES);
        }
    }
}
