package io.phototriage.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code phototriage eval-video}: J per sequence on a DAVIS-layout data set (see {@link VideoEval}). */
@Command(name = "eval-video", mixinStandardHelpOptions = true,
        description = {"Region similarity J (mask IoU, DAVIS) per sequence of a DAVIS-layout folder (SEQ/frames/ or"
                + " SEQ/clip.mp4, SEQ/masks/), prompted with each sequence's first ground-truth mask; writes"
                + " OUT/metrics.json with J per sequence, mean J and latency per frame p50/p95.",
                "Exit codes: 0 done, 1 output could not be written, 2 bad data set or options, 3 models missing."})
final class EvalVideoCommand implements Callable<Integer> {
    @Option(names = "--dataset", required = true, paramLabel = "DIR", description = "DAVIS-layout folder (read only).")
    Path dataset;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where metrics.json goes.")
    Path output;

    @Mixin
    ModelSetOptions modelOptions = new ModelSetOptions();

    @Option(names = "--segmenter", paramLabel = "NAME",
            description = "Video segmenter provider instead of the model set's, e.g. deeplab-video-reference.")
    String segmenter;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A video segmenter option (repeatable).")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--from-video", description = "Read each sequence's clip.mp4 instead of its frames/.")
    boolean fromVideo;

    @Option(names = "--sequences", paramLabel = "NAMES", split = ",", description = "Only these sequences.")
    List<String> sequences = new ArrayList<>();

    @Override
    public Integer call() {
        ModelSet set;
        try {
            set = modelOptions.set();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        return VideoEval.run(new VideoEval.Options(dataset, output, set, modelOptions.models(), segmenter, options, fromVideo,
                sequences), System.err);
    }
}
