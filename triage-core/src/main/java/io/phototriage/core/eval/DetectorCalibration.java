package io.phototriage.core.eval;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.eval.ThresholdCalibration.LabelledImage;
import io.phototriage.core.eval.ThresholdCalibration.Truth;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.image.PhotoDecoder;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.EvaluationModeDetector;
import io.phototriage.core.stage.StageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The one detect path of threshold calibration: runs an {@link EvaluationModeDetector} in evaluation mode on the
 * images of a {@link CocoDataset} and pairs its boxes with the ground truth, ready for
 * {@link ThresholdCalibration#calibrate}. Used by
 * the {@code calibrate} command and by the tool that made the committed YOLOX calibration.
 */
public final class DetectorCalibration {
    private DetectorCalibration() {}

    /**
     * The images of {@code dataset} sorted by file name: the order every calibration and its halves use.
     *
     * @param dataset a loaded COCO-format set
     * @return a new, mutable list of all its images, ordered by {@link CocoImage#fileName()}
     */
    public static List<CocoImage> byFileName(CocoDataset dataset) {
        List<CocoImage> images = new ArrayList<>(dataset.images());
        images.sort(Comparator.comparing(CocoImage::fileName));
        return images;
    }

    /**
     * Evaluation-mode detections (in pixels of the original photo) and the ground truth (labelled by category name)
     * of each of {@code images}, in the given order.
     *
     * @param detector  the detector, run in evaluation mode (every box above its tiny floor)
     * @param dataset   the set the images belong to, for their ground truth and category names
     * @param images    which images to run, e.g. {@link #byFileName} or one half of it
     * @param imagesDir the folder holding the image files ({@code DIR/images} of a COCO-format set)
     * @param decoder   decodes each file (EXIF orientation applied; boxes are mapped back to original pixels)
     * @param progress  told the number of images done after each one
     * @return one labelled image per entry of {@code images}, same order
     * @throws IOException    when an image cannot be decoded (the message names the file)
     * @throws StageException when the detector fails on an image
     */
    public static List<LabelledImage> detect(EvaluationModeDetector detector, CocoDataset dataset, List<CocoImage> images,
            Path imagesDir, PhotoDecoder decoder, IntConsumer progress) throws IOException, StageException {
        List<LabelledImage> out = new ArrayList<>(images.size());
        for (CocoImage image : images) {
            Path file = imagesDir.resolve(image.fileName());
            DecodedPhoto photo;
            try {
                photo = decoder.decode(Photo.of(file));
            } catch (PhotoDecodeException e) {
                throw new IOException("cannot decode " + file + ": " + e.getMessage(), e);
            }
            out.add(new LabelledImage(image.fileName(), truths(dataset, image), original(photo,
                    detector.detectForEvaluation(photo))));
            progress.accept(out.size());
        }
        return out;
    }

    /**
     * The ground-truth boxes of an image, labelled by category name.
     *
     * @param dataset the set holding the annotations and categories
     * @param image   one of its images
     * @return its annotations as truths, in pixels of the original image, {@code iscrowd} kept
     * @throws java.util.NoSuchElementException when an annotation names a category the set does not define
     */
    public static List<Truth> truths(CocoDataset dataset, CocoImage image) {
        List<Truth> truths = new ArrayList<>();
        for (CocoAnnotation a : dataset.annotationsOf(image.id())) {
            String label = dataset.category(a.categoryId()).map(CocoCategory::name).orElseThrow();
            truths.add(new Truth(label, a.bbox().toBoundingBox(), a.crowd()));
        }
        return truths;
    }

    private static List<Detection> original(DecodedPhoto photo, List<Detection> detections) {
        List<Detection> out = new ArrayList<>(detections.size());
        for (Detection d : detections) {
            out.add(new Detection(d.label(), d.score(), photo.toOriginal(d.box())));
        }
        return out;
    }

    /**
     * Chooses the production threshold of {@code detector} (box level, {@link ThresholdCalibration#calibrate}) on
     * images it has run on in evaluation mode, recording the data set, the weights and the evaluation settings.
     *
     * @param detector the detector that produced the detections, for the provenance (weights, engine, settings)
     * @param images   its evaluation-mode detections with ground truth, e.g. from {@link #detect}
     * @param settings labels, IoU and rule
     * @param dataset  what the images are, for the provenance (a path and which split)
     * @param tool     what made the calibration, for the provenance
     * @return the chosen threshold with its numbers and provenance
     * @throws IllegalArgumentException when there is no ground truth or detection of the settings' labels, or no
     *                                  threshold reaches the target precision
     */
    public static ThresholdCalibration.Result calibrate(EvaluationModeDetector detector, List<LabelledImage> images,
            ThresholdCalibration.Settings settings, String dataset, String tool) {
        return ThresholdCalibration.calibrate(images, settings, provenance(detector, images.size(), dataset, tool));
    }

    /**
     * The provenance of a calibration of {@code detector} on {@code imageCount} images of {@code dataset}.
     *
     * @param detector   the detector; its model's weights and engine and its evaluation settings are recorded
     * @param imageCount how many images the calibration used
     * @param dataset    what the images are (a path and which split)
     * @param tool       what made the calibration, appended to the model description
     * @return the provenance to store with the result
     */
    public static ThresholdCalibration.Provenance provenance(EvaluationModeDetector detector, int imageCount, String dataset,
            String tool) {
        return new ThresholdCalibration.Provenance(dataset, imageCount, detector.model().weights() + " ("
                + detector.model().engine() + "), evaluation mode: " + detector.evaluationSettings() + "; " + tool);
    }
}
