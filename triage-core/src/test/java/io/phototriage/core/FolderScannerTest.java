package io.phototriage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderScannerTest {
    @TempDir
    Path tmp;

    private void touch(String relative) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {1});
    }

    @Test
    void albumsAreFoldersAndOrderIsByRelativePath() throws IOException {
        touch("b/z.jpg");
        touch("a.PNG");
        touch("b/c/y.webp");
        touch("b/a.jpeg");
        touch("notes.txt");
        touch("b/c/raw.cr2");

        FolderScanner.Scan scan = FolderScanner.scan(tmp);

        assertThat(scan.photos()).extracting(Photo::id).containsExactly("a.PNG", "b/a.jpeg", "b/c/y.webp", "b/z.jpg");
        assertThat(scan.photos()).extracting(Photo::album).containsExactly("", "b", "b/c", "b");
        assertThat(scan.otherFiles()).isEqualTo(2);
        assertThat(scan.root()).isEqualTo(tmp.toRealPath());
        assertThat(scan.photos().get(1).path()).isEqualTo(tmp.toRealPath().resolve("b/a.jpeg"));
    }

    @Test
    void folderLinksAreNotFollowedButCounted() throws IOException {
        touch("real/a.jpg");
        Files.createSymbolicLink(tmp.resolve("loop"), tmp);
        Files.createSymbolicLink(tmp.resolve("real/linked.jpg"), tmp.resolve("real/a.jpg"));

        FolderScanner.Scan scan = FolderScanner.scan(tmp);

        assertThat(scan.photos()).extracting(Photo::id).containsExactly("real/a.jpg", "real/linked.jpg");
        assertThat(scan.skippedLinks()).isEqualTo(1);
    }

    @Test
    void aFileIsNotAFolderToScan() throws IOException {
        touch("a.jpg");
        assertThatThrownBy(() -> FolderScanner.scan(tmp.resolve("a.jpg"))).isInstanceOf(java.nio.file.NotDirectoryException.class);
        assertThatThrownBy(() -> FolderScanner.scan(null)).hasMessage("input");
    }
}
