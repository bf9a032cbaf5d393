package org.kyso.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import eu.europa.esig.dss.model.DSSDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetachedFoldersTest {

    @TempDir
    Path dir;

    @Test
    void onlyRelativeReferencesAreLookedUp() {
        assertThat(DetachedFolders.relativePath("scan.pdf")).isEqualTo("scan.pdf");
        assertThat(DetachedFolders.relativePath("ho%20so/to%20trinh.pdf")).isEqualTo("ho so/to trinh.pdf");
        assertThat(DetachedFolders.relativePath("http://127.0.0.1/x")).isNull();
        assertThat(DetachedFolders.relativePath("file:///etc/passwd")).isNull();
        assertThat(DetachedFolders.relativePath("/etc/passwd")).isNull();
        assertThat(DetachedFolders.relativePath("//host/share/x")).isNull();
        assertThat(DetachedFolders.relativePath("#_1")).isNull();
        assertThat(DetachedFolders.relativePath("")).isNull();
    }

    @Test
    void findsReferencedFilesInsideTheFolderUnderTheReferenceName() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("data"));
        Files.writeString(folder.resolve("to trinh.pdf"), "x");

        List<DSSDocument> found = DetachedFolders.resolve(List.of("to%20trinh.pdf", "missing.pdf"), List.of(folder));

        assertThat(found).singleElement().satisfies(d -> assertThat(d.getName()).isEqualTo("to trinh.pdf"));
    }

    @Test
    void neverLeavesTheFolder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("secret.txt"), "bí mật");
        Files.createSymbolicLink(folder.resolve("link.txt"), dir.resolve("secret.txt"));

        List<DSSDocument> found = DetachedFolders.resolve(List.of("../secret.txt", "sub/../../secret.txt", "link.txt"),
                List.of(folder));

        assertThat(found).isEmpty();
    }
}
