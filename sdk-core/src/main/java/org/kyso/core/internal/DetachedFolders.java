package org.kyso.core.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;

/**
 * Looks up a signature's references to detached data in the folders the caller allowed, and
 * nowhere else: only relative references are considered (no scheme such as {@code http:} or
 * {@code file:}, no absolute path), and a reference that leads out of its folder ({@code ..}, a
 * symbolic link elsewhere) is ignored. A reference that is not found simply stays unresolved, and
 * the validator reports its signed data as not found.
 */
final class DetachedFolders {

    private DetachedFolders() {
    }

    static List<DSSDocument> resolve(List<String> references, List<Path> folders) {
        List<DSSDocument> found = new ArrayList<>();
        for (String reference : new LinkedHashSet<>(references)) {
            String relative = relativePath(reference);
            if (relative == null) {
                continue;
            }
            for (Path folder : folders) {
                Path file = inside(folder, relative);
                if (file != null) {
                    FileDocument document = new FileDocument(file.toFile());
                    document.setName(relative); // DSS matches detached data to a reference by its decoded URI
                    found.add(document);
                    break;
                }
            }
        }
        return found;
    }

    /** The decoded path of a relative URI reference, or null for anything else. */
    static String relativePath(String reference) {
        if (reference == null || reference.isBlank() || reference.startsWith("#")) {
            return null;
        }
        try {
            URI uri = new URI(reference);
            if (uri.isAbsolute() || uri.getRawAuthority() != null || uri.getPath() == null || uri.getPath().isEmpty()
                    || uri.getPath().startsWith("/") || uri.getRawQuery() != null) {
                return null;
            }
            return uri.getPath();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Path inside(Path folder, String relative) {
        try {
            Path base = folder.toRealPath();
            Path candidate = base.resolve(relative).normalize();
            if (!candidate.startsWith(base) || !Files.isRegularFile(candidate)) {
                return null;
            }
            Path real = candidate.toRealPath();
            return real.startsWith(base) ? real : null;
        } catch (IOException | InvalidPathException e) {
            return null;
        }
    }
}
