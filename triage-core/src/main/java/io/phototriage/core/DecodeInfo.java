package io.phototriage.core;

/**
 * What decoding recorded about a photo (the pixels themselves are not kept in a {@link PhotoResult}).
 *
 * @param originalWidth  oriented width at full resolution
 * @param originalHeight oriented height at full resolution
 * @param decodedWidth   width of the pixels the stages saw
 * @param decodedHeight  height of the pixels the stages saw
 */
public record DecodeInfo(int originalWidth, int originalHeight, int decodedWidth, int decodedHeight) {
    static DecodeInfo of(DecodedPhoto photo) {
        return new DecodeInfo(photo.originalWidth(), photo.originalHeight(), photo.width(), photo.height());
    }
}
