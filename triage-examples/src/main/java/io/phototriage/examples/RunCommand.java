package io.phototriage.examples;

import io.phototriage.models.djl.OrtSessionOptions;
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

    @Option(names = "--workers", paramLabel = "N",
            description = "Photos in flight at once, each running the models on its own core while the outputs are"
                    + " written (default: one per core, at most " + FolderTriage.MAX_AUTO_WORKERS + "). Results do not"
                    + " depend on it.")
    Integer workers;

    @Option(names = "--retry-errors", description = "Process again the photos that failed in an earlier run.")
    boolean retryErrors;

    @Option(names = "--xmp", description = "Also write an XMP sidecar per photo (keywords: class and detected labels;"
            + " the album's hero shot rated 5 and labelled Green) under OUTPUT/xmp/, mirroring the input tree.")
    boolean xmp;

    @Option(names = "--xmp-naming", paramLabel = "STYLE", defaultValue = "darktable",
            description = "Sidecar names: darktable or digikam (IMG_0001.CR2.xmp, the default) or lightroom (IMG_0001.xmp).")
    String xmpNaming;

    @Option(names = "--xmp-beside-originals", description = "Write the XMP sidecars beside the photos instead, only where"
            + " no sidecar exists yet (an existing file is never modified). The only option that writes under --input.")
    boolean xmpBesideOriginals;

    @Option(names = "--videos", description = "Triage the videos too (not in 'run': videos are listed with a poster"
            + " frame; cut a subject out of a clip with 'phototriage video').")
    boolean videos;

    @Override
    public Integer call() {
        if (videos) {
            System.err.println("error: --videos: 'run' does not triage videos; cut a subject out of one clip with"
                    + " 'phototriage video --input CLIP --output DIR --auto' (see docs/video.md). Without --videos the videos"
                    + " under --input are listed in results.json and index.html with a poster frame");
            return FolderTriage.EXIT_USAGE;
        }
        XmpSidecars.Naming naming;
        ModelSet set;
        try {
            naming = XmpSidecars.Naming.parse(xmpNaming);
            set = modelOptions.set();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        int inFlight = workers != null ? workers : FolderTriage.autoWorkers(Runtime.getRuntime().availableProcessors());
        if (inFlight < 1) {
            System.err.println("error: --workers must be at least 1: " + inFlight);
            return FolderTriage.EXIT_USAGE;
        }
        // One ONNX Runtime thread per session (unless -Dphototriage.ort.intraOpThreads says otherwise): the cores go to
        // the photos in flight, and results.json is the same for any --workers and any machine (docs/performance.md).
        try {
            OrtSessionOptions.defaultIntraOpThreads(1);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        FolderTriage.Options options = FolderTriage.Options.of(input, output).withModelSet(set).withRetryErrors(retryErrors)
                .withDecodeLongSide(decodeLongSide).withWorkers(inFlight);
        if (modelOptions.models().isPresent()) {
            options = options.withModels(modelOptions.models().get());
        }
        for (Map.Entry<String, String> e : stageFiles.stageOptions().entrySet()) {
            options = options.withStageOption(e.getKey(), e.getValue());
        }
        FolderTriage.Report report = FolderTriage.run(options, System.err);
        if (report.exitCode() != FolderTriage.EXIT_OK || !(xmp || xmpBesideOriginals)) {
            return report.exitCode();
        }
        return writeSidecars(naming, xmpBesideOriginals ? XmpSidecars.Target.BESIDE_ORIGINALS : XmpSidecars.Target.OUTPUT);
    }

    /** Writes the sidecars from the results.json the run has just written. */
    private int writeSidecars(XmpSidecars.Naming naming, XmpSidecars.Target target) {
        try {
            Path in = input.toRealPath();
            Path out = output.toRealPath();
            ResultsDocument doc = Journal.JSON.readValue(out.resolve(OutputLayout.RESULTS_JSON).toFile(), ResultsDocument.class);
            XmpSidecars.Result r = XmpSidecars.write(doc, in, out, naming, target);
            System.err.printf("xmp: %d sidecars written %s (%d existing left untouched, %d photos with nothing to say)%n",
                    r.written(), XmpSidecars.where(target, in, out), r.keptExisting(), r.nothingToSay());
            return FolderTriage.EXIT_OK;
        } catch (java.io.IOException e) {
            System.err.println("error: cannot write the XMP sidecars: " + e.getMessage());
            return FolderTriage.EXIT_IO_FAILURE;
        }
    }
}
