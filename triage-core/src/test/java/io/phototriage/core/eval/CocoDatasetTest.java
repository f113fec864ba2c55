package io.phototriage.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phototriage.core.stage.TriageClass;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CocoDatasetTest {

    @Test
    void readsCoco128AsItsReadmeCountsIt() {
        CocoDataset coco = Golden.coco128();

        assertThat(coco.images()).hasSize(128);
        assertThat(coco.categories()).hasSize(80);
        assertThat(coco.annotations()).hasSize(939);
        assertThat(coco.annotations().stream().filter(CocoAnnotation::crowd)).hasSize(10)
                .allSatisfy(a -> assertThat(a.segmentation()).isInstanceOf(CocoSegmentation.RunLength.class));
        assertThat(coco.annotations().stream().filter(a -> !a.crowd()))
                .allSatisfy(a -> assertThat(a.segmentation()).isInstanceOf(CocoSegmentation.Polygons.class));
        Map<TriageClass, Long> perClass = coco.images().stream()
                .collect(Collectors.groupingBy(i -> i.triageClass().orElseThrow(), Collectors.counting()));
        assertThat(perClass).containsExactlyInAnyOrderEntriesOf(
                Map.of(TriageClass.PEOPLE, 61L, TriageClass.PETS, 10L, TriageClass.NEITHER, 57L));
        assertThat(coco.categoryByName("person").map(CocoCategory::id)).contains(CocoCategory.PERSON);
        assertThat(coco.categoryByName("cat").map(CocoCategory::id)).contains(CocoCategory.CAT);
        assertThat(coco.categoryByName("dog").map(CocoCategory::id)).contains(CocoCategory.DOG);
        assertThat(coco.annotationsOf(coco.imageByFileName("000000000250.jpg").orElseThrow().id())).isEmpty();
        assertThat(coco.annotationsOf(coco.imageByFileName("000000000508.jpg").orElseThrow().id())).isEmpty();
    }

    @Test
    void readsImageAndAnnotationFields() {
        CocoDataset coco = Golden.coco128();

        CocoImage image = coco.image(9).orElseThrow();
        assertThat(image).isEqualTo(new CocoImage(9, "000000000009.jpg", 640, 480,
                Optional.of(TriageClass.NEITHER)));
        CocoAnnotation first = coco.annotationsOf(9).get(0);
        assertThat(first.bbox()).isEqualTo(new CocoBox(1.08, 187.69, 611.59, 285.84));
        assertThat(first.area()).isEqualTo(120057.13925);
        assertThat(first.crowd()).isFalse();
        CocoAnnotation crowd = coco.annotations().stream().filter(a -> a.id() == 900100000149L).findFirst()
                .orElseThrow();
        assertThat(crowd.crowd()).isTrue();
        // COCO's stored area of this crowd region (2125) is not its mask's pixel count (1958, as pycocotools counts).
        assertThat(crowd.area()).isEqualTo(2125);
        assertThat(((CocoSegmentation.RunLength) crowd.segmentation()).rle().area()).isEqualTo(1958);
    }

    @Test
    void missingFileErrorNamesThePath() {
        Path missing = Path.of("no", "such", "annotations.json");

        assertThatThrownBy(() -> CocoDataset.read(missing))
                .isInstanceOf(IOException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void compressedRleSegmentationIsRead() throws IOException {
        CocoDataset coco = read("""
                {"images": [{"id": 1, "file_name": "a.jpg", "width": 1, "height": 7}],
                 "categories": [{"id": 1, "name": "person"}],
                 "annotations": [{"id": 5, "image_id": 1, "category_id": 1, "bbox": [0, 2, 1, 4], "area": 4,
                                  "iscrowd": 1, "segmentation": {"size": [7, 1], "counts": "231N"}}]}
                """);

        CocoSegmentation.RunLength rle = (CocoSegmentation.RunLength) coco.annotations().get(0).segmentation();
        assertThat(rle.rle().counts()).containsExactly(2, 3, 1, 1);
        assertThat(coco.image(1).orElseThrow().triageClass()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown image        | {"id": 5, "image_id": 2, "category_id": 1, "bbox": [0,0,1,1], "area": 1} | annotation 5 points at image 2
            unknown category     | {"id": 5, "image_id": 1, "category_id": 9, "bbox": [0,0,1,1], "area": 1} | annotation 5 has category 9
            short bbox           | {"id": 5, "image_id": 1, "category_id": 1, "bbox": [0,0,1], "area": 1}   | annotation 5: "bbox" must be
            negative box size    | {"id": 5, "image_id": 1, "category_id": 1, "bbox": [0,0,-1,1], "area": 1} | must not be negative
            no area              | {"id": 5, "image_id": 1, "category_id": 1, "bbox": [0,0,1,1]}            | annotation 5: "area" is missing
            no id                | {"image_id": 1, "category_id": 1, "bbox": [0,0,1,1], "area": 1}          | "id" is missing
            RLE of no size       | {"id": 5, "image_id": 1, "category_id": 1, "bbox": [0,0,1,1], "area": 1, "segmentation": {"counts": [1]}} | neither polygons nor RLE
            """)
    void invalidAnnotationIsRejectedNamingTheSourceAndTheEntry(String name, String annotation, String message) {
        String json = """
                {"images": [{"id": 1, "file_name": "a.jpg", "width": 4, "height": 3}],
                 "categories": [{"id": 1, "name": "person"}],
                 "annotations": [%s]}
                """.formatted(annotation);

        assertThatThrownBy(() -> read(json))
                .isInstanceOf(IOException.class).hasMessageStartingWith("test.json").hasMessageContaining(message);
    }

    @Test
    void repeatedImageIdIsRejected() {
        assertThatThrownBy(() -> read("""
                {"images": [{"id": 1, "file_name": "a.jpg", "width": 4, "height": 3},
                            {"id": 1, "file_name": "b.jpg", "width": 4, "height": 3}],
                 "categories": [], "annotations": []}
                """)).isInstanceOf(IOException.class).hasMessageContaining("image id 1 occurs more than once");
    }

    @Test
    void resultsFileInsteadOfAnnotationsIsRejected() {
        assertThatThrownBy(() -> read("[]")).isInstanceOf(IOException.class)
                .hasMessageContaining("not a COCO annotations file");
    }

    private static CocoDataset read(String json) throws IOException {
        return CocoDataset.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }
}
