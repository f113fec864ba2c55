package io.phototriage.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.core.model.ModelException;
import io.phototriage.core.model.ModelStore;
import io.phototriage.core.model.ResolvedModel;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.StageException;
import io.phototriage.models.ct.CtReadOptions;
import io.phototriage.models.ct.CtReader;
import io.phototriage.models.ct.CtSegmentation;
import io.phototriage.models.ct.CtVolume;
import io.phototriage.models.ct.CtWindow;
import io.phototriage.models.ct.Nifti;
import io.phototriage.models.ct.SlicePreview;
import io.phototriage.models.ct.TotalSegClasses;
import io.phototriage.models.ct.TotalSegmentator;
import io.phototriage.models.ct.TotalSegmentatorParts;
import io.phototriage.models.ct.VolumeGeometry;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code phototriage ct}: reads a DICOM series or a NIfTI volume, segments it with TotalSegmentator's network and
 * writes the volume, the segmentation, {@code ct.json} and an {@code index.html} with windowed previews (docs/ct.md).
 * Nothing is written until the volume has been read and segmented; each file is written atomically.
 */
@Command(name = "ct", mixinStandardHelpOptions = true,
        description = {"Segment organs in a CT (a DICOM series folder or a .nii/.nii.gz volume) with TotalSegmentator's"
                + " network and write OUT/volume.nii.gz, segmentation.nii.gz, ct.json, axial/coronal/sagittal.png and index.html.",
                "Exit codes: 0 done, 1 output could not be written, 2 bad input or options, 3 models missing or unusable."})
final class CtCommand implements Callable<Integer> {
    /** The tiny fixture's folder name under the tiny models folder. */
    static final String TINY_MODEL = "totalseg-tiny";
    /** The default model folder name of the full set. */
    static final String FULL_MODEL = "totalseg";

    @Option(names = "--input", required = true, paramLabel = "DICOM_DIR|VOLUME.nii.gz", description = "The CT.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where the results go.")
    Path output;

    @Mixin
    ModelSetOptions modelOptions = new ModelSetOptions();

    @Option(names = "--model", paramLabel = "NAME",
            description = "Model folder under the models folder (default: " + TINY_MODEL + " for tiny, " + FULL_MODEL + " for full).")
    String model;

    @Option(names = "--organs", split = ",", paramLabel = "NAME",
            description = "Keep only these TotalSegmentator classes, e.g. liver,spleen (default: all 117).")
    List<String> organs;

    @Option(names = "--window", paramLabel = "LEVEL,WIDTH", defaultValue = "40,400",
            description = "Preview window in HU (default: ${DEFAULT-VALUE}, soft tissue).")
    String window;

    @Option(names = "--series", paramLabel = "UID", description = "The DICOM series to read (default: the one with most slices).")
    String series;

    @Option(names = "--voxel-budget", paramLabel = "N", defaultValue = "200000000",
            description = "Refuse volumes with more voxels (default: ${DEFAULT-VALUE}).")
    long voxelBudget;

    @Override
    public Integer call() {
        return run(this, System.out, System.err);
    }

    static int run(CtCommand o, PrintStream out, PrintStream err) {
        long start = System.nanoTime();
        CtWindow win;
        SortedSet<Integer> keep;
        CtReadOptions readOptions;
        ModelSet set;
        try {
            win = CtWindow.parse(o.window);
            keep = o.organs == null ? new TreeSet<>() : TotalSegClasses.ids(o.organs);
            readOptions = new CtReadOptions(o.series, o.voxelBudget);
            set = o.modelOptions.set();
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        if (set == ModelSet.LITE) {
            err.println("error: there is no lite CT model; use --model-set tiny (the random-weight fixture, a wiring check)"
                    + " or --model-set full with TotalSegmentator's network exported by tools/export/export.py totalseg");
            return FolderTriage.EXIT_USAGE;
        }
        Optional<Path> modelsDir = o.modelOptions.models().or(() -> set == ModelSet.TINY
                ? ModelSet.fixturesFolder() : Optional.ofNullable(System.getenv(StageSettings.MODELS_ENV)).map(Path::of));
        String modelName = o.model != null ? o.model : set == ModelSet.TINY ? TINY_MODEL : FULL_MODEL;
        if (modelsDir.isEmpty()) {
            err.println("error: no models folder: pass --models DIR (holding " + modelName + "/) or set $"
                    + StageSettings.MODELS_ENV + "; export the network with tools/export/export.py totalseg (docs/ct.md)");
            return FolderTriage.EXIT_MODELS;
        }
        Map<String, Long> millis = new LinkedHashMap<>();
        CtVolume volume;
        long t = System.nanoTime();
        try {
            volume = CtReader.read(o.input, readOptions);
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_USAGE;
        }
        millis.put("read", (System.nanoTime() - t) / 1_000_000);
        volume.notes().forEach(n -> err.println("note: " + n));
        ResolvedModel resolved;
        try {
            resolved = ModelStore.at(modelsDir.get()).resolve(modelName);
        } catch (ModelException e) {
            err.println("error: " + e.getMessage() + " (export it with tools/export/export.py totalseg; docs/ct.md)");
            return FolderTriage.EXIT_MODELS;
        }
        CtSegmentation segmentation;
        t = System.nanoTime();
        try {
            if (TotalSegmentatorParts.isMultiPart(resolved.manifest())) {
                // a multi-part model (TotalSegmentator's 1.5 mm total: five part networks merged into the total ids)
                try (TotalSegmentatorParts segmenter = TotalSegmentatorParts.load(resolved)) {
                    segmentation = segmenter.segment(volume, keep);
                }
            } else {
                try (TotalSegmentator segmenter = TotalSegmentator.load(resolved)) {
                    segmentation = segmenter.segment(volume, keep);
                }
            }
        } catch (ModelException e) {
            err.println("error: " + e.getMessage());
            return FolderTriage.EXIT_MODELS;
        } catch (StageException e) {
            err.println("error: segmentation failed: " + e.getMessage());
            return e instanceof io.phototriage.models.djl.ModelLoadException ? FolderTriage.EXIT_MODELS : FolderTriage.EXIT_USAGE;
        }
        millis.put("segment", (System.nanoTime() - t) / 1_000_000);
        try {
            t = System.nanoTime();
            Map<SlicePreview.Plane, BufferedImage> previews = new EnumMap<>(SlicePreview.Plane.class);
            for (SlicePreview.Plane plane : SlicePreview.Plane.values()) {
                previews.put(plane, SlicePreview.render(volume, segmentation.labels(), win, plane, 512, 0.45));
            }
            Files.createDirectories(o.output);
            AtomicFiles.write(o.output.resolve("volume.nii.gz"), s -> Nifti.writeInt16(s, volume.geometry(), volume.hu()));
            AtomicFiles.write(o.output.resolve("segmentation.nii.gz"), s -> Nifti.writeLabels(s, segmentation.labels()));
            for (Map.Entry<SlicePreview.Plane, BufferedImage> p : previews.entrySet()) {
                AtomicFiles.write(o.output.resolve(p.getKey().fileStem() + ".png"), s -> {
                    if (!ImageIO.write(p.getValue(), "png", s)) {
                        throw new IOException("no PNG writer");
                    }
                });
            }
            millis.put("write", (System.nanoTime() - t) / 1_000_000);
            millis.put("total", (System.nanoTime() - start) / 1_000_000);
            ObjectNode json = CtReport.json(o.input, volume, segmentation, win, keep, millis);
            AtomicFiles.write(o.output.resolve("ct.json"), s -> CtEvalCommand.JSON.writeValue(s, json));
            String html = CtReport.html(json);
            AtomicFiles.write(o.output.resolve("index.html"), s -> s.write(html.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            err.println("error: cannot write into " + o.output + ": " + e.getMessage());
            return FolderTriage.EXIT_IO_FAILURE;
        }
        out.println("segmented " + volume.geometry() + " (" + segmentation.patches() + " patches) into " + o.output);
        return FolderTriage.EXIT_OK;
    }

    /** ct.json and index.html. */
    static final class CtReport {
        private CtReport() {}

        static ObjectNode json(Path input, CtVolume volume, CtSegmentation seg, CtWindow window, Set<Integer> keep,
                               Map<String, Long> millis) {
            ObjectNode root = CtEvalCommand.JSON.createObjectNode();
            root.put("input", input.toString());
            root.put("source", volume.source());
            ArrayNode notes = root.putArray("notes");
            volume.notes().forEach(notes::add);
            root.set("geometry", geometry(volume.geometry()));
            root.set("model_grid", geometry(seg.modelGrid()));
            root.putObject("window").put("level", window.level()).put("width", window.width());
            root.putObject("model").put("name", seg.model().name()).put("weights", seg.model().weights())
                    .put("engine", seg.model().engine());
            root.put("patches", seg.patches());
            ArrayNode kept = root.putArray("organs_requested");
            keep.forEach(id -> kept.add(TotalSegClasses.name(id)));
            ArrayNode organs = root.putArray("organs");
            double voxelMl = volume.geometry().voxelVolumeMm3() / 1000.0;
            seg.labels().counts().forEach((label, count) -> organs.addObject().put("label", label)
                    .put("name", TotalSegClasses.name(label)).put("voxels", count).put("volume_ml", count * voxelMl)
                    .put("colour", String.format("#%06x", SlicePreview.colour(label))));
            ObjectNode timings = root.putObject("timings_ms");
            millis.forEach(timings::put);
            ObjectNode steps = timings.putObject("segment_steps");
            seg.millis().forEach(steps::put);
            return root;
        }

        static ObjectNode geometry(VolumeGeometry g) {
            ObjectNode node = CtEvalCommand.JSON.createObjectNode();
            node.putArray("size").add(g.nx()).add(g.ny()).add(g.nz());
            ArrayNode spacing = node.putArray("spacing_mm");
            for (double s : g.spacing()) {
                spacing.add(s);
            }
            ArrayNode affine = node.putArray("affine_ras");
            double[] a = g.affine();
            for (int r = 0; r < 4; r++) {
                ArrayNode row = affine.addArray();
                for (int c = 0; c < 4; c++) {
                    row.add(a[r * 4 + c]);
                }
            }
            return node;
        }

        static String html(ObjectNode json) {
            StringBuilder b = new StringBuilder(4096);
            b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>CT segmentation</title>\n")
                    .append("<style>body{font:14px system-ui,sans-serif;margin:1.5em;background:#111;color:#eee}")
                    .append("figure{display:inline-block;margin:0 1em 1em 0}img{display:block;max-width:100%}")
                    .append("table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #333}")
                    .append(".sw{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:middle}</style>\n")
                    .append("</head><body>\n<h1>CT segmentation</h1>\n<p id=\"source\">")
                    .append(HtmlIndex.text(json.get("input").asText())).append(" &middot; ")
                    .append(HtmlIndex.text(json.get("source").asText())).append(" &middot; ")
                    .append(HtmlIndex.text(String.join(" x ", json.get("geometry").get("size").toString()
                            .replaceAll("[\\[\\]]", "").split(",")))).append(" voxels &middot; model ")
                    .append(HtmlIndex.text(json.get("model").get("name").asText())).append(" &middot; window ")
                    .append(HtmlIndex.text(json.get("window").get("level").asText() + "/" + json.get("window").get("width").asText()))
                    .append(" HU</p>\n<div id=\"views\">\n");
            for (SlicePreview.Plane plane : SlicePreview.Plane.values()) {
                String stem = plane.fileStem();
                b.append("<figure><img src=\"").append(HtmlIndex.attr(stem)).append(".png\" alt=\"").append(stem)
                        .append(" view\"><figcaption>").append(stem).append("</figcaption></figure>\n");
            }
            b.append("</div>\n<table id=\"organs\"><thead><tr><th>label</th><th>organ</th><th>voxels</th><th>volume (ml)</th>")
                    .append("</tr></thead><tbody>\n");
            json.get("organs").forEach(organ -> b.append("<tr data-label=\"").append(organ.get("label").asInt()).append("\"><td>")
                    .append(organ.get("label").asInt()).append("</td><td><span class=\"sw\" style=\"background:")
                    .append(HtmlIndex.attr(organ.get("colour").asText())).append("\"></span>")
                    .append(HtmlIndex.text(organ.get("name").asText())).append("</td><td>").append(organ.get("voxels").asLong())
                    .append("</td><td>").append(String.format(java.util.Locale.ROOT, "%.1f", organ.get("volume_ml").asDouble()))
                    .append("</td></tr>\n"));
            b.append("</tbody></table>\n");
            if (json.get("notes").size() > 0) {
                b.append("<h2>Notes</h2><ul id=\"notes\">\n");
                json.get("notes").forEach(n -> b.append("<li>").append(HtmlIndex.text(n.asText())).append("</li>\n"));
                b.append("</ul>\n");
            }
            b.append("</body></html>\n");
            return b.toString();
        }
    }
}
