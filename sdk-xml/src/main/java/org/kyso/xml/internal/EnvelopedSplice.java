package org.kyso.xml.internal;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.xml.security.c14n.Canonicalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

import eu.europa.esig.dss.xml.utils.SantuarioInitializer;

/**
 * Keeps an enveloped-signed document byte-identical to the original outside the new
 * {@code ds:Signature}. DSS re-serialises the whole DOM, which is harmless to XMLDSig (it signs the
 * canonical form) but rewrites what people and archive systems compare: the XML declaration,
 * character references, quote style, empty-element tags. Here the signature element exactly as DSS
 * wrote it is inserted into the original bytes just before the root's end tag, where DSS appended
 * it.
 *
 * <p>The result is used only when it is provably the same XML as DSS's output: both must have
 * identical inclusive canonical forms with comments (W3C Canonical XML 1.0), which fixes every
 * digest and the signature value. Anything unusual (a non-UTF-8 encoding, a self-closing root, an
 * unexpected layout) falls back to DSS's own serialisation, which is equally valid.
 */
public final class EnvelopedSplice {

    private static final Logger LOG = LoggerFactory.getLogger(EnvelopedSplice.class);
    private static final Pattern ENCODING = Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([^\"']+)[\"']");

    static {
        SantuarioInitializer.init();
    }

    private EnvelopedSplice() {
    }

    /**
     * The original document with DSS's signature inserted, or empty when that cannot be proven
     * equivalent to {@code signedByDss}.
     *
     * @param original the bytes given to DSS (the caller's, less any blank lines before the markup)
     * @param originalDom the original, as parsed by {@link XmlInput}
     * @param signedByDss DSS's output (UTF-8)
     */
    public static Optional<byte[]> splice(byte[] original, Document originalDom, byte[] signedByDss) {
        try {
            return Optional.ofNullable(trySplice(original, originalDom, signedByDss));
        } catch (RuntimeException e) {
            LOG.debug("Keeping DSS's serialisation: {}", e.toString());
            return Optional.empty();
        }
    }

    private static byte[] trySplice(byte[] original, Document originalDom, byte[] signedByDss) {
        if (!isUtf8(original)) {
            LOG.debug("Keeping DSS's serialisation: the original is not declared UTF-8");
            return null;
        }
        String signed = new String(signedByDss, StandardCharsets.UTF_8);
        String rootName = originalDom.getDocumentElement().getTagName();

        int signedRootEnd = lastEndTag(signed, rootName);
        String prefix = signaturePrefix(signed, signedRootEnd);
        if (signedRootEnd < 0 || prefix == null) {
            return null;
        }
        String closing = "</" + prefix + "Signature>";
        int sigEnd = signed.lastIndexOf(closing, signedRootEnd);
        if (sigEnd < 0 || !signed.substring(sigEnd + closing.length(), signedRootEnd).isEmpty()) {
            return null;
        }
        int sigStart = lastStartTag(signed, prefix + "Signature", sigEnd);
        if (sigStart < 0) {
            return null;
        }
        byte[] signature = signed.substring(sigStart, sigEnd + closing.length()).getBytes(StandardCharsets.UTF_8);

        int insertAt = lastEndTagBytes(original, rootName);
        if (insertAt < 0) {
            return null;
        }
        byte[] result = new byte[original.length + signature.length];
        System.arraycopy(original, 0, result, 0, insertAt);
        System.arraycopy(signature, 0, result, insertAt, signature.length);
        System.arraycopy(original, insertAt, result, insertAt + signature.length, original.length - insertAt);

        byte[] expected = canonicalDigest(XmlInput.parseTrusted(signedByDss));
        byte[] actual = canonicalDigest(XmlInput.parseTrusted(result));
        if (!MessageDigest.isEqual(expected, actual)) {
            LOG.debug("Keeping DSS's serialisation: the spliced document is not canonically equal");
            return null;
        }
        return result;
    }

    /** UTF-8 (or its ASCII subset): no declaration, or one naming UTF-8 / US-ASCII. */
    private static boolean isUtf8(byte[] xml) {
        String head = new String(xml, 0, Math.min(xml.length, 200), StandardCharsets.ISO_8859_1);
        if (head.startsWith("\u00EF\u00BB\u00BF")) {
            head = head.substring(3);
        }
        Matcher m = ENCODING.matcher(head);
        if (!m.find()) {
            return true;
        }
        String encoding = m.group(1).toUpperCase(Locale.ROOT);
        return encoding.equals("UTF-8") || encoding.equals("UTF8") || encoding.equals("US-ASCII") || encoding.equals("ASCII");
    }

    /** The prefix (with colon, or empty) of the ds:Signature element just before the root's end tag. */
    private static String signaturePrefix(String signed, int rootEnd) {
        if (rootEnd < 0) {
            return null;
        }
        int open = signed.lastIndexOf("</", rootEnd - 1);
        if (open < 0) {
            return null;
        }
        String name = signed.substring(open + 2, signed.indexOf('>', open)).trim();
        if (name.equals("Signature")) {
            return "";
        }
        return name.endsWith(":Signature") ? name.substring(0, name.length() - "Signature".length()) : null;
    }

    private static int lastEndTag(String text, String name) {
        int from = text.length();
        while (true) {
            int i = text.lastIndexOf("</" + name, from);
            if (i < 0) {
                return -1;
            }
            int after = i + 2 + name.length();
            if (after < text.length() && (text.charAt(after) == '>' || Character.isWhitespace(text.charAt(after)))) {
                return i;
            }
            from = i - 1;
        }
    }

    private static int lastStartTag(String text, String name, int before) {
        int from = before;
        while (true) {
            int i = text.lastIndexOf("<" + name, from);
            if (i < 0) {
                return -1;
            }
            int after = i + 1 + name.length();
            if (after < text.length() && (text.charAt(after) == '>' || Character.isWhitespace(text.charAt(after)))) {
                return i;
            }
            from = i - 1;
        }
    }

    private static int lastEndTagBytes(byte[] xml, String name) {
        byte[] needle = ("</" + name).getBytes(StandardCharsets.UTF_8);
        for (int i = xml.length - needle.length - 1; i >= 0; i--) {
            if (xml[i] == '<' && Arrays.equals(xml, i, i + needle.length, needle, 0, needle.length)) {
                byte after = xml[i + needle.length];
                if (after == '>' || after == ' ' || after == '\t' || after == '\r' || after == '\n') {
                    return i;
                }
            }
        }
        return -1;
    }

    private static byte[] canonicalDigest(Document document) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
                Canonicalizer.getInstance(Canonicalizer.ALGO_ID_C14N_WITH_COMMENTS).canonicalizeSubtree(document, out);
            }
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot canonicalise: " + e.getMessage(), e);
        }
    }
}
