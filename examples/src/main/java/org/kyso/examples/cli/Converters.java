package org.kyso.examples.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option value converters: a bad value is a usage error (exit 64) naming the option's expectations. */
final class Converters {

    private Converters() {
    }

    /** An http or https URL, as a TSA, OCSP responder or CRL is reached. */
    static final class HttpUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw new TypeConversionException("'" + value + "' is not a URL (" + e.getReason() + ")");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new TypeConversionException("'" + value + "' is not an http:// or https:// URL");
            }
            return uri;
        }
    }

    /** A rectangle X,Y,W,H in PDF points (1/72 inch), origin at the bottom-left of the page. */
    record Rect(float x, float y, float width, float height) {
    }

    static final class RectConverter implements ITypeConverter<Rect> {
        @Override
        public Rect convert(String value) {
            String[] parts = value.split(",");
            if (parts.length != 4) {
                throw new TypeConversionException("'" + value + "' is not X,Y,W,H (four numbers in points, e.g. 340,60,220,80)");
            }
            float[] numbers = new float[4];
            for (int i = 0; i < 4; i++) {
                try {
                    numbers[i] = Float.parseFloat(parts[i].trim());
                } catch (NumberFormatException e) {
                    throw new TypeConversionException("'" + value + "' is not X,Y,W,H: '" + parts[i].trim() + "' is not a number");
                }
                if (!Float.isFinite(numbers[i])) {
                    throw new TypeConversionException("'" + value + "' is not X,Y,W,H: '" + parts[i].trim() + "' is not a finite number");
                }
            }
            return new Rect(numbers[0], numbers[1], numbers[2], numbers[3]);
        }
    }

    /** The languages reports and summaries come in. */
    enum Lang {
        en, vi;

        Locale locale() {
            return this == vi ? Locale.forLanguageTag("vi") : Locale.ENGLISH;
        }
    }

    /**
     * Shell users write {@code "Line 1\nLine 2"} with a literal backslash-n; turn {@code \n} into a
     * line break and {@code \\} into a backslash.
     */
    static String unescapeTemplate(String template) {
        if (template == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(template.length());
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length()) {
                char next = template.charAt(i + 1);
                if (next == 'n') {
                    out.append('\n');
                    i++;
                    continue;
                }
                if (next == '\\') {
                    out.append('\\');
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
