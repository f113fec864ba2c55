package io.phototriage.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.core.spi.StageRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code phototriage eval}: measures every stage of a model set on a COCO-format data set and writes
 * {@code metrics.json} and {@code report.html} (see {@code docs/eval.md}); with {@code --baseline}, fails with
 * {@link #EXIT_REGRESSION} when a metric got worse than the stated tolerance.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measure classify, detect, segment and stylize on a COCO-format set (DIR/annotations.json with"
                + " triage_class per image, DIR/images/) and write metrics.json and report.html into --output.",
                "Exit codes: 0 done (and no regression), 1 output could not be written, 2 bad folders or options,"
                        + " 3 models or stage providers missing, 4 a metric regressed against --baseline."})
final class EvalCommand implements Callable<Integer> {
    /** Exit code: a metric is worse than the baseline by more than its tolerance. */
    static final int EXIT_REGRESSION = 4;
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "COCO-format set: annotations.json + images/.")
    Path dataset;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where metrics.json and report.html go.")
    Path output;

    @Mixin
    ModelSetOptions modelOptions = new ModelSetOptions();

    @Mixin
    StageFileOptions stageFiles = new StageFileOptions();

    @Option(names = "--segmenter", paramLabel = "NAME",
            description = "Segment provider instead of the model set's, e.g. selfie (lite: deeplab).")
    String segmenter;

    @Option(names = "--stylize-photos", paramLabel = "N", defaultValue = "4",
            description = "How many photos (the first N in file-name order) to stylize (default: ${DEFAULT-VALUE}; 0 skips).")
    int stylizePhotos;

    @Option(names = "--clip-model", paramLabel = "NAME",
            description = "CLIP folder under the models folder for stylize.clipScore (default: clip-vit-b32 for full, clip-tiny for tiny).")
    String clipModel;

    @Option(names = "--compare-detectors",
            description = "With --detector (lite set): also measure the pretrained YOLOX-Nano and the fine-tuned detector on"
                    + " the detector's held-out photos and add the detector table to metrics.json and report.html.")
    boolean compareDetectors;

    @Option(names = "--baseline", paramLabel = "metrics.json", description = "Compare with an earlier metrics.json; exit 4 on a regression.")
    Path baseline;

    /**
     * What to evaluate.
     *
     * @param dataset       the COCO-format folder
     * @param output        where metrics.json and report.html go (created if missing)
     * @param models        the models folder, or empty for the set's default
     * @param modelSet      which providers run the stages
     * @param stageOptions  extra provider options ({@code probe}, {@code calibration})
     * @param segmenter     a segment provider that replaces the set's, if given
     * @param stylizePhotos how many photos to stylize (0: the stylize stage is not measured)
     * @param clipModel     the CLIP folder for the CLIP score (sets other than lite)
     * @param baseline      an earlier metrics.json to compare with, if given
     * @param compareDetectors also measure the pretrained YOLOX-Nano against the {@code --detector} folder on its held-out
     *                      photos ({@link DetectorTable}); needs the {@link StageOptions#DETECTOR} stage option
     */
    record Options(Path dataset, Path output, Optional<Path> models, ModelSet modelSet, Map<String, String> stageOptions,
            Optional<String> segmenter, int stylizePhotos, String clipModel, Optional<Path> baseline, boolean compareDetectors) {
        Options {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(models, "models");
            Objects.requireNonNull(modelSet, "modelSet");
            stageOptions = Map.copyOf(stageOptions);
            Objects.requireNonNull(segmenter, "segmenter");
            Objects.requireNonNull(clipModel, "clipModel");
            Objects.requireNonNull(baseline, "baseline");
            if (stylizePhotos < 0) {
                throw new IllegalArgumentException("--stylize-photos must be 0 or more: " + stylizePhotos);
            }
            if (compareDetectors && !stageOptions.containsKey(StageOptions.DETECTOR)) {
                throw new IllegalArgumentException("--compare-detectors needs --detector DET_DIR (a folder written by"
                        + " 'train-detector')");
            }
            if (compareDetectors && modelSet != ModelSet.LITE) {
                throw new IllegalArgumentException("--compare-detectors compares YOLOX-Nano detectors: use --model-set lite");
            }
        }

        /** The lite set from its default folder, 4 photos stylized, no baseline. {@link #withModelSet} resets the CLIP folder. */
        static Options of(Path dataset, Path output) {
            return new Options(dataset, output, Optional.empty(), ModelSet.LITE, Map.of(), Optional.empty(), 4,
                    ModelSet.LITE.clipFolder(), Optional.empty(), false);
        }

        Options withModels(Path dir) {
            return new Options(dataset, output, Optional.of(dir), modelSet, stageOptions, segmenter, stylizePhotos, clipModel, baseline, compareDetectors);
        }

        Options withModelSet(ModelSet set) {
            return new Options(dataset, output, models, set, stageOptions, segmenter, stylizePhotos, set.clipFolder(), baseline, compareDetectors);
        }

        Options withStageOption(String key, String value) {
            Map<String, String> copy = new HashMap<>(stageOptions);
            copy.put(key, value);
            return new Options(dataset, output, models, modelSet, copy, segmenter, stylizePhotos, clipModel, baseline, compareDetectors);
        }

        Options withSegmenter(String name) {
            return new Options(dataset, output, models, modelSet, stageOptions, Optional.of(name), stylizePhotos, clipModel, baseline, compareDetectors);
        }

        Options withStylizePhotos(int n) {
            return new Options(dataset, output, models, modelSet, stageOptions, segmenter, n, clipModel, baseline, compareDetectors);
        }

        Options withClipModel(String name) {
            return new Options(dataset, output, models, modelSet, stageOptions, segmenter, stylizePhotos, name, baseline, compareDetectors);
        }

        Options withCompareDetectors(boolean compare) {
            return new Options(dataset, output, models, modelSet, stageOptions, segmenter, stylizePhotos, clipModel, baseline, compare);
        }

        Options withBaseline(Path file) {
            return new Options(dataset, output, models, modelSet, stageOptions, segmenter, stylizePhotos, clipModel, Optional.of(file), compareDetectors);
        }
    }

    /**
     * How an eval ended.
     *
     * @param exitCode    0, or one of the exit codes of the command
     * @param message     why it failed, empty on success
     * @param metrics     the metrics.json content (null when the eval did not get that far)
     * @param regressions the metrics that regressed against the baseline
     */
    record Report(int exitCode, String message, JsonNode metrics, List<BaselineCheck.Regression> regressions) {
        static Report failed(int exitCode, String message) {
            return new Report(exitCode, message, null, List.of());
        }
    }

    @Override
    public Integer call() {
        Options options;
        try {
            ModelSet set = modelOptions.set();
            options = Options.of(dataset, output).withModelSet(set).withStylizePhotos(stylizePhotos);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        if (modelOptions.models().isPresent()) {
            options = options.withModels(modelOptions.models().get());
        }
        for (Map.Entry<String, String> e : stageFiles.stageOptions().entrySet()) {
            options = options.withStageOption(e.getKey(), e.getValue());
        }
        if (clipModel != null) {
            options = options.withClipModel(clipModel);
        }
        if (segmenter != null) {
            options = options.withSegmenter(segmenter);
        }
        if (baseline != null) {
            options = options.withBaseline(baseline);
        }
        try {
            options = options.withCompareDetectors(compareDetectors);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        return run(options, StageRegistry.load(), System.err).exitCode();
    }

    /** Runs with the stage providers on the class path. */
    static Report run(Options options, PrintStream progress) {
        return run(options, StageRegistry.load(), progress);
    }

    /**
     * Evaluates, writes {@code metrics.json} and {@code report.html}, compares with the baseline.
     *
     * @param progress receives progress lines, the summary and every error message
     */
    static Report run(Options options, StageRegistry registry, PrintStream progress) {
        Optional<JsonNode> baselineMetrics = Optional.empty();
        if (options.baseline().isPresent()) {
            Path file = options.baseline().get();
            try {
                JsonNode node = JSON.readTree(file.toFile());
                if (node == null || !node.isObject()) {
                    throw new IOException("not a JSON object");
                }
                baselineMetrics = Optional.of(node);
            } catch (IOException e) {
                return fail(progress, FolderTriage.EXIT_USAGE, "cannot read baseline " + file.toAbsolutePath() + ": "
                        + e.getMessage() + "; pass a metrics.json written by an earlier eval");
            }
        }
        EvalRun.Outcome outcome;
        try {
            outcome = EvalRun.measure(options, registry, progress);
        } catch (EvalRun.EvalException e) {
            return fail(progress, e.exitCode(), e.getMessage());
        }
        Path output = options.output().toAbsolutePath().normalize();
        try {
            Files.createDirectories(output);
            byte[] json = JSON.writeValueAsBytes(outcome.metrics());
            AtomicFiles.write(output.resolve("metrics.json"), out -> out.write(json));
            byte[] html = EvalReport.render(outcome).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(output.resolve("report.html"), out -> out.write(html));
        } catch (IOException e) {
            return fail(progress, FolderTriage.EXIT_IO_FAILURE, "cannot write the results to " + output + ": " + e.getMessage());
        }
        progress.println("wrote " + output.resolve("metrics.json") + " and " + output.resolve("report.html"));
        progress.print(EvalRun.summary(outcome.metrics()));
        if (baselineMetrics.isPresent()) {
            List<BaselineCheck.Regression> regressions = BaselineCheck.compare(baselineMetrics.get(), outcome.metrics());
            if (!regressions.isEmpty()) {
                StringBuilder message = new StringBuilder("regression against " + options.baseline().get() + ":");
                regressions.forEach(r -> message.append(System.lineSeparator()).append("  ").append(r.describe()));
                progress.println("error: " + message);
                return new Report(EXIT_REGRESSION, message.toString(), outcome.metrics(), regressions);
            }
            progress.println("no regression against " + options.baseline().get());
        }
        return new Report(FolderTriage.EXIT_OK, "", outcome.metrics(), List.of());
    }

    private static Report fail(PrintStream progress, int code, String message) {
        progress.println("error: " + message);
        return Report.failed(code, message);
    }
}
