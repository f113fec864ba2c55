package io.phototriage.core.testing;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.image.Cutouts;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.Mask;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.SegmentRequest;
import io.phototriage.core.stage.Segmentation;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.Stage;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.StyleRequest;
import io.phototriage.core.stage.Stylized;
import io.phototriage.core.stage.Stylizer;
import io.phototriage.core.stage.TriageClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Fake stages for contract tests: behaviour from lambdas, calls recorded. Shared through the core test-jar. */
public final class FakeStages {
    private FakeStages() {}

    /** Something that records the order in which things were closed. */
    public interface CloseLog {
        void closed(String name);
    }

    /**
     * {@code stage} seen through its stage interface {@code kind}, except that {@code close()} only reports
     * {@code name} to {@code log}.
     */
    public static Stage<?, ?> closing(Class<? extends Stage<?, ?>> kind, Stage<?, ?> stage, String name, CloseLog log) {
        if (!kind.isInstance(stage)) {
            throw new IllegalArgumentException(stage + " is not a " + kind.getSimpleName());
        }
        return (Stage<?, ?>) java.lang.reflect.Proxy.newProxyInstance(kind.getClassLoader(), new Class<?>[] {kind},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        log.closed(name);
                        return null;
                    }
                    try {
                        return method.invoke(stage, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A classifier that answers {@code fn(photo)}; throw from fn to fail. */
    public static Classifier classifier(Function<DecodedPhoto, Classification> fn) {
        return new Classifier() {
            @Override
            public Classification apply(DecodedPhoto input) {
                return fn.apply(input);
            }
        };
    }

    public static Classification people(double confidence) {
        double rest = (1 - confidence) / 2;
        return new Classification(TriageClass.PEOPLE, confidence,
                Map.of(TriageClass.PEOPLE, confidence, TriageClass.PETS, rest, TriageClass.NEITHER, rest));
    }

    /** A detector that finds one person in the middle of every photo whose id does not contain "empty". */
    public static Detector centreDetector() {
        return detector(photo -> photo.photo().id().contains("empty")
                ? new Detections(List.of(), 0.3)
                : new Detections(List.of(new Detection("person", 0.9, new BoundingBox(16, 12, 48, 36))), 0.3));
    }

    public static Detector detector(Function<DecodedPhoto, Detections> fn) {
        return new Detector() {
            @Override
            public Detections apply(DecodedPhoto input) {
                return fn.apply(input);
            }
        };
    }

    /** A segmenter that masks the prompted box (16-pixel thumbnails, the default model info). */
    public static Segmenter boxSegmenter() {
        return boxSegmenter(16, null);
    }

    /**
     * A segmenter that masks the prompted box.
     *
     * @param thumbnailSize the cut-out thumbnail's long side
     * @param model         what {@code model()} reports; null for the stage's default
     * @return the segmenter
     */
    public static Segmenter boxSegmenter(int thumbnailSize, ModelInfo model) {
        return new Segmenter() {
            @Override
            public Segmentation apply(SegmentRequest request) throws StageException {
                DecodedPhoto photo = request.photo();
                boolean[] bits = new boolean[photo.width() * photo.height()];
                BoundingBox b = request.subject().box();
                for (int y = (int) b.y0(); y < (int) b.y1(); y++) {
                    for (int x = (int) b.x0(); x < (int) b.x1(); x++) {
                        bits[y * photo.width() + x] = true;
                    }
                }
                Mask mask = Mask.of(photo.width(), photo.height(), bits);
                var cutout = Cutouts.cutout(photo.image(), mask);
                return new Segmentation(mask, 0.95, cutout, Cutouts.thumbnail(cutout, thumbnailSize));
            }

            @Override
            public ModelInfo model() {
                return model == null ? Segmenter.super.model() : model;
            }
        };
    }

    /** A stylizer that returns the photo itself and records which photos it saw. */
    public static final class RecordingStylizer implements Stylizer {
        public final List<String> seen = new ArrayList<>();

        @Override
        public Stylized apply(StyleRequest request) {
            seen.add(request.photo().photo().id());
            return new Stylized(request.photo().image(), request.prompt());
        }
    }
}
