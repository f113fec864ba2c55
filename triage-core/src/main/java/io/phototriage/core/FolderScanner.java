package io.phototriage.core;

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
import java.util.Objects;
import java.util.Set;

/**
 * Finds the photos under an input folder, in a deterministic (sorted by relative path) order, ready for
 * {@link Pipeline#run(java.util.List, ResultSink)}: albums are folders.
 *
 * <pre>{@code
 * FolderScanner.Scan scan = FolderScanner.scan(Path.of("photos"));
 * pipeline.run(scan.photos(), sink);
 * }</pre>
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
public final class FolderScanner {
    /** Extensions (lower case, no dot) of the files treated as photos. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp", "tif", "tiff", "bmp", "gif");

    private FolderScanner() {}

    /**
     * What a scan found.
     *
     * @param root            the input folder as scanned (real path, links resolved)
     * @param photos          the photos, sorted by id (the path relative to {@code root}, {@code /}-separated)
     * @param otherFiles      files skipped because they are not photos
     * @param skippedLinks    symbolic links to folders that were not followed
     * @param warnings        folders or entries that could not be read, with paths relative to {@code root}
     */
    public record Scan(Path root, List<Photo> photos, int otherFiles, int skippedLinks, List<String> warnings) {
        /**
         * Validates and copies.
         *
         * @param root the input folder as scanned (real path, links resolved)
         * @param photos the photos, sorted by id (the path relative to {@code root}, {@code /}-separated)
         * @param otherFiles files skipped because they are not photos
         * @param skippedLinks symbolic links to folders that were not followed
         * @param warnings folders or entries that could not be read, with paths relative to {@code root}
         * @throws NullPointerException if a list or the root is null
         */
        public Scan {
            Objects.requireNonNull(root, "root");
            photos = List.copyOf(photos);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Scans {@code input} and every folder below it.
     *
     * @param input the folder of photos; it is only read
     * @return the photos found and what was skipped
     * @throws IOException if {@code input} is not a readable folder (a sub-folder that cannot be read is a warning)
     */
    public static Scan scan(Path input) throws IOException {
        Objects.requireNonNull(input, "input");
        if (!Files.isDirectory(input)) {
            throw new java.nio.file.NotDirectoryException(input.toString());
        }
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
                String where = file.startsWith(root) ? relative(root, file) : file.getFileName().toString();
                warnings.add("cannot read " + (where.isEmpty() ? "." : where) + ": " + e.getClass().getSimpleName());
                return FileVisitResult.CONTINUE;
            }
        });
        photos.sort(Comparator.comparing(Photo::id));
        return new Scan(root, photos, other[0], links[0], warnings);
    }

    /**
     * Whether a file name has one of the {@link #EXTENSIONS} (case-insensitive), after a non-empty stem.
     *
     * @param name a file name
     * @return true for a photo name
     */
    public static boolean isPhotoName(String name) {
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
