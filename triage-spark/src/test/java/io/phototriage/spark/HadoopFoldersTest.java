package io.phototriage.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.FolderScanner;
import io.phototriage.core.Photo;
import io.phototriage.examples.FolderTriage;
import io.phototriage.examples.Journal.SourceFingerprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hadoop side of the runner without Spark, on the {@code ptfs:} test scheme (the local disk seen only through
 * Hadoop's {@code FileSystem}): listing with the scan's rules, the journal's fingerprint, uploads that replace, and
 * the folder checks across URIs.
 */
class HadoopFoldersTest {
    private final Configuration conf = TestSchemeFileSystem.configuration();

    @TempDir
    Path tmp;

    private static void write(Path file, int bytes, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] b = new byte[bytes];
        new Random(seed).nextBytes(b);
        Files.write(file, b);
    }

    @Test
    void listingAppliesTheFolderScannersRulesAndOrder() throws Exception {
        Path in = tmp.resolve("in");
        write(in.resolve("b/IMG_1.JPG"), 10, 1);
        write(in.resolve("b/IMG_1.CR2"), 10, 2); // paired with its JPEG
        write(in.resolve("b/raw_only.nef"), 10, 3);
        write(in.resolve("a.png"), 10, 4);
        write(in.resolve("z/clip.mp4"), 10, 5);
        write(in.resolve("notes.txt"), 10, 6);
        write(in.resolve(".jpg"), 10, 7); // no stem: not a photo
        write(in.resolve("c/d/deep.heic"), 10, 8);

        FolderScanner.Scan local = FolderScanner.scan(in);
        FolderScanner.Scan hadoop = HadoopFolders.scan(HadoopFolders.checkInput(TestSchemeFileSystem.uri(in), conf), conf);

        assertThat(hadoop.photos()).extracting(Photo::id).containsExactlyElementsOf(local.photos().stream().map(Photo::id).toList())
                .containsExactly("a.png", "b/IMG_1.JPG", "b/raw_only.nef", "c/d/deep.heic");
        assertThat(hadoop.photos()).extracting(Photo::album).containsExactly("", "b", "b", "c/d");
        assertThat(hadoop.companions()).isEqualTo(local.companions()).containsKey("b/IMG_1.JPG");
        assertThat(hadoop.videos()).extracting(Photo::id).containsExactly("z/clip.mp4");
        assertThat(hadoop.otherFiles()).isEqualTo(local.otherFiles()).isEqualTo(2);
        assertThat(hadoop.files()).isEqualTo(local.files());
    }

    @Test
    void fingerprintThroughHadoopEqualsTheJournalsOwn() throws IOException {
        for (int size : new int[] {0, 100, 64 * 1024, 200_000}) {
            Path f = tmp.resolve("f" + size + ".jpg");
            write(f, size, size);
            SourceFingerprint viaHadoop = HadoopFolders.fingerprint(new org.apache.hadoop.fs.Path(TestSchemeFileSystem.uri(f)), conf);
            assertThat(viaHadoop).as("size " + size).isEqualTo(SourceFingerprint.of(f));
        }
    }

    @Test
    void uploadReplacesUnderTheSameNameAndLeavesNoTemporary() throws IOException {
        Path local = tmp.resolve("local.bin");
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(TestSchemeFileSystem.uri(tmp.resolve("out/cutouts/x.png")));
        write(local, 1000, 1);
        HadoopFolders.upload(local, target, conf);
        write(local, 500, 2); // a retried task writes the same name again
        HadoopFolders.upload(local, target, conf);

        try (Stream<Path> files = Files.list(tmp.resolve("out/cutouts"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("x.png");
        }
        assertThat(Files.readAllBytes(tmp.resolve("out/cutouts/x.png"))).isEqualTo(Files.readAllBytes(local));
    }

    @Test
    void outputInsideTheSameOrContainingTheInputIsRefusedAcrossUriSpellings() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("photos"));
        org.apache.hadoop.fs.Path input = HadoopFolders.checkInput(TestSchemeFileSystem.uri(in), conf);
        String base = TestSchemeFileSystem.uri(in);

        for (String inside : List.of(base + "/out", base + "/a/../out/", base + "/")) {
            assertThatThrownBy(() -> HadoopFolders.checkOutput(input, inside, conf)).as(inside)
                    .isInstanceOf(FolderTriage.UsageException.class).hasMessageContaining("never writes under the input");
        }
        assertThatThrownBy(() -> HadoopFolders.checkOutput(input, TestSchemeFileSystem.uri(tmp), conf))
                .isInstanceOf(FolderTriage.UsageException.class).hasMessageContaining("contains the input folder");
        // a sibling whose name starts with the input's is not inside it
        assertThat(HadoopFolders.checkOutput(input, base + "-out", conf).toUri().getPath())
                .isEqualTo(tmp.resolve("photos-out").toAbsolutePath().toString());
    }

    @Test
    void missingOrFileInputIsAUsageError() throws IOException {
        write(tmp.resolve("file.jpg"), 10, 1);
        for (Path bad : List.of(tmp.resolve("nope"), tmp.resolve("file.jpg"))) {
            assertThatThrownBy(() -> HadoopFolders.checkInput(TestSchemeFileSystem.uri(bad), conf)).as(bad.toString())
                    .isInstanceOf(FolderTriage.UsageException.class).hasMessageContaining("does not exist or is not a folder")
                    .hasMessageContaining("ptfs:");
        }
    }
}
