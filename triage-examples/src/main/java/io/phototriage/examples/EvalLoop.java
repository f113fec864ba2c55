package io.phototriage.examples;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.Photo;
import io.phototriage.core.eval.CocoAnnotation;
import io.phototriage.core.eval.CocoCategory;
import io.phototriage.core.eval.CocoDataset;
import io.phototriage.core.eval.CocoDetection;
import io.phototriage.core.eval.CocoImage;
import io.phototriage.core.eval.MainSubjects;
import io.phototriage.core.eval.SegmentationMetrics;
import io.phototriage.core.eval.SegmentationScore;
import io.phototriage.core.image.ImageIoPhotoDecoder;
import io.phototriage.core.image.PhotoDecodeException;
import io.phototriage.core.image.PhotoDecoder;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.EvaluationModeDetector;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.examples.EvalObservations.Stage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The data-set loop of {@code eval}: takes the photos in file-name order, decodes each once, runs each stage on it
 * on its own (the segmenter is prompted with the ground truth as well as with the detector's box) and records what
 * happened in an {@link EvalObservations}. Then stylizes the first photos.
 */
final class EvalLoop {
    private final CocoDataset dataset;
    private final Path imagesDir;
    private final List<CocoImage> images;
    private final EvalStages stages;
    private final PrintStream progress;
    private final PhotoDecoder decoder = ImageIoPhotoDecoder.defaults();
    private final EvalObservations observed = new EvalObservations();

    /**
     * @param imagesDir the folder of the image files
     * @param images    the images to evaluate, in the order to take them
     */
    EvalLoop(CocoDataset dataset, Path imagesDir, List<CocoImage> images, EvalStages stages, PrintStream progress) {
        this.dataset = dataset;
        this.imagesDir = imagesDir;
        this.images = images;
        this.stages = stages;
        this.progress = progress;
    }

    /** Runs classify, detect and segment on every photo; returns how many photos were evaluated. */
    int measurePhotos(long start) {
        int done = 0;
        for (CocoImage image : images) {
            DecodedPhoto photo;
            try {
                photo = decoder.decode(Photo.of(imagesDir.resolve(image.fileName())));
            } catch (PhotoDecodeException e) {
                observed.decodeFailed(image.fileName() + ": " + e.getMessage());
                continue;
            }
            if (photo.originalWidth() != image.width() || photo.originalHeight() != image.height()) {
                observed.decodeFailed(image.fileName() + ": decoded " + photo.originalWidth() + "x" + photo.originalHeight()
                        + " but the annotations say " + image.width() + "x" + image.height() + "; not evaluated");
                continue;
            }
            classify(image, photo);
            Optional<Detection> best = detect(image, photo);
            segment(image, photo, best);
            done++;
            if (done == 1 || done % 16 == 0 || done == images.size()) {
                progress.printf(Locale.ROOT, "[%d/%d] %s  %.1f s%n", done, images.size(), image.fileName(),
                        (System.nanoTime() - start) / 1e9);
            }
        }
        return done;
    }

    /** What was observed so far. */
    EvalObservations observations() {
        return observed;
    }

    private void classify(CocoImage image, DecodedPhoto photo) {
        long t0 = System.nanoTime();
        try {
            Classification c = stages.classifier().apply(photo);
            double ms = (System.nanoTime() - t0) / 1e6;
            observed.classified(new EvalObservations.Classified(image.fileName(), image.triageClass().orElseThrow(), c.label(), ms));
        } catch (StageException | RuntimeException e) {
            observed.failed(Stage.CLASSIFY, image.fileName(), e);
        }
    }

    /** Evaluation-mode boxes into the observations; returns the production best box (the segment prompt). */
    private Optional<Detection> detect(CocoImage image, DecodedPhoto photo) {
        List<Detection> all;
        List<Detection> production;
        long t0 = System.nanoTime();
        try {
            if (stages.detector() instanceof EvaluationModeDetector evaluating) {
                all = evaluating.detectForEvaluation(photo);
                double threshold = evaluating.threshold();
                observed.productionThreshold(threshold);
                production = all.stream().filter(d -> d.score() >= threshold).toList();
            } else {
                Detections d = stages.detector().apply(photo);
                observed.productionThreshold(d.threshold());
                all = d.detections();
                production = d.detections();
            }
        } catch (StageException | RuntimeException e) {
            observed.failed(Stage.DETECT, image.fileName(), e);
            return Optional.empty();
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        List<CocoDetection> scored = new ArrayList<>();
        for (Detection d : all) {
            Optional<CocoCategory> category = dataset.categoryByName(d.label());
            if (category.isEmpty()) {
                observed.unknownLabel(d.label());
                continue;
            }
            scored.add(CocoDetection.of(image.id(), category.get().id(), new Detection(d.label(), d.score(), photo.toOriginal(d.box()))));
        }
        observed.detected(new EvalObservations.Detected(image.id(), scored, ms));
        return production.stream().max(Comparator.comparingDouble(Detection::score))
                .map(d -> new Detection(d.label(), d.score(), photo.toOriginal(d.box())));
    }

    private void segment(CocoImage image, DecodedPhoto photo, Optional<Detection> best) {
        Optional<CocoAnnotation> subject = MainSubjects.largest(dataset, image.id());
        if (subject.isPresent()) {
            CocoAnnotation a = subject.get();
            String label = dataset.category(a.categoryId()).map(CocoCategory::name).orElseThrow();
            Detection prompt = new Detection(label, 1.0, a.bbox().toBoundingBox());
            long t0 = System.nanoTime();
            try {
                Segmentation s = stages.segmenter().apply(new SegmentRequest(photo, prompt));
                double ms = (System.nanoTime() - t0) / 1e6;
                observed.segmentedWithTruth(new EvalObservations.Segmented(SegmentationMetrics.score(dataset, a, s.mask()), ms));
            } catch (StageException | RuntimeException e) {
                // No mask is an empty mask: its IoU with the subject is 0.
                observed.failed(Stage.SEGMENT, image.fileName(), e);
                observed.segmentedWithTruth(new EvalObservations.Segmented(
                        new SegmentationScore(image.id(), a.id(), a.categoryId(), 0), Double.NaN));
            }
            if (best.isEmpty()) {
                observed.subjectMissed();
            }
        }
        if (best.isEmpty()) {
            return;
        }
        Optional<CocoAnnotation> matched = MainSubjects.bestMatch(dataset, image.id(), best.get().box());
        if (matched.isEmpty()) {
            observed.promptWithoutSubject();
            return;
        }
        CocoAnnotation a = matched.get();
        try {
            Segmentation s = stages.segmenter().apply(new SegmentRequest(photo, best.get()));
            observed.segmentedWithDetection(new EvalObservations.Segmented(SegmentationMetrics.score(dataset, a, s.mask()), Double.NaN));
        } catch (StageException | RuntimeException e) {
            observed.failed(Stage.SEGMENT_DETECTED, image.fileName(), e);
            observed.segmentedWithDetection(new EvalObservations.Segmented(
                    new SegmentationScore(image.id(), a.id(), a.categoryId(), 0), Double.NaN));
        }
    }

    /** Stylizes the first {@code count} photos that decode (a failure counts towards the number). */
    void stylize(int count) {
        if (stages.stylizer() == null) {
            return;
        }
        int tried = 0;
        for (CocoImage image : images) {
            if (tried >= count) {
                break;
            }
            DecodedPhoto photo;
            try {
                photo = decoder.decode(Photo.of(imagesDir.resolve(image.fileName())));
            } catch (PhotoDecodeException e) {
                continue;
            }
            tried++;
            long t0 = System.nanoTime();
            try {
                var output = stages.stylizer().apply(new StyleRequest(photo, Optional.empty(), StyleRequest.DEFAULT_PROMPT, 0L));
                observed.styled(new EvalObservations.Styled(image.fileName(), output, (System.nanoTime() - t0) / 1e6));
            } catch (StageException | RuntimeException e) {
                observed.failed(Stage.STYLIZE, image.fileName(), e);
            }
        }
        progress.printf(Locale.ROOT, "stylize: %d photos%n", observed.styled().size());
    }
}
