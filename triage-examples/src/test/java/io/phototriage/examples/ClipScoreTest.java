package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylized;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.testing.SharedData;
import io.phototriage.models.clip.ClipImageEncoder;
import io.phototriage.models.clip.ClipTextEncoder;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code stylize.clipScore} on the tiny random-weight CLIP export of triage-models' test fixtures. */
class ClipScoreTest {
    private static final Path FIXTURES = Path.of("..", "triage-models", "src", "test", "resources", "fixtures");

    @Test
    @NeedsNatives
    void clipScoreIsTheMeanCosineOfEachPictureWithItsOwnPrompt() throws Exception {
        ResolvedModel clip = ModelStore.at(FIXTURES).resolve("clip-tiny");
        BufferedImage a = decode("000000000036.jpg");
        BufferedImage b = decode("000000000042.jpg");
        List<Stylized> outputs = List.of(new Stylized(a, "a photo of a person"), new Stylized(b, ""));

        double score = EvalRun.meanClipScore(clip, outputs);

        double expected;
        try (ClipImageEncoder image = ClipImageEncoder.load(clip); ClipTextEncoder text = ClipTextEncoder.load(clip)) {
            expected = (cosine(image.embed(a), text.embed("a photo of a person"))
                    + cosine(image.embed(b), text.embed(StyleRequest.DEFAULT_PROMPT))) / 2;
        }
        assertThat(score).isCloseTo(expected, within(1e-6)).isBetween(-1.0, 1.0);
    }

    @Test
    void cosineOfParallelVectorsIsOneAndOfOrthogonalOnesZero() {
        assertThat(EvalRun.cosine(new float[] {1, 2, 3}, new float[] {2, 4, 6})).isCloseTo(1.0, within(1e-12));
        assertThat(EvalRun.cosine(new float[] {1, 0}, new float[] {0, 3})).isEqualTo(0.0);
        assertThat(EvalRun.cosine(new float[] {1, 0}, new float[] {-2, 0})).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void tinySetsUseTheTinyClipFixtureAndTheOthersTheRealFolder() {
        assertThat(ModelSet.TINY.clipFolder()).isEqualTo("clip-tiny");
        assertThat(ModelSet.FULL.clipFolder()).isEqualTo("clip-vit-b32");
        assertThat(EvalCommand.Options.of(Path.of("d"), Path.of("o")).withModelSet(ModelSet.TINY).clipModel()).isEqualTo("clip-tiny");
    }

    private static BufferedImage decode(String file) throws Exception {
        return ImageIoPhotoDecoder.defaults().decode(Photo.of(SharedData.coco128().resolve("images").resolve(file))).image();
    }

    private static double cosine(float[] x, float[] y) {
        double dot = 0;
        double nx = 0;
        double ny = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * (double) y[i];
            nx += x[i] * (double) x[i];
            ny += y[i] * (double) y[i];
        }
        return dot / Math.sqrt(nx) / Math.sqrt(ny);
    }
}
