package io.phototriage.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.models.ct.CtReadOptions;
import io.phototriage.models.ct.LabelVolume;
import io.phototriage.models.ct.Nifti;
import io.phototriage.models.ct.SegmentationMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code phototriage ct-eval}: Dice and volume difference per label of a predicted segmentation against a reference
 * on the same grid (docs/ct.md), written to {@code OUT/metrics.json}.
 */
@Command(name = "ct-eval", mixinStandardHelpOptions = true,
        description = {"Compare a predicted CT segmentation with a reference (both NIfTI label maps on one grid) and write"
                + " OUT/metrics.json: Dice and volumes (ml) per label.",
                "Exit codes: 0 done, 1 output could not be written, 2 bad input or options."})
final class CtEvalCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--prediction", required = true, paramLabel = "P.nii.gz", description = "Predicted label map.")
    Path prediction;

    @Option(names = "--reference", required = true, paramLabel = "R.nii.gz", description = "Reference label map.")
    Path reference;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where metrics.json goes.")
    Path output;

    @Override
    public Integer call() {
        return run(prediction, reference, output, System.err);
    }

    /**
     * Compares and writes {@code output/metrics.json} atomically.
     *
     * @return the exit code
     */
    static int run(Path prediction, Path reference, Path output, PrintStream err) {
        SegmentationMetrics metrics;
        try {
            LabelVolume p = Nifti.readLabels(prediction, CtReadOptions.DEFAULT_VOXEL_BUDGET);
            LabelVolume r = Nifti.readLabels(reference, CtReadOptions.DEFAULT_VOXEL_BUDGET);
            metrics = SegmentationMetrics.compare(p, r);
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        try {
            Files.createDirectories(output);
            ObjectNode root = toJson(metrics, prediction, reference);
            AtomicFiles.write(output.resolve("metrics.json"), out -> JSON.writeValue(out, root));
        } catch (IOException e) {
            err.println("error: cannot write " + output.resolve("metrics.json") + ": " + e.getMessage());
            return FolderTriage.EXIT_IO_FAILURE;
        }
        return FolderTriage.EXIT_OK;
    }

    static ObjectNode toJson(SegmentationMetrics m, Path prediction, Path reference) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode dice = root.putObject("dice");
        m.dice().forEach((label, value) -> dice.put(String.valueOf(label), value));
        ObjectNode volume = root.putObject("volume");
        m.volumes().forEach((label, v) -> volume.putObject(String.valueOf(label))
                .put("prediction_ml", v.predictionMl()).put("reference_ml", v.referenceMl()).put("difference_ml", v.differenceMl()));
        root.put("voxel_ml", m.voxelMl());
        root.put("prediction", prediction.toString());
        root.put("reference", reference.toString());
        return root;
    }
}
