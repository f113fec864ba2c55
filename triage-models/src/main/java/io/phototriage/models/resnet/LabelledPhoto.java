package io.phototriage.models.resnet;

import io.phototriage.core.eval.CocoDataset;
import io.phototriage.core.eval.CocoImage;
import io.phototriage.core.stage.TriageClass;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One training example: a photo file and its class.
 *
 * @param file  the photo (any format the JDK's ImageIO reads)
 * @param label its class
 */
public record LabelledPhoto(Path file, TriageClass label) {
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    /**
     * Checks that no component is null.
     *
     * @param file  the photo
     * @param label its class
     * @throws NullPointerException when a component is null
     */
    public LabelledPhoto {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(label, "label");
    }

    /**
     * The images of a COCO-format {@code annotations.json} that carry a {@code triage_class} (as coco128's do), in
     * file order; {@code imagesDir} holds the {@code file_name}s. Images without a {@code triage_class} are skipped.
     *
     * @param annotationsJson the COCO-format annotations file
     * @param imagesDir       the folder holding the image files
     * @return the labelled photos, in the annotations' image order
     * @throws IOException if the annotations cannot be read or no image has a {@code triage_class}
     */
    public static List<LabelledPhoto> fromCoco(Path annotationsJson, Path imagesDir) throws IOException {
        CocoDataset dataset = CocoDataset.read(annotationsJson);
        List<LabelledPhoto> out = new ArrayList<>();
        for (CocoImage image : dataset.images()) {
            image.triageClass().ifPresent(c -> out.add(new LabelledPhoto(imagesDir.resolve(image.fileName()), c)));
        }
        if (out.isEmpty()) {
            throw new IOException(annotationsJson + " has no image with a \"triage_class\" (people, pets or neither); "
                    + "label the images or use folders people/, pets/, neither/");
        }
        return out;
    }

    /**
     * The images in {@code root/people}, {@code root/pets} and {@code root/neither} (missing folders count as empty),
     * each folder sorted by file name.
     *
     * @param root the folder holding {@code people/}, {@code pets/} and {@code neither/}
     * @return the labelled photos, class by class
     * @throws IOException if a folder cannot be listed or no image is found
     */
    public static List<LabelledPhoto> fromFolders(Path root) throws IOException {
        List<LabelledPhoto> out = new ArrayList<>();
        for (TriageClass c : TriageClass.values()) {
            Path dir = root.resolve(c.label());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                for (Path p : stream) {
                    if (Files.isRegularFile(p) && IMAGE_EXTENSIONS.contains(extension(p))) {
                        files.add(p);
                    }
                }
            }
            files.sort(null);
            files.forEach(f -> out.add(new LabelledPhoto(f, c)));
        }
        if (out.isEmpty()) {
            throw new IOException("no images in " + root.resolve("people") + ", " + root.resolve("pets") + " or "
                    + root.resolve("neither") + " (extensions " + IMAGE_EXTENSIONS + ")");
        }
        return out;
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
