package io.phototriage.core.testing;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.image.PhotoDecoder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Photos that need no files: a decoder that paints an image per photo id, and fails for ids containing "corrupt". */
public final class FakePhotos {
    private FakePhotos() {}

    public static Photo photo(String album, String name) {
        String id = album.isEmpty() ? name : album + "/" + name;
        return new Photo(Path.of("/nonexistent-input", id), id, album);
    }

    public static List<Photo> photos(String album, String... names) {
        List<Photo> list = new ArrayList<>();
        for (String n : names) {
            list.add(photo(album, n));
        }
        return list;
    }

    /** Decodes to a 64x48 image with a white square in the middle; counts calls. */
    public static final class Decoder implements PhotoDecoder {
        public final AtomicInteger calls = new AtomicInteger();

        @Override
        public DecodedPhoto decode(Photo photo) throws PhotoDecodeException {
            calls.incrementAndGet();
            if (photo.id().contains("corrupt")) {
                throw new PhotoDecodeException(photo.path(), "corrupt JPEG data");
            }
            BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(16, 12, 32, 24);
            g.dispose();
            return DecodedPhoto.full(photo, image);
        }
    }
}
