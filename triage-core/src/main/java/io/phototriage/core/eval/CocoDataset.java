package io.phototriage.core.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.phototriage.core.stage.TriageClass;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A COCO "instances" dataset: images, categories and ground-truth annotations, as read from an
 * {@code annotations.json}. Immutable; lists keep the file's order.
 *
 * <pre>{@code
 * CocoDataset coco = CocoDataset.read(shared.resolve("data/coco128/annotations.json"));
 * List<CocoAnnotation> people = coco.annotationsOf(coco.imageByFileName("000000000036.jpg").orElseThrow().id());
 * }</pre>
 */
public final class CocoDataset {
    private final List<CocoImage> images;
    private final List<CocoCategory> categories;
    private final List<CocoAnnotation> annotations;
    private final Map<Long, CocoImage> imagesById;
    private final Map<String, CocoImage> imagesByFileName;
    private final Map<Integer, CocoCategory> categoriesById;
    private final Map<Long, List<CocoAnnotation>> annotationsByImage;

    /**
     * A dataset from its parts.
     *
     * @param images      the images
     * @param categories  the categories
     * @param annotations the annotations (each must name a listed image and category)
     * @throws IllegalArgumentException when an id repeats, or an annotation points at an image or category that is
     *                                  not there
     */
    public CocoDataset(List<CocoImage> images, List<CocoCategory> categories, List<CocoAnnotation> annotations) {
        this.images = List.copyOf(images);
        this.categories = List.copyOf(categories);
        this.annotations = List.copyOf(annotations);
        Map<Long, CocoImage> byId = new LinkedHashMap<>();
        Map<String, CocoImage> byName = new HashMap<>();
        for (CocoImage image : this.images) {
            if (byId.put(image.id(), image) != null) {
                throw new IllegalArgumentException("image id " + image.id() + " occurs more than once");
            }
            byName.putIfAbsent(image.fileName(), image);
        }
        Map<Integer, CocoCategory> cats = new LinkedHashMap<>();
        for (CocoCategory category : this.categories) {
            if (cats.put(category.id(), category) != null) {
                throw new IllegalArgumentException("category id " + category.id() + " occurs more than once");
            }
        }
        Map<Long, List<CocoAnnotation>> byImage = new HashMap<>();
        java.util.Set<Long> annotationIds = new java.util.HashSet<>();
        for (CocoAnnotation a : this.annotations) {
            if (!annotationIds.add(a.id())) {
                throw new IllegalArgumentException("annotation id " + a.id() + " occurs more than once");
            }
            if (!byId.containsKey(a.imageId())) {
                throw new IllegalArgumentException("annotation " + a.id() + " points at image " + a.imageId()
                        + ", which is not in the dataset's images");
            }
            if (!cats.containsKey(a.categoryId())) {
                throw new IllegalArgumentException("annotation " + a.id() + " has category " + a.categoryId()
                        + ", which is not in the dataset's categories");
            }
            byImage.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(a);
        }
        byImage.replaceAll((k, v) -> List.copyOf(v));
        this.imagesById = Collections.unmodifiableMap(byId);
        this.imagesByFileName = Collections.unmodifiableMap(byName);
        this.categoriesById = Collections.unmodifiableMap(cats);
        this.annotationsByImage = Collections.unmodifiableMap(byImage);
    }

    /**
     * Reads an {@code annotations.json}.
     *
     * @param annotationsJson a COCO instances JSON file
     * @return the data set
     * @throws IOException when the file cannot be read or is not a valid COCO instances file (the message names the
     *                     file and the entry)
     */
    public static CocoDataset read(Path annotationsJson) throws IOException {
        try (InputStream in = Files.newInputStream(annotationsJson)) {
            return read(in, annotationsJson.toString());
        } catch (NoSuchFileException e) {
            throw new IOException("COCO annotations file " + annotationsJson + " does not exist; pass the path of an"
                    + " annotations.json (e.g. ../shared/data/coco128/annotations.json)", e);
        }
    }

    /**
     * Reads COCO instances JSON from a stream.
     *
     * @param source names the input in error messages
     * @param in     the JSON
     * @return the data set
     * @throws IOException when it is not a valid COCO instances file
     */
    public static CocoDataset read(InputStream in, String source) throws IOException {
        JsonNode root = Json.read(in, source);
        if (root == null || !root.isObject()) {
            throw new IOException(source + " is not a COCO annotations file: expected a JSON object with images,"
                    + " categories and annotations");
        }
        try {
            List<CocoImage> images = new ArrayList<>();
            for (JsonNode n : array(root, "images")) {
                images.add(image(n));
            }
            List<CocoCategory> categories = new ArrayList<>();
            for (JsonNode n : array(root, "categories")) {
                categories.add(new CocoCategory(Json.intField(n, "id", "category"), Json.textField(n, "name",
                        "category"), n.path("supercategory").asText("")));
            }
            List<CocoAnnotation> annotations = new ArrayList<>();
            for (JsonNode n : array(root, "annotations")) {
                annotations.add(annotation(n));
            }
            return new CocoDataset(images, categories, annotations);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode array(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isArray()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not an array");
        }
        return n;
    }

    private static CocoImage image(JsonNode n) {
        long id = Json.longField(n, "id", "image");
        JsonNode triage = n.get("triage_class");
        Optional<TriageClass> triageClass = triage == null || triage.isNull()
                ? Optional.empty() : Optional.of(TriageClass.ofLabel(triage.asText()));
        return new CocoImage(id, Json.textField(n, "file_name", "image " + id), Json.intField(n, "width",
                "image " + id), Json.intField(n, "height", "image " + id), triageClass);
    }

    private static CocoAnnotation annotation(JsonNode n) {
        long id = Json.longField(n, "id", "annotation");
        String what = "annotation " + id;
        CocoBox bbox = Json.box(n.get("bbox"), what);
        JsonNode area = n.get("area");
        if (area == null || !area.isNumber()) {
            throw new IllegalArgumentException(what + ": \"area\" is missing or not a number");
        }
        JsonNode crowd = n.get("iscrowd");
        boolean isCrowd = crowd != null && (crowd.isBoolean() ? crowd.asBoolean() : crowd.asInt() != 0);
        return new CocoAnnotation(id, Json.longField(n, "image_id", what), Json.intField(n, "category_id", what),
                bbox, area.asDouble(), isCrowd, segmentation(n.get("segmentation"), what));
    }

    private static CocoSegmentation segmentation(JsonNode n, String what) {
        if (n == null || n.isNull()) {
            return new CocoSegmentation.Polygons(List.of());
        }
        if (n.isArray()) {
            List<double[]> polygons = new ArrayList<>();
            for (JsonNode p : n) {
                if (!p.isArray()) {
                    throw new IllegalArgumentException(what + ": segmentation polygons must be arrays of numbers");
                }
                double[] xy = new double[p.size()];
                for (int i = 0; i < xy.length; i++) {
                    if (!p.get(i).isNumber()) {
                        throw new IllegalArgumentException(what + ": polygon value " + p.get(i) + " is not a number");
                    }
                    xy[i] = p.get(i).asDouble();
                }
                polygons.add(xy);
            }
            return new CocoSegmentation.Polygons(polygons);
        }
        JsonNode size = n.get("size");
        JsonNode counts = n.get("counts");
        if (size == null || !size.isArray() || size.size() != 2 || counts == null) {
            throw new IllegalArgumentException(what + ": segmentation is neither polygons nor RLE"
                    + " {\"counts\": ..., \"size\": [height, width]}");
        }
        int h = size.get(0).asInt();
        int w = size.get(1).asInt();
        if (counts.isTextual()) {
            return new CocoSegmentation.RunLength(CocoMasks.fromCompressedString(counts.asText(), h, w));
        }
        if (!counts.isArray()) {
            throw new IllegalArgumentException(what + ": RLE counts must be a list of numbers or a compressed string");
        }
        int[] c = new int[counts.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = counts.get(i).asInt();
        }
        return new CocoSegmentation.RunLength(new CocoRle(h, w, c));
    }

    /**
     * All images in file order.
     *
     * @return the images, in file order
     */
    public List<CocoImage> images() {
        return images;
    }

    /**
     * All categories in file order.
     *
     * @return the categories, in file order
     */
    public List<CocoCategory> categories() {
        return categories;
    }

    /**
     * All annotations in file order.
     *
     * @return the annotations, in file order
     */
    public List<CocoAnnotation> annotations() {
        return annotations;
    }

    /**
     * The image with this id, if any.
     *
     * @param imageId an image id
     * @return the image, or empty
     */
    public Optional<CocoImage> image(long imageId) {
        return Optional.ofNullable(imagesById.get(imageId));
    }

    /**
     * The (first) image with this file name, if any.
     *
     * @param fileName an image's file name
     * @return the image, or empty
     */
    public Optional<CocoImage> imageByFileName(String fileName) {
        return Optional.ofNullable(imagesByFileName.get(fileName));
    }

    /**
     * The category with this id, if any.
     *
     * @param categoryId a category id
     * @return the category, or empty
     */
    public Optional<CocoCategory> category(int categoryId) {
        return Optional.ofNullable(categoriesById.get(categoryId));
    }

    /**
     * The category with this name ({@code person}, {@code dog}, ...), if any.
     *
     * @param name a category name
     * @return the category, or empty
     */
    public Optional<CocoCategory> categoryByName(String name) {
        return categories.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The annotations of one image in file order; empty when it has none or is not in the dataset.
     *
     * @param imageId an image id
     * @return its annotations, in file order (empty if none)
     */
    public List<CocoAnnotation> annotationsOf(long imageId) {
        return annotationsByImage.getOrDefault(imageId, List.of());
    }
}
