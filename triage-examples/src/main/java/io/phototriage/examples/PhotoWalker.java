package io.phototriage.examples;

import io.phototriage.core.Photo;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the photos under an input folder, in a deterministic (sorted by relative path) order.
 *
 * <ul>
 *   <li>A photo is a regular file whose extension is one of {@link #EXTENSIONS} (case-insensitive); other files
 *       are skipped quietly (counted). Whether the bytes really are an image is the decoder's business: a broken
 *       {@code .jpg} is reported as a decode failure.</li>
 *   <li>Symbolic links to folders are never followed, so link loops cannot occur; a symbolic link to a file is
 *       read like the file it points to.</li>
 *   <li>The album of a photo is its folder relative to the input, {@code /}-separated, {@code ""} for the root.</li>
 *   <li>A folder that cannot be read is reported in {@link Scan#warnings()} and the walk goes on.</li>
 * </ul>
 */
final class PhotoWalker {
    /** Extensions (lower case, no dot) of the files treated as photos. */
    static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp", "tif", "tiff", "bmp", "gif");

    private PhotoWalker() {}

    /**
     * What a walk found.
     *
     * @param photos          the photos, sorted by id
     * @param otherFiles      files skipped because they are not photos
     * @param skippedLinks    symbolic links to folders that were not followed
     * @param warnings        folders or entries that could not be read
     */
    record Scan(List<Photo> photos, int otherFiles, int skippedLinks, List<String> warnings) {}

    static Scan walk(Path input) throws IOException {
        Path root = input.toRealPath();
        List<Photo> photos = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int[] other = new int[1];
        int[] links = new int[1];
        // No FOLLOW_LINKS: a symbolic link is visited as a file entry with its own (link) attributes.
        Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isSymbolicLink() && Files.isDirectory(file)) {
                    links[0]++;
                    return FileVisitResult.CONTINUE;
                }
                boolean regular = attrs.isRegularFile() || (attrs.isSymbolicLink() && Files.isRegularFile(file));
                if (regular && isPhotoName(file.getFileName().toString())) {
                    String id = relative(root, file);
                    int slash = id.lastIndexOf('/');
                    photos.add(new Photo(file, id, slash < 0 ? "" : id.substring(0, slash)));
                } else {
                    other[0]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                warnings.add("cannot read " + file + ": " + e.getMessage());
                return FileVisitResult.CONTINUE;
            }
        });
        photos.sort(Comparator.comparing(Photo::id));
        return new Scan(List.copyOf(photos), other[0], links[0], List.copyOf(warnings));
    }

    static boolean isPhotoName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static String relative(Path root, Path file) {
        List<String> parts = new ArrayList<>();
        for (Path part : root.relativize(file)) {
            parts.add(part.toString());
        }
        return String.join("/", parts);
    }
}
