package io.phototriage.core.image;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Decodes a JPEG held in memory, such as a RAW file's embedded preview, to its stored pixels (no orientation
 * applied), at full or reduced scale as the implementation's {@link DecodeOptions} say. {@link RawPreviewDecoder}
 * uses one: {@link ImageIoPhotoDecoder} by default, triage-models' {@code OpenCvPhotoDecoder} for libjpeg's scaled
 * decoding of large previews.
 */
@FunctionalInterface
public interface EmbeddedJpegDecoder {
    /**
     * The stored pixels of {@code jpeg}.
     *
     * @param path   the file the JPEG is embedded in, for messages
     * @param jpeg   the whole JPEG, SOI to EOI
     * @param header its frame header; the caller has already checked its size against the pixel budget
     * @return a {@link BufferedImage#TYPE_INT_RGB} image no larger than {@code header}'s size
     * @throws PhotoDecodeException naming {@code path} and what is wrong (truncated data, undecodable)
     */
    BufferedImage decodeEmbedded(Path path, byte[] jpeg, JpegHeader header) throws PhotoDecodeException;
}
