package io.phototriage.core;

import java.util.Objects;
import java.util.Optional;

/**
 * What decoding recorded about a photo (the pixels themselves are not kept in a {@link PhotoResult}).
 *
 * @param originalWidth  oriented width at full resolution
 * @param originalHeight oriented height at full resolution
 * @param decodedWidth   width of the pixels the stages saw
 * @param decodedHeight  height of the pixels the stages saw
 * @param source         which part of the file was decoded, see {@link DecodedPhoto#source()} (for a RAW file the
 *                       embedded preview and its size); empty for an ordinary image file
 */
public record DecodeInfo(int originalWidth, int originalHeight, int decodedWidth, int decodedHeight,
        Optional<String> source) {
    /**
     * Decode facts; {@code source} must not be null (use {@link Optional#empty()}).
     *
     * @param originalWidth  oriented width at full resolution, in pixels
     * @param originalHeight oriented height at full resolution, in pixels
     * @param decodedWidth   width of the pixels the stages saw
     * @param decodedHeight  height of the pixels the stages saw
     * @param source         which part of the file was decoded; empty for an ordinary image file
     * @throws NullPointerException when {@code source} is null
     */
    public DecodeInfo {
        Objects.requireNonNull(source, "source");
    }

    /**
     * Decode facts of an ordinary image file, with no {@link #source()} description.
     *
     * @param originalWidth  oriented width at full resolution, in pixels
     * @param originalHeight oriented height at full resolution, in pixels
     * @param decodedWidth   width of the pixels the stages saw
     * @param decodedHeight  height of the pixels the stages saw
     */
    public DecodeInfo(int originalWidth, int originalHeight, int decodedWidth, int decodedHeight) {
        this(originalWidth, originalHeight, decodedWidth, decodedHeight, Optional.empty());
    }

    static DecodeInfo of(DecodedPhoto photo) {
        return new DecodeInfo(photo.originalWidth(), photo.originalHeight(), photo.width(), photo.height(),
                photo.source());
    }
}
