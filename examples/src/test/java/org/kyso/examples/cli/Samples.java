package org.kyso.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Copies the bundled samples out of the class path for tests. */
final class Samples {

    private Samples() {
    }

    static Path pdf(Path folder) {
        return copy(DemoCommand.SAMPLE_PDF, folder.resolve("cong-van.pdf"));
    }

    static Path xml(Path folder) {
        return copy(DemoCommand.SAMPLE_XML, folder.resolve("ho-so.xml"));
    }

    static Path copy(String resource, Path target) {
        try (InputStream in = Samples.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
