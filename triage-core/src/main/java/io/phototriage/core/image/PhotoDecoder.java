package io.phototriage.core.image;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;

/** Turns a photo file into oriented RGB pixels. Implementations must be safe to call from several threads. */
public interface PhotoDecoder {

    /**
     * Decodes {@code photo}.
     *
     * @param photo the photo to read
     * @return its pixels, oriented, as {@code TYPE_INT_RGB}
     * @throws PhotoDecodeException with a message that names the file, what is wrong, and what to do
     */
    DecodedPhoto decode(Photo photo) throws PhotoDecodeException;
}
