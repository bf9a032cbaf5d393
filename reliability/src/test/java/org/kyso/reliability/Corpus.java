package org.kyso.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * The shared conformance corpus ({@code $KYSO_CORPUS}, else {@code ../shared/corpus} next to the
 * repository): skipped with a message when absent on a developer machine, a failure in CI
 * ({@code CI=true}).
 */
final class Corpus {

    private Corpus() {
    }

    /** The corpus folder (the one holding {@code manifest.tsv}). */
    static Path folder() {
        Optional<Path> found = locate();
        if (found.isEmpty()) {
            String message = "The conformance corpus (manifest.tsv) is not at $KYSO_CORPUS nor at ../shared/corpus next to"
                    + " the repository: get the shared corpus, or set KYSO_CORPUS to its folder";
            if ("true".equalsIgnoreCase(String.valueOf(System.getenv("CI")).trim())) {
                throw new AssertionError(message + " (required in CI)");
            }
            Assumptions.abort(message);
        }
        return found.get();
    }

    /** The corpus's PDF and XML files of at most {@code maxBytes}, sorted by path (a stable order for a seed). */
    static List<Path> documents(Path folder, long maxBytes) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String rel = folder.relativize(p).toString().replace('\\', '/');
                        return (rel.startsWith("pdf/") && rel.endsWith(".pdf")) || (rel.startsWith("xml/") && rel.endsWith(".xml"));
                    })
                    .filter(p -> size(p) <= maxBytes)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Path> locate() {
        String configured = System.getenv("KYSO_CORPUS");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured.trim()).toAbsolutePath().normalize();
            return Files.isRegularFile(p.resolve("manifest.tsv")) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("../shared/corpus"), dir.resolve("shared/corpus"))) {
                Path p = candidate.normalize();
                if (Files.isRegularFile(p.resolve("manifest.tsv"))) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
