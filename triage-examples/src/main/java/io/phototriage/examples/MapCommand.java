package io.phototriage.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.eval.CategoryMetrics;
import io.phototriage.core.eval.CocoDataset;
import io.phototriage.core.eval.CocoDetection;
import io.phototriage.core.eval.CocoDetections;
import io.phototriage.core.eval.CocoEvalParams;
import io.phototriage.core.eval.CocoEvalResult;
import io.phototriage.core.eval.CocoEvaluator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code phototriage map}: COCO box mAP of a results file against a ground truth, printed as one JSON object
 * ({@link CocoEvaluator}, the pycocotools protocol).
 */
@Command(name = "map", mixinStandardHelpOptions = true,
        description = {"Print the COCO box metrics of a detections file as one JSON object: mAP (IoU .50:.95), mAP50,"
                + " mAP75, the 12 pycocotools stats and per-class AP.",
                "Exit codes: 0 printed, 2 bad options or unreadable files."})
final class MapCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--gt", required = true, paramLabel = "GT.json", description = "COCO instances annotations.")
    Path groundTruth;

    @Option(names = "--detections", required = true, paramLabel = "DETS.json",
            description = "COCO results: [{image_id, category_id, bbox [x, y, w, h], score}, ...].")
    Path detections;

    @Option(names = "--categories", split = ",", paramLabel = "ID",
            description = "Only these category ids, e.g. 1,17,18 (default: every category of the ground truth).")
    List<Integer> categories;

    @Override
    public Integer call() {
        return run(groundTruth, detections, categories == null ? List.of() : categories, System.out, System.err);
    }

    /**
     * Evaluates and prints the JSON object to {@code out}.
     *
     * @param categoryIds the categories to evaluate; empty for all
     * @return the exit code: 0, or {@link FolderTriage#EXIT_USAGE} with the reason on {@code err}
     */
    static int run(Path groundTruth, Path detections, List<Integer> categoryIds, PrintStream out, PrintStream err) {
        CocoEvalResult result;
        try {
            CocoDataset dataset = CocoDataset.read(groundTruth);
            List<CocoDetection> results = CocoDetections.read(detections);
            CocoEvalParams params = categoryIds.isEmpty() ? CocoEvalParams.defaults()
                    : CocoEvalParams.defaults().withCategoryIds(categoryIds);
            result = new CocoEvaluator(dataset).evaluate(results, params);
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        try {
            out.println(JSON.writeValueAsString(toJson(result, groundTruth, detections)));
        } catch (IOException e) {
            err.println("error: cannot write the result: " + e.getMessage());
            return FolderTriage.EXIT_IO_FAILURE;
        }
        return FolderTriage.EXIT_OK;
    }

    /**
     * The result as JSON: {@code mAP}, {@code mAP50}, {@code mAP75}, {@code stats} (pycocotools' 12 numbers, -1 where
     * undefined), {@code perClass} by category name, {@code detections} evaluated and the inputs.
     */
    static ObjectNode toJson(CocoEvalResult result, Path groundTruth, Path detections) {
        ObjectNode root = JSON.createObjectNode();
        root.put("mAP", result.mAP());
        root.put("mAP50", result.mAP50());
        root.put("mAP75", result.mAP75());
        var stats = root.putArray("stats");
        for (double v : result.stats().toArray()) {
            stats.add(v);
        }
        ObjectNode perClass = root.putObject("perClass");
        for (CategoryMetrics c : result.perCategory()) {
            perClass.set(c.name(), categoryJson(c));
        }
        root.put("detections", result.detections());
        root.put("images", result.params().imageIds().size());
        var ids = root.putArray("categoryIds");
        result.params().categoryIds().forEach(ids::add);
        root.put("gt", groundTruth.toString());
        root.put("results", detections.toString());
        root.put("protocol", "COCO bbox (pycocotools COCOeval): IoU .50:.95, 101 recall points, maxDets 100, all areas");
        return root;
    }

    /** One category: id, ground-truth count, AP, AP50, AP75, AR@100 (-1 where it has no ground truth). */
    static ObjectNode categoryJson(CategoryMetrics c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("categoryId", c.categoryId());
        n.put("groundTruth", c.groundTruth());
        n.put("ap", c.ap());
        n.put("ap50", c.ap50());
        n.put("ap75", c.ap75());
        n.put("ar100", c.recall());
        return n;
    }
}
