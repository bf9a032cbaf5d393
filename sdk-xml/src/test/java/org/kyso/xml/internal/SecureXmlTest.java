package org.kyso.xml.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.kyso.core.MalformedDocumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hardened factory is configured once per thread and reused: every parse must still be refused
 * or accepted exactly as with a new factory, whatever came before on that thread.
 */
class SecureXmlTest {

    private static final byte[] GOOD = "<a Id=\"x\"><b>văn bản</b></a>".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DOCTYPE = ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] DEEPEST_ALLOWED = nested(SecureXml.MAX_ELEMENT_DEPTH);
    private static final byte[] TOO_DEEP = nested(SecureXml.MAX_ELEMENT_DEPTH + 1);
    private static final byte[] TOO_MANY_ATTRIBUTES = attributes(1001);

    @Test
    void refusesTheSameDocumentsOnEveryParseOfAThread() throws Exception {
        for (int round = 0; round < 5; round++) {
            assertThat(SecureXml.parse(GOOD, "good.xml", null).getDocumentElement().getTagName()).isEqualTo("a");
            assertThatThrownBy(() -> SecureXml.parse(DOCTYPE, "doctype.xml", null))
                    .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("DOCTYPE");
            assertThat(SecureXml.parse(DEEPEST_ALLOWED, "deep.xml", null)).isNotNull();
            assertThatThrownBy(() -> SecureXml.parse(TOO_DEEP, "too-deep.xml", null))
                    .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("safety limit");
            assertThatThrownBy(() -> SecureXml.parse(TOO_MANY_ATTRIBUTES, "attributes.xml", null))
                    .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("safety limit");
            assertThatThrownBy(() -> SecureXml.parse("<a><b></a>".getBytes(StandardCharsets.UTF_8), "broken.xml", null))
                    .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("not well-formed");
        }
    }

    @Test
    void systemPropertiesSetAfterTheThreadsFirstParseCannotLiftTheLimits() throws Exception {
        SecureXml.parse(GOOD, "good.xml", null); // this thread's factory exists from here on
        String depth = System.getProperty("jdk.xml.maxElementDepth");
        String attributes = System.getProperty("jdk.xml.elementAttributeLimit");
        try {
            System.setProperty("jdk.xml.maxElementDepth", "0"); // 0: no limit
            System.setProperty("jdk.xml.elementAttributeLimit", "0");
            assertThatThrownBy(() -> SecureXml.parse(TOO_DEEP, "too-deep.xml", null))
                    .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("safety limit");
            assertThatThrownBy(() -> SecureXml.parse(TOO_MANY_ATTRIBUTES, "attributes.xml", null))
                    .isInstanceOf(MalformedDocumentException.class).hasMessageContaining("safety limit");
        } finally {
            restore("jdk.xml.maxElementDepth", depth);
            restore("jdk.xml.elementAttributeLimit", attributes);
        }
    }

    @Test
    void threadsParsingTogetherEachRefuseAndAcceptAsOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int task = i;
                results.add(pool.submit(() -> {
                    byte[] xml = switch (task % 3) {
                        case 0 -> GOOD;
                        case 1 -> DOCTYPE;
                        default -> TOO_DEEP;
                    };
                    try {
                        return SecureXml.parse(xml, "x.xml", null).getDocumentElement().getTagName();
                    } catch (MalformedDocumentException e) {
                        return e.getMessage().contains("DOCTYPE") ? "doctype" : e.getMessage().contains("safety limit") ? "limit" : e.getMessage();
                    }
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).as("task " + i).isEqualTo(switch (i % 3) {
                    case 0 -> "a";
                    case 1 -> "doctype";
                    default -> "limit";
                });
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyParseGetsANewBuilder() {
        assertThat(SecureXml.newDocumentBuilder()).isNotSameAs(SecureXml.newDocumentBuilder());
        assertThat(SecureXml.newDocumentBuilder().isNamespaceAware()).isTrue();
        assertThat(SecureXml.newDocumentBuilder().isXIncludeAware()).isFalse();
    }

    private static byte[] nested(int depth) {
        return ("<a>".repeat(depth) + "</a>".repeat(depth)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] attributes(int count) {
        StringBuilder xml = new StringBuilder("<a");
        for (int i = 0; i < count; i++) {
            xml.append(" a").append(i).append("=\"").append(i).append('"');
        }
        return xml.append("/>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }
}
