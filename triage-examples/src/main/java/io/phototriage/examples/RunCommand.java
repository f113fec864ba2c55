package io.phototriage.examples;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code phototriage run}: triage a folder of photos into an output folder (see {@link FolderTriage}). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Triage every photo under --input and write results.json, cut-outs, thumbnails, stylized hero"
                + " shots and index.html into --output. Nothing under --input is changed. Rerunning over the same"
                + " output skips photos already done with the same models.",
                "Exit codes: 0 batch completed (photos that failed are listed), 1 output could not be written,"
                        + " 2 bad folders or options, 3 models or stage providers missing."})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "DIR", description = "Folder of photos (read only).")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Where results go; not inside --input.")
    Path output;

    @Mixin
    ModelSetOptions modelOptions = new ModelSetOptions();

    @Mixin
    StageFileOptions stageFiles = new StageFileOptions();

    @Option(names = "--decode-long-side", paramLabel = "PX", defaultValue = "0",
            description = "Decode JPEGs much larger than this at 1/2, 1/4 or 1/8 scale (libjpeg), keeping at least PX on"
                    + " the long side: much faster on camera-sized photos; 0 = full resolution (default).")
    int decodeLongSide;

    @Option(names = "--retry-errors", description = "Process again the photos that failed in an earlier run.")
    boolean retryErrors;

    @Override
    public Integer call() {
        ModelSet set;
        try {
            set = modelOptions.set();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        FolderTriage.Options options = FolderTriage.Options.of(input, output).withModelSet(set).withRetryErrors(retryErrors)
                .withDecodeLongSide(decodeLongSide);
        if (modelOptions.models().isPresent()) {
            options = options.withModels(modelOptions.models().get());
        }
        for (Map.Entry<String, String> e : stageFiles.stageOptions().entrySet()) {
            options = options.withStageOption(e.getKey(), e.getValue());
        }
        return FolderTriage.run(options, System.err).exitCode();
    }
}
