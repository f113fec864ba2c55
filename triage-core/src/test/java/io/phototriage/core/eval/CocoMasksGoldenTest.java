package io.phototriage.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.stage.Mask;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CocoMasks against pycocotools' annToRLE / frPyObjects for all 939 coco128 annotations (golden/eval/masks.json). */
class CocoMasksGoldenTest {

    static Stream<Arguments> annotations() {
        JsonNode masks = Golden.json("masks.json").get("masks");
        CocoDataset coco = Golden.coco128();
        return StreamSupport.stream(masks.spliterator(), false).map(golden -> {
            long id = golden.get("id").asLong();
            CocoAnnotation annotation = coco.annotations().stream().filter(a -> a.id() == id).findFirst()
                    .orElseThrow(() -> new AssertionError("annotation " + id + " of the golden file is not in coco128"));
            String kind = annotation.crowd() ? "crowd RLE" : "polygons";
            return Arguments.of(id + " (" + kind + ")", annotation, golden);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("annotations")
    void annotationMaskIsPixelIdenticalToPycocotools(String name, CocoAnnotation annotation, JsonNode golden) {
        CocoImage image = Golden.coco128().image(annotation.imageId()).orElseThrow();
        int h = golden.get("height").asInt();
        int w = golden.get("width").asInt();
        CocoRle expected = CocoMasks.fromCompressedString(golden.get("counts").asText(), h, w);

        CocoRle actual = CocoMasks.toRle(annotation, image);
        Mask actualMask = CocoMasks.toMask(annotation, image);

        assertThat(actualMask).isEqualTo(CocoMasks.decode(expected));
        assertThat(CocoMasks.toCompressedString(actual)).isEqualTo(golden.get("counts").asText());
        assertThat(actual.area()).isEqualTo(golden.get("area").asLong());
        assertThat(actualMask.area()).isEqualTo(golden.get("area").asLong());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("annotations")
    void boxMaskAndItsIouWithTheAnnotationMaskEqualPycocotools(String name, CocoAnnotation annotation,
                                                               JsonNode golden) {
        CocoImage image = Golden.coco128().image(annotation.imageId()).orElseThrow();

        CocoRle box = CocoMasks.fromBox(annotation.bbox(), image.height(), image.width());

        assertThat(box.area()).isEqualTo(golden.get("box_area").asLong());
        // pycocotools' iou is one division of two pixel counts: equal pixels give the same double.
        assertThat(CocoMasks.iou(CocoMasks.toRle(annotation, image), box))
                .isCloseTo(golden.get("box_iou").asDouble(), within(1e-15));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("annotations")
    void encodeOfDecodeGivesTheSameCompressedString(String name, CocoAnnotation annotation, JsonNode golden) {
        int h = golden.get("height").asInt();
        int w = golden.get("width").asInt();
        String counts = golden.get("counts").asText();

        CocoRle roundTrip = CocoMasks.encode(CocoMasks.decode(CocoMasks.fromCompressedString(counts, h, w)));

        assertThat(CocoMasks.toCompressedString(roundTrip)).isEqualTo(counts);
    }
}
