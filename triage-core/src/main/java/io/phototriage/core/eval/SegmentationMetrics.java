package io.phototriage.core.eval;

import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Mask;
import java.util.List;
import java.util.Optional;

/**
 * Subject segmentation quality over a set of photos: the per-photo mask IoU with the ground-truth main subject and
 * its mean.
 *
 * <pre>{@code
 * List<SegmentationScore> scores = new ArrayList<>();
 * SegmentationMetrics.score(coco, imageId, segmentation.mask(), promptBox).ifPresent(scores::add);
 * double miou = SegmentationMetrics.of(scores).meanIou();
 * }</pre>
 *
 * @param perPhoto one score per photo that had a ground-truth subject
 * @param meanIou  the mean of the per-photo IoUs; {@code NaN} when there are none
 */
public record SegmentationMetrics(List<SegmentationScore> perPhoto, double meanIou) {
    /**
     * Copies the per-photo scores.
     *
     * @param perPhoto one score per photo that had a ground-truth subject
     * @param meanIou the mean of the per-photo IoUs; {@code NaN} when there are none
     */
    public SegmentationMetrics {
        perPhoto = List.copyOf(perPhoto);
    }

    /**
     * The metrics of these per-photo scores.
     *
     * @param perPhoto one score per photo
     * @return the metrics
     */
    public static SegmentationMetrics of(List<SegmentationScore> perPhoto) {
        double sum = 0;
        for (SegmentationScore s : perPhoto) {
            sum += s.iou();
        }
        return new SegmentationMetrics(perPhoto, perPhoto.isEmpty() ? Double.NaN : sum / perPhoto.size());
    }

    /**
     * Scores one photo: the predicted mask against the mask of the ground-truth person/dog/cat that best matches
     * {@code subjectBox} (see {@link MainSubjects#bestMatch(CocoDataset, long, BoundingBox)}).
     *
     * @param predicted  the predicted mask at the size of the original photo
     * @param subjectBox the box the mask was made for, in pixels of the original photo
     * @return empty when no ground-truth subject overlaps the box
     * @param dataset    the ground truth
     * @param imageId    the image
     * @throws IllegalArgumentException when the image is not in the dataset or the mask is not the image's size
     */
    public static Optional<SegmentationScore> score(CocoDataset dataset, long imageId, Mask predicted,
                                                    BoundingBox subjectBox) {
        CocoImage image = imageOf(dataset, imageId, predicted);
        return MainSubjects.bestMatch(dataset, imageId, subjectBox).map(a -> score(a, image, predicted));
    }

    /**
     * Scores a predicted mask against one ground-truth instance.
     *
     * @param dataset   the ground truth
     * @param subject   the ground-truth instance
     * @param predicted the predicted mask at the image's size
     * @return the score
     * @throws IllegalArgumentException when the mask is not the size of the instance's image
     */
    public static SegmentationScore score(CocoDataset dataset, CocoAnnotation subject, Mask predicted) {
        return score(subject, imageOf(dataset, subject.imageId(), predicted), predicted);
    }

    private static SegmentationScore score(CocoAnnotation subject, CocoImage image, Mask predicted) {
        Mask truth = CocoMasks.toMask(subject, image);
        return new SegmentationScore(image.id(), subject.id(), subject.categoryId(), truth.iou(predicted));
    }

    private static CocoImage imageOf(CocoDataset dataset, long imageId, Mask predicted) {
        CocoImage image = dataset.image(imageId).orElseThrow(() -> new IllegalArgumentException("image " + imageId
                + " is not in the dataset"));
        if (predicted.width() != image.width() || predicted.height() != image.height()) {
            throw new IllegalArgumentException("predicted mask is " + predicted.width() + "x" + predicted.height()
                    + " but image " + imageId + " (" + image.fileName() + ") is " + image.width() + "x"
                    + image.height() + "; scale the mask to the original photo before scoring");
        }
        return image;
    }
}
