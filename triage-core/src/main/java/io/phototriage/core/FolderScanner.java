package io.phototriage.core;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import io.phototriage.core.image.AutoPhotoDecoder;
import io.phototriage.core.image.RawFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;
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
 *   <li>A photo is a regular file whose extension is one of {@link #EXTENSIONS} (case-insensitive): the standard
 *       formats, camera RAW ({@link RawFormat#EXTENSIONS}) and HEIC/HEIF/AVIF
 *       ({@link AutoPhotoDecoder#HEIF_EXTENSIONS}). Whether the bytes really are an image is the decoder's business:
 *       a broken {@code .jpg} is reported as a decode failure.</li>
 *   <li><b>RAW+JPEG pairs</b>: a RAW file with the same base name (case-insensitive) as a JPEG or HEIF photo in the
 *       same folder ({@code IMG_0001.CR2} + {@code IMG_0001.JPG}) is not a photo of its own: it is listed in
 *       {@link Scan#companions()} under the JPEG's id, and only the JPEG is decoded (the camera rendered it from the
 *       same exposure). Counts and the hero pick therefore see one photo per pair.</li>
 *   <li>Videos ({@link #VIDEO_EXTENSIONS}) are listed in {@link Scan#videos()}, not in the photos.</li>
 *   <li>Other files are skipped quietly (counted in {@link Scan#otherFiles()}).</li>
 *   <li>Symbolic links to folders are never followed, so link loops cannot occur; a symbolic link to a file is
 *       read like the file it points to.</li>
 *   <li>The album of a photo is its folder relative to the input, {@code /}-separated, {@code ""} for the root.</li>
 *   <li>A folder that cannot be read is reported in {@link Scan#warnings()} and the walk goes on.</li>
 * </ul>
 */
public final class FolderScanner {
    /** Extensions (lower case, no dot) of the standard image formats (JPEG, PNG, WebP, TIFF, BMP, GIF). */
    public static final Set<String> STANDARD_EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp", "tif", "tiff", "bmp", "gif");

    /** Extensions (lower case, no dot) of the files treated as photos: standard, RAW and HEIF/AVIF. */
    public static final Set<String> EXTENSIONS = union(STANDARD_EXTENSIONS, RawFormat.EXTENSIONS,
            AutoPhotoDecoder.HEIF_EXTENSIONS);

    /** Extensions (lower case, no dot) of the video files listed in {@link Scan#videos()}. */
    public static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "mov", "m4v", "avi", "mkv", "mts", "m2ts", "3gp",
            "webm", "wmv", "mpg", "mpeg");

    /** Extensions (lower case, no dot) of the photos a RAW file pairs with: JPEG and the HEIF a camera writes. */
    public static final Set<String> PAIR_EXTENSIONS = Set.of("jpg", "jpeg", "heic", "heif", "hif");

    /** What kind of file a name is, by extension, for the per-kind counts of a run summary. */
    public enum FileKind {
        /** JPEG, PNG, WebP, TIFF, BMP, GIF. */
        STANDARD("jpeg/png/..."),
        /** Camera RAW. */
        RAW("raw"),
        /** HEIC/HEIF/AVIF. */
        HEIF("heif"),
        /** A video. */
        VIDEO("video"),
        /** Anything else: not supported. */
        OTHER("other");

        private final String label;

        FileKind(String label) {
            this.label = label;
        }

        /**
         * The name used in summaries.
         *
         * @return e.g. {@code "jpeg/png/..."} or {@code "raw"}
         */
        public String label() {
            return label;
        }

        /**
         * The kind of a file name, by its extension (case-insensitive).
         *
         * @param name a file name or a {@code /}-separated path
         * @return its kind; {@link #OTHER} without a known extension
         */
        public static FileKind of(String name) {
            String ext = extension(name);
            if (STANDARD_EXTENSIONS.contains(ext)) {
                return STANDARD;
            }
            if (RawFormat.EXTENSIONS.contains(ext)) {
                return RAW;
            }
            if (AutoPhotoDecoder.HEIF_EXTENSIONS.contains(ext)) {
                return HEIF;
            }
            return VIDEO_EXTENSIONS.contains(ext) ? VIDEO : OTHER;
        }
    }

    private FolderScanner() {}

    /**
     * What a scan found.
     *
     * @param root            the input folder as scanned (real path, links resolved)
     * @param photos          the photos, sorted by id (the path relative to {@code root}, {@code /}-separated)
     * @param otherFiles      files skipped because they are neither photos nor videos
     * @param skippedLinks    symbolic links to folders that were not followed
     * @param warnings        folders or entries that could not be read, with paths relative to {@code root}
     * @param companions      per photo id, the ids of the RAW files paired with it (sorted); photos without a
     *                        companion are absent
     * @param videos          the video files, sorted by id, with their albums
     * @param files           how many files of each kind were found (a paired RAW counts as RAW; every kind present)
     */
    public record Scan(Path root, List<Photo> photos, int otherFiles, int skippedLinks, List<String> warnings,
            Map<String, List<String>> companions, List<Photo> videos, Map<FileKind, Integer> files) {
        /**
         * Validates and copies.
         *
         * @param root the input folder as scanned (real path, links resolved)
         * @param photos the photos, sorted by id
         * @param otherFiles files skipped because they are neither photos nor videos
         * @param skippedLinks symbolic links to folders that were not followed
         * @param warnings folders or entries that could not be read, with paths relative to {@code root}
         * @param companions per photo id, the ids of the RAW files paired with it
         * @param videos the video files, sorted by id
         * @param files how many files of each kind were found
         * @throws NullPointerException if a list, a map or the root is null
         */
        public Scan {
            Objects.requireNonNull(root, "root");
            photos = List.copyOf(photos);
            warnings = List.copyOf(warnings);
            Map<String, List<String>> c = new TreeMap<>();
            companions.forEach((k, v) -> c.put(k, List.copyOf(v)));
            companions = Collections.unmodifiableMap(c);
            videos = List.copyOf(videos);
            Map<FileKind, Integer> f = new EnumMap<>(FileKind.class);
            for (FileKind k : FileKind.values()) {
                f.put(k, files.getOrDefault(k, 0));
            }
            files = Collections.unmodifiableMap(f);
        }

        /**
         * A scan without pairs, videos or per-kind counts (as before those existed).
         *
         * @param root the input folder as scanned
         * @param photos the photos, sorted by id
         * @param otherFiles files skipped
         * @param skippedLinks symbolic links to folders that were not followed
         * @param warnings folders or entries that could not be read
         */
        public Scan(Path root, List<Photo> photos, int otherFiles, int skippedLinks, List<String> warnings) {
            this(root, photos, otherFiles, skippedLinks, warnings, Map.of(), List.of(), Map.of());
        }

        /**
         * The RAW files paired with a photo.
         *
         * @param photoId a photo's id
         * @return the ids of its RAW companions, empty when it has none
         */
        public List<String> companionsOf(String photoId) {
            return companions.getOrDefault(photoId, List.of());
        }

        /**
         * How many RAW files were folded into a JPEG/HEIF photo as companions.
         *
         * @return the number of companion files over all photos
         */
        public int pairedFiles() {
            return companions.values().stream().mapToInt(List::size).sum();
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
        List<Listed> listed = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
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
                listed.add(new Listed(file, relative(root, file), regular));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                String where = file.startsWith(root) ? relative(root, file) : file.getFileName().toString();
                warnings.add("cannot read " + (where.isEmpty() ? "." : where) + ": " + e.getClass().getSimpleName());
                return FileVisitResult.CONTINUE;
            }
        });
        return classify(root, listed, links[0], warnings);
    }

    /**
     * One file entry found under a root by some listing (a folder walk, or another file system's listing).
     *
     * @param path    where the file is read from (for another file system: a name carrier, see {@link #classify})
     * @param id      its path relative to the root, {@code /}-separated
     * @param regular whether it is a regular file (not a folder, device or broken link)
     */
    public record Listed(Path path, String id, boolean regular) {
        /**
         * Checks that the entry is named.
         *
         * @param path    where the file is read from
         * @param id      its relative path
         * @param regular whether it is a regular file
         */
        public Listed {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * Applies the scan's rules to a listing made elsewhere (e.g. a Hadoop file system's recursive listing): which
     * entries are photos, videos or other files (by extension, after a non-empty stem; non-regular entries are
     * other files), the albums, the order (by id) and the RAW/JPEG pairing. {@link #scan} uses it for its walk.
     *
     * @param root         the root the ids are relative to
     * @param files        every file entry under the root (folders themselves left out), in any order
     * @param skippedLinks folder links that were not followed
     * @param warnings     entries that could not be read, ids relative to the root
     * @return the scan
     */
    public static Scan classify(Path root, List<Listed> files, int skippedLinks, List<String> warnings) {
        List<Photo> found = new ArrayList<>();
        List<Photo> videos = new ArrayList<>();
        Map<FileKind, Integer> counts = new EnumMap<>(FileKind.class);
        int other = 0;
        for (Listed file : files) {
            String name = file.id().substring(file.id().lastIndexOf('/') + 1);
            FileKind kind = file.regular() && hasStem(name) ? FileKind.of(name) : FileKind.OTHER;
            counts.merge(kind, 1, Integer::sum);
            if (kind == FileKind.OTHER) {
                other++;
                continue;
            }
            int slash = file.id().lastIndexOf('/');
            Photo entry = new Photo(file.path(), file.id(), slash < 0 ? "" : file.id().substring(0, slash));
            (kind == FileKind.VIDEO ? videos : found).add(entry);
        }
        found.sort(Comparator.comparing(Photo::id));
        videos.sort(Comparator.comparing(Photo::id));
        Map<String, List<String>> companions = new TreeMap<>();
        List<Photo> photos = pair(found, companions);
        return new Scan(root, photos, other, skippedLinks, warnings, companions, videos, counts);
    }

    /**
     * Folds each RAW file that has a JPEG/HEIF partner (same folder, same base name, case-insensitive) into that
     * partner: the first partner in id order, so that {@code IMG.JPG} and {@code IMG.jpeg} never both claim it.
     */
    private static List<Photo> pair(List<Photo> sorted, Map<String, List<String>> companions) {
        Map<String, String> partnerByStem = new HashMap<>();
        for (Photo p : sorted) {
            if (PAIR_EXTENSIONS.contains(extension(p.id()))) {
                partnerByStem.putIfAbsent(stemKey(p.id()), p.id());
            }
        }
        List<Photo> photos = new ArrayList<>(sorted.size());
        for (Photo p : sorted) {
            String partner = RawFormat.EXTENSIONS.contains(extension(p.id())) ? partnerByStem.get(stemKey(p.id())) : null;
            if (partner == null) {
                photos.add(p);
            } else {
                companions.computeIfAbsent(partner, k -> new ArrayList<>()).add(p.id());
            }
        }
        return photos;
    }

    /** The id without its extension, lower case: the key that pairs files of one exposure. */
    private static String stemKey(String id) {
        return id.substring(0, id.lastIndexOf('.')).toLowerCase(Locale.ROOT);
    }

    private static boolean hasStem(String name) {
        return name.lastIndexOf('.') > 0;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        int slash = name.lastIndexOf('/');
        return dot > slash + 1 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
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
