package io.phototriage.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.phototriage.core.Photo;
import io.phototriage.examples.FolderTriage;
import io.phototriage.examples.Journal.AlbumEntry;
import io.phototriage.examples.Journal.Line;
import io.phototriage.examples.Journal.SourceFingerprint;
import io.phototriage.examples.ModelSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces that cross from the driver to the executors and back, without Spark or models. */
class JournalPartsTest {
    @TempDir
    Path tmp;

    private static Line album(String name, String status) {
        return new Line(null, new AlbumEntry(name, null, null, status, null, null, null, null, "cfg"));
    }

    @Test
    void aRetriedTaskReplacesItsPartInsteadOfAddingOne() throws IOException {
        JournalParts.write(tmp, "albums", List.of("a", "b"), List.of(album("a", "error"), album("b", "ok")));
        JournalParts.write(tmp, "albums", List.of("a", "b"), List.of(album("a", "ok"), album("b", "ok")));
        JournalParts.write(tmp, "albums", List.of("c"), List.of(album("c", "skipped")));

        try (Stream<Path> parts = Files.list(tmp.resolve(JournalParts.FOLDER))) {
            assertThat(parts.map(p -> p.getFileName().toString())).hasSize(2).allMatch(n -> n.startsWith("albums-") && n.endsWith(".jsonl"));
        }
        List<Line> lines = JournalParts.read(tmp).lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.stream().map(l -> l.album().album() + "=" + l.album().status()))
                .containsExactlyInAnyOrder("a=ok", "b=ok", "c=skipped");
    }

    @Test
    void clearRemovesThePartsAndTheFolder() throws IOException {
        JournalParts.write(tmp, "photos", List.of("x.jpg"), List.of(album("x", "ok")));
        Files.writeString(tmp.resolve(JournalParts.FOLDER).resolve(".partial-abc.tmp"), "half");

        JournalParts.clear(tmp);

        assertThat(tmp.resolve(JournalParts.FOLDER)).doesNotExist();
        assertThat(JournalParts.read(tmp).lines()).isEmpty();
    }

    @Test
    void aBrokenPartLineIsSkippedLikeABrokenJournalLine() throws IOException {
        JournalParts.write(tmp, "albums", List.of("a"), List.of(album("a", "ok")));
        Files.writeString(tmp.resolve(JournalParts.FOLDER).resolve("albums-zz.jsonl"), "{\"album\":{\"alb");

        assertThat(JournalParts.read(tmp).lines()).hasSize(1);
        assertThat(JournalParts.read(tmp).brokenLines()).isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void aPhotoTaskCarriesThePhotoAndItsFingerprintThroughJavaSerialisation() throws Exception {
        Photo photo = new Photo(tmp.resolve("a/x.jpg"), "a/x.jpg", "a");
        SourceFingerprint fp = new SourceFingerprint(12, 34, "ab");

        PhotoTask task = roundTrip(PhotoTask.of(photo, fp));
        PhotoTask unreadable = roundTrip(PhotoTask.of(photo, null));

        assertThat(task.photo()).isEqualTo(photo);
        assertThat(task.fingerprint()).isEqualTo(fp);
        assertThat(unreadable.fingerprint()).isNull();
    }

    @Test
    void theRunConfigGivesTheExecutorsTheDriversOptions() throws Exception {
        FolderTriage.Options options = FolderTriage.Options.of(tmp.resolve("in"), tmp.resolve("out"))
                .withModelSet(ModelSet.TINY).withModels(tmp.resolve("models")).withDecodeLongSide(1024)
                .withStageOption("probe", "/p.json");
        Path realIn = Files.createDirectories(tmp.resolve("in")).toRealPath();

        RunConfig config = roundTrip(RunConfig.of(options, realIn, tmp.resolve("out")));
        FolderTriage.Options onExecutor = config.triageOptions();

        assertThat(config).isEqualTo(RunConfig.of(options, realIn, tmp.resolve("out")));
        assertThat(onExecutor.modelSet()).isEqualTo(ModelSet.TINY);
        assertThat(onExecutor.models()).contains(tmp.resolve("models").toAbsolutePath().normalize());
        assertThat(onExecutor.decodeLongSide()).isEqualTo(1024);
        assertThat(onExecutor.stageOptions()).isEqualTo(options.stageOptions());
        assertThat(onExecutor.stageSettings().options()).isEqualTo(options.stageSettings().options());
        assertThat(onExecutor.output()).isEqualTo(tmp.resolve("out"));
    }
}
