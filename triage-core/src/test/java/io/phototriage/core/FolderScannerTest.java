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

    /** Creates each file (and its folders), then scans the folder. */
    private FolderScanner.Scan scanAfterTouching(String... relatives) throws IOException {
        for (String relative : relatives) {
            touch(relative);
        }
        return FolderScanner.scan(tmp);
    }

    private void touch(String relative) throws IOException {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {1});
    }

    @Test
    void albumsAreFoldersAndOrderIsByRelativePath() throws IOException {
        FolderScanner.Scan scan = scanAfterTouching("b/z.jpg", "a.PNG", "b/c/y.webp", "b/a.jpeg", "notes.txt",
                "b/c/clip.mov");

        assertThat(scan.photos()).extracting(Photo::id).containsExactly("a.PNG", "b/a.jpeg", "b/c/y.webp", "b/z.jpg");
        assertThat(scan.photos()).extracting(Photo::album).containsExactly("", "b", "b/c", "b");
        assertThat(scan.otherFiles()).isEqualTo(1);
        assertThat(scan.videos()).extracting(Photo::id).containsExactly("b/c/clip.mov");
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
    void rawAndHeifFilesArePhotos() throws IOException {
        FolderScanner.Scan scan = scanAfterTouching("d/IMG_1.CR3", "d/IMG_2.nef", "d/phone.HEIC", "d/pic.avif");

        assertThat(scan.photos()).extracting(Photo::id).containsExactly("d/IMG_1.CR3", "d/IMG_2.nef", "d/phone.HEIC", "d/pic.avif");
        assertThat(scan.companions()).isEmpty();
        assertThat(scan.files()).containsEntry(FolderScanner.FileKind.RAW, 2).containsEntry(FolderScanner.FileKind.HEIF, 2)
                .containsEntry(FolderScanner.FileKind.STANDARD, 0);
    }

    @Test
    void rawPlusJpegWithTheSameBaseNameInTheSameFolderIsOnePhoto() throws IOException {
        touch("a/IMG_0001.CR2");
        touch("a/img_0001.JPG");
        touch("a/IMG_0002.NEF");          // no partner: a photo of its own
        touch("a/IMG_0003.jpg");          // no RAW: a photo without companion
        touch("b/IMG_0002.jpg");          // other folder: does not pair with a/IMG_0002.NEF
        touch("a/IMG_0004.dng");
        touch("a/IMG_0004.cr3");          // two RAWs of one JPEG (rare, but both are companions)
        touch("a/IMG_0004.jpeg");
        touch("a/IMG_0005.png");          // PNG is not a camera's pair
        FolderScanner.Scan scan = scanAfterTouching("a/IMG_0005.arw");

        assertThat(scan.photos()).extracting(Photo::id).containsExactly("a/IMG_0002.NEF", "a/IMG_0003.jpg",
                "a/IMG_0004.jpeg", "a/IMG_0005.arw", "a/IMG_0005.png", "a/img_0001.JPG", "b/IMG_0002.jpg");
        assertThat(scan.companions()).containsOnlyKeys("a/img_0001.JPG", "a/IMG_0004.jpeg");
        assertThat(scan.companionsOf("a/img_0001.JPG")).containsExactly("a/IMG_0001.CR2");
        assertThat(scan.companionsOf("a/IMG_0004.jpeg")).containsExactly("a/IMG_0004.cr3", "a/IMG_0004.dng");
        assertThat(scan.companionsOf("a/IMG_0003.jpg")).isEmpty();
        assertThat(scan.pairedFiles()).isEqualTo(3);
        assertThat(scan.files()).containsEntry(FolderScanner.FileKind.RAW, 5).containsEntry(FolderScanner.FileKind.STANDARD, 5);
    }

    @Test
    void fileKindsByExtension() {
        assertThat(FolderScanner.FileKind.of("x/IMG.CR2")).isEqualTo(FolderScanner.FileKind.RAW);
        assertThat(FolderScanner.FileKind.of("IMG.heic")).isEqualTo(FolderScanner.FileKind.HEIF);
        assertThat(FolderScanner.FileKind.of("IMG.JPG")).isEqualTo(FolderScanner.FileKind.STANDARD);
        assertThat(FolderScanner.FileKind.of("clip.MP4")).isEqualTo(FolderScanner.FileKind.VIDEO);
        assertThat(FolderScanner.FileKind.of("notes.txt")).isEqualTo(FolderScanner.FileKind.OTHER);
        assertThat(FolderScanner.FileKind.of("a.b/noext")).isEqualTo(FolderScanner.FileKind.OTHER);
    }

    @Test
    void aFileIsNotAFolderToScan() throws IOException {
        touch("a.jpg");
        assertThatThrownBy(() -> FolderScanner.scan(tmp.resolve("a.jpg"))).isInstanceOf(java.nio.file.NotDirectoryException.class);
        assertThatThrownBy(() -> FolderScanner.scan(null)).hasMessage("input");
    }
}
