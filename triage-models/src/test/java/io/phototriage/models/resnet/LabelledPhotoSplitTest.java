package io.phototriage.models.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.stage.TriageClass;
import io.phototriage.core.testing.SharedData;
import io.phototriage.models.resnet.ResNetTrainer.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelledPhotoSplitTest {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} people, {1} pets, {2} neither, fraction {3}")
    @CsvSource({
        "10, 10, 10, 0.2, 2, 2, 2",
        "61, 10, 57, 0.2, 12, 2, 11",
        "5, 1, 2, 0.2, 1, 0, 1", // a class of one is never held out; a class of two gives one
        "3, 3, 3, 0.9, 2, 2, 2", // never all of a class
    })
    void splitIsStratifiedPerClass(int people, int pets, int neither, double fraction, int heldPeople, int heldPets,
            int heldNeither) {
        List<LabelledPhoto> photos = photos(people, pets, neither);
        Split split = ResNetTrainer.split(photos, fraction, 3);
        Map<TriageClass, Long> held = split.heldOut().stream()
                .collect(Collectors.groupingBy(LabelledPhoto::label, Collectors.counting()));
        assertThat(held.getOrDefault(TriageClass.PEOPLE, 0L)).isEqualTo(heldPeople);
        assertThat(held.getOrDefault(TriageClass.PETS, 0L)).isEqualTo(heldPets);
        assertThat(held.getOrDefault(TriageClass.NEITHER, 0L)).isEqualTo(heldNeither);
        assertThat(split.train().size() + split.heldOut().size()).isEqualTo(photos.size());
        assertThat(new HashSet<>(split.train())).doesNotContainAnyElementsOf(split.heldOut());
    }

    @Test
    void splitIsSeeded() {
        List<LabelledPhoto> photos = photos(20, 20, 20);
        assertThat(ResNetTrainer.split(photos, 0.25, 5)).isEqualTo(ResNetTrainer.split(photos, 0.25, 5));
        assertThat(ResNetTrainer.split(photos, 0.25, 5).heldOut()).isNotEqualTo(ResNetTrainer.split(photos, 0.25, 6).heldOut());
    }

    @Test
    void foldersPerClassAreReadSortedAndNonImagesSkipped() throws IOException {
        for (String f : List.of("people/b.jpg", "people/a.JPG", "pets/cat.png", "pets/notes.txt", "neither/x.jpeg")) {
            Files.createDirectories(temp.resolve(f).getParent());
            Files.write(temp.resolve(f), new byte[] {1});
        }
        List<LabelledPhoto> photos = LabelledPhoto.fromFolders(temp);
        assertThat(photos).extracting(p -> temp.relativize(p.file()).toString())
                .containsExactly("people/a.JPG", "people/b.jpg", "pets/cat.png", "neither/x.jpeg");
        assertThat(photos).extracting(LabelledPhoto::label)
                .containsExactly(TriageClass.PEOPLE, TriageClass.PEOPLE, TriageClass.PETS, TriageClass.NEITHER);
    }

    @Test
    void emptyFolderSetFailsNamingTheFoldersItLookedIn() {
        assertThatThrownBy(() -> LabelledPhoto.fromFolders(temp)).isInstanceOf(IOException.class)
                .hasMessageContaining(temp.resolve("people").toString()).hasMessageContaining("neither");
    }

    @Test
    void cocoAnnotationsGiveEveryImageWithATriageClass() throws IOException {
        Path coco = SharedData.coco128();
        List<LabelledPhoto> photos = LabelledPhoto.fromCoco(coco.resolve("annotations.json"), coco.resolve("images"));
        Map<TriageClass, Long> counts = photos.stream().collect(Collectors.groupingBy(LabelledPhoto::label,
                Collectors.counting()));
        assertThat(counts).containsEntry(TriageClass.PEOPLE, 61L).containsEntry(TriageClass.PETS, 10L)
                .containsEntry(TriageClass.NEITHER, 57L);
        assertThat(photos).allMatch(p -> Files.isRegularFile(p.file()));
    }

    private static List<LabelledPhoto> photos(int people, int pets, int neither) {
        List<LabelledPhoto> out = new ArrayList<>();
        Function<Integer, Path> path = i -> Path.of("p" + i + ".jpg");
        int i = 0;
        for (int n = 0; n < people; n++) {
            out.add(new LabelledPhoto(path.apply(i++), TriageClass.PEOPLE));
        }
        for (int n = 0; n < pets; n++) {
            out.add(new LabelledPhoto(path.apply(i++), TriageClass.PETS));
        }
        for (int n = 0; n < neither; n++) {
            out.add(new LabelledPhoto(path.apply(i++), TriageClass.NEITHER));
        }
        return out;
    }
}
