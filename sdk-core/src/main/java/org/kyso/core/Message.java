package org.kyso.core;

import java.util.Locale;
import java.util.Objects;

/**
 * A finding in a report, kept in English and, where KySo has a translation, in Vietnamese.
 *
 * @param key a stable identifier (DSS message key or a KySo key), for programs
 * @param english the English text
 * @param vietnamese the Vietnamese text, or {@code null} when none is available
 */
public record Message(String key, String english, String vietnamese) {

    public Message {
        Objects.requireNonNull(english, "english");
    }

    /** The text in {@code locale}'s language: Vietnamese for "vi", English otherwise. */
    public String text(Locale locale) {
        if (vietnamese != null && locale != null && "vi".equals(locale.getLanguage())) {
            return vietnamese;
        }
        return english;
    }

    @Override
    public String toString() {
        return english;
    }
}
