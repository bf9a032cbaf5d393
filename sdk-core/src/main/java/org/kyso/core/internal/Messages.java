package org.kyso.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.kyso.core.Message;

/**
 * Builds report {@link Message}s: English from the caller, Vietnamese from
 * {@code messages_vi.properties}, keyed by DSS message keys and KySo's own {@code kyso.*} keys. Both
 * texts may hold {@code {0}}, {@code {1}}, ... placeholders, replaced literally (no
 * {@link java.text.MessageFormat} quoting rules, so apostrophes need no escaping).
 */
public final class Messages {

    private static final Properties VIETNAMESE = load("messages_vi.properties");

    private Messages() {
    }

    /** A message under {@code key} with KySo's Vietnamese text for {@code key}, where one exists. */
    public static Message of(String key, String english, Object... args) {
        return as(key, key, english, args);
    }

    /**
     * A message reported under {@code key} (the stable identifier programs see) whose Vietnamese
     * text is the one written for {@code textKey}: a specific explanation of a general finding.
     */
    public static Message as(String key, String textKey, String english, Object... args) {
        String vietnamese = vietnamese(textKey);
        return new Message(key, fill(english, args), vietnamese == null ? null : fill(vietnamese, args));
    }

    /** KySo's Vietnamese text for {@code key} (placeholders unfilled), or null. */
    public static String vietnamese(String key) {
        return key == null ? null : VIETNAMESE.getProperty(key);
    }

    private static String fill(String pattern, Object... args) {
        String text = pattern;
        for (int i = 0; i < args.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return text;
    }

    private static Properties load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream(resource)) {
            if (in != null) {
                try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot load " + resource, e);
        }
        return properties;
    }
}
