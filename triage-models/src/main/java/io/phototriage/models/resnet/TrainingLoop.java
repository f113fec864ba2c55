package io.phototriage.models.resnet;

import ai.djl.pytorch.jni.JniUtils;
import io.phototriage.core.Photo;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.image.PhotoDecodeException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * What {@link ResNetTrainer} and the YOLOX trainer share around their epoch loop, written once: libtorch pinned to
 * {@link ResNetTrainer#TRAINING_THREADS} intra-op threads on the calling thread while the loop runs (restored when
 * this is closed), the early-stopping rule, decoding a training image and telling the epoch listener.
 */
public final class TrainingLoop implements AutoCloseable {
    private final int previousThreads;

    private TrainingLoop() {
        previousThreads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(ResNetTrainer.TRAINING_THREADS);
    }

    /**
     * Pins libtorch to {@link ResNetTrainer#TRAINING_THREADS} intra-op threads until {@link #close()}.
     *
     * @return the pin; close it (try-with-resources) to restore the previous thread count
     */
    public static TrainingLoop pinThreads() {
        return new TrainingLoop();
    }

    /**
     * The early-stopping rule: stop when {@code patience} epochs have passed without improvement and epochs remain.
     *
     * @param epoch     the epoch just finished, 1-based
     * @param bestEpoch the best epoch so far (0 when none)
     * @param patience  epochs without improvement before stopping
     * @param epochs    the configured number of epochs
     * @return whether to stop after {@code epoch}
     */
    public static boolean patienceRanOut(int epoch, int bestEpoch, int patience, int epochs) {
        return epoch - bestEpoch >= patience && epoch < epochs;
    }

    /**
     * Decodes a training image with the project's {@link ImageIoPhotoDecoder} (EXIF orientation, colour profiles).
     *
     * @param file  the image
     * @param what  what the image is, for the message ("photo", "image")
     * @param where where it is listed, for the message ("the labelled set", "the annotations")
     * @return the decoded image
     * @throws IOException naming the file and how to fix it when it cannot be decoded
     */
    public static BufferedImage decode(Path file, String what, String where) throws IOException {
        try {
            return ImageIoPhotoDecoder.defaults().decode(Photo.of(file)).image();
        } catch (PhotoDecodeException e) {
            throw new IOException("cannot decode training " + what + " " + file + ": " + e.getMessage()
                    + "; remove it from " + where + " or convert it to JPEG/PNG", e);
        }
    }

    /**
     * Tells a listener that an epoch ended; a listener that throws is logged and ignored.
     *
     * @param log      where to log a failing listener
     * @param epoch    the epoch, 1-based
     * @param listener the call to the listener
     */
    public static void tell(Logger log, int epoch, Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            log.warn("training listener failed on epoch {} (ignored): {}", epoch, e.toString());
        }
    }

    /** Restores the thread count in place before {@link #pinThreads()}. */
    @Override
    public void close() {
        JniUtils.setNumThreads(previousThreads);
    }
}
