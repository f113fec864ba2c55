package io.phototriage.core.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link PhotoDecoder} ({@link ImageIoPhotoDecoder}, or another that follows the same rules) decodes photos.
 *
 * @param maxPixels       largest width x height (read from the file header, before any pixel is decoded) that is
 *                        decoded; larger photos fail, which guards against decompression bombs
 * @param maxFileBytes    largest file size that is opened; larger files fail before they are read
 * @param targetLongSide  {@link #FULL_RESOLUTION} to decode every pixel; otherwise a photo whose longer side is at
 *                        least twice this is decoded with source subsampling by the largest integer factor that
 *                        keeps the decoded longer side {@code >= targetLongSide} (less memory and time for huge
 *                        photos; the subsampling is plain decimation, so pick a target comfortably above what
 *                        the models resize to, and note that model outputs then differ slightly from a reference
 *                        that saw the full photo)
 * @param acceptTruncated {@code false} (the default, like Pillow without {@code LOAD_TRUNCATED_IMAGES}) to fail
 *                        on a file whose image data ends early; {@code true} to return what the decoder could
 *                        read (JPEG fills the missing part with grey)
 * @param colorProfile    what to do with an embedded RGB ICC profile (see {@link ColorProfile})
 * @param minPreviewLongSide for RAW files, which are triaged through their embedded JPEG preview
 *                        ({@link RawPreviewDecoder}): the smallest longer side, in pixels, of a preview that is used;
 *                        a RAW whose only decodable preview is smaller (typically the 160x120 EXIF thumbnail) is
 *                        refused, because detection and classification on a thumbnail that small are unreliable.
 *                        Default {@link #DEFAULT_MIN_PREVIEW_LONG_SIDE}; {@code 0} accepts any real preview
 *                        (placeholders under {@link RawPreviewDecoder#STUB_LONG_SIDE} pixels are never used)
 */
public record DecodeOptions(long maxPixels, long maxFileBytes, int targetLongSide, boolean acceptTruncated,
        ColorProfile colorProfile, int minPreviewLongSide) {
    /** {@link #targetLongSide()} value that decodes every pixel. */
    public static final int FULL_RESOLUTION = 0;
    /** Default pixel limit: 200 megapixels (a 16-bit RGB photo that size already takes 1.2 GB decoded). */
    public static final long DEFAULT_MAX_PIXELS = 200_000_000L;
    /** Default file size limit: 1 GiB, far above any camera photo. */
    public static final long DEFAULT_MAX_FILE_BYTES = 1L << 30;
    /**
     * Default {@link #minPreviewLongSide()}: 640 pixels, above the detector's 416-pixel input and the classifiers'
     * 224, below every full preview cameras write (CR3's PRVW is 1620x1080, others are larger).
     */
    public static final int DEFAULT_MIN_PREVIEW_LONG_SIDE = 640;

    /** What to do with an RGB photo's embedded ICC colour profile (Adobe RGB, Display P3, ...). */
    public enum ColorProfile {
        /**
         * Take the decoded RGB values as they are, as Pillow (and so the Python model references and the models'
         * training pipelines) does: pixels then equal {@code PIL.Image.open(f).convert("RGB")} exactly.
         */
        IGNORE,
        /**
         * Convert to sRGB through the profile where the reader exposes it (JPEG, TIFF; the JDK PNG reader ignores
         * {@code iCCP}): truer colours, but up to ~25 levels away from Pillow's pixels on coco128.
         */
        CONVERT_TO_SRGB
    }

    /**
     * Checks the limits.
     *
     * @param maxPixels largest width x height (read from the file header, before any pixel is decoded) that is decoded; larger photos fail, which guards against decompression bombs
     * @param maxFileBytes largest file size that is opened; larger files fail before they are read
     * @param targetLongSide {@link #FULL_RESOLUTION} to decode every pixel; otherwise a photo whose longer side is at least twice this is decoded with source subsampling by the largest integer factor that keeps the decoded longer side {@code >= targetLongSide} (less memory and time for huge photos; the subsampling is plain decimation, so pick a target comfortably above what the models resize to, and note that model outputs then differ slightly from a reference that saw the full photo)
     * @param acceptTruncated {@code false} (the default, like Pillow without {@code LOAD_TRUNCATED_IMAGES}) to fail on a file whose image data ends early; {@code true} to return what the decoder could read (JPEG fills the missing part with grey)
     * @param colorProfile what to do with an embedded RGB ICC profile (see {@link ColorProfile})
     * @param minPreviewLongSide for RAW files, the smallest embedded preview (long side, pixels) accepted; 0 accepts any
     * @throws IllegalArgumentException if a limit is not positive
     */
    public DecodeOptions {
        Objects.requireNonNull(colorProfile, "colorProfile");
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
        }
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
        }
        if (targetLongSide < 0) {
            throw new IllegalArgumentException("targetLongSide must be FULL_RESOLUTION (0) or positive: " + targetLongSide);
        }
        if (minPreviewLongSide < 0) {
            throw new IllegalArgumentException("minPreviewLongSide must be 0 or positive: " + minPreviewLongSide);
        }
    }

    /**
     * Options with the default {@link #minPreviewLongSide()} ({@link #DEFAULT_MIN_PREVIEW_LONG_SIDE}).
     *
     * @param maxPixels      the largest width × height accepted
     * @param maxFileBytes   the largest file accepted
     * @param targetLongSide {@link #FULL_RESOLUTION} or the long side to decode at
     * @param acceptTruncated whether a truncated file is decoded as far as it goes
     * @param colorProfile   what to do with an embedded ICC profile
     */
    public DecodeOptions(long maxPixels, long maxFileBytes, int targetLongSide, boolean acceptTruncated,
            ColorProfile colorProfile) {
        this(maxPixels, maxFileBytes, targetLongSide, acceptTruncated, colorProfile, DEFAULT_MIN_PREVIEW_LONG_SIDE);
    }

    /**
     * Full resolution, 200 megapixels and 1 GiB limits, truncated files rejected, ICC profiles ignored, RAW previews
     * under 640 pixels refused.
     *
     * @return the default options
     */
    public static DecodeOptions defaults() {
        return new DecodeOptions(DEFAULT_MAX_PIXELS, DEFAULT_MAX_FILE_BYTES, FULL_RESOLUTION, false, ColorProfile.IGNORE);
    }

    /**
     * A copy with another pixel limit.
     *
     * @param pixels the largest width × height accepted
     * @return the new options
     */
    public DecodeOptions withMaxPixels(long pixels) {
        return new DecodeOptions(pixels, maxFileBytes, targetLongSide, acceptTruncated, colorProfile, minPreviewLongSide);
    }

    /**
     * A copy with another file size limit.
     *
     * @param bytes the largest file accepted
     * @return the new options
     */
    public DecodeOptions withMaxFileBytes(long bytes) {
        return new DecodeOptions(maxPixels, bytes, targetLongSide, acceptTruncated, colorProfile, minPreviewLongSide);
    }

    /**
     * A copy that decodes at reduced scale down to about {@code longSide} ({@link #FULL_RESOLUTION} for none).
     *
     * @param longSide the long side to decode to at least (0: full resolution)
     * @return the new options
     */
    public DecodeOptions withTargetLongSide(int longSide) {
        return new DecodeOptions(maxPixels, maxFileBytes, longSide, acceptTruncated, colorProfile, minPreviewLongSide);
    }

    /**
     * A copy that accepts ({@code true}) or rejects truncated image data.
     *
     * @param accept whether a file cut short is decoded as far as it goes
     * @return the new options
     */
    public DecodeOptions withAcceptTruncated(boolean accept) {
        return new DecodeOptions(maxPixels, maxFileBytes, targetLongSide, accept, colorProfile, minPreviewLongSide);
    }

    /**
     * A copy with another colour profile policy.
     *
     * @param policy what to do with an embedded ICC profile
     * @return the new options
     */
    public DecodeOptions withColorProfile(ColorProfile policy) {
        return new DecodeOptions(maxPixels, maxFileBytes, targetLongSide, acceptTruncated, policy, minPreviewLongSide);
    }

    /**
     * A copy with another {@link #minPreviewLongSide()} for RAW previews ({@code 0}: any real preview).
     *
     * @param longSide the smallest long side, in pixels, of an embedded preview worth decoding
     * @return the new options
     */
    public DecodeOptions withMinPreviewLongSide(int longSide) {
        return new DecodeOptions(maxPixels, maxFileBytes, targetLongSide, acceptTruncated, colorProfile, longSide);
    }

    /**
     * The source subsampling factor for a photo of {@code width x height} stored pixels: 1 at full resolution or
     * when the photo is less than twice the target, else {@code floor(longSide / targetLongSide)}.
     *
     * @param width  stored width
     * @param height stored height
     * @return the factor, at least 1
     */
    public int subsamplingFactor(int width, int height) {
        if (targetLongSide == FULL_RESOLUTION) {
            return 1;
        }
        return Math.max(1, Math.max(width, height) / targetLongSide);
    }

    /**
     * The guard every decoder runs before it reads a byte of {@code path}: it must be a regular, readable,
     * non-empty file of at most {@link #maxFileBytes()}.
     *
     * @param path the photo's file
     * @throws PhotoDecodeException naming the file, what is wrong and what to do
     */
    public void checkFile(Path path) throws PhotoDecodeException {
        if (Files.isDirectory(path)) {
            throw new PhotoDecodeException(path, "is a directory, not a photo file");
        }
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new PhotoDecodeException(path, "file not found; was it moved or deleted during the run?", e);
        } catch (IOException e) {
            throw new PhotoDecodeException(path, "cannot read the file's size (" + ImageIoPhotoDecoder.describe(e)
                    + ")", e);
        }
        if (!Files.isReadable(path)) {
            throw new PhotoDecodeException(path, "no permission to read the file; grant read access or run as its owner");
        }
        if (size == 0) {
            throw new PhotoDecodeException(path, "file is empty (0 bytes); the copy is incomplete: restore it from another copy");
        }
        if (size > maxFileBytes) {
            throw new PhotoDecodeException(path, "file is " + size + " bytes, over the limit of " + maxFileBytes
                    + " bytes; if it really is a photo, raise DecodeOptions.maxFileBytes");
        }
    }

    /**
     * The guard every decoder runs on the size read from the file header, before any pixel is decoded: a possible
     * size of at most {@link #maxPixels()} pixels.
     *
     * @param path   the photo's file
     * @param width  the width in its header
     * @param height the height in its header
     * @throws PhotoDecodeException naming the file, the size and what to do
     */
    public void checkPixels(Path path, int width, int height) throws PhotoDecodeException {
        if (width <= 0 || height <= 0) {
            throw new PhotoDecodeException(path, "the header gives an impossible size " + width + "x" + height
                    + "; the file is damaged");
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new PhotoDecodeException(path, "image is " + width + "x" + height + " = " + pixels
                    + " pixels, over the limit of " + maxPixels + " (a decompression bomb or a huge scan);"
                    + " if it is a real photo, raise DecodeOptions.maxPixels");
        }
    }
}
