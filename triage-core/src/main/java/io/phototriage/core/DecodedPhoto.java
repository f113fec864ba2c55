package io.phototriage.core;

import io.phototriage.core.stage.BoundingBox;
import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.Optional;

/**
 * A decoded photo, EXIF orientation applied, as the stages see it.
 *
 * <p>{@link #image()} may be smaller than the photo on disk when it was decoded at reduced scale; boxes that
 * stages return are in {@code image} pixels and {@link #toOriginal(BoundingBox)} maps them to pixels of the
 * original (oriented) photo.
 *
 * @param photo          the source file
 * @param image          the pixels, {@link BufferedImage#TYPE_INT_RGB} (alpha is composed over white)
 * @param originalWidth  width of the oriented photo at full resolution
 * @param originalHeight height of the oriented photo at full resolution
 * @param source         which part of the file the pixels came from, when it is not simply "the image": for a RAW
 *                       file the embedded preview that was used and its stored size (e.g. {@code "PRVW JPEG
 *                       1620x1080"}), for a HEIF the item that was decoded (e.g. {@code "HEVC grid 8x6 tiles
 *                       4032x3024"}); empty for ordinary JPEG, PNG, ... files. Reported in results.json.
 * @param scratch        the per-photo memo the stages share (see {@link PhotoScratch}): every decode gets a fresh one,
 *                       copies made with {@link #withSource} keep it; compared by identity, like {@code image}
 */
public record DecodedPhoto(Photo photo, BufferedImage image, int originalWidth, int originalHeight,
        Optional<String> source, PhotoScratch scratch) {
    /**
     * Checks the sizes.
     *
     * @param photo the source file
     * @param image the pixels, {@link BufferedImage#TYPE_INT_RGB} (alpha is composed over white)
     * @param originalWidth width of the oriented photo at full resolution
     * @param originalHeight height of the oriented photo at full resolution
     * @param source which part of the file the pixels came from (see the record's description)
     * @param scratch the per-photo memo
     * @throws IllegalArgumentException if the original size is smaller than the decoded image
     */
    public DecodedPhoto {
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(scratch, "scratch");
        if (originalWidth < image.getWidth() || originalHeight < image.getHeight()) {
            throw new IllegalArgumentException("original size " + originalWidth + "x" + originalHeight
                    + " is smaller than the decoded image " + image.getWidth() + "x" + image.getHeight());
        }
    }

    /**
     * A freshly decoded photo, with a new, empty {@link #scratch()}.
     *
     * @param photo the source file
     * @param image the pixels
     * @param originalWidth width of the oriented photo at full resolution
     * @param originalHeight height of the oriented photo at full resolution
     * @param source which part of the file the pixels came from (see the record's description)
     */
    public DecodedPhoto(Photo photo, BufferedImage image, int originalWidth, int originalHeight, Optional<String> source) {
        this(photo, image, originalWidth, originalHeight, source, new PhotoScratch());
    }

    /**
     * A photo decoded from the file's one image (no {@link #source()} description).
     *
     * @param photo the source file
     * @param image the pixels
     * @param originalWidth width of the oriented photo at full resolution
     * @param originalHeight height of the oriented photo at full resolution
     */
    public DecodedPhoto(Photo photo, BufferedImage image, int originalWidth, int originalHeight) {
        this(photo, image, originalWidth, originalHeight, Optional.empty());
    }

    /**
     * A copy that says which part of the file the pixels came from (see {@link #source()}); it shares this photo's
     * {@link #scratch()}.
     *
     * @param description e.g. {@code "PRVW JPEG 1620x1080"}
     * @return the copy
     */
    public DecodedPhoto withSource(String description) {
        return new DecodedPhoto(photo, image, originalWidth, originalHeight, Optional.of(description), scratch);
    }

    /**
     * The same pixels with a new, empty {@link #scratch()}: as if decoded again, so stages compute everything afresh
     * (for benchmarks and measurements that call a stage repeatedly on one photo).
     *
     * @return the copy
     */
    public DecodedPhoto withNewScratch() {
        return new DecodedPhoto(photo, image, originalWidth, originalHeight, source, new PhotoScratch());
    }

    /**
     * A photo decoded at full resolution.
     *
     * @param photo the photo
     * @param image its pixels at full resolution
     * @return the decoded photo, original size = image size
     */
    public static DecodedPhoto full(Photo photo, BufferedImage image) {
        return new DecodedPhoto(photo, image, image.getWidth(), image.getHeight());
    }

    /** @return the decoded image's width in pixels */
    public int width() {
        return image.getWidth();
    }

    /** @return the decoded image's height in pixels */
    public int height() {
        return image.getHeight();
    }

    /**
     * Original pixels per decoded pixel, horizontally.
     *
     * @return original width / decoded width
     */
    public double scaleX() {
        return (double) originalWidth / image.getWidth();
    }

    /**
     * Original pixels per decoded pixel, vertically.
     *
     * @return original height / decoded height
     */
    public double scaleY() {
        return (double) originalHeight / image.getHeight();
    }

    /**
     * Maps a box in {@link #image()} pixels to pixels of the full-resolution photo.
     *
     * @param box a box in decoded pixels
     * @return the same box in the original photo's pixels
     */
    public BoundingBox toOriginal(BoundingBox box) {
        return box.scale(scaleX(), scaleY());
    }
}
