package io.phototriage.examples;

import io.phototriage.core.Photo;
import io.phototriage.core.image.Cutouts;
import io.phototriage.core.io.AtomicFiles;
import io.phototriage.models.video.VideoPoster;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;

/**
 * Lists the videos of a drive in the results with a poster frame ({@link VideoPoster}: the first decodable frame),
 * written as a thumbnail like a photo's. Videos are not triaged: that is the video path (#14).
 */
public final class VideoPosters {
    private VideoPosters() {}

    /**
     * Writes a poster thumbnail for each video that does not have one yet in the output (a rerun does not decode
     * the videos again), and returns their entries; a video whose frame cannot be read gets an entry with the error.
     *
     * @param videos   the videos of the scan
     * @param layout   the output folder
     * @param relative removes the input folder's absolute path from error messages
     * @throws IOException if a poster cannot be written to the output
     * @return one entry per video, in the order given
     */
    public static List<ResultsDocument.VideoEntry> write(List<Photo> videos, OutputLayout layout, UnaryOperator<String> relative)
            throws IOException {
        List<ResultsDocument.VideoEntry> entries = new ArrayList<>(videos.size());
        for (Photo video : videos) {
            String name = OutputLayout.thumbnailName(video.id());
            if (Files.isRegularFile(layout.inside(name), LinkOption.NOFOLLOW_LINKS)) {
                entries.add(new ResultsDocument.VideoEntry(video.id(), video.album(), name, null));
                continue;
            }
            BufferedImage frame;
            try {
                frame = VideoPoster.firstFrame(video.path());
            } catch (IOException | RuntimeException e) {
                entries.add(new ResultsDocument.VideoEntry(video.id(), video.album(), null,
                        relative.apply("poster: " + e.getMessage())));
                continue;
            }
            BufferedImage thumb = PhotoOutputs.toRgb(Cutouts.thumbnail(frame, FolderTriage.THUMBNAIL_SIZE));
            AtomicFiles.write(layout.inside(name), out -> {
                if (!ImageIO.write(thumb, "jpg", out)) {
                    throw new IOException("no jpg writer for " + name);
                }
            });
            entries.add(new ResultsDocument.VideoEntry(video.id(), video.album(), name, null));
        }
        return entries;
    }
}
