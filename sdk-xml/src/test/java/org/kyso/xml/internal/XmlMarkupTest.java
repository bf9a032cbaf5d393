package org.kyso.xml.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XmlMarkupTest {

    /** Markup that looks like tags (in a comment, CDATA, a PI, an attribute value), an empty tag, spaces in an end tag. */
    private static final String TRICKY = "<?xml version='1.0' encoding='UTF-8'?>\n<!-- <x> -->\n"
            + "<hồ-sơ a='>&quot;' b=\"'/>\"><?pi <y>?><![CDATA[<z></z>]]><ds:A xmlns:ds='urn:a'>t</ds:A ><B/><C\n/>"
            + "<Đ>đ</Đ\n></hồ-sơ><!-- </hồ-sơ> -->\n";

    @Test
    void findsEveryElementWhereTheParserDoes() throws Exception {
        byte[] xml = TRICKY.getBytes(StandardCharsets.UTF_8);
        XmlMarkup markup = XmlMarkup.scan(xml);
        Document dom = SecureXml.parse(xml, "tricky.xml", null);

        assertThat(markup.elementCount()).isEqualTo(dom.getElementsByTagNameNS("*", "*").getLength()).isEqualTo(5);
        assertThat(markup.span(0).name()).isEqualTo("hồ-sơ");
        assertThat(text(xml, markup.span(0).start(), markup.span(0).end())).startsWith("<hồ-sơ a=").endsWith("</hồ-sơ>");
        assertThat(text(xml, markup.span(1).start(), markup.span(1).end())).isEqualTo("<ds:A xmlns:ds='urn:a'>t</ds:A >");
        assertThat(markup.span(2).emptyTag()).isTrue();
        assertThat(text(xml, markup.span(3).start(), markup.span(3).end())).isEqualTo("<C\n/>");
        assertThat(markup.span(4).name()).isEqualTo("Đ");
        for (int i = 0; i < markup.elementCount(); i++) {
            assertThat(XmlMarkup.elementAt(dom, i).getTagName()).isEqualTo(markup.span(i).name());
        }
        assertThat(XmlMarkup.elementAt(dom, 5)).isNull();
    }

    @Test
    void refusesMismatchedAndUnbalancedTags() {
        assertThatThrownBy(() -> XmlMarkup.scan("<a><b></a></b>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not close");
        assertThatThrownBy(() -> XmlMarkup.scan("<a><b></b>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("unbalanced");
        assertThatThrownBy(() -> XmlMarkup.scan("<!DOCTYPE a><a/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("markup declaration");
    }

    @Test
    void oneElementIsExactlyOneBalancedElement() {
        assertThat(XmlMarkup.isOneElement(bytes("<S a='>'><T>x</T><U/></S>"))).isTrue();
        assertThat(XmlMarkup.isOneElement(bytes("<S/>"))).isTrue();
        assertThat(XmlMarkup.isOneElement(bytes("<S/>text"))).isFalse();
        assertThat(XmlMarkup.isOneElement(bytes(" <S/>"))).isFalse();
        assertThat(XmlMarkup.isOneElement(bytes("<S/><T/>"))).isFalse();
        assertThat(XmlMarkup.isOneElement(bytes("<S></S></P><P>"))).isFalse();
        assertThat(XmlMarkup.isOneElement(bytes("<S><T></S>"))).isFalse();
        assertThat(XmlMarkup.isOneElement(bytes("<S/><!--"))).isFalse();
    }

    @Test
    void findsTheLastElementCarryingAnAttributeWithoutScanningTheRest() {
        byte[] xml = bytes("<r><s Id=\"x\">1</s><t><s Id=\"x\"><u Id=\"x\"/></s></t><v Id=\"xx\"/></r>");

        assertThat(text(XmlMarkup.lastElementWithAttribute(xml, "Id=\"x\""))).isEqualTo("<u Id=\"x\"/>");
        assertThat(XmlMarkup.lastElementWithAttribute(xml, "Id=\"y\"")).isNull();
        assertThat(XmlMarkup.lastElementWithAttribute(bytes("<r>text Id=\"x\" more</r>"), "Id=\"x\"")).isNull();
        assertThat(text(XmlMarkup.lastElementWithAttribute(bytes("<r><s Id=\"x\"><s/></s></r>"), "Id=\"x\"")))
                .isEqualTo("<s Id=\"x\"><s/></s>");
        // a lookalike in a comment is found too: callers must check what they found
        assertThat(text(XmlMarkup.lastElementWithAttribute(bytes("<r><s Id=\"x\"/></r><!-- <s Id=\"x\">y</s> -->"),
                "Id=\"x\""))).isEqualTo("<s Id=\"x\">y</s>");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }
}
