package io.phototriage.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The output folder's layout and the only place output paths are made. File names never contain a raw user
 * name: they are {@code <12 hex of sha256(relative path)>-<sanitised stem>.<ext>}, the stem cut to ASCII letters,
 * digits, {@code -} and {@code _}; and every resolved path is checked to stay inside the output folder.
 */
public final class OutputLayout {
    /** The results file, rebuilt at the end of each run. */
    public static final String RESULTS_JSON = "results.json";
    /** The resume journal. */
    public static final String JOURNAL = "results.jsonl";
    /** The HTML index. */
    public static final String INDEX_HTML = "index.html";
    static final String CUTOUTS = "cutouts";
    static final String THUMBNAILS = "thumbnails";
    static final String STYLIZED = "stylized";
    /** The sub-folders of the output: cut-outs, thumbnails, stylized hero shots. */
    public static final List<String> FOLDERS = List.of(CUTOUTS, THUMBNAILS, STYLIZED);

    private static final int MAX_STEM = 40;

    private final Path root;

    private OutputLayout(Path root) {
        this.root = root;
    }

    /**
     * Creates the output folder and its sub-folders; refuses sub-folders that are symbolic links or files, so no
     * write can be redirected outside {@code root}.
     *
     * @param root the output folder
     * @return its layout
     * @throws IOException if it cannot be created or is unsafe to write into
     */
    public static OutputLayout create(Path root) throws IOException {
        Files.createDirectories(root);
        Path real = root.toRealPath();
        for (String folder : FOLDERS) {
            Path dir = real.resolve(folder);
            if (Files.isSymbolicLink(dir)) {
                throw new IOException(dir + " is a symbolic link; refusing to write through it. Remove it or choose another --output");
            }
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(dir + " exists and is not a folder. Remove it or choose another --output");
            }
            Files.createDirectories(dir);
        }
        for (String file : List.of(RESULTS_JSON, JOURNAL, INDEX_HTML)) {
            if (Files.isSymbolicLink(real.resolve(file))) {
                throw new IOException(real.resolve(file) + " is a symbolic link; refusing to write through it. Remove it or choose another --output");
            }
        }
        return new OutputLayout(real);
    }

    /** @return the output folder (real path) */
    public Path root() {
        return root;
    }

    /** @return the results.json path */
    public Path resultsJson() {
        return inside(RESULTS_JSON);
    }

    /** @return the journal path */
    public Path journal() {
        return inside(JOURNAL);
    }

    /** @return the index.html path */
    public Path indexHtml() {
        return inside(INDEX_HTML);
    }

    /** Relative path (with {@code /}) of the cut-out of the photo with id {@code photoId}. */
    static String cutoutName(String photoId) {
        return CUTOUTS + "/" + safeName(photoId, "png");
    }

    static String thumbnailName(String photoId) {
        return THUMBNAILS + "/" + safeName(photoId, "jpg");
    }

    static String stylizedName(String album) {
        return STYLIZED + "/" + safeName("album:" + album, "jpg");
    }

    /**
     * The absolute path of an output-relative name, checked to stay inside the output folder.
     *
     * @param relative a {@code /}-separated path relative to the output folder
     * @return the absolute path
     * @throws IllegalArgumentException if it leaves the output folder
     */
    public Path inside(String relative) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IllegalArgumentException("output path '" + relative + "' leaves the output folder " + root);
        }
        return p;
    }

    /** {@code <hash>-<stem>.<ext>}: unique per key, readable, and free of anything a file system or browser interprets. */
    static String safeName(String key, String extension) {
        String base = key.substring(key.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base;
        String ascii = Normalizer.normalize(stem, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String clean = ascii.replaceAll("[^A-Za-z0-9_-]+", "_").replaceAll("_+", "_").replaceAll("^[_-]+|[_-]+$", "");
        if (clean.length() > MAX_STEM) {
            clean = clean.substring(0, MAX_STEM);
        }
        return sha256Hex(key).substring(0, 12) + "-" + clean.toLowerCase(Locale.ROOT) + "." + extension;
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
