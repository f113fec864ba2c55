package io.phototriage.models.yolox;

import io.phototriage.core.eval.CocoAnnotation;
import io.phototriage.core.eval.CocoBox;
import io.phototriage.core.eval.CocoCategory;
import io.phototriage.core.eval.CocoDataset;
import io.phototriage.core.eval.CocoImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A COCO-format detection data set ({@code DIR/annotations.json} + {@code DIR/images/}, as CVAT, Label Studio and
 * coco128 export it) read for training a detector on some of its categories, with its problems found up front.
 *
 * <p>Errors ({@link IllegalArgumentException}, the message says what to fix): a chosen class that is not a category
 * of the data set, a chosen class without a single box, image files that are missing (the first few are named).
 * Warnings ({@link #warnings()}): boxes of categories that were not chosen (ignored), crowd boxes (ignored), boxes
 * that reach outside the image (clipped to it), degenerate boxes (under {@value #MIN_BOX_SIDE} pixel wide or high
 * after clipping: dropped). Images with no box of the chosen classes stay: they teach the detector what is not a
 * subject.
 *
 * @param root       the data set folder
 * @param coco       the annotations as read
 * @param classes    the chosen classes in head order
 * @param categoryIds the COCO category id of each chosen class, same order
 * @param examples   the images with their kept boxes, in the annotations' image order
 * @param warnings   what was ignored, clipped or dropped, one line each
 */
public record DetectorDataset(Path root, CocoDataset coco, List<String> classes, List<Integer> categoryIds,
        List<Example> examples, List<String> warnings) {
    /** Boxes narrower or lower than this many pixels (after clipping to the image) are dropped. */
    public static final double MIN_BOX_SIDE = 1.0;

    /**
     * Copies the lists.
     *
     * @param root        the data set folder
     * @param coco        the annotations as read
     * @param classes     the chosen classes in head order
     * @param categoryIds the COCO category id of each chosen class
     * @param examples    the images with their kept boxes
     * @param warnings    what was ignored, clipped or dropped
     */
    public DetectorDataset {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(coco, "coco");
        classes = List.copyOf(classes);
        categoryIds = List.copyOf(categoryIds);
        examples = List.copyOf(examples);
        warnings = List.copyOf(warnings);
    }

    /**
     * A box of a chosen class, in pixels of the image file.
     *
     * @param classIndex index into {@link #classes()}
     * @param x          left
     * @param y          top
     * @param width      width
     * @param height     height
     */
    public record LabelledBox(int classIndex, double x, double y, double width, double height) {}

    /**
     * One image and its boxes.
     *
     * @param image the COCO image entry (id, file name, size)
     * @param file  the image file
     * @param boxes its boxes of the chosen classes (may be empty)
     */
    public record Example(CocoImage image, Path file, List<LabelledBox> boxes) {
        /**
         * Copies the boxes.
         *
         * @param image the COCO image entry
         * @param file  the image file
         * @param boxes its boxes of the chosen classes
         */
        public Example {
            boxes = List.copyOf(boxes);
        }
    }

    /**
     * Reads {@code dir/annotations.json} and checks {@code dir/images/}.
     *
     * @param dir     the data set folder
     * @param classes the classes to train, by category name; empty: every category of the data set, in id order
     * @return the data set
     * @throws IOException              when the annotations cannot be read or parsed
     * @throws IllegalArgumentException when a class is not a category or has no box, or image files are missing
     */
    public static DetectorDataset read(Path dir, List<String> classes) throws IOException {
        Path json = dir.resolve("annotations.json");
        if (!Files.isRegularFile(json)) {
            throw new IllegalArgumentException(dir + " has no annotations.json; export the labels in COCO format "
                    + "(CVAT: Export dataset > COCO 1.0; Label Studio: Export > COCO) into " + json + " with the images in "
                    + dir.resolve("images"));
        }
        CocoDataset coco = CocoDataset.read(json);
        List<String> chosen = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        if (classes.isEmpty()) {
            coco.categories().stream().sorted((a, b) -> Integer.compare(a.id(), b.id())).forEach(c -> {
                chosen.add(c.name());
                ids.add(c.id());
            });
        } else {
            Set<String> seen = new LinkedHashSet<>();
            for (String name : classes) {
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("class '" + name + "' is listed twice");
                }
                CocoCategory category = coco.categoryByName(name).orElseThrow(() -> new IllegalArgumentException(
                        "class '" + name + "' is not a category of " + json + " (categories: "
                                + coco.categories().stream().map(CocoCategory::name).toList() + ")"));
                chosen.add(name);
                ids.add(category.id());
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException(json + " has no categories; label at least one class");
        }
        List<String> warnings = new ArrayList<>();
        Map<String, Integer> ignored = new LinkedHashMap<>();
        int[] perClass = new int[chosen.size()];
        int crowd = 0;
        int clipped = 0;
        int degenerate = 0;
        List<Example> examples = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (CocoImage image : coco.images()) {
            Path file = dir.resolve("images").resolve(image.fileName());
            if (!Files.isRegularFile(file)) {
                missing.add(image.fileName());
                continue;
            }
            List<LabelledBox> boxes = new ArrayList<>();
            for (CocoAnnotation a : coco.annotationsOf(image.id())) {
                int index = ids.indexOf(a.categoryId());
                if (index < 0) {
                    ignored.merge(coco.category(a.categoryId()).map(CocoCategory::name).orElse("?"), 1, Integer::sum);
                    continue;
                }
                if (a.crowd()) {
                    crowd++;
                    continue;
                }
                CocoBox b = a.bbox();
                double x0 = Math.max(0, b.x());
                double y0 = Math.max(0, b.y());
                double x1 = Math.min(image.width(), b.x() + b.width());
                double y1 = Math.min(image.height(), b.y() + b.height());
                if (x1 - x0 < MIN_BOX_SIDE || y1 - y0 < MIN_BOX_SIDE) {
                    degenerate++;
                    continue;
                }
                if (x0 != b.x() || y0 != b.y() || x1 != b.x() + b.width() || y1 != b.y() + b.height()) {
                    clipped++;
                }
                boxes.add(new LabelledBox(index, x0, y0, x1 - x0, y1 - y0));
                perClass[index]++;
            }
            examples.add(new Example(image, file, boxes));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(missing.size() + " image file(s) of " + json + " are missing from "
                    + dir.resolve("images") + ", e.g. " + missing.subList(0, Math.min(5, missing.size()))
                    + "; copy them there or remove them from the annotations");
        }
        for (int i = 0; i < perClass.length; i++) {
            if (perClass[i] == 0) {
                throw new IllegalArgumentException("class '" + chosen.get(i) + "' has no box in " + json
                        + "; label some or leave it out of --classes");
            }
        }
        if (!ignored.isEmpty()) {
            warnings.add("ignored boxes of categories not in the class list: " + ignored);
        }
        if (crowd > 0) {
            warnings.add("ignored " + crowd + " crowd box(es) (iscrowd = 1)");
        }
        if (clipped > 0) {
            warnings.add("clipped " + clipped + " box(es) that reach outside their image");
        }
        if (degenerate > 0) {
            warnings.add(String.format(Locale.ROOT, "dropped %d degenerate box(es) (under %.0f px wide or high inside the image)",
                    degenerate, MIN_BOX_SIDE));
        }
        return new DetectorDataset(dir, coco, chosen, ids, examples, warnings);
    }

    /**
     * How many boxes each class has.
     *
     * @return class name to box count, in class order
     */
    public Map<String, Integer> boxCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        classes.forEach(c -> out.put(c, 0));
        for (Example e : examples) {
            for (LabelledBox b : e.boxes()) {
                out.merge(classes.get(b.classIndex()), 1, Integer::sum);
            }
        }
        return out;
    }

    /**
     * The data set's name (its folder name).
     *
     * @return e.g. {@code coco128}
     */
    public String name() {
        Path abs = root.toAbsolutePath().normalize();
        return abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
    }
}
