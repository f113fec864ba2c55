package io.phototriage.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code phototriage video}: follow one subject through a clip (see {@link VideoTriage}). */
@Command(name = "video", mixinStandardHelpOptions = true,
        description = {"Cut one subject out of every frame of a clip (MP4/MOV/WebM or a folder of PNG/JPEG frames) and"
                + " write OUT/masks/00000.png..., OUT/cutout.mp4, OUT/preview.gif, OUT/video.json and OUT/index.html."
                + " Nothing is written unless the run completes.",
                "Exit codes: 0 done (frames that failed are listed), 1 output could not be written, 2 bad input or"
                        + " options, 3 models or video segmenter missing."})
final class VideoCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "CLIP|FRAMES_DIR", description = "The clip (read only).")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Output folder: new, empty, or an earlier video output (replaced).")
    Path output;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Prompt prompt;

    /** Exactly one way to give the subject. */
    static final class Prompt {
        @Option(names = "--prompt-mask", paramLabel = "PNG", description = "The subject's mask on the first frame (same size, non-zero = subject).")
        Path mask;

        @Option(names = "--prompt-box", paramLabel = "x0,y0,x1,y1", description = "The subject's box on the first frame, in pixels.")
        String box;

        @Option(names = "--auto", description = "Prompt with the best person/dog/cat detection of the first frame that has one.")
        boolean auto;
    }

    @Mixin
    ModelSetOptions modelOptions = new ModelSetOptions();

    @Option(names = "--ground-truth", paramLabel = "MASKS_DIR",
            description = "Ground-truth masks (one PNG per frame, sorted): per-frame J in video.json and index.html.")
    Path groundTruth;

    @Option(names = "--segmenter", paramLabel = "NAME",
            description = "Video segmenter provider instead of the model set's (lite: lite-video; tiny/full: sam2), e.g."
                    + " deeplab-video-reference.")
    String segmenter;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A video segmenter option, e.g. smoothing=0.3 (repeatable).")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--fps", paramLabel = "FPS", defaultValue = "24",
            description = "Frame rate of a frames folder (default: ${DEFAULT-VALUE}); a video file's own rate is used.")
    double fps;

    @Override
    public Integer call() {
        ModelSet set;
        VideoTriage.PromptChoice choice;
        try {
            set = modelOptions.set();
            if (prompt.mask != null) {
                choice = new VideoTriage.PromptChoice.MaskFile(prompt.mask);
            } else if (prompt.box != null) {
                choice = new VideoTriage.PromptChoice.Box(VideoTriage.parseBox(prompt.box));
            } else {
                choice = new VideoTriage.PromptChoice.Auto();
            }
            if (!(fps > 0)) {
                throw new IllegalArgumentException("--fps must be positive: " + fps);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        return VideoTriage.run(new VideoTriage.Options(input, output, choice, set, modelOptions.models(), segmenter,
                options, groundTruth, fps), System.err);
    }
}
