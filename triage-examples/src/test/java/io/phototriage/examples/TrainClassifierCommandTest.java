package io.phototriage.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.Photo;
import io.phototriage.core.eval.TrainingSplit;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.core.testing.NeedsNatives;
import io.phototriage.core.testing.SharedData;
import io.phototriage.models.probe.CrossValidationEstimate;
import io.phototriage.models.probe.FeatureScaling;
import io.phototriage.models.probe.LinearProbe;
import io.phototriage.models.probe.ProbeTrainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train-classifier} on the first 7 coco128 photos of each class: the lite probe (real MobileNetV2 + YOLOX
 * features) and a CLIP probe on the tiny random-weight CLIP export of triage-models' test fixtures; {@code eval
 * --probe} then finds the probe's held-out split on the same folder.
 */
@NeedsNatives
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainClassifierCommandTest {
    /** The tiny CLIP export that triage-models' tests use (random weights: the accuracy means nothing). */
    private static final Path FIXTURES = Path.of("..", "triage-models", "src", "test", "resources", "fixtures");

    private Path tmp;
    private Path slice;
    private Path probeFile;
    private TrainClassifierCommand.Report report;
    private String printed;

    @BeforeAll
    void trainTheLiteProbe(@TempDir Path dir) throws IOException {
        tmp = dir;
        slice = CocoSlice.of(dir.resolve("first21"), CocoSlice.firstOfEachClass(7));
        probeFile = dir.resolve("probes/lite.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report = TrainClassifierCommand.run(new TrainClassifierCommand.Options(slice, ModelSet.LITE, Optional.of(SharedData.models()),
                probeFile, 7, 0.3, "unused", 0), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        printed = out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsHeldOutAccuracyAndConfusionAndWritesTheProbe() throws IOException {
        assertThat(report.exitCode()).as(printed).isZero();
        assertThat(printed).contains("held-out metrics (rows = truth, columns = predicted)").contains("truth \\ predicted")
                .contains("held-out accuracy").contains(probeFile.toString());
        LinearProbe probe = LinearProbe.load(probeFile);
        assertThat(probe.provenance().trainingSet()).isEqualTo("first21 (stratified split, 15 train / 6 held out, test fraction 0.3, seed 7)");
        assertThat(report.result().heldOut().orElseThrow().total()).isEqualTo(6);
    }

    @Test
    void heldOutAccuracyEqualsTheWrittenProbeClassifyingTheHeldOutPhotos() throws Exception {
        ProbeTrainer.Split split = ProbeTrainer.split(ProbeTrainer.readCoco(slice), 0.3, 7);
        int correct = 0;
        try (Classifier classifier = StageRegistry.load().create(Classifier.class, "lite-probe",
                StageSettings.ofModelsDir(SharedData.models()).withOption(StageOptions.PROBE, probeFile.toString()))) {
            for (ProbeTrainer.LabeledPhoto p : split.test()) {
                TriageClass predicted = classifier.apply(ImageIoPhotoDecoder.defaults().decode(Photo.of(p.path()))).label();
                correct += predicted == p.label() ? 1 : 0;
            }
        }
        assertThat(report.result().heldOut().orElseThrow().accuracy()).isEqualTo(correct / (double) split.test().size());
    }

    @Test
    void evalWithTheProbeReportsItsHeldOutSplitWithTheSameAccuracy() {
        EvalCommand.Report eval = EvalCommand.run(EvalCommand.Options.of(slice, tmp.resolve("eval")).withModels(SharedData.models())
                .withStageOption(StageOptions.PROBE, probeFile.toString()).withStylizePhotos(0),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(eval.exitCode()).isZero();
        JsonNode heldOut = eval.metrics().get("classify").get("heldOut");
        assertThat(heldOut.get("images").asInt()).isEqualTo(6);
        assertThat(heldOut.get("accuracy").asDouble()).isCloseTo(report.result().heldOut().orElseThrow().accuracy(), within(1e-12));
        assertThat(eval.metrics().get("provenance").get("stageModels").get("classify").asText()).contains("first21 (stratified split");
    }

    @Test
    void clipProbeTrainsOnClipEmbeddingsAndLoadsInTheClipProbeClassifier() throws Exception {
        Path clipProbe = tmp.resolve("probes/clip-tiny.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        TrainClassifierCommand.Report clip = TrainClassifierCommand.run(new TrainClassifierCommand.Options(slice, ModelSet.TINY,
                Optional.of(FIXTURES), clipProbe, 7, 0.3, "clip-tiny", 0), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(clip.exitCode()).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(clip.result().split().test()).hasSize(6);
        assertThat(LinearProbe.load(clipProbe).featureDescription()).startsWith("CLIP image embedding of clip-tiny");
        try (Classifier classifier = StageRegistry.load().create(Classifier.class, "clip-probe", StageSettings.ofModelsDir(FIXTURES)
                .withOption("model", "clip-tiny").withOption(StageOptions.PROBE, clipProbe.toString()))) {
            ProbeTrainer.LabeledPhoto first = clip.result().split().test().get(0);
            TriageClass label = classifier.apply(ImageIoPhotoDecoder.defaults().decode(Photo.of(first.path()))).label();
            assertThat(label).isEqualTo(clip.result().predicted().get(0));
        }
    }

    @Test
    void byDefaultEveryPhotoTrainsAndTheCrossValidatedEstimateIsSavedTyped() throws IOException {
        Path all = tmp.resolve("probes/all.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        TrainClassifierCommand.Report r = TrainClassifierCommand.run(new TrainClassifierCommand.Options(slice, ModelSet.LITE,
                Optional.of(SharedData.models()), all, 7, 0, "unused", 2), new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(r.exitCode()).as(text).isZero();
        assertThat(r.result().heldOut()).isEmpty();
        LinearProbe probe = LinearProbe.load(all);
        TrainingSplit split = probe.provenance().split().orElseThrow();
        assertThat(split.method()).isEqualTo(TrainingSplit.ALL);
        assertThat(split.dataset()).isEqualTo("first21");
        assertThat(split.train()).hasSize(21).contains(CocoSlice.firstOfEachClass(7).get(0));
        assertThat(split.heldOut()).isEmpty();
        CrossValidationEstimate cv = probe.provenance().crossValidation().orElseThrow();
        assertThat(cv.repeats()).isEqualTo(2);
        assertThat(cv.folds()).isEqualTo(5);
        assertThat(cv.recipe()).contains("L2_NORMALIZE_HEAD");
        assertThat(probe.scaling()).isEqualTo(FeatureScaling.L2_NORMALIZE_HEAD);
        assertThat(probe.unscaledTail()).isEqualTo(2);
        assertThat(text).contains("cross-validated (2 x 5-fold").contains("trained on all 21 photos");
    }

    @Test
    void missingDataSetFolderIsAUsageError() {
        TrainClassifierCommand.Report r = TrainClassifierCommand.run(new TrainClassifierCommand.Options(tmp.resolve("none"), ModelSet.LITE,
                Optional.of(SharedData.models()), tmp.resolve("p.json"), 42, 0.3, "unused", 0),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(r.exitCode()).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(r.message()).contains("does not exist");
        assertThat(tmp.resolve("p.json")).doesNotExist();
    }

    @Test
    void commandLineRejectsAnUnknownModelSet() {
        Path probe = tmp.resolve("never.json");

        // --model-set comes from the shared ModelSetOptions mixin (default lite, like run, eval and calibrate).
        assertThat(PhotoTriageCli.execute("train-classifier", "--dataset", slice.toString(), "--output", probe.toString(),
                "--model-set", "huge")).isEqualTo(FolderTriage.EXIT_USAGE);
        assertThat(probe).doesNotExist();
    }
}
