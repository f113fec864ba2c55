package io.phototriage.models.yolox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phototriage.core.eval.PhotoCalibration;
import io.phototriage.core.eval.ThresholdCalibration;
import io.phototriage.core.testing.NeedsNatives;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code yolox-nano.calibration.json} against a fresh run of {@link YoloxCalibration} on coco128.
 * This proves the committed file is what the tool makes today (reproducibility), not that the choosing is right:
 * the arithmetic is proven on hand-computed tables in {@code ThresholdCalibrationTest} and {@code PhotoCalibrationTest}.
 * The ground-truth side of the photo-level numbers is checked here against a plain reading of annotations.json.
 */
@NeedsNatives
class YoloxCalibrationTest {
    /**
     * The threshold is a midpoint between two detection scores; runtimes that differ in the last float bits move it
     * by far less than this.
     */
    private static final double THRESHOLD_TOLERANCE = 1e-4;

    @Test
    void committedCalibrationIsWhatYoloxCalibrationMakesTodayFromTheCoco128Split() throws Exception {
        ThresholdCalibration.Result committed = YoloxConfig.defaultCalibration();
        Path shared = Path.of(System.getProperty("phototriage.shared"));

        YoloxCalibration.Report fresh = YoloxCalibration.run(shared);

        assertThat(fresh.calibration().threshold()).isCloseTo(committed.threshold(), within(THRESHOLD_TOLERANCE));
        assertThat(fresh.calibration().counts().truePositives()).isEqualTo(committed.counts().truePositives());
        assertThat(fresh.calibration().counts().falsePositives()).isEqualTo(committed.counts().falsePositives());
        assertThat(fresh.calibration().counts().groundTruths()).isEqualTo(committed.counts().groundTruths());
        assertThat(fresh.calibration().rule()).isEqualTo(committed.rule()).startsWith("max F1 of the photo-level decisions");
        assertThat(fresh.calibration().provenance()).isEqualTo(committed.provenance());
        PhotoCalibration.Report photo = committed.photoLevel().orElseThrow();
        assertThat(fresh.calibration().photoLevel().orElseThrow().overall()).isEqualTo(photo.overall());

        // Independent of the code under test: photos with a non-crowd person / dog-or-cat box, read from the JSON.
        int[] even = subjectPhotos(shared.resolve("data/coco128/annotations.json"), 0);
        int[] odd = subjectPhotos(shared.resolve("data/coco128/annotations.json"), 1);
        assertThat(photo.images()).isEqualTo(64);
        assertThat(photo.perGroup().get("person").truePositives() + photo.perGroup().get("person").falseNegatives())
                .isEqualTo(even[0]);
        assertThat(photo.perGroup().get("pet").truePositives() + photo.perGroup().get("pet").falseNegatives()).isEqualTo(even[1]);
        PhotoCalibration.Report heldOut = fresh.heldOutPhoto();
        assertThat(heldOut.perGroup().get("person").truePositives() + heldOut.perGroup().get("person").falseNegatives())
                .isEqualTo(odd[0]);
        assertThat(heldOut.perGroup().get("pet").truePositives() + heldOut.perGroup().get("pet").falseNegatives()).isEqualTo(odd[1]);
    }

    /** Photos at even (0) or odd (1) positions in file-name order with a non-crowd person, and with a dog or cat. */
    private static int[] subjectPhotos(Path annotations, int parity) throws Exception {
        JsonNode root = new ObjectMapper().readTree(annotations.toFile());
        Map<Long, String> files = new HashMap<>();
        root.get("images").forEach(i -> files.put(i.get("id").asLong(), i.get("file_name").asText()));
        List<String> sorted = new ArrayList<>(files.values());
        sorted.sort(null);
        Set<String> half = new HashSet<>();
        for (int i = parity; i < sorted.size(); i += 2) {
            half.add(sorted.get(i));
        }
        Set<String> people = new HashSet<>();
        Set<String> pets = new HashSet<>();
        for (JsonNode a : root.get("annotations")) {
            String file = files.get(a.get("image_id").asLong());
            if (!half.contains(file) || a.path("iscrowd").asInt() == 1) {
                continue;
            }
            int category = a.get("category_id").asInt();
            if (category == 1) {
                people.add(file);
            } else if (category == 17 || category == 18) {
                pets.add(file);
            }
        }
        return new int[] {people.size(), pets.size()};
    }
}
