package io.phototriage.examples;

import io.phototriage.core.DecodedPhoto;
import io.phototriage.core.spi.StageProvider;
import io.phototriage.core.spi.StageRegistry;
import io.phototriage.core.spi.StageSettings;
import io.phototriage.core.stage.BoundingBox;
import io.phototriage.core.stage.Classification;
import io.phototriage.core.stage.Classifier;
import io.phototriage.core.stage.Detection;
import io.phototriage.core.stage.Detections;
import io.phototriage.core.stage.Detector;
import io.phototriage.core.stage.ModelInfo;
import io.phototriage.core.stage.Segmenter;
import io.phototriage.core.stage.StageException;
import io.phototriage.core.stage.Stylized;
import io.phototriage.core.stage.Stylizer;
import io.phototriage.core.stage.TriageClass;
import io.phototriage.core.testing.FakeProvider;
import io.phototriage.core.testing.FakeStages;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fake stages for the driver tests, registered under the lite set's provider names. The classifier reads the
 * dominant colour (red = people, green = pets, blue = neither); the detector boxes the middle half of people and
 * pets photos and finds nothing in the others; the segmenter masks that box; the stylizer inverts the colours.
 * Every call is recorded so tests can tell which photos were processed.
 */
@SuppressWarnings("try") // Stage.close() is declared to throw Exception in core; the fakes hold nothing.
final class FakeModels {
    final List<String> classified = new CopyOnWriteArrayList<>();
    final List<String> stylized = new CopyOnWriteArrayList<>();
    /** "WIDTHxHEIGHT" of every image the detector was given, in call order. */
    final List<String> detectedSizes = new CopyOnWriteArrayList<>();
    /** Called with each photo's id before it is classified (the kill test blocks here). */
    java.util.function.Consumer<String> beforeClassify = id -> {};
    /** Changing it changes every stage's {@link ModelInfo}, i.e. the configuration. */
    String weights = "w1";

    /** Forgets which photos were classified and stylized, so a following run's records are its own work only. */
    void forgetCalls() {
        classified.clear();
        stylized.clear();
    }

    StageRegistry registry() {
        return registry(ModelSet.LITE);
    }

    StageRegistry registry(ModelSet set) {
        List<StageProvider> providers = new ArrayList<>();
        providers.add(FakeProvider.of(set.classifyProvider(set.settings(java.util.Optional.empty())), Classifier.class, s -> classifier()));
        providers.add(FakeProvider.of(set.detectProvider(), Detector.class, s -> detector()));
        providers.add(FakeProvider.of(set.segmentProvider(), Segmenter.class, s -> FakeStages.boxSegmenter(64, new ModelInfo("fake-segmenter", "none", "java"))));
        providers.add(FakeProvider.of(set.stylizeProvider(), Stylizer.class, s -> stylizer()));
        return StageRegistry.of(providers);
    }

    /** A registry whose providers exist but whose {@code create} fails like a missing model folder does. */
    static StageRegistry missingModels(String message) {
        FakeProvider.Factory fails = s -> {
            throw new StageException(message);
        };
        return StageRegistry.of(List.of(
                FakeProvider.of(ModelSet.LITE.classifyProvider(StageSettings.defaults()), Classifier.class, fails),
                FakeProvider.of(ModelSet.LITE.detectProvider(), Detector.class, fails),
                FakeProvider.of(ModelSet.LITE.segmentProvider(), Segmenter.class, fails),
                FakeProvider.of(ModelSet.LITE.stylizeProvider(), Stylizer.class, fails)));
    }

    private Classifier classifier() {
        String w = weights;
        return new Classifier() {
            @Override
            public Classification apply(DecodedPhoto photo) {
                beforeClassify.accept(photo.photo().id());
                classified.add(photo.photo().id());
                long[] sum = new long[3];
                BufferedImage img = photo.image();
                for (int y = 0; y < img.getHeight(); y++) {
                    for (int x = 0; x < img.getWidth(); x++) {
                        int rgb = img.getRGB(x, y);
                        sum[0] += (rgb >> 16) & 0xff;
                        sum[1] += (rgb >> 8) & 0xff;
                        sum[2] += rgb & 0xff;
                    }
                }
                TriageClass best = sum[0] >= sum[1] && sum[0] >= sum[2] ? TriageClass.PEOPLE
                        : sum[1] >= sum[2] ? TriageClass.PETS : TriageClass.NEITHER;
                Map<TriageClass, Double> p = new EnumMap<>(TriageClass.class);
                for (TriageClass c : TriageClass.values()) {
                    p.put(c, c == best ? 0.8 : 0.1);
                }
                return Classification.ofProbabilities(p);
            }

            @Override
            public ModelInfo model() {
                return new ModelInfo("fake-classifier", w, "java");
            }
        };
    }

    private Detector detector() {
        List<String> sizes = detectedSizes;
        String w = weights;
        return new Detector() {
            @Override
            public Detections apply(DecodedPhoto photo) {
                sizes.add(photo.width() + "x" + photo.height());
                int rgb = photo.image().getRGB(photo.width() / 2, photo.height() / 2);
                boolean blue = (rgb & 0xff) > ((rgb >> 16) & 0xff) && (rgb & 0xff) > ((rgb >> 8) & 0xff);
                if (blue) {
                    return new Detections(List.of(), 0.5);
                }
                BoundingBox box = new BoundingBox(photo.width() / 4.0, photo.height() / 4.0, photo.width() * 3 / 4.0,
                        photo.height() * 3 / 4.0);
                String label = ((rgb >> 16) & 0xff) > ((rgb >> 8) & 0xff) ? "person" : "dog";
                return new Detections(List.of(new Detection(label, 0.9, box)), 0.5);
            }

            @Override
            public ModelInfo model() {
                return new ModelInfo("fake-detector", w, "java");
            }
        };
    }

    private Stylizer stylizer() {
        return new Stylizer() {
            @Override
            public ModelInfo model() {
                return new ModelInfo("fake-stylizer", "none", "java");
            }

            @Override
            public Stylized apply(io.phototriage.core.stage.StyleRequest request) {
            stylized.add(request.photo().photo().id());
            BufferedImage src = request.photo().image();
            BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < src.getHeight(); y++) {
                for (int x = 0; x < src.getWidth(); x++) {
                    out.setRGB(x, y, ~src.getRGB(x, y) & 0xffffff);
                }
            }
            return new Stylized(out, request.prompt());
            }
        };
    }
}
